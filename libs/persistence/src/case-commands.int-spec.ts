import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { CaseEvent } from '@ehc/workflow';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import {
  CommandRejected,
  createCaseWithHistory,
  executeCaseCommand,
  importCases,
  inTransaction,
  rebuildProjections,
  VersionConflict,
} from './index.js';

const TODAY = '2025-09-30';
const ctx = { actor: 'test', today: TODAY };
const ev = (e: Record<string, unknown>) => e as unknown as CaseEvent;

describe('case commands against real PostgreSQL (docs/architecture.md: the flow of one command)', () => {
  let db: TestDatabase;
  const newCase = async (reference: string, d0 = '2025-03-03') => {
    const id = randomUUID();
    await inTransaction(db.dataSource, (tx) =>
      createCaseWithHistory(
        tx,
        {
          id,
          reference,
          teamId: 'north',
          child: { givenName: 'Test', familyName: 'Child', dateOfBirth: '2015-01-01' },
          events: [{ eventId: randomUUID(), event: ev({ type: 'RequestReceived', date: d0, source: 'parent' }) }],
        },
        ctx,
      ),
    );
    return id;
  };
  const versions = async (caseId: string) =>
    (await db.dataSource.query(`SELECT version FROM case_event WHERE case_id = $1 ORDER BY version`, [caseId])).map(
      (r: { version: number }) => r.version,
    );

  beforeAll(async () => {
    db = await createTestDatabase('commands');
    await db.dataSource.query(`INSERT INTO team (id, name) VALUES ('north', 'North team'), ('south', 'South team')`);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('50 parallel commands at the same version: exactly one succeeds, the other 49 get a version conflict', async () => {
    const id = await newCase('CONC-1');
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        executeCaseCommand(
          db.dataSource,
          {
            caseId: id,
            expectedVersion: 1,
            eventId: randomUUID(),
            event: ev({ type: 'CaseworkerAssigned', date: '2025-03-04', caseworker: `cw-${i}` }),
          },
          ctx,
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(49);
    expect(rejected.every((r) => r.reason instanceof VersionConflict)).toBe(true);
    expect(await versions(id)).toEqual([1, 2]);
  });

  it('50 clients that reload and retry on conflict: every command lands once and versions stay gapless', async () => {
    const id = await newCase('CONC-2');
    const client = async (i: number) => {
      const eventId = randomUUID();
      for (let attempt = 0; attempt < 200; attempt++) {
        const [{ version }] = await db.dataSource.query(`SELECT version FROM ehc_case WHERE id = $1`, [id]);
        try {
          return await executeCaseCommand(
            db.dataSource,
            {
              caseId: id,
              expectedVersion: version,
              eventId,
              event: ev({ type: 'CaseworkerAssigned', date: '2025-03-04', caseworker: `cw-${i}` }),
            },
            ctx,
          );
        } catch (e) {
          if (!(e instanceof VersionConflict)) throw e;
        }
      }
      throw new Error('gave up');
    };
    await Promise.all(Array.from({ length: 50 }, (_, i) => client(i)));
    expect(await versions(id)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    const [{ n }] = await db.dataSource.query(
      `SELECT count(DISTINCT data->>'caseworker')::int AS n FROM case_event WHERE case_id = $1 AND type = 'CaseworkerAssigned'`,
      [id],
    );
    expect(n).toBe(50);
  });

  it('a retry with the same event id is applied once (idempotent), even when sent concurrently', async () => {
    const id = await newCase('IDEM-1');
    const eventId = randomUUID();
    const cmd = { caseId: id, expectedVersion: 1, eventId, event: ev({ type: 'DecidedToAssess', date: '2025-04-01' }) };
    const out = await Promise.allSettled([
      executeCaseCommand(db.dataSource, cmd, ctx),
      executeCaseCommand(db.dataSource, cmd, ctx),
    ]);
    expect(out.filter((o) => o.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
    const again = await executeCaseCommand(db.dataSource, cmd, ctx);
    expect(again.idempotentReplay).toBe(true);
    expect(await versions(id)).toEqual([1, 2]);
  });

  it('a command the statechart rejects stores nothing: no event, no version, no projection change, no outbox row', async () => {
    const id = await newCase('REJ-1');
    const snapshot = async () =>
      JSON.stringify(
        await db.dataSource.query(
          `SELECT (SELECT count(*) FROM case_event WHERE case_id = $1) AS e, (SELECT version FROM ehc_case WHERE id = $1) AS v,
              (SELECT row_to_json(s) FROM case_summary s WHERE case_id = $1) AS s,
              (SELECT count(*) FROM deadline_outbox WHERE case_id = $1) AS o`,
          [id],
        ),
      );
    const before = await snapshot();
    // reg 13(2): a final plan cannot be issued while the LA is still deciding whether to assess.
    await expect(
      executeCaseCommand(
        db.dataSource,
        {
          caseId: id,
          expectedVersion: 1,
          eventId: randomUUID(),
          event: ev({ type: 'FinalPlanIssued', date: '2025-04-01', placement: 'mainstream' }),
        },
        ctx,
      ),
    ).rejects.toBeInstanceOf(CommandRejected);
    // A decision dated before the request breaks the law's order.
    await expect(
      executeCaseCommand(
        db.dataSource,
        {
          caseId: id,
          expectedVersion: 1,
          eventId: randomUUID(),
          event: ev({ type: 'DecidedToAssess', date: '2025-03-01' }),
        },
        ctx,
      ),
    ).rejects.toMatchObject({ error: { code: 'DATE_ORDER' } });
    expect(await snapshot()).toBe(before);
  });

  it('each command writes the case projections and an outbox row per new pending deadline in the same transaction', async () => {
    const id = await newCase('PROJ-1');
    const [s] = await db.dataSource.query(
      `SELECT stage, next_deadline_kind, next_due::text AS next_due FROM case_summary WHERE case_id = $1`,
      [id],
    );
    // reg 5(1): the decision whether to assess is due 6 weeks after the request (worked example docs/law.md#counting-days).
    expect(s).toEqual({
      stage: 'awaiting-decision-to-assess',
      next_deadline_kind: 'decision-to-assess',
      next_due: '2025-04-14',
    });
    const outbox = await db.dataSource.query(
      `SELECT deadline_id FROM deadline_outbox WHERE case_id = $1 ORDER BY deadline_id`,
      [id],
    );
    expect(outbox.map((r: { deadline_id: string }) => r.deadline_id)).toEqual(
      expect.arrayContaining(['decision-to-assess', 'final-plan']),
    );
  });

  describe('import (NDJSON, one case per line)', () => {
    const line = (reference: string, events: Record<string, unknown>[], dateOfBirth = '2015-03-02') =>
      JSON.stringify({ reference, child: { givenName: 'Ada', familyName: 'Smith', dateOfBirth }, events });
    // reg 6(1)(a)-(e): the rest of the advice the law requires before deciding whether to issue
    const otherAdvice = (['parent', 'education', 'health', 'social-care'] as const).map((provider) => ({
      type: 'AdviceRequested',
      date: '2024-02-13',
      adviceId: provider,
      provider,
    }));
    const good = line('IMP-0001', [
      { type: 'RequestReceived', date: '2024-01-08', source: 'parent' },
      { type: 'DecidedToAssess', date: '2024-02-12' },
      { type: 'AdviceRequested', date: '2024-02-13', adviceId: 'ep', provider: 'psychology' },
      ...otherAdvice,
      { type: 'AdviceReceived', date: '2024-03-20', adviceId: 'ep' },
      { type: 'DecidedToIssue', date: '2024-04-15' },
      { type: 'DraftPlanIssued', date: '2024-04-22' },
      { type: 'FinalPlanIssued', date: '2024-05-20', placement: 'mainstream' },
    ]);
    const tooEarly = line('IMP-0002', [
      { type: 'RequestReceived', date: '2024-01-08', source: 'parent' },
      { type: 'DecidedToAssess', date: '2024-02-12' },
      { type: 'AdviceRequested', date: '2024-02-13', adviceId: 'ep', provider: 'psychology' },
      ...otherAdvice,
      { type: 'DecidedToIssue', date: '2024-04-15' },
      { type: 'DraftPlanIssued', date: '2024-04-22' },
      // reg 13(1): 15 days beginning with the day the draft was served; 2024-05-06 is too early.
      { type: 'FinalPlanIssued', date: '2024-05-01', placement: 'mainstream' },
    ]);
    const run = (lines: string[]) =>
      importCases(db.dataSource, Readable.from(lines), { ...ctx, actor: 'import', defaultTeam: 'north' });

    it('stores good lines, reports a rejected line with its number, reference and reason, and stores nothing of it', async () => {
      const s = await run([
        good,
        tooEarly,
        '{not json',
        line('IMP-0003', [{ type: 'DecidedToAssess', date: '2024-01-01' }]),
      ]);
      expect(s.accepted).toBe(1);
      expect(s.rejected.map((r) => [r.line, r.reference])).toEqual([
        [2, 'IMP-0002'],
        [3, null],
        [4, 'IMP-0003'],
      ]);
      expect(s.rejected[0].reason).toMatch(/FinalPlanIssued/);
      const refs = await db.dataSource.query(`SELECT reference FROM ehc_case WHERE reference LIKE 'IMP-%' ORDER BY 1`);
      expect(refs).toEqual([{ reference: 'IMP-0001' }]);
    });

    it('re-importing an identical line changes nothing; the same reference with other events is a conflict', async () => {
      const before = await db.dataSource.query(`SELECT count(*)::int AS n FROM case_event`);
      const s = await run([
        good,
        line('IMP-0001', [{ type: 'RequestReceived', date: '2024-01-09', source: 'parent' }]),
      ]);
      expect(s).toMatchObject({ accepted: 0, unchanged: 1 });
      expect(s.rejected).toEqual([{ line: 2, reference: 'IMP-0001', reason: expect.stringMatching(/conflict/) }]);
      expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM case_event`)).toEqual(before);
    });

    it('s36(1): refuses a request by a "young person" still of compulsory school age, and a child born after the request (nothing stored)', async () => {
      const s = await run([
        line('IMP-0021', [{ type: 'RequestReceived', date: '2024-01-08', source: 'young-person' }]),
        line('IMP-0022', [{ type: 'RequestReceived', date: '2024-01-08', source: 'parent' }], '2024-02-01'),
        line('IMP-0023', [{ type: 'RequestReceived', date: '2024-01-08', source: 'parent' }], '2006-03-02'), // a young person: parent only as agent
        line(
          'IMP-0024',
          [{ type: 'RequestReceived', date: '2024-01-08', source: 'parent', parentActsAs: 'alternative-person' }],
          '2006-03-02',
        ),
      ]);
      expect(s.rejected.map((r) => [r.reference, r.reason.split(':')[0]])).toEqual([
        ['IMP-0021', 'events[0].source'],
        ['IMP-0022', 'child.dateOfBirth'],
        ['IMP-0023', 'events[0].parentActsAs'],
      ]);
      expect(s.rejected.every((r) => !r.reason.includes('2006-03-02') && !r.reason.includes('2024-02-01'))).toBe(true);
      expect(s.accepted).toBe(1);
      // reg 6(1)(g): the request records the first day of the young person's Year 9, worked out from the date of birth
      const stored = await db.dataSource.query(
        `SELECT e.data FROM case_event e JOIN ehc_case c ON c.id = e.case_id WHERE c.reference = 'IMP-0024' AND e.type = 'RequestReceived'`,
      );
      expect(stored[0].data).toMatchObject({
        source: 'parent',
        parentActsAs: 'alternative-person',
        year9From: '2019-09-01',
      });
    });

    it('reg 45, reg 6(4): imports an unopposed appeal and advice agreed sufficient; the original 20 weeks is superseded, not missed', async () => {
      const s = await run([
        line('IMP-0031', [
          { type: 'RequestReceived', date: '2022-03-07', source: 'parent' },
          { type: 'DecidedNotToAssess', date: '2022-04-11', reasons: 'r' },
          { type: 'TribunalAppealRegistered', date: '2022-05-20', against: 'refusal-to-assess' },
          { type: 'AppealNotOpposed', date: '2022-06-01', against: 'refusal-to-assess' },
          { type: 'DecidedToAssess', date: '2022-06-10' },
          { type: 'AdviceRequested', date: '2022-06-13', adviceId: 'family', provider: 'parent' },
          ...(['education', 'health', 'psychology', 'social-care'] as const).map((provider) => ({
            type: 'ExistingAdviceAgreed',
            date: '2022-06-13',
            provider,
            evidence: 'reports of 2022 agreed sufficient',
          })),
          { type: 'DecidedToIssue', date: '2022-07-01' },
          { type: 'DraftPlanIssued', date: '2022-07-08' },
          { type: 'FinalPlanIssued', date: '2022-08-01', placement: 'mainstream' },
        ]),
      ]);
      expect(s).toMatchObject({ accepted: 1, rejected: [] });
      const d = await db.dataSource.query(
        `SELECT deadline_id, status, regulation FROM case_deadline d JOIN ehc_case c ON c.id = d.case_id WHERE c.reference = 'IMP-0031' AND deadline_id IN ('final-plan', 'unopposed-final-plan') ORDER BY 1`,
      );
      expect(d).toEqual([
        { deadline_id: 'final-plan', status: 'not-applicable', regulation: 'reg 13(2)' },
        { deadline_id: 'unopposed-final-plan', status: 'met', regulation: 'reg 45(3A)(b)' },
      ]);
    });

    it('rejects a line for a team that does not exist, naming the known teams', async () => {
      const s = await run([JSON.stringify({ ...JSON.parse(good), reference: 'IMP-0009', team: 'west' })]);
      expect(s.rejected[0].reason).toMatch(/team west does not exist; known teams: .*north/);
    });
  });

  it('projections rebuilt from case_event alone equal the live ones (docs/architecture.md invariant 3)', async () => {
    const snap = async () =>
      JSON.stringify({
        s: await db.dataSource.query(
          `SELECT case_id, reference, team_id, caseworker, stage, closed, received_on::text, final_issued_on::text, next_deadline_id, next_deadline_kind, next_due::text, flags, version FROM case_summary ORDER BY case_id`,
        ),
        d: await db.dataSource.query(
          `SELECT case_id, deadline_id, kind, due::text, from_date::text, regulation, statutory, status, met_on::text, provider, subject, exception_ids FROM case_deadline ORDER BY case_id, deadline_id`,
        ),
        // the measure's case facts, kept by the same statements (docs/measure-definitions.md#the-case-facts-table)
        f: await db.dataSource.query(`SELECT * FROM case_facts ORDER BY case_id`),
        a: await db.dataSource.query(
          `SELECT * FROM case_advice_facts ORDER BY case_id, advice_id COLLATE "C", provider COLLATE "C", start, returned`,
        ),
      });
    const live = await snap();
    expect(JSON.parse(live).s.length).toBeGreaterThan(3);
    // every case has its facts row, written by the appendDecidedEvents statement (command, new case or import batch) that stored its events
    expect(JSON.parse(live).f.length).toBe(JSON.parse(live).s.length);
    expect(JSON.parse(live).a.length).toBeGreaterThan(0);
    await rebuildProjections(db.dataSource, { today: TODAY, fromScratch: true, batchSize: 2 });
    expect(await snap()).toBe(live);
  });

  it('a rebuild waits for a transaction that holds a case row, and projects the events it committed', async () => {
    // Every writer of a case's deadline rows updates the case row first (projectionCtes reads them without locks):
    // the rebuild too, so it reads the case's events only once that row is its own.
    const id = await newCase('REB-RACE');
    const other = db.dataSource.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    await other.query(`UPDATE ehc_case SET version = 2 WHERE id = $1`, [id]);
    await other.query(
      `INSERT INTO case_event (event_id, case_id, version, type, business_date, data, actor)
       VALUES ($1, $2, 2, 'CaseworkerAssigned', '2025-03-04', '{"caseworker": "cw-race"}', 'test')`,
      [randomUUID(), id],
    );
    let finished = false;
    const rebuild = rebuildProjections(db.dataSource, { today: TODAY }).then(() => (finished = true));
    // Until the rebuild either finishes or waits for the other transaction's row lock.
    const waiting = async () =>
      (
        await db.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )
      )[0].n > 0;
    for (let i = 0; i < 200 && !finished && !(await waiting()); i++) await new Promise((r) => setTimeout(r, 10));
    await other.commitTransaction();
    await other.release();
    await rebuild;
    const [summary] = await db.dataSource.query(`SELECT version, caseworker FROM case_summary WHERE case_id = $1`, [
      id,
    ]);
    expect(summary).toEqual({ version: 2, caseworker: 'cw-race' });
  });
});
