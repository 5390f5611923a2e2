import type { DataSource } from 'typeorm';
import type { OperationalSample } from '@ehc/platform';
import { pgPoolOf } from './typeorm-pg-pool.js';

/**
 * What an operator watches, read from PostgreSQL in one statement: the outbox backlog (deadline jobs not yet in
 * Redis), alert lateness over the last hour, and the process's own pool use. Cheap: the outbox has a partial index on
 * unrelayed rows and alerts are read by their raise time.
 */
export async function sampleOperations(ds: DataSource): Promise<OperationalSample> {
  const [r] = await ds.query(`
    SELECT (SELECT count(*) FROM deadline_outbox WHERE relayed_at IS NULL)::int AS pending,
           COALESCE(EXTRACT(EPOCH FROM now() - (SELECT min(created_at) FROM deadline_outbox WHERE relayed_at IS NULL)), 0)::float8 AS age,
           (SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY late_by_ms) FROM alert WHERE raised_at > now() - interval '1 hour')::float8 AS p99,
           (SELECT count(*) FROM alert WHERE raised_at > now() - interval '1 hour')::int AS raised`);
  const pool = pgPoolOf(ds);
  return {
    outboxPending: r.pending,
    outboxOldestAgeSeconds: r.age,
    alertLatenessP99Seconds: r.p99 === null ? undefined : r.p99 / 1000,
    alertsRaisedLastHour: r.raised,
    pool: pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : undefined,
  };
}
