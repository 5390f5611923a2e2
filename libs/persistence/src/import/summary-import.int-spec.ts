import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { computeTimeliness, timelinessCases, type MeasureEventRow } from '@ehc/measures';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { executeCaseCommand, loadCase } from '../index.js';
import { importCases } from './importer.js';
import { timelinessCasesFromSql, timelinessFromSql } from '../measures/timeliness.sql.js';

// Summary histories from an old system ("mode":"summary") import as migrated records, with
// provenance, checked for what their data allows; the measure counts them as DfE would; live work keeps the rules.
const TODAY = '2026-12-02';
const opts = { actor: 'import', today: TODAY, defaultTeam: 'north' };

/** The README's own import example, joined into the one line a file would hold. */
function readmeExample(): string {
  const readme = readFileSync(resolve('README.md'), 'utf8');
  const block = /## Import format[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)![1]!;
  return block
    .split('\n')
    .map((l) => l.trim())
    .join('');
}

const child = { givenName: 'Test', familyName: 'Child', dateOfBirth: '2015-03-02' };
const summary = (reference: string, events: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ reference, team: 'north', mode: 'summary', source: 'Capita One', child, events, ...extra });
const request = (date: string) => ({ type: 'RequestReceived', date, source: 'parent' });

describe('summary histories migrated from an old system', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('summaryimport');
    await db.dataSource.query(`INSERT INTO team (id, name) VALUES ('north', 'North')`);
  });
  afterAll(async () => {
    await db?.drop();
  });
  const run = (lines: string[]) => importCases(db.dataSource, Readable.from(lines), opts);
  const rowsOf = async (): Promise<MeasureEventRow[]> =>
    (
      await db.dataSource.query(`
    SELECT e.case_id AS "caseId", e.event_id AS "eventId", c.reference, c.team_id AS "teamId", e.version, e.type,
           e.business_date::text AS date, e.data, e.recorded_at AS "recordedAt"
    FROM case_event e JOIN ehc_case c ON c.id = e.case_id ORDER BY e.position`)
    ).map((r: MeasureEventRow & { recordedAt: Date }) => ({ ...r, recordedAt: new Date(r.recordedAt).toISOString() }));

  it('the README example imports as a migrated summary; in full mode the same events are refused (no draft plan)', async () => {
    const line = readmeExample();
    expect(JSON.parse(line)).toMatchObject({ mode: 'summary' });
    const full = JSON.stringify({ ...JSON.parse(line), mode: undefined, source: undefined, reference: 'WCC-FULL-1' });
    const s = await run([line, full]);
    expect(s.accepted).toBe(1);
    expect(s.rejected).toEqual([
      { line: 2, reference: 'WCC-FULL-1', reason: expect.stringMatching(/FinalPlanIssued/) },
    ]);
    const [stored] = await db.dataSource
      .query(`SELECT e.type, e.business_date::text AS date, e.data, e.actor FROM case_event e
      JOIN ehc_case c ON c.id = e.case_id WHERE c.reference = 'WCC-2024-0001' ORDER BY e.version DESC LIMIT 1`);
    // provenance: the log says which events were migrated, from where, and by the importer
    expect(stored).toEqual({
      type: 'HistoryMigrated',
      date: '2024-05-20',
      data: { mode: 'summary', source: 'Old SEN system' },
      actor: 'import',
    });
    const [summaryRow] = await db.dataSource
      .query(`SELECT stage, received_on::text AS received, final_issued_on::text AS final FROM case_summary s
      JOIN ehc_case c ON c.id = s.case_id WHERE c.reference = 'WCC-2024-0001'`);
    expect(summaryRow).toEqual({ stage: 'plan-issued', received: '2024-01-08', final: '2024-05-20' });
    // importing it again changes nothing
    expect(await run([line])).toMatchObject({ accepted: 0, unchanged: 1 });
  });

  it('is counted in the measure like any plan (SEN2: request and plan dates), in the reference and the SQL alike', async () => {
    const q = { from: '2024-01-01', to: '2024-12-31', today: TODAY };
    const rows = await rowsOf();
    const expected = computeTimeliness(rows, q);
    // 2024-01-08 to 2024-05-20: 133 days, within 20 weeks
    expect(timelinessCases(rows, q).find((c) => c.reference === 'WCC-2024-0001')).toMatchObject({
      elapsedDays: 133,
      within20Weeks: true,
      countedIncludingExceptions: true,
    });
    await db.dataSource.transaction(async (m) => {
      const run = (sql: string, p: unknown[]) => m.query(sql, p);
      expect(await timelinessFromSql(run, q)).toEqual(expected);
      expect(await timelinessCasesFromSql(run, q)).toEqual(timelinessCases(rows, q));
    });
  });

  it('checks what the data allows: date order, a plan only after a decision to assess, eligibility; naming the event', async () => {
    const s = await run([
      summary('SUM-ORDER', [
        request('2024-03-01'),
        { type: 'DecidedToAssess', date: '2024-04-01' },
        { type: 'FinalPlanIssued', date: '2024-03-20', placement: 'mainstream' },
      ]),
      summary('SUM-BEFORE', [request('2024-03-01'), { type: 'DecidedToAssess', date: '2024-02-01' }]),
      summary('SUM-NODECISION', [
        request('2024-03-01'),
        { type: 'FinalPlanIssued', date: '2024-07-01', placement: 'mainstream' },
      ]),
      summary('SUM-REFUSED', [
        request('2024-03-01'),
        { type: 'DecidedNotToAssess', date: '2024-04-01', reasons: 'r' },
        { type: 'FinalPlanIssued', date: '2024-07-01', placement: 'mainstream' },
      ]),
      summary('SUM-UNBORN', [request('2014-03-01')]),
      summary('SUM-25', [request('2040-03-02')]),
      summary('SUM-FUTURE', [request('2027-01-04')]),
      summary('SUM-ADVICE', [
        request('2024-03-01'),
        { type: 'AdviceRequested', date: '2024-04-01', adviceId: 'a', provider: 'health' },
      ]),
      summary('SUM-MARKER', [
        request('2024-03-01'),
        { type: 'HistoryMigrated', date: '2024-03-01', mode: 'summary', source: 'x' },
      ]),
      JSON.stringify({ reference: 'SUM-SOURCE-FULL', source: 'x', child, events: [request('2024-03-01')] }),
    ]);
    expect(s.accepted).toBe(0);
    const reasons = Object.fromEntries(s.rejected.map((r) => [r.reference, r.reason]));
    expect(reasons['SUM-ORDER']).toMatch(/events\[2\] \(FinalPlanIssued\).*dated before the previous step/);
    expect(reasons['SUM-BEFORE']).toMatch(/events\[1\] \(DecidedToAssess\).*before the request/);
    expect(reasons['SUM-NODECISION']).toMatch(/events\[1\] \(FinalPlanIssued\).*awaiting-decision-to-assess/);
    expect(reasons['SUM-REFUSED']).toMatch(/events\[2\] \(FinalPlanIssued\).*not-assessing/);
    expect(reasons['SUM-UNBORN']).toMatch(/dateOfBirth is after the request/);
    expect(reasons['SUM-25']).toMatch(/25 or older/);
    expect(reasons['SUM-FUTURE']).toMatch(/after today/);
    expect(reasons['SUM-ADVICE']).toMatch(/AdviceRequested is not part of a summary/);
    expect(reasons['SUM-MARKER']).toMatch(/HistoryMigrated is written by the importer/);
    expect(reasons['SUM-SOURCE-FULL']).toMatch(/source is for mode "summary" only/);
    for (const reason of Object.values(reasons)) expect(reason).not.toMatch(/Test|Child/);
  });

  it('a migrated case still being assessed continues as live casework under the full rules', async () => {
    const s = await run([
      summary('SUM-OPEN', [request('2026-09-01'), { type: 'DecidedToAssess', date: '2026-10-05' }]),
    ]);
    expect(s.accepted).toBe(1);
    const [{ id }] = await db.dataSource.query(`SELECT id FROM ehc_case WHERE reference = 'SUM-OPEN'`);
    const loaded = (await loadCase(db.dataSource, id))!;
    expect(loaded.stream.version).toBe(3);
    const cmd = (version: number, event: Record<string, unknown>) =>
      executeCaseCommand(
        db.dataSource,
        { caseId: id, expectedVersion: version, eventId: crypto.randomUUID(), event: event as never },
        { actor: 'cw', today: TODAY },
      );
    // the full rules: a final plan needs a draft served 15 days before it, as on any live case
    await expect(cmd(3, { type: 'FinalPlanIssued', date: '2026-11-30', placement: 'mainstream' })).rejects.toThrow(
      /FinalPlanIssued is not allowed while the case is assessing/,
    );
    const r = await cmd(3, { type: 'AdviceRequested', date: '2026-10-06', adviceId: 'ep-1', provider: 'psychology' });
    expect(r.view).toMatchObject({
      stage: 'assessing',
      migrated: { mode: 'summary', source: 'Capita One', throughDate: '2026-10-05' },
    });
    // and the importer's marker can never be recorded as a command
    await expect(cmd(4, { type: 'HistoryMigrated', date: '2026-10-06', mode: 'summary', source: 'x' })).rejects.toThrow(
      /not allowed/,
    );
  });
});
