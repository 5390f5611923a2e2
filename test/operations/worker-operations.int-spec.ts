// The worker's own health, readiness and metrics (WORKER_HTTP_PORT), and the purge of dead sessions.
import { createDataSource } from '@ehc/persistence';
import { startWorker, type RunningWorker } from '../../apps/worker/src/worker.js';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '../support/test-database.js';
import { flushPrefix, seedTeam, workerConfig } from '../deadlines/support/fixtures.js';

const PORT = 14931; // this test's own, fixed, below 32768
const prefix = testRedisPrefix('workerops');
let db: TestDatabase;
let worker: RunningWorker | undefined;

beforeAll(async () => {
  db = await createTestDatabase('workerops');
  await seedTeam(db.dataSource);
  worker = await startWorker(workerConfig(db.url, testRedisUrl(), prefix, { WORKER_HTTP_PORT: String(PORT) }), {
    dataSource: createDataSource(db.url, { poolSize: 4 }),
  });
});
afterAll(async () => {
  await worker?.close();
  await flushPrefix(testRedisUrl(), prefix);
  await db?.drop();
});

const get = (path: string) => fetch(`http://127.0.0.1:${PORT}${path}`);

describe('worker operations', () => {
  it('answers live and ready (PostgreSQL and Redis both up) and serves metrics', async () => {
    expect(await (await get('/health/live')).json()).toEqual({ status: 'ok' });
    const ready = await get('/health/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', failing: [] });
    const metrics = await (await get('/metrics')).text();
    expect(metrics).toMatch(/ehc_outbox_pending\{service="ehc-worker"\} \d+/);
    expect(metrics).toMatch(/ehc_deadline_jobs\{state="delayed",service="ehc-worker"\} \d+/);
  });

  it('deletes sessions past their absolute or idle limit and those revoked over a day ago, keeping live ones', async () => {
    const [{ id: userId }] = await db.dataSource.query(
      `INSERT INTO app_user (username, display_name, role, team_id, password_hash) VALUES ('ops-user', 'Ops', 'caseworker', 't1', 'x') RETURNING id`,
    );
    const add = (id: string, created: string, seen: string, expires: string, revoked: string | null) =>
      db.dataSource.query(
        `INSERT INTO user_session (id, user_id, created_at, last_seen_at, expires_at, revoked_at)
       VALUES ($1, $2, now() + $3::interval, now() + $4::interval, now() + $5::interval, now() + $6::interval)`,
        [id, userId, created, seen, expires, revoked],
      );
    await add('live', '-1 hour', '-1 minute', '9 hours', null);
    await add('past-absolute', '-11 hours', '-1 minute', '-1 hour', null);
    await add('idle', '-2 hours', '-31 minutes', '8 hours', null);
    await add('revoked-old', '-30 hours', '-26 hours', '-20 hours', '-25 hours');
    await add('revoked-now', '-1 hour', '-2 minutes', '9 hours', '-1 minute');
    expect(await worker!.operations.purgeSessions()).toBe(3);
    const left = await db.dataSource.query(`SELECT id FROM user_session ORDER BY id`);
    expect(left.map((r: { id: string }) => r.id)).toEqual(['live', 'revoked-now']);
  });
});
