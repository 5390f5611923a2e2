import { DataSource } from 'typeorm';
import { migrations } from '../../../migrations/index.js';

/**
 * One TypeORM DataSource per process. The schema is owned by raw-SQL migrations (never synchronize),
 * and the hot paths (event append, projections, measure) use SQL through this pool.
 */
export function createDataSource(url: string, options: { poolSize?: number; applicationName?: string } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations,
    migrationsTableName: 'schema_migration',
    synchronize: false,
    entities: [],
    extra: { max: options.poolSize ?? 10, application_name: options.applicationName ?? 'ehc' },
  });
}

/** Runs pending migrations under an advisory lock, so an api and a worker starting together do not race. */
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
