import { Readable } from 'node:stream';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { rebuildProjections } from '../rebuild-projections.js';
import { fromRow, idsOf, type EventRow } from '../case-events.codec.js';
import { project } from '../projections.js';
import { demoHistory } from './demo-history.js';
import { importCases, IMPORT_BATCH_LINES } from './importer.js';

// The importer stores checked lines in batches (one statement per batch); each line stays whole or absent, and
// what a batch writes is what the line-by-line path writes (docs/architecture.md invariant 3: the projections are
// those rebuilt from the events).
const TODAY = '2025-12-31';
const opts = { actor: 'import', today: TODAY, finalPlanDays: 140, defaultTeam: 'north' };
const teams = [
  { id: 'north', caseworkers: ['cw-north-1'] },
  { id: 'south', caseworkers: ['cw-south-1'] },
];

describe('batched import', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('batchimport');
    await db.dataSource.query(`INSERT INTO team (id, name) VALUES ('north', 'North'), ('south', 'South')`);
  });
  afterAll(async () => {
    await db?.drop();
  });
  const run = (lines: string[], concurrency = 4) =>
    importCases(db.dataSource, Readable.from(lines), { ...opts, concurrency });
  const snapshot = async () => ({
    summaries: await db.dataSource.query(`SELECT * FROM case_summary ORDER BY case_id`),
    deadlines: await db.dataSource.query(`SELECT * FROM case_deadline ORDER BY case_id, deadline_id`),
    facts: await db.dataSource.query(`SELECT * FROM case_facts ORDER BY case_id`),
    adviceFacts: await db.dataSource.query(`SELECT * FROM case_advice_facts ORDER BY case_id, advice_id`),
  });

  it('more lines than a batch: every line stored once, with the projections a rebuild derives and an outbox row per armed deadline', async () => {
    const lines = [
      ...demoHistory({ from: '2023-01-01', today: TODAY, requestsPerMonth: 12, teams, seed: 7, referencePrefix: 'BI' }),
    ]
      .slice(0, IMPORT_BATCH_LINES * 2 + 17)
      .map((l) => JSON.stringify(l));
    const s = await run(lines);
    expect(s).toMatchObject({ accepted: lines.length, unchanged: 0, rejected: [] });
    const [counts] = await db.dataSource
      .query(`SELECT (SELECT count(*)::int FROM ehc_case) AS cases, (SELECT count(*)::int FROM person) AS persons,
      (SELECT count(*)::int FROM case_event) AS events, (SELECT count(*)::int FROM case_summary) AS summaries`);
    const events = lines.reduce((a, l) => a + (JSON.parse(l) as { events: unknown[] }).events.length, 0);
    expect(counts).toEqual({ cases: lines.length, persons: lines.length, events, summaries: lines.length });
    // Versions are gapless from 1 in every case, and the case's version is its last event's.
    const [gaps] = await db.dataSource.query(`SELECT count(*)::int AS n FROM ehc_case c
      WHERE c.version <> (SELECT count(*) FROM case_event e WHERE e.case_id = c.id) OR c.version <> (SELECT max(version) FROM case_event e WHERE e.case_id = c.id)`);
    expect(gaps.n).toBe(0);
    const [unarmed] = await db.dataSource.query(`SELECT count(*)::int AS n FROM case_deadline d
      WHERE d.met_on IS NULL AND d.status = 'pending' AND NOT EXISTS (SELECT 1 FROM deadline_outbox o WHERE o.case_id = d.case_id AND o.deadline_id = d.deadline_id)`);
    expect(unarmed.n).toBe(0);
    const imported = await snapshot();
    await rebuildProjections(db.dataSource, { today: TODAY, finalPlanDays: 140, fromScratch: true });
    const rebuilt = await snapshot();
    // The batch statement opens its cases without reading stored deadlines or events (a new case has none): every
    // deadline is new (generation 1), and the measure's facts are those refolded from case_event.
    expect(imported.deadlines.every((d: { generation: number }) => d.generation === 1)).toBe(true);
    expect(imported.facts.length).toBe(lines.length);
    expect(imported.adviceFacts.length).toBeGreaterThan(0);
    expect(rebuilt.facts).toEqual(imported.facts);
    expect(rebuilt.adviceFacts).toEqual(imported.adviceFacts);
    expect(rebuilt.summaries).toEqual(imported.summaries);
    expect(rebuilt.deadlines.map(({ generation: _g, ...d }: Record<string, unknown>) => d)).toEqual(
      imported.deadlines.map(({ generation: _g, ...d }: Record<string, unknown>) => d),
    );

    // The same file again: nothing changes, line by line.
    const again = await run(lines, 1);
    expect(again).toMatchObject({ accepted: 0, unchanged: lines.length, rejected: [] });
  });

  it('stores every deadline as derived, column by column, also those its record to the statement leaves out (deadlineRow)', async () => {
    const lines = [
      ...demoHistory({
        from: '2020-01-01',
        today: TODAY,
        requestsPerMonth: 20,
        teams,
        seed: 11,
        referencePrefix: 'BD',
      }),
    ]
      .slice(0, 150)
      .map((l) => JSON.stringify(l));
    expect(await run(lines)).toMatchObject({ accepted: lines.length, rejected: [] });
    const expected: Record<string, unknown>[] = [];
    for (const c of await db.dataSource.query(
      `SELECT id, reference, team_id, version FROM ehc_case WHERE reference LIKE 'BD%' ORDER BY id`,
    )) {
      const rows: EventRow[] = await db.dataSource.query(
        `SELECT event_id::text, type, business_date::text AS business_date, data FROM case_event WHERE case_id = $1 ORDER BY version`,
        [c.id],
      );
      const identity = { id: c.id, reference: c.reference, teamId: c.team_id, version: c.version };
      const { deadlines } = project(
        identity,
        rows.map(fromRow),
        { today: TODAY, finalPlanDays: 140 },
        undefined,
        idsOf(rows),
      );
      for (const d of [...deadlines].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
        expected.push({
          case_id: c.id,
          deadline_id: d.id,
          kind: d.kind,
          due: d.due,
          from_date: d.from,
          regulation: d.regulation,
          statutory: d.statutory,
          status: d.status,
          met_on: d.metOn ?? null,
          provider: d.subject?.provider ?? null,
          subject: d.subject ?? null,
          exception_ids: d.exceptionIds,
        });
    }
    const stored = await db.dataSource
      .query(`SELECT d.case_id, deadline_id, kind, due::text, from_date::text, regulation,
        statutory, status, met_on::text, provider, subject, exception_ids
      FROM case_deadline d JOIN ehc_case c ON c.id = d.case_id WHERE c.reference LIKE 'BD%' ORDER BY d.case_id, deadline_id COLLATE "C"`);
    expect(stored).toEqual(expected);
    // The lines hold every kind of row whose record leaves a column out (deadlineRow), and every kind that sends it.
    const some = (f: (d: Record<string, unknown>) => boolean) => expected.some(f);
    expect(some((d) => d.kind !== d.deadline_id) && some((d) => d.kind === d.deadline_id)).toBe(true);
    expect(some((d) => d.statutory === false) && some((d) => d.statutory === true)).toBe(true);
    expect(some((d) => d.provider !== null) && some((d) => d.subject !== null && d.provider === null)).toBe(true);
    expect(some((d) => d.met_on !== null) && some((d) => d.met_on === null)).toBe(true);
    expect(some((d) => (d.exception_ids as string[]).length > 0)).toBe(true);
  });

  it('a line repeated within one batch is stored once; a second line with the reference but other events is a conflict; a bad line leaves the others', async () => {
    const [a, b] = [
      ...demoHistory({
        from: '2024-01-01',
        today: TODAY,
        requestsPerMonth: 4,
        teams: [teams[0]!],
        seed: 11,
        referencePrefix: 'DUP',
      }),
    ].slice(0, 2);
    const line = JSON.stringify(a);
    const conflicting = JSON.stringify({ ...b, reference: a!.reference });
    const broken = JSON.stringify({
      ...a,
      reference: 'DUP-BROKEN',
      events: [{ type: 'DecidedToAssess', date: '2024-01-02' }],
    });
    const s = await run([line, line, conflicting, broken]);
    expect(s.accepted).toBe(1);
    expect(s.unchanged).toBe(1);
    expect(s.rejected).toEqual([
      { line: 3, reference: a!.reference, reason: expect.stringMatching(/^conflict/) },
      { line: 4, reference: 'DUP-BROKEN', reason: expect.stringMatching(/RequestReceived/) },
    ]);
    const [n] = await db.dataSource.query(`SELECT count(*)::int AS n FROM ehc_case WHERE reference = $1`, [
      a!.reference,
    ]);
    expect(n.n).toBe(1);
  });
});
