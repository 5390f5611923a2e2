// Jest global setup for integration tests: finds the PostgreSQL server and Redis the tests will use and
// passes them to test files through the environment. Each test file then creates its own database
// (test/support/test-database.ts) named with this run's id, so parallel files never see each other's rows,
// and the teardown drops every database of the run. Demo data is never touched.
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';

const portOpen = (host, port) =>
  new Promise((resolve) => {
    const s = createConnection({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.setTimeout(1000, () => {
      s.destroy();
      resolve(false);
    });
  });

export default async function globalSetup() {
  const admin = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: admin });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    throw new Error(
      `Integration tests need PostgreSQL at ${admin.replace(/:[^:@/]*@/, ':***@')} (set TEST_DATABASE_ADMIN_URL): ${e.message}`,
      { cause: e },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const u = new URL(redisUrl);
  if (!(await portOpen(u.hostname, Number(u.port || 6379)))) {
    throw new Error(`Integration tests need Redis at ${redisUrl} (set TEST_REDIS_URL)`);
  }
  process.env.TEST_DATABASE_ADMIN_URL = admin;
  process.env.TEST_REDIS_URL = redisUrl;
  process.env.TEST_RUN_ID = process.env.TEST_RUN_ID ?? randomBytes(4).toString('hex');
}
