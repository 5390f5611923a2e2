import helmet, { type HelmetOptions } from 'helmet';

/**
 * The response headers helmet sets for these options, worked out once. @fastify/helmet calls `helmet(options)` on
 * every request, which re-validates and re-serialises the whole Content-Security-Policy each time (≈ 3 % of the
 * api's CPU on a case command); the options here are static (no per-request nonces, no functions of the request),
 * so the headers are the same for every response and are captured from one run of helmet's own middleware.
 */
export function securityHeaders(options: Readonly<HelmetOptions>): {
  set: Readonly<Record<string, string>>;
  remove: readonly string[];
} {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      remove.push(name.toLowerCase());
      delete set[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(options as HelmetOptions)({} as never, res as never, (err?: unknown) => {
    failure = err;
  });
  if (failure) throw failure;
  if (!set['content-security-policy'])
    throw new Error('helmet set no Content-Security-Policy: the options were not understood');
  return { set: Object.freeze(set), remove: Object.freeze(remove) };
}
