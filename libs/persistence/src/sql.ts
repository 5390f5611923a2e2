import type { DataSource } from 'typeorm';
import { pgPoolOf } from './typeorm-pg-pool.js';

/** The minimal query interface the stores need: a TypeORM QueryRunner, EntityManager or DataSource fits it. */
export interface Sql {
  query(sql: string, params?: unknown[]): Promise<any>;
}

/**
 * Runs one statement of a hot path and returns its rows. On a DataSource over pg it goes straight to the pool as a
 * named prepared statement (parsed and planned once per connection, like pgbench -M prepared, and without the
 * query-runner round of TypeORM); inside a transaction (a QueryRunner) it runs on that transaction's connection.
 * `name` must identify `text` exactly.
 */
export async function queryPrepared(sql: Sql, name: string, text: string, params: unknown[]): Promise<any[]> {
  const pool = pgPoolOf(sql);
  if (pool) {
    // Behind a pooler that cannot keep a prepared statement with its connection (PgBouncer in transaction mode before
    // 1.21, or without max_prepared_statements), the statement goes unnamed: parsed each time, but still one round trip.
    return (
      await pool.query(
        UNPREPARED.has(sql as DataSource) ? ({ text, values: params } as never) : { name, text, values: params },
      )
    ).rows;
  }
  return rowsOf(await sql.query(text, params));
}

const UNPREPARED = new WeakSet<DataSource>();

/** This DataSource's hot-path statements run unnamed (DATABASE_PREPARED_STATEMENTS=false; docs/operations.md). */
export function withoutPreparedStatements(ds: DataSource): void {
  UNPREPARED.add(ds);
}

/** TypeORM returns [rows, affected] for UPDATE/DELETE … RETURNING on PostgreSQL, and rows for everything else. */
export function rowsOf<T = any>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number')
    return result[0] as T[];
  return result as T[];
}
