import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import {
  addDays,
  applyCorrections,
  asAtCutoff,
  byCodeUnit,
  computeTimeliness,
  foldCases,
  TRIBUNAL_NO_PLAN_DAYS,
  timelinessCases,
  type MeasureEventRow,
  type TimelinessQuery,
} from '@ehc/measures';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import {
  plainReferenceSql,
  timelinessCasesFromSql,
  timelinessFromSql,
  timelinessHeadlineFromSql,
} from './timeliness.sql.js';
import { caseFactsWriteCtes, refreshCaseFacts } from './case-facts.sql.js';

/*
 * docs/architecture.md invariant 6: the SQL the API runs equals the pure reference on generated histories. Every run inserts
 * its cases inside a transaction that is rolled back (case_event is append-only), so runs never see each other.
 */

const BASE = '2024-06-01';
// offsets that sit on every boundary of the measure (6, 16, 20, 52 weeks, the 28-day draft-to-final allowance)
const offset = fc.oneof(
  fc.constantFrom(0, 27, 28, 29, 42, 43, 111, 112, 113, 139, 140, 141, 364, 365),
  fc.integer({ min: 0, max: 420 }),
);
const teams = ['north', 'south'] as const;
const providers = ['psychology', 'health', 'education', 'social-care', 'parent'] as const;
const kinds = [
  'school-closure',
  'absent-from-area',
  'exceptional-personal-circumstances',
  'missed-appointment',
] as const;
const limits = ['final-plan', 'decision-to-assess', 'advice', 'no-plan-notice'] as const;
const against = [
  'refusal-to-assess',
  'refusal-to-issue',
  'plan-content',
  'plan-school',
  'amendment',
  'ceasing',
] as const;
/** an absolute date across the generated histories (exception periods, mediation meetings) */
const genDate = fc.integer({ min: 0, max: 1000 }).map((d) => addDays(BASE, d));

type GenEvent = { type: string; offset: number; data: Record<string, unknown>; delayDays: number; minute: number };

const withData = (type: string, data: fc.Arbitrary<Record<string, unknown>>) =>
  fc.record({
    type: fc.constant(type),
    offset,
    data,
    delayDays: fc.integer({ min: 0, max: 60 }),
    // recorded around London and UTC midnights most of the time, so the as-at cut-off is exercised
    minute: fc.oneof(fc.integer({ min: 22 * 60, max: 24 * 60 + 90 }), fc.integer({ min: 0, max: 24 * 60 - 1 })),
  });
const none = fc.constant({});

const genEvent: fc.Arbitrary<GenEvent> = fc.oneof(
  { weight: 4, arbitrary: withData('RequestReceived', fc.constant({ source: 'parent' })) },
  { weight: 12, arbitrary: withData('FinalPlanIssued', fc.constant({ placement: 'mainstream' })) },
  { weight: 8, arbitrary: withData('DecidedToAssess', none) },
  { weight: 2, arbitrary: withData('DecidedNotToAssess', fc.constant({ reasons: 'r' })) },
  { weight: 4, arbitrary: withData('DecidedToIssue', none) },
  { weight: 2, arbitrary: withData('DecidedNotToIssue', fc.constant({ reasons: 'r' })) },
  { weight: 6, arbitrary: withData('DraftPlanIssued', none) },
  {
    weight: 8,
    arbitrary: withData(
      'AdviceRequested',
      fc.record(
        {
          adviceId: fc.constantFrom('a1', 'a2', 'a3'),
          provider: fc.constantFrom(...providers),
          receivedByProvider: fc.option(
            fc.integer({ min: 0, max: 420 }).map((d) => addDays(BASE, d)),
            { nil: undefined },
          ),
        },
        { requiredKeys: ['adviceId', 'provider'] },
      ),
    ),
  },
  {
    weight: 8,
    arbitrary: withData('AdviceReceived', fc.record({ adviceId: fc.constantFrom('a1', 'a2', 'a3', 'zz') })),
  },
  {
    weight: 6,
    arbitrary: withData(
      'ExceptionRecorded',
      fc.record(
        {
          exceptionId: fc.constantFrom('x1', 'x2'),
          kind: fc.constantFrom(...kinds),
          fromOffset: offset,
          toOffset: offset,
          appliesTo: fc.subarray([...limits]),
          evidence: fc.constant('e'),
          reasonLimitImpractical: fc.constantFrom('away', 'ill', 'away'),
        },
        { requiredKeys: ['exceptionId', 'kind', 'fromOffset', 'toOffset', 'appliesTo', 'evidence'] },
      ),
    ),
  },
  {
    weight: 2,
    arbitrary: withData(
      'ExceptionWithdrawn',
      fc.record({ exceptionId: fc.constantFrom('x1', 'x2', 'x3'), reason: fc.constant('error') }),
    ),
  },
  // disputes: about this assessment or something else; a mediation's meeting held (or not yet)
  {
    weight: 2,
    arbitrary: withData(
      'MediationStarted',
      fc.record({ against: fc.constantFrom(...against), meetingHeldOnOffset: offset }, { requiredKeys: ['against'] }),
    ),
  },
  { weight: 2, arbitrary: withData('TribunalAppealRegistered', fc.record({ against: fc.constantFrom(...against) })) },
  { weight: 1, arbitrary: withData('TribunalOrderMade', fc.constant({ order: 'assess' })) },
  { weight: 1, arbitrary: withData('AppealNotOpposed', fc.constant({ against: 'refusal-to-assess' })) },
  { weight: 1, arbitrary: withData('RequestWithdrawn', fc.constant({ reason: 'r' })) },
  { weight: 1, arbitrary: withData('MovedOutOfArea', none) },
  // corrections: `target` picks an earlier event of the stream (sometimes itself a correction, which the
  // measure must ignore); made `after` days after the target was recorded; the new date and fields are optional
  {
    weight: 4,
    arbitrary: withData(
      'EventCorrected',
      fc.record({
        target: fc.nat(),
        after: fc.integer({ min: 0, max: 60 }),
        correction: fc.record(
          {
            dateOffset: offset,
            appliesTo: fc.subarray([...limits]),
            kind: fc.constantFrom(...kinds),
            provider: fc.constantFrom(...providers),
            exceptionId: fc.constantFrom('x1', 'x2'),
            adviceId: fc.constantFrom('a1', 'a2'),
            from: genDate,
            to: genDate,
            reasonLimitImpractical: fc.constantFrom('away', 'ill'),
            meetingHeldOn: genDate,
            against: fc.constantFrom(...against),
          },
          { requiredKeys: [] },
        ),
      }),
    ),
  },
  {
    weight: 2,
    arbitrary: withData('EventRetracted', fc.record({ target: fc.nat(), after: fc.integer({ min: 0, max: 60 }) })),
  },
);

/** An advice round: the request (maybe received by the provider a few days later) and its return around 6 weeks on. */
const genAdviceRound: fc.Arbitrary<GenEvent[]> = fc
  .record({
    requested: offset,
    adviceId: fc.constantFrom('a1', 'a2', 'a3'),
    provider: fc.constantFrom(...providers),
    providerDelay: fc.option(fc.integer({ min: 0, max: 7 }), { nil: undefined }),
    took: fc.oneof(fc.constantFrom(41, 42, 43), fc.integer({ min: 0, max: 120 })),
    delayDays: fc.integer({ min: 0, max: 20 }),
    minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
  })
  .map((a) => {
    const start = a.requested + (a.providerDelay ?? 0);
    return [
      {
        type: 'AdviceRequested',
        offset: a.requested,
        delayDays: a.delayDays,
        minute: a.minute,
        data: {
          adviceId: a.adviceId,
          provider: a.provider,
          ...(a.providerDelay === undefined ? {} : { receivedByProviderOffset: start }),
        },
      },
      {
        type: 'AdviceReceived',
        offset: start + a.took,
        delayDays: a.delayDays,
        minute: a.minute,
        data: { adviceId: a.adviceId },
      },
    ];
  });

/** A late plan with an exception to its 20-week limit covering part of the lateness ("covers N of M days late"). */
const genExceptedLatePlan: fc.Arbitrary<GenEvent[]> = fc
  .record({
    from: fc.integer({ min: 0, max: 200 }),
    length: fc.integer({ min: 1, max: 90 }),
    final: fc.integer({ min: 141, max: 420 }),
    reason: fc.option(fc.constantFrom('away', 'ill'), { nil: undefined }),
    minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
  })
  .map((x) => [
    {
      type: 'ExceptionRecorded',
      offset: x.from,
      delayDays: 0,
      minute: x.minute,
      data: {
        exceptionId: 'x3',
        kind: 'exceptional-personal-circumstances',
        fromOffset: x.from,
        toOffset: x.from + x.length,
        appliesTo: ['final-plan'],
        evidence: 'e',
        reasonLimitImpractical: x.reason,
      },
    },
    { type: 'FinalPlanIssued', offset: x.final, delayDays: 0, minute: x.minute, data: { placement: 'mainstream' } },
  ]);

interface GenCase {
  team: string;
  receivedOffset: number;
  hasRequest: boolean;
  events: GenEvent[];
}

const genCase: fc.Arbitrary<GenCase> = fc.record({
  team: fc.constantFrom(...teams),
  receivedOffset: fc.integer({ min: 0, max: 500 }),
  // nearly every case starts with its request; a few exercise the "no request date" exclusion
  hasRequest: fc.oneof({ weight: 12, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  events: fc
    .array(
      fc.oneof(
        { weight: 12, arbitrary: genEvent.map((e) => [e]) },
        { weight: 2, arbitrary: genAdviceRound },
        { weight: 1, arbitrary: genExceptedLatePlan },
      ),
      { maxLength: 12, size: 'max' },
    )
    .map((groups) => groups.flat()),
});
const recordedAt = (date: string, delayDays: number, minute: number) =>
  new Date(Date.parse(`${addDays(date, delayDays)}T00:00:00.000Z`) + minute * 60_000).toISOString();

/** A generated correction: its date offset becomes the corrected legal date; the other fields replace the event's. */
function correctionOf({ dateOffset, ...fields }: Record<string, unknown>, received: string): Record<string, unknown> {
  return { ...(typeof dateOffset === 'number' ? { date: addDays(received, dateOffset) } : {}), ...fields };
}

/** Turns generated cases into event rows: version = position in the stream; dates relative to the request. */
function toRows(cases: GenCase[]): MeasureEventRow[] {
  const rows: MeasureEventRow[] = [];
  cases.forEach((c, i) => {
    const caseId = randomUUID();
    const received = addDays(BASE, c.receivedOffset);
    const stream: GenEvent[] = c.hasRequest
      ? [{ type: 'RequestReceived', offset: 0, data: { source: 'parent' }, delayDays: 0, minute: 600 }, ...c.events]
      : c.events;
    const caseRows: MeasureEventRow[] = [];
    for (const e of stream) {
      const row = {
        caseId,
        eventId: randomUUID(),
        reference: `G-${String(i).padStart(3, '0')}`,
        teamId: c.team,
        version: caseRows.length + 1,
      };
      if (e.type === 'EventCorrected' || e.type === 'EventRetracted') {
        if (caseRows.length === 0) continue; // nothing to correct yet
        const {
          target: t,
          after,
          correction,
        } = e.data as { target: number; after: number; correction?: Record<string, unknown> };
        const target = caseRows[t % caseRows.length]!;
        const date = addDays(target.recordedAt.slice(0, 10), after);
        const data: Record<string, unknown> =
          e.type === 'EventCorrected'
            ? { corrects: target.eventId, reason: 'wrong on entry', correction: correctionOf(correction!, received) }
            : { retracts: target.eventId, reason: 'recorded in error' };
        caseRows.push({ ...row, type: e.type, date, data, recordedAt: recordedAt(date, 0, e.minute) });
        continue;
      }
      const date = addDays(received, e.offset);
      // fields generated as offsets from the request (receivedByProviderOffset, fromOffset, …) become dates
      const data = Object.fromEntries(
        Object.entries(e.data)
          .filter(([, x]) => x !== undefined)
          .map(([k, x]) =>
            k.endsWith('Offset') && typeof x === 'number'
              ? [k.slice(0, -'Offset'.length), addDays(received, x)]
              : [k, x],
          ),
      );
      caseRows.push({ ...row, type: e.type, date, data, recordedAt: recordedAt(date, e.delayDays, e.minute) });
    }
    rows.push(...caseRows);
  });
  return rows;
}

const genQuery: fc.Arbitrary<TimelinessQuery> = fc
  .record({
    fromOffset: fc.integer({ min: 150, max: 600 }),
    length: fc.oneof(
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 90 }) },
      { weight: 3, arbitrary: fc.integer({ min: 90, max: 500 }) },
    ),
    todayOffset: fc.integer({ min: 0, max: 1000 }),
    team: fc.option(fc.constantFrom(...teams), { nil: undefined }),
    // as at a day (or an instant) shortly before or after the period ends, while its plans are still being recorded
    asAt: fc.option(
      fc.record({
        days: fc.integer({ min: -30, max: 90 }),
        minute: fc.option(fc.integer({ min: 0, max: 24 * 60 - 1 }), { nil: undefined }),
      }),
      { nil: undefined, freq: 3 },
    ),
    boundaryDays: fc.option(fc.constantFrom(139, 140, 141), { nil: undefined }),
    groupBy: fc.option(fc.constantFrom('month' as const, 'quarter' as const, 'year' as const), { nil: undefined }),
  })
  .map(({ fromOffset, length, todayOffset, asAt, ...rest }) => {
    const to = addDays(BASE, fromOffset + length);
    const q: TimelinessQuery = { from: addDays(BASE, fromOffset), to, today: addDays(BASE, todayOffset) };
    if (asAt) {
      const day = addDays(to, asAt.days);
      q.asAt =
        asAt.minute === undefined ? day : new Date(Date.parse(`${day}T00:00:00Z`) + asAt.minute * 60_000).toISOString();
    }
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) (q as unknown as Record<string, unknown>)[k] = v;
    return q;
  });

/**
 * Aims a query at the generated history, so the edges are hit often rather than by luck: as at the UTC date on
 * which some event was recorded (an event recorded 23:00–24:00 UTC in summer belongs to the next London day),
 * with its final plan inside the period; and today on the backlog and forecast edges of some open case.
 */
const genAim = fc.record({
  asAtRow: fc.option(fc.nat(), { nil: undefined, freq: 2 }),
  // as at the day before, or the day of, some correction: the figure before and after it was made
  asAtCorrection: fc.option(fc.record({ row: fc.nat(), dayBefore: fc.boolean() }), { nil: undefined, freq: 3 }),
  todayRow: fc.option(fc.nat(), { nil: undefined, freq: 2 }),
  daysLeft: fc.constantFrom(-1, 0, 1, 27, 28, 29),
});
function aim(
  q: TimelinessQuery,
  rows: MeasureEventRow[],
  a: typeof genAim extends fc.Arbitrary<infer T> ? T : never,
): TimelinessQuery {
  const out = { ...q };
  if (a.asAtRow !== undefined && rows.length > 0) {
    const finals = rows.filter((r) => r.type === 'FinalPlanIssued');
    const r = finals.length > 0 ? finals[a.asAtRow % finals.length]! : rows[a.asAtRow % rows.length]!;
    out.asAt = r.recordedAt.slice(0, 10);
    if (r.date < out.from) out.from = r.date;
    if (r.date > out.to) out.to = r.date;
  }
  const fixes = rows.filter((r) => r.type === 'EventCorrected' || r.type === 'EventRetracted');
  if (a.asAtCorrection !== undefined && fixes.length > 0) {
    const r = fixes[a.asAtCorrection.row % fixes.length]!;
    out.asAt = addDays(r.recordedAt.slice(0, 10), a.asAtCorrection.dayBefore ? -1 : 0);
    if (r.date < out.from) out.from = r.date;
  }
  // prefer cases that are still open, whose last on-time day is `daysLeft` days after today
  const ended = new Set(
    rows.filter((r) => ['FinalPlanIssued', 'RequestWithdrawn', 'MovedOutOfArea'].includes(r.type)).map((r) => r.caseId),
  );
  const all = rows.filter((r) => r.type === 'RequestReceived');
  const open = all.filter((r) => !ended.has(r.caseId));
  const requests = open.length > 0 ? open : all;
  if (a.todayRow !== undefined && requests.length > 0) {
    out.today = addDays(requests[a.todayRow % requests.length]!.date, (q.boundaryDays ?? 140) - a.daysLeft);
  }
  return out;
}

describe('timeliness measure in SQL equals the pure reference (docs/architecture.md invariant 6)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('measures');
    await db.dataSource.query(`INSERT INTO team (id, name) VALUES ('north', 'North'), ('south', 'South')`);
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** Inserts the rows in a transaction, runs `check` inside it, and rolls back. */
  async function withHistory<T>(
    rows: MeasureEventRow[],
    check: (query: (sql: string, params: unknown[]) => Promise<any[]>) => Promise<T>,
  ): Promise<T> {
    const runner: QueryRunner = db.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const cases = new Map(rows.map((r) => [r.caseId, r]));
      await runner.query(
        `INSERT INTO ehc_case (id, reference, team_id, child, version)
         SELECT x.id, x.reference, x.team_id, '{}'::jsonb, x.version FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, reference text, team_id text, version int)`,
        [
          JSON.stringify(
            [...cases.values()].map((r) => ({
              id: r.caseId,
              reference: r.reference,
              team_id: r.teamId,
              version: rows.filter((x) => x.caseId === r.caseId).length,
            })),
          ),
        ],
      );
      // The events go in as the write paths append them: round k appends the k-th event of every case, in one
      // statement that refolds the touched cases' facts with its own new events (caseFactsWriteCtes), so the facts are
      // built up incrementally across statements, corrections arriving after the events they name.
      for (let version = 1; ; version++) {
        const round = rows.filter((r) => r.version === version);
        if (!round.length) break;
        await runner.query(
          `WITH appended AS (
             INSERT INTO case_event (event_id, case_id, version, type, business_date, data, actor, recorded_at)
             SELECT coalesce(x.event_id, gen_random_uuid()), x.case_id, x.version, x.type, x.business_date, x.data, 'test', x.recorded_at
             FROM jsonb_to_recordset($1::jsonb) AS x(event_id uuid, case_id uuid, version int, type text, business_date date, data jsonb, recorded_at timestamptz)
             RETURNING case_id, event_id, version, type, business_date, data
           ), ${caseFactsWriteCtes('appended')}
           SELECT 1`,
          [
            JSON.stringify(
              round.map((r) => ({
                event_id: r.eventId,
                case_id: r.caseId,
                version: r.version,
                type: r.type,
                business_date: r.date,
                data: r.data,
                recorded_at: r.recordedAt,
              })),
            ),
          ],
        );
      }
      // rebuild equals incremental: refolding every case from case_event alone gives the same rows
      const facts = async () => [
        await runner.query(`SELECT * FROM case_facts ORDER BY case_id`),
        await runner.query(
          `SELECT * FROM case_advice_facts ORDER BY case_id, advice_id COLLATE "C", provider COLLATE "C", start, returned`,
        ),
      ];
      const incremental = await facts();
      await refreshCaseFacts(runner, [...cases.keys()]);
      expect(await facts()).toEqual(incremental);
      return await check((sql, params) => runner.query(sql, params));
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  it('report and drill-down are equal on generated histories (corrections, reversals, exceptions, as-at, teams)', async () => {
    // how often each part of the report was non-trivial: equality on empty figures would prove little
    const seen = {
      plans: 0,
      exceptions: 0,
      excluded: 0,
      lateCauses: 0,
      decisions: 0,
      noPlan: 0,
      advice: 0,
      open: 0,
      asAtHid: 0,
      corrected: 0,
      asAtHidCorrection: 0,
      reversal: 0,
      disputeNotExcluding: 0,
      cover: 0,
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(genCase, { minLength: 5, maxLength: 40, size: 'max' }),
        genQuery,
        genAim,
        async (cases, query0, a) => {
          const rows = toRows(cases);
          const q = aim(query0, rows, a);
          await withHistory(rows, async (query) => {
            const expected = computeTimeliness(rows, q);
            if (expected.includingExceptions.issued > 0) seen.plans += 1;
            if (expected.excludingExceptions.issued < expected.includingExceptions.issued) seen.exceptions += 1;
            if (expected.excludedFromPopulation > 0) seen.excluded += 1;
            if (expected.lateByCause.length > 1) seen.lateCauses += 1;
            if (expected.decisionWithin6Weeks.decided > 0) seen.decisions += 1;
            if (expected.noPlanWithin16Weeks.decided > 0) seen.noPlan += 1;
            if (Object.keys(expected.adviceWithin6Weeks).length > 0) seen.advice += 1;
            if (expected.openPastDeadline + expected.openDueWithin4Weeks > 0) seen.open += 1;
            if (
              q.asAt &&
              JSON.stringify(timelinessCases(rows, { ...q, asAt: undefined })) !==
                JSON.stringify(timelinessCases(rows, q))
            )
              seen.asAtHid += 1;
            const drill = timelinessCases(rows, q);
            if (drill.some((c) => c.excludedReason?.startsWith('reversed-'))) seen.reversal += 1;
            if (drill.some((c) => (c.exceptionCoversDays ?? 0) > 0)) seen.cover += 1;
            const disputed = new Set(
              rows
                .filter((r) => ['MediationStarted', 'TribunalAppealRegistered'].includes(r.type))
                .map((r) => r.reference),
            );
            if (drill.some((c) => disputed.has(c.reference) && c.excludedReason === null))
              seen.disputeNotExcluding += 1;
            const uncorrected = rows.filter((r) => r.type !== 'EventCorrected' && r.type !== 'EventRetracted');
            if (JSON.stringify(computeTimeliness(uncorrected, q)) !== JSON.stringify(expected)) seen.corrected += 1;
            if (q.asAt) {
              // a correction recorded after the as-at moment changes the drill-down: the as-at cut-off must hide it
              const recordedByAsAt = asAtCutoff(q.asAt);
              const earlyFixesOnly = rows.filter(
                (r) => !['EventCorrected', 'EventRetracted'].includes(r.type) || recordedByAsAt(r.recordedAt),
              );
              const now = { ...q, asAt: undefined };
              if (JSON.stringify(timelinessCases(earlyFixesOnly, now)) !== JSON.stringify(timelinessCases(rows, now)))
                seen.asAtHidCorrection += 1;
            }
            const report = await timelinessFromSql(query, q);
            expect(report).toEqual(expected);
            // the report as it stands now is read from the case facts (docs/measure-definitions.md#the-case-facts-table)
            if (q.asAt !== undefined) {
              const now = { ...q, asAt: undefined };
              expect(await timelinessFromSql(query, now)).toEqual(computeTimeliness(rows, now));
              expect(await timelinessCasesFromSql(query, now)).toEqual(timelinessCases(rows, now));
            }
            // the board's figure on its own (one statement) is the same part of the same report
            const {
              decisionWithin6Weeks,
              noPlanWithin16Weeks,
              adviceWithin6Weeks,
              openPastDeadline,
              openDueWithin4Weeks,
              lateByCause,
              ...headline
            } = expected;
            expect(await timelinessHeadlineFromSql(query, q)).toEqual(headline);
            expect(await timelinessCasesFromSql(query, q)).toEqual(timelinessCases(rows, q));
          });
        },
      ),
      { numRuns: 80 },
    );
    for (const [part, runs] of Object.entries(seen))
      expect([part, runs >= 2 ? 'often enough' : runs]).toEqual([part, 'often enough']);
  });

  it('the case facts equal the pure fold of the corrected history (foldCases), row for row', async () => {
    const seen = { correctedFact: 0, retractedFinal: 0, withdrawnException: 0, ordered: 0, mediation: 0, tribunal: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(genCase, { minLength: 5, maxLength: 30, size: 'max' }),
        fc.integer({ min: 0, max: 1000 }),
        async (cases, refOffset) => {
          const rows = toRows(cases);
          const referenceDate = addDays(BASE, refOffset);
          const pure = new Map(foldCases(applyCorrections(rows), () => true, referenceDate).map((c) => [c.caseId, c]));
          await withHistory(rows, async (query) => {
            const facts: any[] = await query(
              `SELECT case_id, received::text, first_decision::text, draft::text, final::text, first_no_plan::text,
                      no_plan_ordered::text, ended, closed_not_assessed, closed_not_issued, refused_to_assess, refused_to_issue,
                      coalesce(mediation_held COLLATE "C" <= $1::text COLLATE "C", false) AS mediation,
                      coalesce(tribunal_from <= $1::date, false) AS tribunal, exception_kinds,
                      (SELECT coalesce(jsonb_agg(jsonb_build_object('provider', a.provider, 'start', a.start, 'returned', a.returned)
                                ORDER BY a.provider COLLATE "C", a.start, a.returned), '[]')
                         FROM case_advice_facts a WHERE a.case_id = f.case_id AND a.provider IS NOT NULL) AS advice
                 FROM case_facts f ORDER BY case_id`,
              [referenceDate],
            );
            expect(facts.length).toBe(new Set(rows.map((r) => r.caseId)).size);
            for (const f of facts) {
              const c = pure.get(f.case_id);
              const sortAdvice = (a: { provider: string; start: string; returned: string | null }[]) =>
                [...a].sort(
                  (x, y) =>
                    byCodeUnit(x.provider, y.provider) ||
                    byCodeUnit(x.start, y.start) ||
                    byCodeUnit(x.returned ?? '~', y.returned ?? '~'),
                );
              const expected = c
                ? {
                    received: c.received,
                    first_decision: c.firstDecision,
                    draft: c.draftIssued,
                    final: c.finalIssued,
                    first_no_plan: c.firstNoPlan,
                    no_plan_ordered: c.noPlanLimit?.days === TRIBUNAL_NO_PLAN_DAYS ? c.noPlanLimit.from : null,
                    ended: c.finalIssued !== null || c.withdrawn || c.movedOut,
                    closed_not_assessed: c.closedNotAssessed,
                    closed_not_issued: c.closedNotIssued,
                    refused_to_assess: c.refusedToAssess,
                    refused_to_issue: c.refusedToIssue,
                    mediation: c.mediation,
                    tribunal: c.tribunal,
                    exception_kinds: c.finalPlanExceptionKinds,
                    advice: sortAdvice(c.advice),
                  }
                : null;
              const { case_id, ...got } = f;
              // a case whose every event was retracted has no facts in the reference and an empty row here
              if (expected === null) expect(got.received).toBeNull();
              else expect({ case_id, ...got, advice: sortAdvice(got.advice) }).toEqual({ case_id, ...expected });
              if (c && expected?.mediation) seen.mediation += 1;
              if (c && expected?.tribunal) seen.tribunal += 1;
              if (c?.noPlanLimit?.days === TRIBUNAL_NO_PLAN_DAYS) seen.ordered += 1;
            }
            const fixes = rows.filter((r) => r.type === 'EventCorrected' || r.type === 'EventRetracted');
            const byId = new Map(rows.map((r) => [r.eventId, r]));
            for (const x of fixes) {
              const target = byId.get(String(x.data['corrects'] ?? x.data['retracts']));
              if (!target) continue;
              if (['RequestReceived', 'FinalPlanIssued', 'DecidedToAssess', 'AdviceReceived'].includes(target.type))
                seen.correctedFact += 1;
              if (x.type === 'EventRetracted' && target.type === 'FinalPlanIssued') seen.retractedFinal += 1;
            }
            const withdrawn = new Set(
              rows.filter((r) => r.type === 'ExceptionWithdrawn').map((r) => `${r.caseId}/${r.data['exceptionId']}`),
            );
            if (
              rows.some((r) => r.type === 'ExceptionRecorded' && withdrawn.has(`${r.caseId}/${r.data['exceptionId']}`))
            )
              seen.withdrawnException += 1;
          });
        },
      ),
      { numRuns: 40 },
    );
    for (const [part, runs] of Object.entries(seen))
      expect([part, runs >= 2 ? 'often enough' : runs]).toEqual([part, 'often enough']);
  });

  it('the facts follow a correction of the request date, a retracted final plan and a withdrawn exception', async () => {
    const caseId = randomUUID();
    const id = () => randomUUID();
    const base = { caseId, reference: 'F-1', teamId: 'north' };
    const request = id();
    const final = id();
    const at = (d: string) => `${d}T12:00:00.000Z`;
    const rows: MeasureEventRow[] = [
      {
        ...base,
        eventId: request,
        version: 1,
        type: 'RequestReceived',
        date: '2025-01-06',
        data: {},
        recordedAt: at('2025-01-06'),
      },
      {
        ...base,
        eventId: id(),
        version: 2,
        type: 'DecidedToAssess',
        date: '2025-02-10',
        data: {},
        recordedAt: at('2025-02-10'),
      },
      {
        ...base,
        eventId: id(),
        version: 3,
        type: 'ExceptionRecorded',
        date: '2025-03-01',
        data: {
          exceptionId: 'x1',
          kind: 'school-closure',
          appliesTo: ['final-plan'],
          from: '2025-03-01',
          to: '2025-03-10',
        },
        recordedAt: at('2025-03-01'),
      },
      {
        ...base,
        eventId: final,
        version: 4,
        type: 'FinalPlanIssued',
        date: '2025-07-01',
        data: {},
        recordedAt: at('2025-07-01'),
      },
    ];
    const more: MeasureEventRow[] = [
      {
        ...base,
        eventId: id(),
        version: 5,
        type: 'EventCorrected',
        date: '2025-07-02',
        data: { corrects: request, reason: 'typo', correction: { date: '2025-01-13' } },
        recordedAt: at('2025-07-02'),
      },
      {
        ...base,
        eventId: id(),
        version: 6,
        type: 'EventRetracted',
        date: '2025-07-03',
        data: { retracts: final, reason: 'x' },
        recordedAt: at('2025-07-03'),
      },
      {
        ...base,
        eventId: id(),
        version: 7,
        type: 'ExceptionWithdrawn',
        date: '2025-07-04',
        data: { exceptionId: 'x1' },
        recordedAt: at('2025-07-04'),
      },
    ];
    const q: TimelinessQuery = { from: '2025-01-01', to: '2025-12-31', today: '2025-08-01' };
    await withHistory(rows, async (query) => {
      const [f] = await query(
        `SELECT received::text, final::text, ended, exception_kinds FROM case_facts WHERE case_id = $1`,
        [caseId],
      );
      expect(f).toEqual({
        received: '2025-01-06',
        final: '2025-07-01',
        ended: true,
        exception_kinds: ['school-closure'],
      });
      expect((await timelinessFromSql(query, q)).excludingExceptions.issued).toBe(0);
    });
    await withHistory([...rows, ...more], async (query) => {
      const [f] = await query(
        `SELECT received::text, final::text, ended, exception_kinds FROM case_facts WHERE case_id = $1`,
        [caseId],
      );
      expect(f).toEqual({ received: '2025-01-13', final: null, ended: false, exception_kinds: [] });
      const report = await timelinessFromSql(query, q);
      expect(report).toEqual(computeTimeliness([...rows, ...more], q));
      // the plan is gone and the case is open again: past its 20 weeks on 2025-08-01
      expect([report.includingExceptions.issued, report.openPastDeadline]).toEqual([0, 1]);
    });
  });

  it('the plain reference SQL of the benchmark gives the same headline on histories without corrections', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(genCase, { minLength: 5, maxLength: 40, size: 'max' }), genQuery, async (cases, q) => {
        // one request and at most one final plan per case, no corrections, refusals or disputes: the data the plain SQL assumes
        const plain = cases.map((c) => {
          let finals = 0;
          return {
            ...c,
            hasRequest: true,
            events: c.events.filter(
              (e) =>
                ![
                  'RequestReceived',
                  'EventCorrected',
                  'EventRetracted',
                  'DecidedNotToAssess',
                  'DecidedNotToIssue',
                  'MediationStarted',
                  'TribunalAppealRegistered',
                  'TribunalOrderMade',
                ].includes(e.type) &&
                (e.type !== 'FinalPlanIssued' || finals++ === 0),
            ),
          };
        });
        const rows = toRows(plain);
        const boundaryDays = q.boundaryDays ?? 140;
        await withHistory(rows, async (query) => {
          const expected = computeTimeliness(rows, { from: q.from, to: q.to, today: q.today, boundaryDays });
          const [got] = await query(plainReferenceSql, [q.from, q.to, boundaryDays]);
          expect(got).toEqual({
            issued: expected.includingExceptions.issued,
            within_20_weeks: expected.includingExceptions.within20Weeks,
            issued_ex: expected.excludingExceptions.issued,
            within_20_weeks_ex: expected.excludingExceptions.within20Weeks,
          });
        });
      }),
      { numRuns: 20 },
    );
  });

  it('a report on an empty log is all zeros and nulls in both', async () => {
    const q: TimelinessQuery = { from: '2025-01-01', to: '2025-12-31', today: '2026-01-01', groupBy: 'quarter' };
    await withHistory([], async (query) => {
      const got = await timelinessFromSql(query, q);
      expect(got).toEqual(computeTimeliness([], q));
      expect(got.includingExceptions).toEqual({ issued: 0, within20Weeks: 0, percent: null });
      expect(got.series).toHaveLength(4);
    });
  });
});
