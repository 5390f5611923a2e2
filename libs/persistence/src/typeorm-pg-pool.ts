// The one place that reaches past TypeORM's public API: its PostgreSQL driver's pg Pool (`driver.master`), so that
// hot statements run as named prepared statements (TypeORM has no public API for them) and operators see the pool's
// connection counts. typeorm-pg-pool.int-spec
// fails if an upgrade moves or changes it (docs/architecture.md#persistence).
import { DataSource } from 'typeorm';

/** What is used of the pool: a named, parameterised query (the hot paths) and its connection counts (operations). */
export interface PgPool {
  query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: any[] }>;
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

/** The pg Pool behind an initialised DataSource on PostgreSQL, or undefined (not a DataSource, or no such pool). */
export function pgPoolOf(sql: unknown): PgPool | undefined {
  if (!(sql instanceof DataSource)) return undefined;
  const pool = (sql.driver as unknown as { master?: PgPool }).master;
  return pool && typeof pool.query === 'function' && typeof pool.totalCount === 'number' ? pool : undefined;
}
