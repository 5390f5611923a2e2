import { randomUUID } from 'node:crypto';
import { decide, type CaseEvent } from '@ehc/workflow';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import {
  appendDecidedEvents,
  asStored,
  createCaseWithHistory,
  EventIdReused,
  executeCaseCommand,
  inTransaction,
  loadCase,
  OpensAndAppends,
  project,
  SameCaseInBatch,
  StatementBatcher,
  type DecidedEvent,
  type DecidedEventOutcome,
  type DecidedEvents,
} from './index.js';

const ev = (e: Record<string, unknown>) => e as unknown as CaseEvent;
const ACTOR = 'system';

describe("decided events appended to many cases in one statement (the deadline worker's burst of misses)", () => {
  let db: TestDatabase;
  let refs = 0;

  /** A case opened with `history` as of `today` (its projections written then). */
  const newCase = async (history: Record<string, unknown>[], today: string) => {
    const id = randomUUID();
    await inTransaction(db.dataSource, (tx) =>
      createCaseWithHistory(
        tx,
        {
          id,
          reference: `BATCH-${++refs}`,
          teamId: 'north',
          child: { givenName: 'Test', familyName: 'Child', dateOfBirth: '2015-01-01' },
          events: history.map((e) => ({ eventId: randomUUID(), event: ev(e) })),
        },
        { actor: 'test', today },
      ),
    );
    return id;
  };

  /** What the worker does before it appends: fold the stored history, decide the event as stored. */
  const decided = async (
    caseId: string,
    event: Record<string, unknown>,
    today: string,
    eventId = randomUUID(),
  ): Promise<DecidedEvent> => {
    const loaded = (await loadCase(db.dataSource, caseId))!;
    const stored = asStored(ev(event));
    const d = decide(loaded.state, stored, { today, finalPlanDays: 140 });
    if (!d.ok) throw new Error(`the statechart refused the test's event: ${d.error.message}`);
    return {
      caseId,
      expectedVersion: loaded.stream.version,
      eventId,
      event: stored,
      view: d.view,
      deadlines: d.deadlines,
      actor: ACTOR,
    };
  };

  /** Every row the command path writes for a case, without what differs between twins (ids, reference, clock times). */
  const written = async (caseId: string) => {
    const q = (sql: string) => db.dataSource.query(sql, [caseId]);
    return {
      version: (await q(`SELECT version FROM ehc_case WHERE id = $1`))[0].version,
      events: await q(
        `SELECT version, type, business_date::text AS date, data, actor FROM case_event WHERE case_id = $1 ORDER BY version`,
      ),
      summary:
        await q(`SELECT team_id, caseworker, stage, closed, received_on::text, final_issued_on::text, next_deadline_id,
                               next_deadline_kind, next_due::text, flags, version FROM case_summary WHERE case_id = $1`),
      deadlines:
        await q(`SELECT deadline_id, kind, due::text, from_date::text, regulation, statutory, status, met_on::text, provider,
                                 subject, exception_ids, generation FROM case_deadline WHERE case_id = $1 ORDER BY deadline_id`),
      outbox: await q(`SELECT deadline_id, generation, relayed_at FROM deadline_outbox WHERE case_id = $1 ORDER BY id`),
    };
  };

  beforeAll(async () => {
    db = await createTestDatabase('batchcmds');
    await db.dataSource.query(`INSERT INTO team (id, name) VALUES ('north', 'North team')`);
  });
  afterAll(async () => {
    await db.drop();
  });

  const rr = (date: string) => ({ type: 'RequestReceived', date, source: 'parent' });

  it('writes for each case exactly the rows executeCaseCommand writes for the same event (event, summary, deadlines with generations, outbox)', async () => {
    // Each scenario runs on twin cases: one through executeCaseCommand, one in a single batch with the others.
    const scenarios: {
      name: string;
      history: Record<string, unknown>[];
      opened: string;
      event: Record<string, unknown>;
      today: string;
      tamper?: string;
    }[] = [
      // reg 5(1) met: the decision-to-assess deadline changes status (met_on set), no wake-up is re-armed.
      {
        name: 'met',
        history: [rr('2025-03-03')],
        opened: '2025-03-03',
        event: { type: 'DecidedToAssess', date: '2025-04-01' },
        today: '2025-04-01',
      },
      // reg 8(1): a new advice deadline → a new row at generation 1 and an outbox row.
      {
        name: 'new deadline',
        history: [rr('2025-03-03'), { type: 'DecidedToAssess', date: '2025-04-01' }],
        opened: '2025-04-01',
        event: { type: 'AdviceRequested', date: '2025-04-02', adviceId: 'ep', provider: 'psychology' },
        today: '2025-04-02',
      },
      // A miss: the row moves pending → missed with time; its generation stays and nothing is re-armed.
      {
        name: 'missed',
        history: [rr('2025-01-06')],
        opened: '2025-01-06',
        event: { type: 'DeadlineMissed', date: '2025-02-18', deadline: 'decision-to-assess', due: '2025-02-17' },
        today: '2025-02-18',
      },
      // Stored rows the history no longer derives (a ghost row; a due date from another configuration): the ghost is
      // removed, the moved due date takes the next generation and a wake-up at it.
      {
        name: 'diffed',
        history: [rr('2025-03-03')],
        opened: '2025-03-03',
        event: { type: 'CaseworkerAssigned', date: '2025-03-04', caseworker: 'cw-1' },
        today: '2025-03-04',
        tamper: `
          INSERT INTO case_deadline (case_id, deadline_id, kind, due, from_date, regulation, statutory, status, generation)
          VALUES ($1, 'advice-ghost', 'advice', '2025-05-01', '2025-03-20', 'reg 8(1)', true, 'pending', 3);
          UPDATE case_deadline SET due = due - 7, generation = 4 WHERE case_id = $1 AND deadline_id = 'final-plan';`,
      },
    ];
    const pairs: { s: (typeof scenarios)[number]; single: string; batched: string }[] = [];
    for (const s of scenarios) {
      const single = await newCase(s.history, s.opened);
      const batched = await newCase(s.history, s.opened);
      if (s.tamper) {
        for (const id of [single, batched])
          for (const stmt of s.tamper.split(';').filter((x) => x.trim())) await db.dataSource.query(stmt, [id]);
      }
      pairs.push({ s, single, batched });
    }
    for (const { s, single } of pairs) {
      await executeCaseCommand(
        db.dataSource,
        { caseId: single, expectedVersion: s.history.length, eventId: randomUUID(), event: ev(s.event) },
        { actor: ACTOR, today: s.today, finalPlanDays: 140 },
      );
    }
    const items = await Promise.all(pairs.map(({ s, batched }) => decided(batched, s.event, s.today)));
    const out = await appendDecidedEvents(db.dataSource, items);
    expect(out).toEqual(pairs.map(({ s }) => ({ outcome: 'committed', version: s.history.length + 1 })));

    for (const { s, single, batched } of pairs) {
      const [a, b] = [await written(single), await written(batched)];
      expect({ scenario: s.name, ...b }).toEqual({ scenario: s.name, ...a });
    }
    // The scenarios did exercise each rule (on the batched twin; the single one is equal).
    const rows = async (name: string) => written(pairs.find((p) => p.s.name === name)!.batched);
    const byId = (w: Awaited<ReturnType<typeof written>>, id: string) =>
      w.deadlines.find((d: { deadline_id: string }) => d.deadline_id === id);
    const met = await rows('met');
    expect(byId(met, 'decision-to-assess')).toMatchObject({ status: 'met', met_on: '2025-04-01', generation: 1 });
    const added = await rows('new deadline');
    expect(byId(added, 'advice-ep')).toMatchObject({ status: 'pending', due: '2025-05-14', generation: 1 });
    expect(added.outbox.filter((o: { deadline_id: string }) => o.deadline_id === 'advice-ep')).toEqual([
      { deadline_id: 'advice-ep', generation: 1, relayed_at: null },
    ]);
    const missed = await rows('missed');
    expect(byId(missed, 'decision-to-assess')).toMatchObject({ status: 'missed', generation: 1 });
    expect(missed.outbox.filter((o: { deadline_id: string }) => o.deadline_id === 'decision-to-assess')).toHaveLength(
      1,
    ); // the one of the opening
    expect(missed.events.at(-1)).toEqual({
      version: 2,
      type: 'DeadlineMissed',
      date: '2025-02-18',
      data: { deadline: 'decision-to-assess', due: '2025-02-17' },
      actor: 'system',
    });
    const diffed = await rows('diffed');
    expect(byId(diffed, 'advice-ghost')).toBeUndefined();
    expect(byId(diffed, 'final-plan')).toMatchObject({ due: '2025-07-21', generation: 5 });
    expect(
      diffed.outbox
        .filter((o: { deadline_id: string }) => o.deadline_id === 'final-plan')
        .map((o: { generation: number }) => o.generation),
    ).toEqual([1, 5]);
    expect(diffed.summary[0]).toMatchObject({ caseworker: 'cw-1', version: 2 });
  });

  it('a stale item (its case moved on) writes nothing of its own and does not stop the others', async () => {
    const ids = [
      await newCase([rr('2025-03-03')], '2025-03-03'),
      await newCase([rr('2025-03-03')], '2025-03-03'),
      await newCase([rr('2025-03-03')], '2025-03-03'),
    ];
    const items = await Promise.all(
      ids.map((id) => decided(id, { type: 'DecidedToAssess', date: '2025-04-01' }, '2025-04-01')),
    );
    // Somebody else appends to the middle case after the batch's event was decided.
    await executeCaseCommand(
      db.dataSource,
      {
        caseId: ids[1],
        expectedVersion: 1,
        eventId: randomUUID(),
        event: ev({ type: 'CaseworkerAssigned', date: '2025-03-10', caseworker: 'cw-2' }),
      },
      { actor: 'test', today: '2025-03-10' },
    );
    const before = await written(ids[1]);
    const out = await appendDecidedEvents(db.dataSource, items);
    expect(out).toEqual<DecidedEventOutcome[]>([
      { outcome: 'committed', version: 2 },
      { outcome: 'stale' },
      { outcome: 'committed', version: 2 },
    ]);
    expect(await written(ids[1])).toEqual(before);
    for (const id of [ids[0], ids[2]])
      expect((await written(id)).events.map((e: { type: string }) => e.type)).toEqual([
        'RequestReceived',
        'DecidedToAssess',
      ]);
  });

  it('refuses two items for one case in one batch before sending anything (SameCaseInBatch); the batcher keyed by case sends them apart', async () => {
    const id = await newCase([rr('2025-01-06')], '2025-01-06');
    const other = await newCase([rr('2025-01-06')], '2025-01-06');
    const before = [await written(id), await written(other)];
    // Two deadlines of one case missed at the same instant: both decided on version 1.
    const first = await decided(
      id,
      { type: 'DeadlineMissed', date: '2025-02-18', deadline: 'decision-to-assess', due: '2025-02-17' },
      '2025-02-18',
    );
    const second = await decided(
      id,
      { type: 'CaseworkerAssigned', date: '2025-02-18', caseworker: 'cw-3' },
      '2025-02-18',
    );
    const third = await decided(
      other,
      { type: 'CaseworkerAssigned', date: '2025-02-18', caseworker: 'cw-4' },
      '2025-02-18',
    );
    await expect(appendDecidedEvents(db.dataSource, [first, third, second])).rejects.toBeInstanceOf(SameCaseInBatch);
    expect([await written(id), await written(other)]).toEqual(before);

    const batches: string[][] = [];
    const batcher = new StatementBatcher(
      (items: DecidedEvent[]) => {
        batches.push(items.map((d) => d.caseId));
        return appendDecidedEvents(db.dataSource, items);
      },
      100,
      1,
      (d: DecidedEvent) => d.caseId,
    );
    // Calls made in one turn share a statement: but the case's second item waits for the next one.
    const warm = await newCase([rr('2025-01-06')], '2025-01-06');
    const w = await decided(warm, { type: 'CaseworkerAssigned', date: '2025-02-18', caseworker: 'cw-5' }, '2025-02-18');
    const out = await Promise.all([w, first, third, second].map((d) => batcher.call(d)));
    expect(batches).toEqual([[warm, id, other], [id]]);
    // The second item of the case was decided on the version the first replaced: stale (the worker reads again).
    expect(out).toEqual([
      { outcome: 'committed', version: 2 },
      { outcome: 'committed', version: 2 },
      { outcome: 'committed', version: 2 },
      { outcome: 'stale' },
    ]);
    expect((await written(id)).events.map((e: { type: string }) => e.type)).toEqual([
      'RequestReceived',
      'DeadlineMissed',
    ]);
  });

  it('an event id already stored fails the shared statement (nothing written); after the fallback only that item fails', async () => {
    const ids = [
      await newCase([rr('2025-03-03')], '2025-03-03'),
      await newCase([rr('2025-03-03')], '2025-03-03'),
      await newCase([rr('2025-03-03')], '2025-03-03'),
    ];
    const [{ event_id: taken }] = await db.dataSource.query(`SELECT event_id FROM case_event WHERE case_id = $1`, [
      ids[0],
    ]);
    const items = await Promise.all(
      ids.map((id, i) =>
        decided(id, { type: 'DecidedToAssess', date: '2025-04-01' }, '2025-04-01', i === 1 ? taken : randomUUID()),
      ),
    );
    const before = await Promise.all(ids.map(written));
    await expect(appendDecidedEvents(db.dataSource, items)).rejects.toMatchObject({ code: '23505' });
    expect(await Promise.all(ids.map(written))).toEqual(before);

    const batches: number[] = [];
    const batcher = new StatementBatcher(
      (xs: DecidedEvent[]) => {
        batches.push(xs.length);
        return appendDecidedEvents(db.dataSource, xs);
      },
      100,
      1,
      (d: DecidedEvent) => d.caseId,
    );
    // The four calls go out together, fail, and are re-run each alone.
    const warm = await newCase([rr('2025-03-03')], '2025-03-03');
    const calls = [await decided(warm, { type: 'DecidedToAssess', date: '2025-04-01' }, '2025-04-01'), ...items].map(
      (d) =>
        batcher.call(d).then(
          (o: DecidedEventOutcome) => o,
          (e: unknown) => e,
        ),
    );
    const out = await Promise.all(calls);
    expect(batches).toEqual([4, 1, 1, 1, 1]);
    expect(out[0]).toEqual({ outcome: 'committed', version: 2 });
    expect(out[1]).toEqual({ outcome: 'committed', version: 2 });
    expect(out[2]).toBeInstanceOf(EventIdReused);
    expect(out[3]).toEqual({ outcome: 'committed', version: 2 });
    expect(await written(ids[1])).toEqual(before[1]);
  });

  it('opens new cases with their whole histories in one statement; a taken id or reference is stale and writes nothing (no person made); opening and appending are never one batch', async () => {
    const history = [rr('2025-03-03'), { type: 'DecidedToAssess', date: '2025-04-01' }].map(ev);
    const opening = (id: string, reference: string): DecidedEvents => {
      const events = history.map((event) => ({ eventId: randomUUID(), event }));
      const { view, deadlines } = project(
        { id, reference, teamId: 'north', version: events.length },
        history,
        { today: '2025-04-01', finalPlanDays: 140 },
        undefined,
        events.map((e) => e.eventId),
      );
      return {
        caseId: id,
        expectedVersion: 0,
        opens: {
          reference,
          teamId: 'north',
          child: { givenName: 'New', familyName: 'Case', dateOfBirth: '2015-01-01' },
        },
        events,
        view,
        deadlines,
        actor: 'test',
      };
    };
    // A twin opened alone (createCaseWithHistory, the api's way): a case opened in a batch with others is written the same.
    const twin = await newCase(
      history.map((e) => e as unknown as Record<string, unknown>),
      '2025-04-01',
    );
    const [a, b] = [randomUUID(), randomUUID()];
    const persons = async () => (await db.dataSource.query(`SELECT count(*)::int AS n FROM person`))[0].n as number;
    const before = await persons();
    const out = await appendDecidedEvents(db.dataSource, [opening(a, 'OPEN-A'), opening(b, 'OPEN-B')], {
      synchronousCommit: false,
    });
    expect(out).toEqual([
      { outcome: 'committed', version: 2 },
      { outcome: 'committed', version: 2 },
    ]);
    expect(await persons()).toBe(before + 2);
    const { outbox: twinOutbox, ...twinRows } = await written(twin);
    for (const id of [a, b]) {
      const { outbox, ...rows } = await written(id);
      expect(rows).toEqual(twinRows);
      expect(outbox).toEqual(twinOutbox);
    }

    // The same id again, or the same reference in the team under another id: stale, nothing written, no person made.
    const again = await appendDecidedEvents(db.dataSource, [opening(a, 'OPEN-C'), opening(randomUUID(), 'OPEN-B')]);
    expect(again).toEqual([{ outcome: 'stale' }, { outcome: 'stale' }]);
    expect(await persons()).toBe(before + 2);
    const [n] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM ehc_case WHERE reference IN ('OPEN-B', 'OPEN-C')`,
    );
    expect(n.n).toBe(1);

    const append = await decided(
      a,
      { type: 'CaseworkerAssigned', date: '2025-04-02', caseworker: 'cw-1' },
      '2025-04-02',
    );
    await expect(appendDecidedEvents(db.dataSource, [append, opening(randomUUID(), 'OPEN-D')])).rejects.toBeInstanceOf(
      OpensAndAppends,
    );
  });
});
