// Invariant 5 under faults: a worker process is SIGKILLed mid-run and Redis loses every key of our prefix at the
// same moment. After a new worker starts, its sweeper rebuilds the wake-up calls from PostgreSQL, and every
// expected alert and every DeadlineMissed arrives exactly once.
import { type ChildProcess } from 'node:child_process';
import { createDataSource } from '@ehc/persistence';
import { CompressedClock } from '@ehc/deadlines';
import { addDays } from '@ehc/workflow';
import { startWorker, type RunningWorker } from '../../apps/worker/src/worker.js';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '../support/test-database.js';
import { dbNow, flushPrefix, openCase, seedTeam, spawnWorkerChild, waitFor } from './support/fixtures.js';

const CASES = 40;
let db: TestDatabase;
let child: ChildProcess | undefined;
let worker: RunningWorker | undefined;
const prefix = testRedisPrefix('dlfault');

beforeAll(async () => {
  db = await createTestDatabase('dlfault');
  await seedTeam(db.dataSource);
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await worker?.close();
  await flushPrefix(testRedisUrl(), prefix);
  await db?.drop();
});

const count = async (sql: string) => (await db.dataSource.query(sql))[0].n as number;

it('SIGKILL mid-batch + Redis keys lost → after restart and sweep, every alert and miss exactly once', async () => {
  // 1 real second ≈ 3.5 virtual days; the decision-to-assess deadlines fall due 2025-04-14 … 2025-04-21.
  const virtualStart = new Date('2025-03-27T00:00:00Z');
  const realStart = await dbNow(db.dataSource);
  const factor = 300_000;
  for (let i = 0; i < CASES; i++) {
    await openCase(db.dataSource, { teamId: 't1', caseworker: 'cw-t1', d0: addDays('2025-03-03', i % 8), today: '2025-03-27' });
  }
  const env = {
    ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error', DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix,
    SWEEP_EVERY_SECONDS: '1', VIRTUAL_START: virtualStart.toISOString(), REAL_START: realStart.toISOString(), CLOCK_FACTOR: String(factor),
  };
  child = await spawnWorkerChild(env);

  const alerts = `SELECT count(*)::int AS n FROM alert WHERE deadline_id = 'decision-to-assess'`;
  // Let it run until the 7-day warnings are being raised, then kill it and lose Redis.
  await waitFor(async () => (await count(alerts)) >= CASES + 5, 30_000, 'the child worker to raise some 7-day warnings');
  child.kill('SIGKILL');
  const lost = await flushPrefix(testRedisUrl(), prefix);
  expect(lost).toBeGreaterThan(0);
  const before = await count(alerts);
  expect(before).toBeLessThan(CASES * 3); // the kill landed mid-run

  worker = await startWorker({ ...(await import('@ehc/platform')).loadConfig(env) }, {
    clock: new CompressedClock(virtualStart, realStart, factor), dataSource: createDataSource(db.url, { poolSize: 8 }), relayIntervalMs: 50,
  });
  await waitFor(async () => (await count(alerts)) >= CASES * 3 &&
    (await count(`SELECT count(*)::int AS n FROM case_event WHERE type = 'DeadlineMissed'`)) >= CASES, 60_000, 'every alert and miss after restart');
  await new Promise((r) => setTimeout(r, 1500)); // one more sweep: nothing may be raised twice

  const perDeadline = await db.dataSource.query(
    `SELECT case_id, array_agg(alert_key ORDER BY intended_at) AS keys, count(*)::int AS n FROM alert
      WHERE deadline_id = 'decision-to-assess' GROUP BY case_id`);
  expect(perDeadline).toHaveLength(CASES);
  for (const r of perDeadline) expect(r.keys).toEqual(['warn14', 'warn7', 'due']);
  const misses = await db.dataSource.query(
    `SELECT case_id, count(*)::int AS n FROM case_event WHERE type = 'DeadlineMissed' GROUP BY case_id`);
  expect(misses).toHaveLength(CASES);
  expect(misses.every((m: any) => m.n === 1)).toBe(true);
  expect(await count(`SELECT count(*)::int AS n FROM case_deadline WHERE deadline_id = 'decision-to-assess' AND status <> 'missed'`)).toBe(0);
  // Every alert says how late it was; those that waited out the outage are visibly late.
  const late = await db.dataSource.query(`SELECT late_by_ms::bigint AS l, raised_at >= intended_at AS ok FROM alert`);
  expect(late.every((x: any) => x.ok)).toBe(true);
}, 120_000);
