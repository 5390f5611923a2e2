import { DataSource } from 'typeorm';
import { migrations } from '../../../migrations/index.js';
import { withoutPreparedStatements } from './sql.js';

/**
 * One TypeORM DataSource per process. The schema is owned by raw-SQL migrations (never synchronize),
 * and the hot paths (event append, projections, measure) use SQL through this pool.
 */
export function createDataSource(
  url: string,
  options: { poolSize?: number; applicationName?: string; role?: string; preparedStatements?: boolean } = {},
): DataSource {
  if (options.role !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.role))
    throw new Error('role must be a plain PostgreSQL role name');
  const ds = new DataSource({
    type: 'postgres',
    url,
    migrations,
    migrationsTableName: 'schema_migration',
    synchronize: false,
    entities: [],
    // With `role`, every connection starts as that role (SET ROLE at connection start).
    extra: {
      max: options.poolSize ?? 10,
      application_name: options.applicationName ?? 'ehc',
      ...(options.role ? { options: `-c role=${options.role}` } : {}),
    },
  });
  if (options.preparedStatements === false) withoutPreparedStatements(ds);
  return ds;
}

/** The least-privilege role the api and the worker run as (migration LeastPrivilegeRole). */
export const APP_DB_ROLE = 'ehc_app';

/**
 * The api's or the worker's own connection pool, after the migrations ran as the owner: DATABASE_APP_URL (a login
 * role that is, or is granted, ehc_app) when given, else the owner's connection switched to ehc_app (SET ROLE).
 */
export function createAppDataSource(
  c: { databaseUrl: string; databaseAppUrl: string | null; databasePreparedStatements?: boolean },
  options: { poolSize?: number; applicationName?: string } = {},
): DataSource {
  const o = { ...options, preparedStatements: c.databasePreparedStatements ?? true };
  return c.databaseAppUrl
    ? createDataSource(c.databaseAppUrl, o)
    : createDataSource(c.databaseUrl, { ...o, role: APP_DB_ROLE });
}

/** Runs pending migrations under an advisory lock, so an api and a worker starting together do not race. The pool needs two connections (the lock holds one). */
export async function migrate(ds: DataSource): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(724001)');
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(724001)').catch(() => undefined);
    await runner.release();
  }
}
