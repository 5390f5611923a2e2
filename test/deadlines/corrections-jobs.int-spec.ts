// Jobs follow the corrected history: a correction that moves a deadline gives it a new generation and new wake-up
// calls (outbox); the job of the old generation finds itself stale and does nothing.
import { randomUUID } from 'node:crypto';
import { executeCaseCommand } from '@ehc/persistence';
import { handleDeadlineJob, intendedAt, ManualClock, type DeadlineEngineDeps } from '@ehc/deadlines';
import type { CaseEvent } from '@ehc/workflow';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { openCase, seedTeam } from './support/fixtures.js';

let db: TestDatabase;
let users: Awaited<ReturnType<typeof seedTeam>>;
let deps: DeadlineEngineDeps;
const clock = new ManualClock(new Date('2025-01-10T09:00:00Z'));

beforeAll(async () => {
  db = await createTestDatabase('corrjobs');
  users = await seedTeam(db.dataSource);
  deps = { ds: db.dataSource, clock, leadDays: { default: [14, 7], 'final-plan': [14, 7, 2] }, finalPlanDays: 140 };
});
afterAll(async () => db?.drop());

it('a corrected request date moves the deadlines: new generation and outbox rows; the old job is stale', async () => {
  const caseId = await openCase(db.dataSource, {
    teamId: 't1',
    caseworker: 'cw-t1',
    d0: '2025-01-06',
    today: '2025-01-10',
  });
  const dl = async () =>
    (
      await db.dataSource.query(
        `SELECT due::text AS due, generation FROM case_deadline WHERE case_id = $1 AND deadline_id = 'decision-to-assess'`,
        [caseId],
      )
    )[0];
  const before = await dl();
  expect(before.due).toBe('2025-02-17');
  const [request] = await db.dataSource.query(
    `SELECT event_id FROM case_event WHERE case_id = $1 AND type = 'RequestReceived'`,
    [caseId],
  );
  const outboxBefore = (
    await db.dataSource.query(`SELECT count(*)::int AS n FROM deadline_outbox WHERE case_id = $1`, [caseId])
  )[0].n;
  await executeCaseCommand(
    db.dataSource,
    {
      caseId,
      expectedVersion: 2,
      eventId: randomUUID(),
      event: {
        type: 'EventCorrected',
        date: '2025-01-10',
        corrects: request.event_id,
        reason: 'Request date typed wrongly',
        correction: { date: '2025-01-03' },
      } as unknown as CaseEvent,
    },
    { actor: users.caseworkerId, today: '2025-01-10' },
  );
  const after = await dl();
  expect(after).toEqual({ due: '2025-02-14', generation: before.generation + 1 });
  const outbox = await db.dataSource.query(
    `SELECT generation FROM deadline_outbox WHERE case_id = $1 AND deadline_id = 'decision-to-assess' ORDER BY id DESC LIMIT 1`,
    [caseId],
  );
  expect(outbox).toEqual([{ generation: after.generation }]);
  expect(
    (await db.dataSource.query(`SELECT count(*)::int AS n FROM deadline_outbox WHERE case_id = $1`, [caseId]))[0].n,
  ).toBeGreaterThan(outboxBefore);
  // The old generation's warning job wakes on its old day: stale, nothing raised.
  clock.set(intendedAt('warn7', '2025-02-14'));
  expect(
    await handleDeadlineJob(deps, {
      caseId,
      deadlineId: 'decision-to-assess',
      generation: before.generation,
      alert: 'warn7',
    }),
  ).toMatchObject({ kind: 'stale' });
  expect(await db.dataSource.query(`SELECT 1 FROM alert WHERE case_id = $1`, [caseId])).toEqual([]);
});
