// The deadline job handler against real PostgreSQL (docs/architecture.md invariant 5): it re-reads the deadline under a
// row lock, judges it by the clock it is given, and records once however often it runs.
import { executeCaseCommand, loadStream } from '@ehc/persistence';
import { handleDeadlineJob, intendedAt, ManualClock, type DeadlineEngineDeps } from '@ehc/deadlines';
import type { CaseEvent } from '@ehc/workflow';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { openCase, seedTeam } from './support/fixtures.js';

const LEAD = { default: [14, 7], 'final-plan': [14, 7, 2] };
let db: TestDatabase;
let users: Awaited<ReturnType<typeof seedTeam>>;
let deps: DeadlineEngineDeps;
const clock = new ManualClock(new Date('2025-03-01T00:00:00Z'));

beforeAll(async () => {
  db = await createTestDatabase('dlhandler');
  users = await seedTeam(db.dataSource);
  deps = { ds: db.dataSource, clock, leadDays: LEAD, finalPlanDays: 140 };
});
afterAll(async () => db?.drop());

const gen = async (caseId: string, deadlineId: string) =>
  (
    await db.dataSource.query(`SELECT generation, status FROM case_deadline WHERE case_id = $1 AND deadline_id = $2`, [
      caseId,
      deadlineId,
    ])
  )[0];
const alerts = (caseId: string) =>
  db.dataSource.query(`SELECT * FROM alert WHERE case_id = $1 ORDER BY raised_at`, [caseId]);
const misses = async (caseId: string) =>
  (await loadStream(db.dataSource, caseId))!.events.filter((e) => e.type === 'DeadlineMissed');

describe('deadline job handler', () => {
  it('run twice (even at once), the due job records one alert and one DeadlineMissed', async () => {
    const caseId = await openCase(db.dataSource, {
      teamId: 't1',
      caseworker: 'cw-t1',
      d0: '2025-01-06',
      today: '2025-01-06',
    });
    const { generation } = await gen(caseId, 'decision-to-assess');
    clock.set(new Date(intendedAt('due', '2025-02-17').getTime() + 5 * 60_000)); // due 2025-02-17 (D0 + 42), 5 minutes after midnight
    const job = { caseId, deadlineId: 'decision-to-assess', generation, alert: 'due' as const };
    const [a, b] = await Promise.all([handleDeadlineJob(deps, job), handleDeadlineJob(deps, job)]);
    const c = await handleDeadlineJob(deps, job);
    const raised = [a, b].filter((o) => o.kind === 'raised' && o.alertId);
    expect(raised).toHaveLength(1);
    // The deadline is now 'missed' and its miss alerted and recorded: a third run finds both and adds nothing.
    expect(c).toMatchObject({ kind: 'raised', alertId: null, missed: 'already-recorded' });
    const rows = await alerts(caseId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'missed',
      alert_key: 'due',
      deadline_id: 'decision-to-assess',
      late_by_ms: String(5 * 60_000),
    });
    expect(rows[0].recipient_user_ids.sort()).toEqual([users.caseworkerId, users.managerId].sort());
    const m = await misses(caseId);
    expect(m).toEqual([
      { type: 'DeadlineMissed', date: '2025-02-18', deadline: 'decision-to-assess', due: '2025-02-17' },
    ]);
    const actor = await db.dataSource.query(
      `SELECT actor FROM case_event WHERE case_id = $1 AND type = 'DeadlineMissed'`,
      [caseId],
    );
    expect(actor).toEqual([{ actor: 'system' }]);
    expect((await gen(caseId, 'decision-to-assess')).status).toBe('missed');
  });

  it('a job woken before its time (clock skew) is told how long to wait and records nothing', async () => {
    const caseId = await openCase(db.dataSource, {
      teamId: 't1',
      caseworker: 'cw-t1',
      d0: '2025-01-06',
      today: '2025-01-06',
    });
    const { generation } = await gen(caseId, 'decision-to-assess');
    const at = intendedAt('warn7', '2025-02-17');
    clock.set(new Date(at.getTime() - 1500));
    expect(
      await handleDeadlineJob(deps, { caseId, deadlineId: 'decision-to-assess', generation, alert: 'warn7' }),
    ).toEqual({ kind: 'early', remainingMs: 1500 });
    clock.set(new Date(intendedAt('due', '2025-02-17').getTime() - 1)); // 23:59:59.999 on the due date: not missed yet
    expect(
      (await handleDeadlineJob(deps, { caseId, deadlineId: 'decision-to-assess', generation, alert: 'due' })).kind,
    ).toBe('early');
    expect(await alerts(caseId)).toHaveLength(0);
  });

  it('a job of an older generation, or for a deadline that was met, is stale', async () => {
    const caseId = await openCase(db.dataSource, {
      teamId: 't1',
      caseworker: 'cw-t1',
      d0: '2025-01-06',
      today: '2025-01-06',
    });
    const { generation } = await gen(caseId, 'decision-to-assess');
    clock.set('2025-02-12T09:00:00Z');
    expect(
      await handleDeadlineJob(deps, {
        caseId,
        deadlineId: 'decision-to-assess',
        generation: generation + 5,
        alert: 'warn7',
      }),
    ).toMatchObject({ kind: 'stale' });
    const s = (await loadStream(db.dataSource, caseId))!;
    await executeCaseCommand(
      db.dataSource,
      {
        caseId,
        expectedVersion: s.version,
        eventId: randomUUID(),
        event: { type: 'DecidedToAssess', date: '2025-02-10' } as CaseEvent,
      },
      { actor: 'test', today: '2025-02-10' },
    );
    expect(
      await handleDeadlineJob(deps, { caseId, deadlineId: 'decision-to-assess', generation, alert: 'warn7' }),
    ).toMatchObject({ kind: 'stale' });
    clock.set('2025-02-20T09:00:00Z');
    expect(
      await handleDeadlineJob(deps, { caseId, deadlineId: 'decision-to-assess', generation, alert: 'due' }),
    ).toMatchObject({ kind: 'stale' });
    expect(await alerts(caseId)).toHaveLength(0);
  });

  it('a warning carries its lateness, and a repeat of it records nothing', async () => {
    const caseId = await openCase(db.dataSource, {
      teamId: 't1',
      caseworker: 'cw-t1',
      d0: '2025-01-06',
      today: '2025-01-06',
    });
    const { generation } = await gen(caseId, 'final-plan');
    const at = intendedAt('warn2', '2025-05-26'); // final plan due D0 + 140
    clock.set(new Date(at.getTime() + 3 * 3_600_000));
    const job = { caseId, deadlineId: 'final-plan', generation, alert: 'warn2' as const };
    expect(await handleDeadlineJob(deps, job)).toMatchObject({ kind: 'raised', lateByMs: 3 * 3_600_000 });
    expect(await handleDeadlineJob(deps, job)).toMatchObject({ kind: 'raised', alertId: null });
    const rows = await alerts(caseId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'warning', days_before: 2, late_by_ms: String(3 * 3_600_000) });
    expect(await misses(caseId)).toHaveLength(0);
  });

  it('a miss already projected by a later event (before the due job ran) is still alerted and recorded once', async () => {
    const caseId = await openCase(db.dataSource, {
      teamId: 't1',
      caseworker: 'cw-t1',
      d0: '2025-01-06',
      today: '2025-01-06',
    });
    const { generation } = await gen(caseId, 'decision-to-assess');
    // A caseworker records something two days after the due date, before the due job ran: the projection says 'missed'.
    const s = (await loadStream(db.dataSource, caseId))!;
    await executeCaseCommand(
      db.dataSource,
      {
        caseId,
        expectedVersion: s.version,
        eventId: randomUUID(),
        event: { type: 'CaseworkerAssigned', date: '2025-02-19', caseworker: 'cw2-t1' } as CaseEvent,
      },
      { actor: 'test', today: '2025-02-19' },
    );
    const after = await gen(caseId, 'decision-to-assess');
    expect(after).toMatchObject({ status: 'missed' });
    clock.set('2025-02-19T10:00:00Z');
    const o = await handleDeadlineJob(deps, { caseId, deadlineId: 'decision-to-assess', generation, alert: 'due' });
    expect(o).toMatchObject({ kind: 'raised', missed: 'recorded' });
    expect(
      await handleDeadlineJob(deps, {
        caseId,
        deadlineId: 'decision-to-assess',
        generation: after.generation,
        alert: 'due',
      }),
    ).toMatchObject({ kind: 'raised', alertId: null, missed: 'already-recorded' });
    const rows = await alerts(caseId);
    expect(rows).toHaveLength(1);
    // Addressed to the caseworker now assigned, not the previous one.
    expect(rows[0].recipient_user_ids.sort()).toEqual([users.otherId, users.managerId].sort());
    expect(await misses(caseId)).toHaveLength(1);
  });

  // reg 10(1) / docs/law.md#time-limits: the 16-week limit binds only a decision NOT to issue. Day 112
  // passing with no decision lapses it (not-applicable, libs/workflow deadlines.ts `conditional`): nothing was missed.
  it('the 16-week "no plan" limit passed undecided lapses: no missed alert, no DeadlineMissed, projection not-applicable', async () => {
    const caseId = await openCase(db.dataSource, {
      teamId: 't1',
      caseworker: 'cw-t1',
      d0: '2025-01-06',
      today: '2025-01-20',
      more: [{ type: 'DecidedToAssess', date: '2025-01-20' } as CaseEvent],
    });
    const before = await gen(caseId, 'no-plan-notice');
    expect(before.status).toBe('pending');
    const due = '2025-04-28'; // D0 + 112
    clock.set(new Date(intendedAt('due', due).getTime() + 5 * 60_000));
    const job = { caseId, deadlineId: 'no-plan-notice', generation: before.generation, alert: 'due' as const };
    expect(await handleDeadlineJob(deps, job)).toMatchObject({ kind: 'stale' });
    expect(await alerts(caseId)).toHaveLength(0);
    expect(await misses(caseId)).toHaveLength(0);
    // Projected as of today, so the relay and the sweeper stop treating it as a pending wake-up; a rerun does nothing.
    expect(await gen(caseId, 'no-plan-notice')).toEqual({ generation: before.generation, status: 'not-applicable' });
    expect(await handleDeadlineJob(deps, job)).toMatchObject({ kind: 'stale' });
    expect(await alerts(caseId)).toHaveLength(0);
  });

  it('a refusal notified after day 112 is a late notice: that miss is alerted and recorded once', async () => {
    const caseId = await openCase(db.dataSource, {
      teamId: 't1',
      caseworker: 'cw-t1',
      d0: '2025-01-06',
      today: '2025-01-20',
      more: [
        { type: 'DecidedToAssess', date: '2025-01-20' },
        // reg 6(1): the family's own advice sought (and given at once); reg 6(4): existing advice agreed for (b)-(e)
        { type: 'AdviceRequested', date: '2025-01-20', adviceId: 'family', provider: 'parent' },
        { type: 'AdviceReceived', date: '2025-01-20', adviceId: 'family' },
        ...(['education', 'health', 'psychology', 'social-care'] as const).map((provider) => ({
          type: 'ExistingAdviceAgreed',
          date: '2025-01-20',
          provider,
          evidence: 'recent reports agreed sufficient',
        })),
      ] as CaseEvent[],
    });
    const { generation } = await gen(caseId, 'no-plan-notice');
    const s = (await loadStream(db.dataSource, caseId))!;
    await executeCaseCommand(
      db.dataSource,
      {
        caseId,
        expectedVersion: s.version,
        eventId: randomUUID(),
        event: { type: 'DecidedNotToIssue', date: '2025-05-06', reasons: 'needs met' } as CaseEvent,
      },
      { actor: 'test', today: '2025-05-06' },
    );
    clock.set('2025-05-06T12:00:00Z');
    const job = { caseId, deadlineId: 'no-plan-notice', generation, alert: 'due' as const };
    expect(await handleDeadlineJob(deps, job)).toMatchObject({ kind: 'raised', missed: 'recorded' });
    expect(await handleDeadlineJob(deps, job)).toMatchObject({
      kind: 'raised',
      alertId: null,
      missed: 'already-recorded',
    });
    const rows = await alerts(caseId);
    expect(rows.map((r: any) => [r.deadline_id, r.kind])).toEqual([['no-plan-notice', 'missed']]);
    expect(await misses(caseId)).toEqual([
      { type: 'DeadlineMissed', date: '2025-05-06', deadline: 'no-plan-notice', due: '2025-04-28' },
    ]);
  });

  it('jobs running at once share statements and still each get their own answer', async () => {
    const ids = await Promise.all(
      Array.from({ length: 12 }, () =>
        openCase(db.dataSource, { teamId: 't1', caseworker: 'cw-t1', d0: '2025-01-06', today: '2025-01-06' }),
      ),
    );
    clock.set(new Date(intendedAt('due', '2025-02-17').getTime() + 60_000));
    const jobs = await Promise.all(
      ids.map(async (caseId) => ({
        caseId,
        deadlineId: 'decision-to-assess',
        generation: (await gen(caseId, 'decision-to-assess')).generation,
        alert: 'due' as const,
      })),
    );
    // Every miss twice, all at once: one alert and one DeadlineMissed per case.
    const outcomes = await Promise.all([...jobs, ...jobs].map((j) => handleDeadlineJob(deps, j)));
    expect(outcomes.every((o) => o.kind === 'raised')).toBe(true);
    expect(outcomes.filter((o) => o.kind === 'raised' && o.alertId).length).toBe(12);
    for (const caseId of ids) {
      expect(await alerts(caseId)).toHaveLength(1);
      expect(await misses(caseId)).toHaveLength(1);
    }
    // A job for a case that does not exist, amid real ones, is answered alone as stale.
    const ghost = { caseId: randomUUID(), deadlineId: 'decision-to-assess', generation: 1, alert: 'warn7' as const };
    const mixed = await Promise.all([
      handleDeadlineJob(deps, ghost),
      handleDeadlineJob(deps, { ...jobs[0]!, alert: 'warn7' as const }),
    ]);
    expect(mixed[0]).toMatchObject({ kind: 'stale', reason: 'the deadline no longer exists' });
    expect(mixed[1]).toMatchObject({ kind: 'stale' }); // that deadline is missed now: no warning after the fact
    expect(await handleDeadlineJob(deps, { ...ghost, caseId: 'not-a-uuid' })).toMatchObject({ kind: 'stale' });
  });

  it('never puts the child into an alert or a NOTIFY payload', async () => {
    const rows = await db.dataSource.query(`SELECT row_to_json(a)::text AS j FROM alert a`);
    for (const r of rows) expect(r.j).not.toMatch(/Secret|Childname/);
  });
});
