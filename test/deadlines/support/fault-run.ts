// The shared shape of the deadline fault tests: CASES cases whose decision-to-assess deadlines fall due within a few
// real seconds on a compressed clock, a worker environment for them, and the exactly-once checks after the fault.
import { CompressedClock } from '@ehc/deadlines';
import { addDays } from '@ehc/workflow';
import type { TestDatabase } from '../../support/test-database.js';
import { dbNow, openCase, waitFor } from './fixtures.js';

const ALERTS = `SELECT count(*)::int AS n FROM alert WHERE deadline_id = 'decision-to-assess'`;
const MISSES = `SELECT count(*)::int AS n FROM case_event WHERE type = 'DeadlineMissed'`;

export interface FaultRun {
  /** The worker's environment (also for support/worker-child.ts): database, Redis, prefix, compressed clock. */
  env: NodeJS.ProcessEnv;
  /** A clock for an in-process worker, the same as the child's. */
  clock(): CompressedClock;
  /** decision-to-assess alerts raised so far. */
  alerts(): Promise<number>;
  /** Waits until every warning, due alert and DeadlineMissed has arrived, then lets more sweeps run. */
  waitForAll(what: string): Promise<void>;
  /** Every case: warn14, warn7, due exactly once each, one DeadlineMissed; no alert raised before it was due. */
  expectEveryAlertAndMissOnce(): Promise<void>;
}

export async function prepareFaultRun(
  db: TestDatabase,
  cases: number,
  redis: { url: string; prefix: string },
): Promise<FaultRun> {
  // 1 real second ≈ 3.5 virtual days; the decision-to-assess deadlines fall due 2025-04-14 … 2025-04-21.
  const virtualStart = new Date('2025-03-27T00:00:00Z');
  const realStart = await dbNow(db.dataSource);
  const factor = 300_000;
  for (let i = 0; i < cases; i++) {
    await openCase(db.dataSource, {
      teamId: 't1',
      caseworker: 'cw-t1',
      d0: addDays('2025-03-03', i % 8),
      today: '2025-03-27',
    });
  }
  const count = async (sql: string) => (await db.dataSource.query(sql))[0].n as number;
  return {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
      SWEEP_EVERY_SECONDS: '1',
      VIRTUAL_START: virtualStart.toISOString(),
      REAL_START: realStart.toISOString(),
      CLOCK_FACTOR: String(factor),
    },
    clock: () => new CompressedClock(virtualStart, realStart, factor),
    alerts: () => count(ALERTS),
    waitForAll: (what) => waitForEveryAlertAndMiss(db, cases, what),
    expectEveryAlertAndMissOnce: () => expectEveryAlertAndMissOnce(db, cases),
  };
}

/** Waits until `cases` cases have had every warning, due alert and DeadlineMissed, then lets more sweeps run. */
export async function waitForEveryAlertAndMiss(db: TestDatabase, cases: number, what: string): Promise<void> {
  const count = async (sql: string) => (await db.dataSource.query(sql))[0].n as number;
  await waitFor(async () => (await count(ALERTS)) >= cases * 3 && (await count(MISSES)) >= cases, 60_000, what);
  await new Promise((r) => setTimeout(r, 1500)); // more sweeps: nothing may be raised twice
}

/** Every one of `cases` cases: warn14, warn7, due exactly once each, one DeadlineMissed; no alert raised before it was due. */
export async function expectEveryAlertAndMissOnce(db: TestDatabase, cases: number): Promise<void> {
  const perDeadline = await db.dataSource.query(
    `SELECT case_id, array_agg(alert_key ORDER BY intended_at) AS keys FROM alert WHERE deadline_id = 'decision-to-assess' GROUP BY case_id`,
  );
  expect(perDeadline).toHaveLength(cases);
  for (const r of perDeadline) expect(r.keys).toEqual(['warn14', 'warn7', 'due']);
  const misses = await db.dataSource.query(
    `SELECT case_id, count(*)::int AS n FROM case_event WHERE type = 'DeadlineMissed' GROUP BY case_id`,
  );
  expect(misses).toHaveLength(cases);
  expect(misses.every((m: { n: number }) => m.n === 1)).toBe(true);
  // Every alert says how late it was; those that waited out the outage are visibly late, none is early.
  const late = await db.dataSource.query(`SELECT raised_at >= intended_at AS ok FROM alert`);
  expect(late.every((x: { ok: boolean }) => x.ok)).toBe(true);
}
