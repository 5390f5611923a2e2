// The worker in-process against real PostgreSQL and real Redis, with a compressed clock: weeks of a case pass
// in seconds through the production path (outbox → relay → BullMQ delayed jobs → handler → alert + event).
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { createDataSource, loadStream } from '@ehc/persistence';
import { CompressedClock, RedisPolicyError } from '@ehc/deadlines';
import { parseRedisUrl } from '@ehc/platform';
import { startWorker, type RunningWorker } from '../../apps/worker/src/worker.js';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '../support/test-database.js';
import { dbNow, flushPrefix, openCase, seedTeam, waitFor, workerConfig } from './support/fixtures.js';

let db: TestDatabase;
let worker: RunningWorker | undefined;
const prefix = testRedisPrefix('dlworker');

beforeAll(async () => {
  db = await createTestDatabase('dlworker');
  await seedTeam(db.dataSource);
});
afterAll(async () => {
  await worker?.close();
  await flushPrefix(testRedisUrl(), prefix);
  await db?.drop();
});

describe('deadline worker (compressed clock, real Redis)', () => {
  it('raises the 14- and 7-day warnings, then the miss (alert + DeadlineMissed + status missed), in order', async () => {
    // Virtual time starts on 2025-03-30 00:00 UTC (the spring-forward night); 1 real second ≈ 3.5 virtual days.
    const clock = new CompressedClock(new Date('2025-03-30T00:00:00Z'), await dbNow(db.dataSource), 300_000);
    // Request received 2025-03-03 → decision whether to assess due 2025-04-14 (reg 5(1), D0 + 42).
    const caseId = await openCase(db.dataSource, {
      teamId: 't1',
      caseworker: 'cw-t1',
      d0: '2025-03-03',
      today: '2025-03-30',
    });
    worker = await startWorker(workerConfig(db.url, testRedisUrl(), prefix), {
      clock,
      dataSource: createDataSource(db.url, { poolSize: 8 }),
      relayIntervalMs: 50,
    });
    const rows = await waitFor(
      async () => {
        const r = await db.dataSource.query(
          `SELECT alert_key, kind, days_before, intended_at, raised_at, late_by_ms FROM alert
          WHERE case_id = $1 AND deadline_id = 'decision-to-assess' ORDER BY raised_at`,
          [caseId],
        );
        return r.length >= 3 && r;
      },
      30_000,
      'three alerts for the decision-to-assess deadline',
    );
    expect(rows.map((r: any) => r.alert_key)).toEqual(['warn14', 'warn7', 'due']);
    expect(rows.map((r: any) => r.kind)).toEqual(['warning', 'warning', 'missed']);
    expect(rows.map((r: any) => new Date(r.intended_at).toISOString())).toEqual([
      '2025-03-31T07:00:00.000Z', // 08:00 BST, 14 days before
      '2025-04-07T07:00:00.000Z', // 08:00 BST, 7 days before
      '2025-04-14T23:00:00.000Z', // 00:00 BST on 15 April: the due day has passed
    ]);
    for (const r of rows)
      expect(new Date(r.raised_at).getTime()).toBeGreaterThanOrEqual(new Date(r.intended_at).getTime());

    const missed = await waitFor(
      async () => {
        const s = (await loadStream(db.dataSource, caseId))!;
        return s.events.find((e) => e.type === 'DeadlineMissed');
      },
      10_000,
      'the DeadlineMissed event',
    );
    expect(missed).toMatchObject({ type: 'DeadlineMissed', deadline: 'decision-to-assess', due: '2025-04-14' });
    expect(missed.date >= '2025-04-15').toBe(true);
    const d = await db.dataSource.query(
      `SELECT status FROM case_deadline WHERE case_id = $1 AND deadline_id = 'decision-to-assess'`,
      [caseId],
    );
    expect(d[0].status).toBe('missed');
    const relayed = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM deadline_outbox WHERE relayed_at IS NULL`,
    );
    expect(relayed[0].n).toBe(0);
  });
});

describe('refuses a Redis that may evict keys', () => {
  let redis: ChildProcess | undefined;
  afterAll(() => {
    redis?.kill('SIGKILL');
  });

  it('names maxmemory-policy and how to fix it', async () => {
    const port = 26391;
    redis = spawn(
      'redis-server',
      ['--port', String(port), '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'allkeys-lru'],
      { stdio: 'ignore' },
    );
    const url = `redis://127.0.0.1:${port}`;
    const config = workerConfig(db.url, url, testRedisPrefix('evict'));
    await waitFor(
      async () => {
        const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        probe.on('error', () => undefined);
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } finally {
          probe.disconnect();
        }
      },
      10_000,
      `redis-server on ${port}`,
    );
    const ds = createDataSource(db.url);
    const err = await startWorker(config, { dataSource: ds }).then(
      async (w) => {
        await w.close();
        return undefined;
      },
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(RedisPolicyError);
    expect(err!.message).toMatch(/maxmemory-policy allkeys-lru/);
    expect(err!.message).toMatch(/needs maxmemory-policy noeviction/);
    expect(err!.message).toMatch(/CONFIG SET maxmemory-policy noeviction/);
    expect(err!.message).toContain(`127.0.0.1:${port}`);
    expect(err!.message).not.toMatch(/\n/);
    // Against the suite's own Redis (noeviction) the same config starts.
    const ok = await startWorker(
      { ...config, redisUrl: testRedisUrl(), redisTopology: parseRedisUrl(testRedisUrl()) },
      { dataSource: createDataSource(db.url) },
    );
    await ok.close();
  });
});
