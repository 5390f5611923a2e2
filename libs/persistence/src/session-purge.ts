import type { DataSource } from 'typeorm';

/**
 * Deletes sessions that can never be used again: past their absolute limit, idle past the idle limit, or revoked
 * (sign-out, disable, password reset) more than a day ago. A session row holds an address and a browser string, so
 * keeping dead ones would keep personal data for no purpose (UK GDPR art. 5(1)(e)). Sign-ins stay in the audit trail.
 */
export async function purgeExpiredSessions(ds: DataSource, idleMinutes: number): Promise<number> {
  const [{ n }] = await ds.query(
    `WITH gone AS (
       DELETE FROM user_session
        WHERE expires_at < now()
           OR last_seen_at < now() - make_interval(mins => $1)
           OR revoked_at < now() - interval '1 day'
        RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [idleMinutes],
  );
  return n;
}
