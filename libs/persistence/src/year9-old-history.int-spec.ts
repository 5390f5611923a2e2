import { randomUUID } from 'node:crypto';
import type { CaseEvent } from '@ehc/workflow';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { CommandRejected, createCaseWithHistory, executeCaseCommand, inTransaction } from './index.js';

// reg 6(1)(g): advice on preparing for adulthood must be sought from Year 9. Requests stored before
// RequestReceived.year9From existed carry no Year 9 date; the command path works it out from the child's date of
// birth on the case (docs/law.md#reg-61-and-64--the-advice-that-must-be-sought-before-deciding-whether-to-issue).
const TODAY = '2025-09-30';
const ctx = { actor: 'test', today: TODAY };
const ev = (e: Record<string, unknown>) => e as unknown as CaseEvent;
const FIVE_LIMBS = ['parent', 'education', 'health', 'psychology', 'social-care'];

describe('reg 6(1)(g) on histories stored before year9From existed', () => {
  let db: TestDatabase;
  const oldCase = async (reference: string, child: Record<string, unknown>) => {
    const id = randomUUID();
    const events = [
      ev({ type: 'RequestReceived', date: '2025-03-03', source: 'parent' }), // no year9From: stored before it existed
      ev({ type: 'DecidedToAssess', date: '2025-04-01' }),
      ...FIVE_LIMBS.map((provider) =>
        ev({ type: 'AdviceRequested', date: '2025-04-02', adviceId: `a-${provider}`, provider }),
      ),
    ];
    await inTransaction(db.dataSource, (tx) =>
      createCaseWithHistory(
        tx,
        {
          id,
          reference,
          teamId: 'north',
          child,
          events: events.map((event) => ({ eventId: randomUUID(), event })),
        },
        ctx,
      ),
    );
    return { id, version: events.length };
  };
  const decide = (c: { id: string; version: number }, type: 'DecidedToIssue' | 'DecidedNotToIssue') =>
    executeCaseCommand(
      db.dataSource,
      {
        caseId: c.id,
        expectedVersion: c.version,
        eventId: randomUUID(),
        event: ev({ type, date: '2025-06-01', ...(type === 'DecidedNotToIssue' ? { reasons: 'r' } : {}) }),
      },
      ctx,
    );

  beforeAll(async () => {
    db = await createTestDatabase('year9old');
    await db.dataSource.query(`INSERT INTO team (id, name) VALUES ('north', 'North team')`);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('a child in Year 9 (born 2010-01-01: Year 9 from 2023-09-01): the decision is refused until limb (g) is sought', async () => {
    const c = await oldCase('Y9-OLD-1', { givenName: 'A', familyName: 'B', dateOfBirth: '2010-01-01' });
    for (const type of ['DecidedToIssue', 'DecidedNotToIssue'] as const) {
      const err = await decide(c, type).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CommandRejected);
      expect((err as CommandRejected).error).toMatchObject({ code: 'EVENT_NOT_ALLOWED', regulation: 'reg 6(1)(g)' });
      expect((err as CommandRejected).error.message).toContain('2023-09-01');
      expect((err as CommandRejected).error.allowed).toContain('AdviceRequested');
    }
    await executeCaseCommand(
      db.dataSource,
      {
        caseId: c.id,
        expectedVersion: c.version,
        eventId: randomUUID(),
        event: ev({
          type: 'AdviceRequested',
          date: '2025-05-01',
          adviceId: 'a-pfa',
          provider: 'preparation-for-adulthood',
        }),
      },
      ctx,
    );
    const ok = await decide({ ...c, version: c.version + 1 }, 'DecidedToIssue');
    expect(ok.view.stage).toBe('drafting');
  });

  it('a child not yet in Year 9 (born 2015-01-01): the five limbs suffice, as for a new case', async () => {
    const c = await oldCase('Y9-OLD-2', { givenName: 'A', familyName: 'B', dateOfBirth: '2015-01-01' });
    expect((await decide(c, 'DecidedToIssue')).view.stage).toBe('drafting');
  });

  it('no date of birth on the case: Year 9 cannot be known, so the decision is refused with that reason', async () => {
    const c = await oldCase('Y9-OLD-3', { givenName: 'A', familyName: 'B' });
    const err = await decide(c, 'DecidedToIssue').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandRejected);
    expect((err as CommandRejected).error).toMatchObject({ regulation: 'reg 6(1)(g)' });
    expect((err as CommandRejected).error.message).toContain('date of birth');
  });
});
