// Fault test (issue #8): the worker's own Redis (a redis-server this test starts, without persistence) is killed in
// the middle of a run and started again empty on the same port, and the worker process is killed with it. A new
// worker reconnects, its sweeper rebuilds the wake-up calls from PostgreSQL, and every due alert and every
// DeadlineMissed arrives exactly once — late ones marked with their true lateness.
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { createDataSource } from '@ehc/persistence';
import { CompressedClock } from '@ehc/deadlines';
import { loadConfig } from '@ehc/platform';
import { addDays } from '@ehc/workflow';
import { startWorker, type RunningWorker } from '../../apps/worker/src/worker.js';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '../support/test-database.js';
import { dbNow, openCase, seedTeam, spawnWorkerChild, waitFor } from '../deadlines/support/fixtures.js';

const PORT = 26393; // this test's own Redis: fixed, below 32768
const REDIS_URL = `redis://127.0.0.1:${PORT}`;
const CASES = 30;
let db: TestDatabase;
let redis: ChildProcess | undefined;
let child: ChildProcess | undefined;
let second: RunningWorker | undefined;

/** A fresh, empty redis-server (no RDB, no AOF: a restart loses everything), ready when it answers PING. */
async function startRedis(): Promise<ChildProcess> {
  const p = spawn('redis-server', ['--port', String(PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--maxmemory-policy', 'noeviction', '--hz', '100'], { stdio: 'ignore' });
  await waitFor(async () => {
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
  }, 10_000, `redis-server on ${PORT}`);
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

const count = async (sql: string) => (await db.dataSource.query(sql))[0].n as number;

it('Redis killed and restarted empty mid-run, worker restarted → every alert and miss exactly once', async () => {
  // 1 real second ≈ 3.5 virtual days; the decision-to-assess deadlines fall due 2025-04-14 … 2025-04-21.
  const virtualStart = new Date('2025-03-27T00:00:00Z');
  const realStart = await dbNow(db.dataSource);
  const factor = 300_000;
  for (let i = 0; i < CASES; i++) {
    await openCase(db.dataSource, { teamId: 't1', caseworker: 'cw-t1', d0: addDays('2025-03-03', i % 8), today: '2025-03-27' });
  }
  const env = {
    ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error', DATABASE_URL: db.url, REDIS_URL, REDIS_PREFIX: testRedisPrefix('redisrestart'),
    SWEEP_EVERY_SECONDS: '1', VIRTUAL_START: virtualStart.toISOString(), REAL_START: realStart.toISOString(), CLOCK_FACTOR: String(factor),
  };
  // The first worker is a process of its own, so it can be killed like a crashed one.
  child = await spawnWorkerChild(env);

  const alerts = `SELECT count(*)::int AS n FROM alert WHERE deadline_id = 'decision-to-assess'`;
  // Run until the 7-day warnings are being raised; then Redis dies with everything in it, and so does the worker.
  await waitFor(async () => (await count(alerts)) >= CASES + 3, 30_000, 'some 7-day warnings');
  child.kill('SIGKILL');
  await stopRedis(redis);
  const before = await count(alerts);
  expect(before).toBeLessThan(CASES * 3); // the fault landed mid-run
  redis = await startRedis(); // empty: no persistence

  second = await startWorker(loadConfig(env), {
    relayIntervalMs: 50, schedulerCheckMs: 500, clock: new CompressedClock(virtualStart, realStart, factor), dataSource: createDataSource(db.url, { poolSize: 8 }),
  });
  await waitFor(async () => (await count(alerts)) >= CASES * 3 &&
    (await count(`SELECT count(*)::int AS n FROM case_event WHERE type = 'DeadlineMissed'`)) >= CASES, 60_000, 'every alert and miss after the restart');
  await new Promise((r) => setTimeout(r, 1500)); // more sweeps: nothing may be raised twice

  const perDeadline = await db.dataSource.query(
    `SELECT case_id, array_agg(alert_key ORDER BY intended_at) AS keys FROM alert WHERE deadline_id = 'decision-to-assess' GROUP BY case_id`);
  expect(perDeadline).toHaveLength(CASES);
  for (const r of perDeadline) expect(r.keys).toEqual(['warn14', 'warn7', 'due']);
  const misses = await db.dataSource.query(`SELECT case_id, count(*)::int AS n FROM case_event WHERE type = 'DeadlineMissed' GROUP BY case_id`);
  expect(misses).toHaveLength(CASES);
  expect(misses.every((m: { n: number }) => m.n === 1)).toBe(true);
  // Every alert says how late it was, never early.
  const late = await db.dataSource.query(`SELECT raised_at >= intended_at AS ok FROM alert`);
  expect(late.every((x: { ok: boolean }) => x.ok)).toBe(true);
}, 90_000);
