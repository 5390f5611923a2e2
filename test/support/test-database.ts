import pg from 'pg';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, migrate } from '@ehc/persistence';

export interface TestDatabase {
  url: string;
  name: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file. Call drop() in afterAll. */
export async function createTestDatabase(label = 'db'): Promise<TestDatabase> {
  const admin = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const run = process.env.TEST_RUN_ID ?? 'adhoc';
  const name = `ehc_t_${run}_${label
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(3).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const dataSource = createDataSource(url.toString(), { poolSize: 20, applicationName: 'ehc-test' });
  await dataSource.initialize();
  await migrate(dataSource);
  return {
    url: url.toString(),
    name,
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      if (process.env.TEST_KEEP_DATABASES) return;
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A Redis key prefix unique to one test file, so tests never see each other's (or demo) jobs. */
export function testRedisPrefix(label = 'r'): string {
  return `ehc-test-${process.env.TEST_RUN_ID ?? 'adhoc'}-${label}-${randomBytes(3).toString('hex')}`;
}

export const testRedisUrl = (): string => process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
