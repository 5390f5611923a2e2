// Fault test (docs/contributing.md, kinds of test): the worker's own Redis (a redis-server this test starts, without persistence) is killed in
// the middle of a run and started again empty on the same port, and the worker process is killed with it. A new
// worker reconnects, its sweeper rebuilds the wake-up calls from PostgreSQL, and every due alert and every
// DeadlineMissed arrives exactly once — late ones marked with their true lateness.
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { createDataSource } from '@ehc/persistence';
import { loadConfig } from '@ehc/platform';
import { startWorker, type RunningWorker } from '../../apps/worker/src/worker.js';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '../support/test-database.js';
import { seedTeam, spawnWorkerChild, waitFor } from '../deadlines/support/fixtures.js';
import { prepareFaultRun } from '../deadlines/support/fault-run.js';

const PORT = 26393; // this test's own Redis: fixed, below 32768
const REDIS_URL = `redis://127.0.0.1:${PORT}`;
const CASES = 30;
let db: TestDatabase;
let redis: ChildProcess | undefined;
let child: ChildProcess | undefined;
let second: RunningWorker | undefined;

/** A fresh, empty redis-server (no RDB, no AOF: a restart loses everything), ready when it answers PING. */
async function startRedis(): Promise<ChildProcess> {
  const p = spawn(
    'redis-server',
    [
      '--port',
      String(PORT),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
      '--hz',
      '100',
    ],
    { stdio: 'ignore' },
  );
  await waitFor(
    async () => {
      const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        return (await probe.dbsize()) === 0 && (await probe.ping()) === 'PONG';
      } catch {
        return false;
      } finally {
        probe.disconnect();
      }
    },
    10_000,
    `redis-server on ${PORT}`,
  );
  return p;
}

async function stopRedis(p: ChildProcess | undefined): Promise<void> {
  if (!p || p.exitCode !== null) return;
  const gone = new Promise((r) => p.once('exit', r));
  p.kill('SIGKILL');
  await gone;
}

beforeAll(async () => {
  db = await createTestDatabase('redisrestart');
  await seedTeam(db.dataSource);
  redis = await startRedis();
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await second?.close().catch(() => undefined);
  await stopRedis(redis);
  await db?.drop();
});

it('Redis killed and restarted empty mid-run, worker restarted → every alert and miss exactly once', async () => {
  const run = await prepareFaultRun(db, CASES, { url: REDIS_URL, prefix: testRedisPrefix('redisrestart') });
  // The first worker is a process of its own, so it can be killed like a crashed one.
  child = await spawnWorkerChild(run.env);

  // Run until the 7-day warnings are being raised; then Redis dies with everything in it, and so does the worker.
  await waitFor(async () => (await run.alerts()) >= CASES + 3, 30_000, 'some 7-day warnings');
  child.kill('SIGKILL');
  await stopRedis(redis);
  expect(await run.alerts()).toBeLessThan(CASES * 3); // the fault landed mid-run
  redis = await startRedis(); // empty: no persistence

  second = await startWorker(loadConfig(run.env), {
    relayIntervalMs: 50,
    schedulerCheckMs: 500,
    clock: run.clock(),
    dataSource: createDataSource(db.url, { poolSize: 8 }),
  });
  await run.waitForAll('every alert and miss after the restart');
  await run.expectEveryAlertAndMissOnce();
}, 90_000);
