// History that tells the truth: the alert for a missed deadline is closed, saying which, when the work is done late or
// an exception covers the miss; the breach itself stays on the record (the deadline is "missed", with its met date).
import { randomUUID } from 'node:crypto';
import { executeCaseCommand } from '@ehc/persistence';
import { handleDeadlineJob, intendedAt, ManualClock, type DeadlineEngineDeps } from '@ehc/deadlines';
import type { CaseEvent } from '@ehc/workflow';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { openCase, seedTeam } from './support/fixtures.js';

let db: TestDatabase;
let users: Awaited<ReturnType<typeof seedTeam>>;
let deps: DeadlineEngineDeps;
const clock = new ManualClock(new Date(intendedAt('due', '2025-02-17').getTime() + 60_000));

beforeAll(async () => {
  db = await createTestDatabase('alertclosed');
  users = await seedTeam(db.dataSource);
  deps = { ds: db.dataSource, clock, leadDays: { default: [14, 7], 'final-plan': [14, 7, 2] }, finalPlanDays: 140 };
});
afterAll(async () => db?.drop());

async function missedCase(): Promise<string> {
  const caseId = await openCase(db.dataSource, {
    teamId: 't1',
    caseworker: 'cw-t1',
    d0: '2025-01-06',
    today: '2025-01-06',
  });
  const [{ generation }] = await db.dataSource.query(
    `SELECT generation FROM case_deadline WHERE case_id = $1 AND deadline_id = 'decision-to-assess'`,
    [caseId],
  );
  expect(
    await handleDeadlineJob(deps, { caseId, deadlineId: 'decision-to-assess', generation, alert: 'due' }),
  ).toMatchObject({ kind: 'raised' });
  return caseId;
}
const record = (caseId: string, version: number, event: Record<string, unknown>) =>
  executeCaseCommand(
    db.dataSource,
    { caseId, expectedVersion: version, eventId: randomUUID(), event: event as unknown as CaseEvent },
    { actor: users.caseworkerId, today: '2025-02-24' },
  );
const alert = async (caseId: string) =>
  (
    await db.dataSource.query(
      `SELECT kind, closed_reason, closed_on::text AS closed_on FROM alert WHERE case_id = $1 AND kind = 'missed'`,
      [caseId],
    )
  )[0];

describe('the alert for a missed deadline', () => {
  it('stays open while the work is not done', async () => {
    const caseId = await missedCase();
    expect(await alert(caseId)).toEqual({ kind: 'missed', closed_reason: null, closed_on: null });
  });

  it('is closed as done late when the work is done after the due date; the deadline still shows the breach', async () => {
    const caseId = await missedCase();
    const r = await record(caseId, 3, { type: 'DecidedToAssess', date: '2025-02-24' });
    expect(r.deadlines.find((d) => d.id === 'decision-to-assess')).toMatchObject({
      status: 'missed',
      metOn: '2025-02-24',
      daysLate: 7,
    });
    expect(await alert(caseId)).toEqual({ kind: 'missed', closed_reason: 'done-late', closed_on: '2025-02-24' });
  });

  it('is closed as excepted when a valid exception covers the miss', async () => {
    const caseId = await missedCase();
    await record(caseId, 3, {
      type: 'ExceptionRecorded',
      date: '2025-02-24',
      exceptionId: 'x1',
      kind: 'exceptional-personal-circumstances',
      from: '2025-01-20',
      to: '2025-02-20',
      appliesTo: ['decision-to-assess'],
      evidence: 'Parent in hospital',
    });
    expect(await alert(caseId)).toMatchObject({ closed_reason: 'excepted' });
  });

  it('raised after the work was already done late (a backlog caught up before the worker ran): born closed as done late', async () => {
    const caseId = await openCase(db.dataSource, {
      teamId: 't1',
      caseworker: 'cw-t1',
      d0: '2025-01-06',
      today: '2025-01-06',
    });
    const [{ generation }] = await db.dataSource.query(
      `SELECT generation FROM case_deadline WHERE case_id = $1 AND deadline_id = 'decision-to-assess'`,
      [caseId],
    );
    await record(caseId, 2, { type: 'DecidedToAssess', date: '2025-02-18' });
    await handleDeadlineJob(deps, { caseId, deadlineId: 'decision-to-assess', generation, alert: 'due' });
    expect(await alert(caseId)).toEqual({ kind: 'missed', closed_reason: 'done-late', closed_on: '2025-02-18' });
  });
});
