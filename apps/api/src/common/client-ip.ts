import { isIP } from 'node:net';

/**
 * The client's address as recorded (audit trail, sessions, the sign-in limit): only ever a valid IP address.
 * Behind a trusted proxy Fastify takes the address from X-Forwarded-For, which a client can fill with any text
 * (`=HYPERLINK(…)` would then reach the audit CSV); such text is replaced by the TCP peer's address.
 */
export function validClientIp(claimed: string | undefined, peer: string | undefined): string {
  if (claimed && isIP(claimed)) return claimed;
  if (peer && isIP(peer)) return peer;
  return '0.0.0.0'; // no usable address at all (never seen over TCP): one shared bucket for the sign-in limit
}

/** An address fit for the audit trail, or null. */
export const ipOrNull = (ip: string | null | undefined): string | null => (ip && isIP(ip) ? ip : null);
