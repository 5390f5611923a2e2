/**
 * A process that starts before its database or Redis (a container restarted with the stack, a server rebooted) waits
 * for it instead of dying with a stack trace: each failed try is one readable log line, and only when the dependency
 * has not answered after every try does the process exit, with EX_UNAVAILABLE (69) and one line saying what to check.
 */
export async function untilReachable<T>(
  what: string,
  connect: () => Promise<T>,
  o: {
    tries?: number;
    delayMs?: number;
    service: string;
    log?: (line: string) => void;
    exit?: (code: number) => never;
    /** An error that waiting cannot cure (a misconfiguration): rethrown at once. */
    giveUpOn?: (e: unknown) => boolean;
  } = { service: 'ehc' },
): Promise<T> {
  const tries = o.tries ?? 30;
  const log = o.log ?? ((line: string) => console.error(line));
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect();
    } catch (e) {
      if (o.giveUpOn?.(e)) throw e;
      const reason = ((e as Error).message || String(e)).split('\n')[0].slice(0, 200);
      if (attempt >= tries) {
        log(
          JSON.stringify({
            level: 60,
            service: o.service,
            msg: `${what} did not answer after ${tries} tries (${reason}); check that it runs and that its URL is right`,
          }),
        );
        return (o.exit ?? ((c: number) => process.exit(c)))(69);
      }
      const wait = Math.min((o.delayMs ?? 1000) * attempt, 10_000);
      log(
        JSON.stringify({
          level: 40,
          service: o.service,
          msg: `${what} not reachable yet (${reason}); retrying in ${Math.round(wait / 100) / 10} s (${attempt}/${tries})`,
        }),
      );
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
