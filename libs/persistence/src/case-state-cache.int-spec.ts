import { randomUUID } from 'node:crypto';
import { deriveDeadlines, foldCase, inspectCase, type CaseEvent } from '@ehc/workflow';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import {
  CaseStateCache,
  createCaseWithHistory,
  executeCachedCommand,
  executeCaseCommand,
  inTransaction,
  loadCase,
  rebuildProjections,
  VersionConflict,
  CommandRejected,
  deadlineRowsKey,
  type StoredDeadlines,
} from './index.js';

const TODAY = '2025-09-30';
const ctx = { actor: 'test', today: TODAY };
const ev = (e: Record<string, unknown>) => e as unknown as CaseEvent;
/** The rows a StoredDeadlines key holds: [id, due, status, metOn, from, exceptionIds], in id order. */
const keyRows = (k: StoredDeadlines | undefined): string[][] =>
  k
    ? k.rows
        .split('\n')
        .filter(Boolean)
        .map((r) => r.split('\u0001'))
    : [];
const assign = (caseworker: string, date = '2025-04-02') => ev({ type: 'CaseworkerAssigned', date, caseworker });

/**
 * The api keeps folded cases by (case, version) in each process. These tests play two api processes (two caches,
 * or one cache and a writer without one) against one database: the version read from the database decides, so a
 * newer version written elsewhere is always read, and a command's result is cached only once it committed.
 */
describe('case state cache against real PostgreSQL (several api processes, one database)', () => {
  let db: TestDatabase;
  const newCase = async (reference: string) => {
    const id = randomUUID();
    await inTransaction(db.dataSource, (tx) =>
      createCaseWithHistory(
        tx,
        {
          id,
          reference,
          teamId: 'north',
          child: { givenName: 'Test', familyName: 'Child', dateOfBirth: '2015-01-01' },
          events: [
            { eventId: randomUUID(), event: ev({ type: 'RequestReceived', date: '2025-03-03', source: 'parent' }) },
            { eventId: randomUUID(), event: ev({ type: 'DecidedToAssess', date: '2025-04-01' }) },
          ],
        },
        ctx,
      ),
    );
    return id;
  };
  const stored = async (caseId: string): Promise<CaseEvent[]> =>
    (
      await db.dataSource.query(
        `SELECT type, business_date::text AS date, data FROM case_event WHERE case_id = $1 ORDER BY version`,
        [caseId],
      )
    ).map((r: { type: string; date: string; data: Record<string, unknown> }) =>
      ev({ ...r.data, type: r.type, date: r.date }),
    );
  const command = (caseId: string, expectedVersion: number, event: CaseEvent, cache?: CaseStateCache) =>
    executeCaseCommand(db.dataSource, { caseId, expectedVersion, eventId: randomUUID(), event }, ctx, { cache });
  const projections = async () =>
    JSON.stringify({
      s: await db.dataSource.query(
        `SELECT case_id, caseworker, stage, closed, received_on::text, next_deadline_id, next_due::text, flags, version FROM case_summary ORDER BY case_id`,
      ),
      d: await db.dataSource.query(
        `SELECT case_id, deadline_id, kind, due::text, from_date::text, status, met_on::text, provider, subject, exception_ids FROM case_deadline ORDER BY case_id, deadline_id`,
      ),
    });

  beforeAll(async () => {
    db = await createTestDatabase('statecache');
    await db.dataSource.query(`INSERT INTO team (id, name) VALUES ('north', 'North team')`);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('commands that start from the cached state give the view, deadlines and projections of a full replay', async () => {
    const cache = new CaseStateCache();
    const id = await newCase('CACHE-1');
    const events = [
      ev({ type: 'AdviceRequested', date: '2025-04-02', adviceId: 'ep', provider: 'psychology' }),
      ev({ type: 'AdviceRequested', date: '2025-04-03', adviceId: 'health', provider: 'health' }),
      // the rest of reg 6(1) before the decision whether to issue
      ev({ type: 'AdviceRequested', date: '2025-04-03', adviceId: 'family', provider: 'parent' }),
      ev({ type: 'AdviceRequested', date: '2025-04-03', adviceId: 'school', provider: 'education' }),
      ev({
        type: 'ExistingAdviceAgreed',
        date: '2025-04-03',
        provider: 'social-care',
        evidence: 'child-in-need assessment agreed sufficient',
      }),
      assign('cw-north-1', '2025-04-04'),
      ev({ type: 'AdviceReceived', date: '2025-05-01', adviceId: 'health' }),
      ev({ type: 'AdviceReceived', date: '2025-06-20', adviceId: 'ep' }),
      ev({ type: 'DecidedToIssue', date: '2025-07-01' }),
      ev({ type: 'DraftPlanIssued', date: '2025-07-10' }),
    ];
    let version = 2;
    for (const e of events) {
      const r = await command(id, version, e, cache);
      version = r.version;
      const history = await stored(id);
      expect(r.view).toEqual(inspectCase(history, ctx).view);
      expect(r.allowed).toEqual(inspectCase(history, ctx).allowed);
      expect(r.deadlines).toEqual(deriveDeadlines(history, ctx));
      expect(r.stream.events).toEqual(history);
      expect(cache.peek(id)?.version).toBe(version);
    }
    // Each command after the first found its starting state in the cache: no replay, no events read.
    expect(cache.stats.hits).toBe(events.length - 1);
    expect(cache.stats.misses).toBe(1);
    // The projections written from cached states equal the ones rebuilt from case_event alone (docs/architecture.md invariant 3).
    const live = await projections();
    await rebuildProjections(db.dataSource, { today: TODAY, fromScratch: true });
    expect(await projections()).toBe(live);
  });

  it('a newer version written by another process is read from the database, never served from the stale entry', async () => {
    const mine = new CaseStateCache();
    const id = await newCase('CACHE-2');
    expect((await loadCase(db.dataSource, id, { cache: mine }))!.stream.version).toBe(2);
    // Another api process (its own cache) reassigns the case twice.
    const other = new CaseStateCache();
    await command(id, 2, assign('cw-north-2'), other);
    await command(id, 3, assign('cw-north-3'), other);
    // This process still holds version 2, but is told the case is at 4 and reads only the two new events.
    expect(mine.peek(id)?.version).toBe(2);
    await expect(command(id, 2, assign('cw-north-1'), mine)).rejects.toEqual(new VersionConflict(4));
    expect(mine.stats.extended).toBe(1);
    const loaded = (await loadCase(db.dataSource, id, { cache: mine }))!;
    expect(loaded.stream.version).toBe(4);
    expect(loaded.stream.events).toEqual(await stored(id));
    // A command at the version it now knows lands and is the same as a replay.
    const r = await command(id, 4, assign('cw-north-1', '2025-04-03'), mine);
    expect(r.version).toBe(5);
    expect(r.view).toEqual(inspectCase(await stored(id), ctx).view);
    expect(r.view.caseworker).toBe('cw-north-1');
  });

  it('of two processes deciding at the same cached version, the loser caches nothing and stores nothing', async () => {
    const a = new CaseStateCache();
    const b = new CaseStateCache();
    const id = await newCase('CACHE-3');
    // Both have read the case at version 2 (so both pass the early version check) before either writes.
    const loadedA = (await loadCase(db.dataSource, id, { cache: a, eventId: randomUUID() }))!;
    const eventIdB = randomUUID();
    const loadedB = (await loadCase(db.dataSource, id, { cache: b, eventId: eventIdB }))!;
    await executeCaseCommand(
      db.dataSource,
      { caseId: id, expectedVersion: 2, eventId: randomUUID(), event: assign('cw-north-2') },
      ctx,
      { loaded: loadedA, cache: a },
    );
    const audit = {
      at: new Date(),
      userId: null,
      username: 'loser',
      role: 'caseworker',
      action: 'case.write',
      detail: { test: 'loser' },
      ip: null,
    };
    await expect(
      executeCaseCommand(
        db.dataSource,
        { caseId: id, expectedVersion: 2, eventId: eventIdB, event: assign('cw-north-3') },
        ctx,
        { loaded: loadedB, cache: b, audit },
      ),
    ).rejects.toEqual(new VersionConflict(3));
    expect(b.peek(id)?.version).toBe(2);
    expect((await loadCase(db.dataSource, id, { cache: b }))!.state).toBeDefined();
    expect(b.peek(id)?.version).toBe(3);
    expect(inspectCase(b.peek(id)!.state.entries, ctx).view.caseworker).toBe('cw-north-2');
    expect(await db.dataSource.query(`SELECT 1 FROM case_event WHERE event_id = $1`, [eventIdB])).toEqual([]);
    expect(await db.dataSource.query(`SELECT 1 FROM audit_event WHERE username = 'loser'`)).toEqual([]);
  });

  it('a refused command leaves the cache at the version it read', async () => {
    const cache = new CaseStateCache();
    const id = await newCase('CACHE-4');
    // reg 13(1): a final plan needs a draft first.
    await expect(
      command(id, 2, ev({ type: 'FinalPlanIssued', date: '2025-05-01', placement: 'mainstream' }), cache),
    ).rejects.toBeInstanceOf(CommandRejected);
    expect(cache.peek(id)?.version).toBe(2);
    expect(cache.peek(id)?.state.eventCount).toBe(2);
  });

  it('an entry for a version the database does not have (a restored database) is dropped and the stream read again', async () => {
    const cache = new CaseStateCache();
    const id = await newCase('CACHE-5');
    const invented = [...(await stored(id)), assign('cw-north-9'), assign('cw-north-8')];
    cache.put(id, { version: 4, state: foldCase(invented) });
    const loaded = (await loadCase(db.dataSource, id, { cache }))!;
    expect(loaded.stream.version).toBe(2);
    expect(loaded.stream.events).toEqual(await stored(id));
    expect(cache.peek(id)?.version).toBe(2);
  });

  it('the audit row commits in the command statement, with the event, and only when the event is appended', async () => {
    const id = await newCase('CACHE-6');
    const audit = {
      at: new Date('2025-09-30T10:00:00Z'),
      userId: null,
      username: 'auditor',
      role: 'team-manager',
      action: 'case.write',
      detail: { eventType: 'CaseworkerAssigned', version: 3 },
      ip: '10.0.0.1',
    };
    const eventId = randomUUID();
    const r = await executeCaseCommand(
      db.dataSource,
      { caseId: id, expectedVersion: 2, eventId, event: assign('cw-north-2') },
      ctx,
      { audit },
    );
    expect(r.audited).toBe(true);
    // Same inserting transaction (xmin) for the event and its audit row: they commit or roll back together.
    const rows = await db.dataSource.query(
      `SELECT a.username, a.role, a.action, a.case_id, a.detail, a.ip, a.xmin::text = ev.xmin::text AS same_tx
         FROM audit_event a, case_event ev WHERE a.username = 'auditor' AND ev.event_id = $1`,
      [eventId],
    );
    expect(rows).toEqual([
      {
        username: 'auditor',
        role: 'team-manager',
        action: 'case.write',
        case_id: id,
        detail: { eventType: 'CaseworkerAssigned', version: 3 },
        ip: '10.0.0.1',
        same_tx: true,
      },
    ]);
    // A retry of the same event is answered from what is stored: nothing new is written, so no second audit row here.
    const again = await executeCaseCommand(
      db.dataSource,
      { caseId: id, expectedVersion: 2, eventId, event: assign('cw-north-2') },
      ctx,
      { audit },
    );
    expect(again).toMatchObject({ idempotentReplay: true, version: 3 });
    expect(again.audited).toBeFalsy();
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE username = 'auditor'`)).toEqual([
      { n: 1 },
    ]);
  });

  it('a command decided on a cached state writes only if the database is at that version and the preconditions hold', async () => {
    const mine = new CaseStateCache();
    const id = await newCase('CACHE-7');
    await db.dataSource.query(`INSERT INTO app_user (username, display_name, role, team_id, password_hash) VALUES
      ('cw-north-1', 'North One', 'caseworker', 'north', 'x'), ('cw-gone', 'Gone', 'caseworker', 'north', 'x')
      ON CONFLICT (username) DO NOTHING`);
    await db.dataSource.query(`UPDATE app_user SET disabled = true WHERE username = 'cw-gone'`);
    const direct = (
      expectedVersion: number,
      event: CaseEvent,
      pre: { teamId: string; user?: { username: string; roles: string[] } },
    ) =>
      executeCachedCommand(db.dataSource, { caseId: id, expectedVersion, eventId: randomUUID(), event }, ctx, {
        cache: mine,
        pre,
      });
    const roles = ['caseworker', 'team-manager'];
    // Not cached yet: no answer, nothing read or written.
    expect(await direct(2, assign('cw-north-1'), { teamId: 'north' })).toBeNull();
    await loadCase(db.dataSource, id, { cache: mine });
    // Cached at 2, but the case is another team's, or the caseworker named is disabled or unknown: nothing written.
    expect(await direct(2, assign('cw-north-1'), { teamId: 'south' })).toBeNull();
    expect(await direct(2, assign('cw-gone'), { teamId: 'north', user: { username: 'cw-gone', roles } })).toBeNull();
    expect(await direct(2, assign('nobody'), { teamId: 'north', user: { username: 'nobody', roles } })).toBeNull();
    // The statechart refuses (reg 13(1): no final plan before a draft): no answer either; the full path explains.
    expect(
      await direct(2, ev({ type: 'FinalPlanIssued', date: '2025-05-01', placement: 'mainstream' }), {
        teamId: 'north',
      }),
    ).toBeNull();
    expect((await stored(id)).length).toBe(2);
    // Another process moves the case on; this cache still holds version 2, and the database's check refuses it.
    await command(id, 2, assign('cw-north-2'));
    expect(
      await direct(2, assign('cw-north-1'), { teamId: 'north', user: { username: 'cw-north-1', roles } }),
    ).toBeNull();
    expect((await stored(id)).length).toBe(3);
    expect(mine.peek(id)?.version).toBe(2);
    // At the version the database has, it writes, caches the result and names the caseworker.
    await loadCase(db.dataSource, id, { cache: mine });
    const done = await direct(3, assign('cw-north-1'), { teamId: 'north', user: { username: 'cw-north-1', roles } });
    expect(done?.result.version).toBe(4);
    expect(done?.caseworkerName).toBe('North One');
    expect(done?.result.view).toEqual(inspectCase(await stored(id), ctx).view);
    expect(mine.peek(id)?.version).toBe(4);
    expect(mine.stats.direct).toBe(1);
  });

  /** case_deadline's decision-to-assess row of the case. */
  const decisionDeadline = async (id: string) =>
    (
      await db.dataSource.query(
        `SELECT status, met_on::text AS met_on FROM case_deadline WHERE case_id = $1 AND deadline_id = 'decision-to-assess'`,
        [id],
      )
    )[0];
  /**
   * What another writer of a case's deadline rows does (the deadline worker's projection refresh): the case row
   * updated to itself first, as every such writer does (projectionCtes), then a deadline rewritten without a new
   * version — here to a wrong value, which a command diffing against the rows as committed puts right.
   */
  const rewriteDeadline = async (sql: { query: (q: string, p: unknown[]) => Promise<unknown> }, id: string) => {
    await sql.query(`UPDATE ehc_case SET version = version WHERE id = $1`, [id]);
    await sql.query(
      `UPDATE case_deadline SET status = 'pending', met_on = NULL WHERE case_id = $1 AND deadline_id = 'decision-to-assess'`,
      [id],
    );
  };
  /** A command on the case from the cached state alone (executeCachedCommand), as the north team's api sends it. */
  const directOn = (id: string, cache: CaseStateCache) => (expectedVersion: number, event: CaseEvent) =>
    executeCachedCommand(db.dataSource, { caseId: id, expectedVersion, eventId: randomUUID(), event }, ctx, {
      cache,
      pre: { teamId: 'north' },
    });
  /**
   * Runs `write` (a command) while another writer, like the deadline worker's projection refresh, holds the case row,
   * updated to itself as every writer of deadline rows does (projectionCtes), and rewrites a deadline without a new
   * version, to a wrong value a command diffing against the rows as committed would put right. The writer commits once
   * the command's statement is queued behind its lock (so that statement's snapshot is older than the commit).
   */
  async function behindOtherWriter<T>(id: string, write: () => Promise<T>): Promise<T> {
    const other = db.dataSource.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    await rewriteDeadline(other, id);
    const pending = write();
    for (let i = 0; i < 200; i++) {
      const [{ n }] = await db.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (n > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await other.commitTransaction();
    await other.release();
    return pending;
  }

  it('a command that waited for the case lock diffs its deadlines against the rows as committed, not as its snapshot saw them', async () => {
    const id = await newCase('CACHE-8');
    // reg 5(1): the decision to assess was made on 2025-04-01, so its deadline is met.
    expect(await decisionDeadline(id)).toEqual({ status: 'met', met_on: '2025-04-01' });
    expect((await behindOtherWriter(id, () => command(id, 2, assign('cw-north-2')))).version).toBe(3);
    // CaseworkerAssigned does not change this deadline: the command saw the row as committed and rewrote it.
    expect(await decisionDeadline(id)).toEqual({ status: 'met', met_on: '2025-04-01' });
  });

  it('a command statement that began before another writer of the case row committed writes nothing (its deadline rows are read unlocked, as of its snapshot)', async () => {
    const id = await newCase('CACHE-9');
    const cache = new CaseStateCache();
    await loadCase(db.dataSource, id, { cache });
    // The api's one-statement path, decided on the cached case at version 2: its snapshot predates the writer's commit.
    const direct = () =>
      executeCachedCommand(
        db.dataSource,
        { caseId: id, expectedVersion: 2, eventId: randomUUID(), event: assign('cw-north-2') },
        ctx,
        { cache, pre: { teamId: 'north' } },
      );
    // Same version, but the row changed after the statement's snapshot: stale, nothing written (the api then runs
    // the full path, which reads the case again).
    expect(await behindOtherWriter(id, direct)).toBeNull();
    expect((await stored(id)).length).toBe(2);
    expect(await decisionDeadline(id)).toEqual({ status: 'pending', met_on: null });
    // Decided again on a statement that begins now, it sees the committed rows and puts the deadline right.
    expect((await command(id, 2, assign('cw-north-2'), cache)).version).toBe(3);
    expect(await decisionDeadline(id)).toEqual({ status: 'met', met_on: '2025-04-01' });
  });

  it('a command that leaves the deadline rows as its own last command wrote them reads and writes none, and only while nobody has rewritten them since', async () => {
    const id = await newCase('CACHE-10');
    const cache = new CaseStateCache();
    await loadCase(db.dataSource, id, { cache });
    const direct = directOn(id, cache);
    // Read, not written here: the rows are not known, so the statement diffs them; once it commits they are known.
    expect(cache.peek(id)?.storedDeadlines).toBeUndefined();
    expect((await direct(2, assign('cw-north-1')))?.result.version).toBe(3);
    const known = cache.peek(id)?.storedDeadlines;
    expect(known?.rows).toBe(deadlineRowsKey(deriveDeadlines(await stored(id), ctx)));
    const [{ xmin }] = await db.dataSource.query(`SELECT xmin::text AS xmin FROM ehc_case WHERE id = $1`, [id]);
    expect(known?.xmin).toBe(xmin);
    // A page read of that version keeps what the command knew.
    await loadCase(db.dataSource, id, { cache });
    expect(cache.peek(id)?.storedDeadlines).toBe(known);

    // Another writer rewrites a deadline row, updating the case row to itself first as every writer of deadline rows
    // does (the deadline worker's refresh): what this process knows is out of date, the statement finds the case row
    // changed and writes nothing (the api then runs the full path).
    await rewriteDeadline(db.dataSource, id);
    expect(await direct(3, assign('cw-north-2'))).toBeNull();
    expect((await stored(id)).length).toBe(3);
    // The full path diffs against the rows as stored and puts the deadline right; the rows are known again.
    expect((await command(id, 3, assign('cw-north-2'), cache)).version).toBe(4);
    expect(await decisionDeadline(id)).toEqual({ status: 'met', met_on: '2025-04-01' });

    // Known and left as they are by a reassignment: the statement does not touch them. (Shown by a probe that breaks
    // the rule every writer keeps — a row deleted without touching the case row — which a statement that read the
    // rows would put back.)
    await db.dataSource.query(`DELETE FROM case_deadline WHERE case_id = $1 AND deadline_id = 'decision-to-assess'`, [
      id,
    ]);
    expect((await direct(4, assign('cw-north-1')))?.result.version).toBe(5);
    expect(await decisionDeadline(id)).toBeUndefined();
    // A command that changes a deadline row is diffed as always (reg 6(1): the advice requested starts its clock).
    const advice = ev({ type: 'AdviceRequested', date: '2025-04-02', adviceId: 'ep', provider: 'psychology' });
    expect((await direct(5, advice))?.result.version).toBe(6);
    expect(await decisionDeadline(id)).toEqual({ status: 'met', met_on: '2025-04-01' });
    const rows = await db.dataSource.query(
      `SELECT deadline_id, due::text AS due, status FROM case_deadline WHERE case_id = $1 ORDER BY deadline_id`,
      [id],
    );
    expect(rows).toEqual(
      deriveDeadlines(await stored(id), ctx)
        .map((d) => ({ deadline_id: d.id, due: d.due, status: d.status }))
        .sort((a, b) => a.deadline_id.localeCompare(b.deadline_id)),
    );
  });

  it('the case page read keeps the deadline rows it found with the case row, so the command after it can skip them', async () => {
    const id = await newCase('CACHE-11');
    const cache = new CaseStateCache();
    const direct = directOn(id, cache);
    const page = () => loadCase(db.dataSource, id, { cache, visibleTo: 'north', storedDeadlines: true });
    await page();
    const [{ xmin }] = await db.dataSource.query(`SELECT xmin::text AS xmin FROM ehc_case WHERE id = $1`, [id]);
    const known = cache.peek(id)?.storedDeadlines;
    expect(known?.xmin).toBe(xmin);
    const rows = await db.dataSource.query(`SELECT deadline_id FROM case_deadline WHERE case_id = $1`, [id]);
    expect(keyRows(known).map(([deadlineId]) => deadlineId)).toEqual(
      rows.map((r: { deadline_id: string }) => r.deadline_id).sort(),
    );
    expect(
      keyRows(known)
        .find(([deadlineId]) => deadlineId === 'decision-to-assess')
        ?.slice(2, 4),
    ).toEqual(['met', '2025-04-01']);
    // The rows as read give the key a command's decision gives when it changes nothing (else none would skip them).
    expect(known?.rows).toBe(deadlineRowsKey(deriveDeadlines(await stored(id), ctx)));
    // A read without the option keeps what an earlier read found (same version).
    await loadCase(db.dataSource, id, { cache });
    expect(cache.peek(id)?.storedDeadlines).toBe(known);

    // Rewritten by another writer after the read: the command finds the case row changed, writes nothing.
    await rewriteDeadline(db.dataSource, id);
    expect(await direct(2, assign('cw-north-1'))).toBeNull();
    expect((await stored(id)).length).toBe(2);
    // Read again, the page finds the rewritten row: the command's decision differs from it (the deadline was met),
    // so its statement diffs and puts it right.
    await page();
    expect(
      keyRows(cache.peek(id)?.storedDeadlines).find(([deadlineId]) => deadlineId === 'decision-to-assess')?.[2],
    ).toBe('pending');
    expect((await direct(2, assign('cw-north-1')))?.result.version).toBe(3);
    expect(await decisionDeadline(id)).toEqual({ status: 'met', met_on: '2025-04-01' });
    // Read and left as they are: the command does not touch them (the probe of the test above).
    await page();
    await db.dataSource.query(`DELETE FROM case_deadline WHERE case_id = $1 AND deadline_id = 'decision-to-assess'`, [
      id,
    ]);
    expect((await direct(3, assign('cw-north-2')))?.result.version).toBe(4);
    expect(await decisionDeadline(id)).toBeUndefined();
  });
});
