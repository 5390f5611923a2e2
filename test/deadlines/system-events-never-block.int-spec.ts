// Invariant: system events never block a person. The deadline worker records DeadlineMissed on a case as the
// 'system' actor; a caseworker's command decided on the version before it is decided again on the newer state and
// applied if still allowed. Only a person's event in between is a real conflict (409 VERSION_CONFLICT).
import { randomUUID } from 'node:crypto';
import { executeCaseCommand, loadStream, VersionConflict } from '@ehc/persistence';
import { handleDeadlineJob, intendedAt, ManualClock, type DeadlineEngineDeps } from '@ehc/deadlines';
import type { CaseEvent } from '@ehc/workflow';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { openCase, seedTeam } from './support/fixtures.js';

let db: TestDatabase;
let users: Awaited<ReturnType<typeof seedTeam>>;
let deps: DeadlineEngineDeps;
const clock = new ManualClock(new Date('2025-03-01T00:00:00Z'));

beforeAll(async () => {
  db = await createTestDatabase('sysnoblock');
  users = await seedTeam(db.dataSource);
  deps = { ds: db.dataSource, clock, leadDays: { default: [14, 7], 'final-plan': [14, 7, 2] }, finalPlanDays: 140 };
  clock.set(new Date(intendedAt('due', '2025-02-17').getTime() + 60_000)); // the 6-week decision (D0 2025-01-06) has just been missed
});
afterAll(async () => db?.drop());

const gen = async (caseId: string) =>
  (
    await db.dataSource.query(
      `SELECT generation FROM case_deadline WHERE case_id = $1 AND deadline_id = 'decision-to-assess'`,
      [caseId],
    )
  )[0].generation;
const decideLate = (caseId: string, expectedVersion: number) =>
  executeCaseCommand(
    db.dataSource,
    {
      caseId,
      expectedVersion,
      eventId: randomUUID(),
      event: { type: 'DecidedToAssess', date: '2025-02-18' } as CaseEvent,
    },
    { actor: users.caseworkerId, today: '2025-02-18' },
  );

describe('system events never block a person', () => {
  it('raced 25 times against the worker recording the miss, the caseworker’s command is never refused', async () => {
    let missFirst = 0;
    for (let i = 0; i < 25; i++) {
      const caseId = await openCase(db.dataSource, {
        teamId: 't1',
        caseworker: 'cw-t1',
        d0: '2025-01-06',
        today: '2025-01-06',
      });
      const job = { caseId, deadlineId: 'decision-to-assess', generation: await gen(caseId), alert: 'due' as const };
      // The miss alone, or the miss and then the command, each half the time: the command must win in both.
      const [, result] = await Promise.all([
        handleDeadlineJob(deps, job),
        i % 2 ? decideLate(caseId, 2) : new Promise((r) => setImmediate(r)).then(() => decideLate(caseId, 2)),
      ]);
      const types = (await loadStream(db.dataSource, caseId))!.events.map((e) => e.type);
      expect(types).toContain('DecidedToAssess');
      if (types.indexOf('DeadlineMissed') !== -1 && types.indexOf('DeadlineMissed') < types.indexOf('DecidedToAssess'))
        missFirst++;
      expect(result.view.stage).toBe('assessing');
    }
    // The race is real: at least once the system's event came first and the command was decided again after it.
    expect(missFirst).toBeGreaterThan(0);
  });

  it('after the miss is recorded, a command at the version before it is applied (decided on the newer state)', async () => {
    const caseId = await openCase(db.dataSource, {
      teamId: 't1',
      caseworker: 'cw-t1',
      d0: '2025-01-06',
      today: '2025-01-06',
    });
    await handleDeadlineJob(deps, {
      caseId,
      deadlineId: 'decision-to-assess',
      generation: await gen(caseId),
      alert: 'due',
    });
    expect((await loadStream(db.dataSource, caseId))!.version).toBe(3);
    const r = await decideLate(caseId, 2);
    expect(r.version).toBe(4);
  });

  it('a person’s event in between is still a conflict: 409', async () => {
    const caseId = await openCase(db.dataSource, {
      teamId: 't1',
      caseworker: 'cw-t1',
      d0: '2025-01-06',
      today: '2025-01-06',
    });
    await handleDeadlineJob(deps, {
      caseId,
      deadlineId: 'decision-to-assess',
      generation: await gen(caseId),
      alert: 'due',
    });
    await executeCaseCommand(
      db.dataSource,
      {
        caseId,
        expectedVersion: 3,
        eventId: randomUUID(),
        event: { type: 'CaseworkerAssigned', date: '2025-02-18', caseworker: 'cw2-t1' } as CaseEvent,
      },
      { actor: users.managerId, today: '2025-02-18' },
    );
    await expect(decideLate(caseId, 2)).rejects.toBeInstanceOf(VersionConflict);
  });
});
