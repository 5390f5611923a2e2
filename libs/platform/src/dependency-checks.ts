export interface DependencyReport {
  /** ok: all answered; degraded: an optional one failed; down: a required one failed. */
  status: 'ok' | 'degraded' | 'down';
  /** The dependencies that did not answer, by name (what an operator must look at). */
  failing: string[];
  checks: Record<string, { status: 'up' | 'down'; ms: number; error?: string }>;
}

/** Runs each check with a time limit, all at once, and names those that fail. Messages are the driver's, no data. */
export async function checkDependencies(
  checks: Record<string, () => Promise<unknown>>,
  required: string[],
  timeoutMs = 2000,
): Promise<DependencyReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, run]) => {
      const t = performance.now();
      try {
        await Promise.race([
          run(),
          new Promise((_, rej) =>
            setTimeout(() => rej(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
          ),
        ]);
        return [name, { status: 'up' as const, ms: Math.round(performance.now() - t) }] as const;
      } catch (e) {
        return [
          name,
          { status: 'down' as const, ms: Math.round(performance.now() - t), error: (e as Error).message.slice(0, 200) },
        ] as const;
      }
    }),
  );
  const failing = entries.filter(([, c]) => c.status === 'down').map(([n]) => n);
  const status = failing.some((n) => required.includes(n)) ? 'down' : failing.length ? 'degraded' : 'ok';
  return { status, failing, checks: Object.fromEntries(entries) };
}
