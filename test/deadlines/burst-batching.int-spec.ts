// A burst of misses at one instant against real PostgreSQL (docs/benchmarks.md#goals G6): the handler's jobs share
// statements — a wave of misses is one append (appendDecidedEvents), its alerts one insert — and still each deadline
// is alerted and recorded exactly once, a command committed on one case
// mid-batch costs only that case a second try, and a deadline met just before its job fires is not alerted.
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { appendOne, decideAndAppend, inTransaction, loadStream } from '@ehc/persistence';
import { handleDeadlineJob, intendedAt, ManualClock, type DeadlineEngineDeps } from '@ehc/deadlines';
import { foldCase, type CaseEvent } from '@ehc/workflow';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { openCase, seedTeam, waitFor } from './support/fixtures.js';

const LEAD = { default: [14, 7], 'final-plan': [14, 7, 2] };
const D0 = '2025-01-06';
const DUE = '2025-02-17'; // decision-to-assess: D0 + 6 weeks
let db: TestDatabase;
let deps: DeadlineEngineDeps;
const clock = new ManualClock(new Date('2025-03-01T00:00:00Z'));

beforeAll(async () => {
  db = await createTestDatabase('dlburst');
  await seedTeam(db.dataSource);
  deps = { ds: db.dataSource, clock, leadDays: LEAD, finalPlanDays: 140 };
});
afterAll(async () => db?.drop());

async function openCases(n: number): Promise<string[]> {
  const ids: string[] = [];
  // A few at a time: the test database's pool is small.
  for (let i = 0; i < n; i += 20)
    ids.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(20, n - i) }, () =>
          openCase(db.dataSource, { teamId: 't1', caseworker: 'cw-t1', d0: D0, today: D0 }),
        ),
      )),
    );
  return ids;
}

async function dueJobs(ids: string[]) {
  const rows: { case_id: string; generation: number }[] = await db.dataSource.query(
    `SELECT case_id, generation FROM case_deadline WHERE deadline_id = 'decision-to-assess' AND case_id = ANY($1::uuid[])`,
    [ids],
  );
  const gen = new Map(rows.map((r) => [r.case_id, r.generation]));
  return ids.map((caseId) => ({
    caseId,
    deadlineId: 'decision-to-assess',
    generation: gen.get(caseId)!,
    alert: 'due' as const,
  }));
}

/** Per case: its "missed" alerts and DeadlineMissed events, each with the transaction that wrote it (xmin). */
async function written(ids: string[]) {
  const alerts: { case_id: string; id: string; tx: string; closed_at: Date | null }[] = await db.dataSource.query(
    `SELECT case_id, id, xmin::text AS tx, closed_at FROM alert WHERE kind = 'missed' AND case_id = ANY($1::uuid[])`,
    [ids],
  );
  const events: { case_id: string; version: number; tx: string }[] = await db.dataSource.query(
    `SELECT case_id, version, xmin::text AS tx FROM case_event WHERE type = 'DeadlineMissed' AND case_id = ANY($1::uuid[])`,
    [ids],
  );
  return { alerts, events };
}

async function listen(): Promise<{ ids: string[]; close(): Promise<void> }> {
  const c = new Client({ connectionString: db.url });
  await c.connect();
  const ids: string[] = [];
  c.on('notification', (n) => {
    if (n.channel === 'ehc_alert' && n.payload) ids.push(JSON.parse(n.payload).id);
  });
  await c.query('LISTEN ehc_alert');
  return { ids, close: () => c.end() };
}

const atMidnightAfterDue = () => clock.set(new Date(intendedAt('due', DUE).getTime() + 60_000));

describe('a burst of misses at one instant', () => {
  it('200 deadlines due at once, every job twice: 200 alerts and 200 DeadlineMissed, exactly once, in a few statements', async () => {
    const ids = await openCases(200);
    const jobs = await dueJobs(ids);
    atMidnightAfterDue();
    const heard = await listen();
    try {
      const outcomes = await Promise.all([...jobs, ...jobs].map((j) => handleDeadlineJob(deps, j)));
      expect(outcomes.every((o) => o.kind === 'raised')).toBe(true);
      const raised = outcomes.filter((o) => o.kind === 'raised' && o.alertId);
      expect(raised).toHaveLength(200);
      const { alerts, events } = await written(ids);
      expect(alerts).toHaveLength(200);
      expect(events).toHaveLength(200);
      expect(new Set(alerts.map((a) => a.case_id)).size).toBe(200);
      expect(new Set(events.map((e) => e.case_id)).size).toBe(200);
      // Shared statements for the alerts too.
      expect(new Set(alerts.map((a) => a.tx)).size).toBeLessThanOrEqual(6);
      // Shared statements: 200 misses (each twice) in a handful of appends, not one each.
      expect(new Set(events.map((e) => e.tx)).size).toBeLessThanOrEqual(6);
      expect(new Set(raised.map((o) => (o.kind === 'raised' ? o.alertId : null)))).toEqual(
        new Set(alerts.map((a) => a.id)),
      );
      // One NOTIFY per alert, delivered on commit.
      await waitFor(async () => heard.ids.length >= 200, 5_000, '200 NOTIFYs');
      expect(heard.ids.sort()).toEqual(alerts.map((a) => a.id).sort());
      // A third run of every job (a restarted worker, a rebuilt queue) adds nothing.
      const again = await Promise.all(jobs.map((j) => handleDeadlineJob(deps, j)));
      expect(again.every((o) => o.kind === 'raised' && o.alertId === null && o.missed === 'already-recorded')).toBe(
        true,
      );
      expect((await written(ids)).alerts).toHaveLength(200);
      expect((await written(ids)).events).toHaveLength(200);
    } finally {
      await heard.close();
    }
  });

  it('a command committed mid-batch on one case: that case is decided again alone, the other misses are kept; a deadline met just before is not alerted', async () => {
    const ids = await openCases(30);
    const [assigned, met, metBefore] = ids as [string, string, string];
    // Met just before the job fires: the assessment decided on day 35, recorded before the due job runs.
    await command(metBefore, { type: 'DecidedToAssess', date: '2025-02-10' } as CaseEvent, '2025-02-17');
    const jobs = await dueJobs(ids);
    atMidnightAfterDue();
    // Two caseworker commands in one open transaction: they hold those cases' rows while the burst's append waits
    // for them, and commit once it does — then those two are at a newer version than the one their jobs read.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const holding = new Promise<void>((r) => (locked = r));
    const tx = inTransaction(db.dataSource, async (q) => {
      for (const [caseId, event] of [
        [assigned, { type: 'CaseworkerAssigned', date: '2025-02-18', caseworker: 'cw-t1' }],
        [met, { type: 'DecidedToAssess', date: '2025-02-14' }],
      ] as const) {
        const s = (await loadStream(db.dataSource, caseId))!;
        const done = await decideAndAppend(
          appendOne(q),
          { caseId, version: s.version, state: foldCase(s.events, { finalPlanDays: 140 }) },
          { eventId: randomUUID(), event: event as CaseEvent },
          { actor: 'test', today: '2025-02-18', finalPlanDays: 140 },
        );
        expect(done).toMatchObject({ ok: true, outcome: { outcome: 'committed' } });
      }
      locked();
      await released;
    });
    await holding;
    const burst = Promise.all(jobs.map((j) => handleDeadlineJob(deps, j)));
    // The shared append is waiting for the two cases' row locks.
    await waitFor(
      async () =>
        Number(
          (
            await db.dataSource.query(
              `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
            )
          )[0].count,
        ) > 0,
      10_000,
      'the shared append to wait for the row locks',
    );
    release();
    await tx;
    const outcomes = await burst;
    const byCase = new Map(ids.map((id, i) => [id, outcomes[i]!]));
    expect(byCase.get(met)).toMatchObject({ kind: 'stale' });
    expect(byCase.get(metBefore)).toMatchObject({ kind: 'stale' });
    expect(byCase.get(assigned)).toMatchObject({ kind: 'raised', missed: 'recorded' });
    expect(byCase.get(assigned)).not.toMatchObject({ alertId: null });
    const { alerts, events } = await written(ids);
    const missedCases = ids.filter((id) => id !== met && id !== metBefore);
    expect(alerts.map((a) => a.case_id).sort()).toEqual([...missedCases].sort());
    expect(events.map((e) => e.case_id).sort()).toEqual([...missedCases].sort());
    // The other 27 misses went out in the statement that waited, once; only the re-assigned case took a second one.
    const txOf = new Map(events.map((e) => [e.case_id, e.tx]));
    const others = missedCases.filter((id) => id !== assigned).map((id) => txOf.get(id));
    expect(new Set(others).size).toBe(1);
    expect(txOf.get(assigned)).not.toBe(others[0]);
    // The re-assigned case's miss follows the command: decided again on the newer history.
    const s = (await loadStream(db.dataSource, assigned))!;
    expect(s.events.map((e) => e.type).slice(-2)).toEqual(['CaseworkerAssigned', 'DeadlineMissed']);
    const metStatus = await db.dataSource.query(
      `SELECT case_id, status FROM case_deadline WHERE deadline_id = 'decision-to-assess' AND case_id = ANY($1::uuid[])`,
      [[met, metBefore]],
    );
    expect(metStatus.map((r: { status: string }) => r.status)).toEqual(['met', 'met']);
  });
});

async function command(caseId: string, event: CaseEvent, today: string) {
  const s = (await loadStream(db.dataSource, caseId))!;
  const done = await decideAndAppend(
    appendOne(db.dataSource),
    { caseId, version: s.version, state: foldCase(s.events, { finalPlanDays: 140 }) },
    { eventId: randomUUID(), event },
    { actor: 'test', today, finalPlanDays: 140 },
  );
  expect(done).toMatchObject({ ok: true, outcome: { outcome: 'committed' } });
}
