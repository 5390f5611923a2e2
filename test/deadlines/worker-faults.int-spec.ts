// Invariant 5 under faults: a worker process is SIGKILLed mid-run and Redis loses every key of our prefix at the
// same moment. After a new worker starts, its sweeper rebuilds the wake-up calls from PostgreSQL, and every
// expected alert and every DeadlineMissed arrives exactly once.
import { type ChildProcess } from 'node:child_process';
import { createDataSource } from '@ehc/persistence';
import { loadConfig } from '@ehc/platform';
import { startWorker, type RunningWorker } from '../../apps/worker/src/worker.js';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '../support/test-database.js';
import { flushPrefix, seedTeam, spawnWorkerChild, waitFor } from './support/fixtures.js';
import { prepareFaultRun } from './support/fault-run.js';

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
  const run = await prepareFaultRun(db, CASES, { url: testRedisUrl(), prefix });
  child = await spawnWorkerChild(run.env);

  // Let it run until the 7-day warnings are being raised, then kill it and lose Redis.
  await waitFor(async () => (await run.alerts()) >= CASES + 5, 30_000, 'the child worker to raise some 7-day warnings');
  child.kill('SIGKILL');
  const lost = await flushPrefix(testRedisUrl(), prefix);
  expect(lost).toBeGreaterThan(0);
  expect(await run.alerts()).toBeLessThan(CASES * 3); // the kill landed mid-run

  worker = await startWorker(loadConfig(run.env), {
    clock: run.clock(),
    dataSource: createDataSource(db.url, { poolSize: 8 }),
    relayIntervalMs: 50,
  });
  await run.waitForAll('every alert and miss after restart');
  await run.expectEveryAlertAndMissOnce();
  expect(
    await count(
      `SELECT count(*)::int AS n FROM case_deadline WHERE deadline_id = 'decision-to-assess' AND status <> 'missed'`,
    ),
  ).toBe(0);
}, 120_000);
