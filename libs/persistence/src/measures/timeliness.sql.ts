/**
 * The timeliness measure in SQL, straight from case_event (DESIGN invariant 6: never from case_summary or any
 * counter). It must equal the pure reference `computeTimeliness` (@ehc/measures) on every history; the
 * integration test proves it on generated histories. Definitions: statutory-reference.md §11.
 *
 * Shape of the work (performance-notes §3.5): each figure starts from the (type, business_date) index — plans
 * issued in the period, decisions in the period, advice returned in the period — and only then reads those
 * cases' events through the (case_id, version) key, folding each case in one pass with FILTERed aggregates.
 * The open-case backlog is the exception: it has no period, so it folds every case's lifecycle events.
 *
 * Corrections are new events: for a once-only fact (request received, draft, final plan, an advice request or
 * return) the event with the highest stream version wins, as in the reference.
 */
import {
  conventionText, DRAFT_TO_FINAL_DAYS, FIFTY_TWO_WEEKS_DAYS, FORECAST_DAYS, isIsoDate, normaliseQuery, percent,
  SIX_WEEKS_DAYS, SIXTEEN_WEEKS_DAYS, weeks, weeksToIssue,
  type AdviceFigure, type ExcludedReason, type MeasureCaseRow, type NormalisedQuery, type TimelinessQuery,
  type TimelinessReport,
} from '@ehc/measures';

export type SqlQuery = (sql: string, params: unknown[]) => Promise<any[]>;

/** Parameters: $1 from, $2 to, $3 boundary days, then team, as-at and today when the statement uses them. */
class Statement {
  readonly params: unknown[];
  private readonly teamParam: string | null = null;
  private readonly asAtParam: string | null = null;
  private readonly asAtIsDate: boolean = false;

  constructor(q: NormalisedQuery) {
    this.params = [q.from, q.to, q.boundaryDays];
    if (q.team !== undefined) { this.params.push(q.team); this.teamParam = `$${this.params.length}`; }
    if (q.asAt !== undefined) {
      this.params.push(q.asAt);
      this.asAtParam = `$${this.params.length}`;
      this.asAtIsDate = isIsoDate(q.asAt);
    }
  }

  private todayParam: string | null = null;

  /** The placeholder of today's date (added on first use: the drill-down does not need it). */
  today(q: NormalisedQuery): string {
    if (this.todayParam === null) { this.params.push(q.today); this.todayParam = `$${this.params.length}`; }
    return this.todayParam;
  }

  /** Restricts `alias` (a case_event) to the cases of the team. */
  team(alias: string): string {
    return this.teamParam === null ? '' : `JOIN ehc_case tc ON tc.id = ${alias}.case_id AND tc.team_id = ${this.teamParam}`;
  }

  /** Only what had been recorded by the end of the as-at day in Europe/London (or by the as-at instant). */
  recorded(alias: string): string {
    if (this.asAtParam === null) return '';
    return this.asAtIsDate
      ? `AND ${alias}.recorded_at < ((${this.asAtParam}::date + 1)::timestamp AT TIME ZONE 'Europe/London')`
      : `AND ${alias}.recorded_at <= ${this.asAtParam}::timestamptz`;
  }
}

/** The latest (highest version) business_date of one event type, within a GROUP BY case. */
const latestDate = (type: string) =>
  `(array_agg(e.business_date ORDER BY e.version DESC) FILTER (WHERE e.type = '${type}'))[1]`;

/** A field of e.data as text when it is a JSON string, else NULL (the reference ignores non-string values too). */
const dataString = (field: string) => `CASE WHEN jsonb_typeof(e.data->'${field}') = 'string' THEN e.data->>'${field}' END`;

/**
 * Per advice request of the cases in `events`: its provider, when the provider received it (reg 8(1): the six
 * weeks run from there; defaults to the request date) and when it came back. provider IS NULL ⇔ never requested.
 */
const adviceSql = (events: string) => `
  SELECT e.case_id,
    ${dataString('adviceId')} AS advice_id,
    (array_agg(coalesce(${dataString('provider')}, 'unknown') ORDER BY e.version DESC)
      FILTER (WHERE e.type = 'AdviceRequested'))[1] AS provider,
    (array_agg(coalesce((${dataString('receivedByProvider')})::date, e.business_date) ORDER BY e.version DESC)
      FILTER (WHERE e.type = 'AdviceRequested'))[1] AS start,
    ${latestDate('AdviceReceived')} AS returned
  FROM ${events} e
  WHERE e.type IN ('AdviceRequested', 'AdviceReceived') AND jsonb_typeof(e.data->'adviceId') = 'string'
  GROUP BY 1, 2`;

/** The cases with a final plan issued in the period, one row each, with everything the headline needs. */
function planCasesCtes(s: Statement): string {
  return `
  plan_candidate AS (
    SELECT DISTINCT e.case_id
    FROM case_event e ${s.team('e')}
    WHERE e.type = 'FinalPlanIssued' AND e.business_date BETWEEN $1::date AND $2::date ${s.recorded('e')}
  ),
  plan_event AS (
    SELECT e.case_id, e.version, e.type, e.business_date, e.data
    FROM plan_candidate k JOIN case_event e ON e.case_id = k.case_id
    WHERE true ${s.recorded('e')}
  ),
  plan_fold AS (
    SELECT e.case_id,
      ${latestDate('RequestReceived')} AS received,
      ${latestDate('FinalPlanIssued')} AS final,
      ${latestDate('DraftPlanIssued')} AS draft,
      min(e.business_date) FILTER (WHERE e.type IN ('DecidedToAssess', 'DecidedNotToAssess')) AS first_decision,
      bool_or(e.type = 'MediationStarted') AS mediation,
      bool_or(e.type IN ('TribunalAppealRegistered', 'TribunalOrderMade')) AS tribunal,
      array_agg(e.data->>'exceptionId')
        FILTER (WHERE e.type = 'ExceptionWithdrawn' AND jsonb_typeof(e.data->'exceptionId') = 'string') AS withdrawn_ids,
      -- reg 13(3): only exceptions claimed for the final-plan limit count (SEN2 Week20)
      jsonb_agg(jsonb_build_object('id', e.data->'exceptionId', 'kind', e.data->'kind'))
        FILTER (WHERE e.type = 'ExceptionRecorded' AND jsonb_typeof(e.data->'appliesTo') = 'array'
                AND e.data->'appliesTo' @> '["final-plan"]'::jsonb) AS exceptions,
      -- the case's advice events, folded per advice request below (kept per case: no join across cases)
      jsonb_agg(jsonb_build_object('t', e.type, 'v', e.version, 'd', e.business_date, 'id', e.data->'adviceId',
                                   'provider', e.data->'provider', 'rbp', e.data->'receivedByProvider'))
        FILTER (WHERE e.type IN ('AdviceRequested', 'AdviceReceived') AND jsonb_typeof(e.data->'adviceId') = 'string') AS advice
    FROM plan_event e
    GROUP BY e.case_id
  ),
  plan_case_base AS (
    SELECT f.case_id, c.reference, c.team_id, f.received, f.final, f.draft, f.first_decision,
      f.final - f.received AS elapsed,
      ARRAY(
        SELECT DISTINCT (CASE WHEN jsonb_typeof(x->'kind') = 'string' THEN x->>'kind' ELSE 'unknown' END) COLLATE "C"
        FROM jsonb_array_elements(coalesce(f.exceptions, '[]'::jsonb)) x
        WHERE NOT coalesce((CASE WHEN jsonb_typeof(x->'id') = 'string' THEN x->>'id' END) = ANY (f.withdrawn_ids), false)
        ORDER BY 1
      ) AS exception_kinds,
      CASE WHEN f.received IS NULL THEN 'no-request-received'
           WHEN f.mediation AND f.tribunal THEN 'mediation-and-tribunal'
           WHEN f.mediation THEN 'mediation'
           WHEN f.tribunal THEN 'tribunal' END AS excluded_reason,
      f.advice
    FROM plan_fold f JOIN ehc_case c ON c.id = f.case_id
    WHERE f.final BETWEEN $1::date AND $2::date
  ),
  plan_case AS (
    SELECT b.*,
      b.excluded_reason IS NULL AS counted,
      b.excluded_reason IS NULL AND cardinality(b.exception_kinds) = 0 AS counted_ex,
      CASE WHEN b.elapsed > $3::int THEN coalesce(nullif(ARRAY(
        SELECT cause COLLATE "C" FROM (
          SELECT 'decision-to-assess' AS cause WHERE b.first_decision - b.received > ${SIX_WEEKS_DAYS}
          -- reg 8(1): advice returned more than 6 weeks after the provider received the request (late plans only)
          UNION SELECT 'advice:' || r.provider FROM (
            SELECT a->>'id' AS id,
              (array_agg(CASE WHEN jsonb_typeof(a->'provider') = 'string' THEN a->>'provider' ELSE 'unknown' END
                 ORDER BY (a->>'v')::int DESC) FILTER (WHERE a->>'t' = 'AdviceRequested'))[1] AS provider,
              (array_agg(CASE WHEN jsonb_typeof(a->'rbp') = 'string' THEN (a->>'rbp')::date ELSE (a->>'d')::date END
                 ORDER BY (a->>'v')::int DESC) FILTER (WHERE a->>'t' = 'AdviceRequested'))[1] AS start,
              (array_agg((a->>'d')::date ORDER BY (a->>'v')::int DESC) FILTER (WHERE a->>'t' = 'AdviceReceived'))[1] AS returned
            FROM jsonb_array_elements(coalesce(b.advice, '[]'::jsonb)) a
            GROUP BY 1
          ) r WHERE r.provider IS NOT NULL AND r.returned - r.start > ${SIX_WEEKS_DAYS}
          UNION SELECT 'draft-after-16-weeks' WHERE b.draft - b.received > ${SIXTEEN_WEEKS_DAYS}
          UNION SELECT 'draft-to-final' WHERE b.final - b.draft > ${DRAFT_TO_FINAL_DAYS}
          UNION SELECT 'exception:' || k FROM unnest(b.exception_kinds) k
        ) causes ORDER BY 1), '{}'::text[]), ARRAY['unattributed']) ELSE '{}'::text[] END AS late_causes
    FROM plan_case_base b
  )`;
}

const seriesFormat = { month: `'YYYY-MM'`, quarter: `'YYYY-"Q"Q'`, year: `'YYYY'` } as const;
const seriesStep = { month: '1 month', quarter: '3 months', year: '1 year' } as const;

function reportSql(s: Statement, q: NormalisedQuery): string {
  const unit = q.groupBy;
  const series = unit === undefined ? `NULL::jsonb` : `(
    SELECT jsonb_agg(jsonb_build_object('period', to_char(g.p, ${seriesFormat[unit]}), 'issued', g.issued, 'within', g.within) ORDER BY g.p)
    FROM (
      SELECT g.p, count(pc.case_id)::int AS issued, count(pc.case_id) FILTER (WHERE pc.elapsed <= $3::int)::int AS within
      FROM generate_series(date_trunc('${unit}', $1::date::timestamp), date_trunc('${unit}', $2::date::timestamp), interval '${seriesStep[unit]}') g(p)
      LEFT JOIN plan_case pc ON pc.counted AND date_trunc('${unit}', pc.final::timestamp) = g.p
      GROUP BY g.p
    ) g)`;
  return `
  WITH ${planCasesCtes(s)},
  -- reg 5(1): requests whose first decision whether to assess falls in the period
  decision_candidate AS (
    SELECT DISTINCT e.case_id FROM case_event e ${s.team('e')}
    WHERE e.type IN ('DecidedToAssess', 'DecidedNotToAssess') AND e.business_date BETWEEN $1::date AND $2::date ${s.recorded('e')}
  ),
  decision_fold AS (
    SELECT e.case_id, ${latestDate('RequestReceived')} AS received,
      min(e.business_date) FILTER (WHERE e.type IN ('DecidedToAssess', 'DecidedNotToAssess')) AS decided
    FROM decision_candidate k JOIN case_event e ON e.case_id = k.case_id
    WHERE e.type IN ('RequestReceived', 'DecidedToAssess', 'DecidedNotToAssess') ${s.recorded('e')}
    GROUP BY e.case_id
  ),
  -- reg 10(1): "no plan" notices given in the period
  no_plan_candidate AS (
    SELECT DISTINCT e.case_id FROM case_event e ${s.team('e')}
    WHERE e.type = 'DecidedNotToIssue' AND e.business_date BETWEEN $1::date AND $2::date ${s.recorded('e')}
  ),
  no_plan_fold AS (
    SELECT e.case_id, ${latestDate('RequestReceived')} AS received,
      min(e.business_date) FILTER (WHERE e.type = 'DecidedNotToIssue') AS decided
    FROM no_plan_candidate k JOIN case_event e ON e.case_id = k.case_id
    WHERE e.type IN ('RequestReceived', 'DecidedNotToIssue') ${s.recorded('e')}
    GROUP BY e.case_id
  ),
  -- reg 8(1): advice returned in the period
  advice_candidate AS (
    SELECT DISTINCT e.case_id FROM case_event e ${s.team('e')}
    WHERE e.type = 'AdviceReceived' AND e.business_date BETWEEN $1::date AND $2::date ${s.recorded('e')}
  ),
  advice_event AS (
    SELECT e.case_id, e.version, e.type, e.business_date, e.data
    FROM advice_candidate k JOIN case_event e ON e.case_id = k.case_id
    WHERE e.type IN ('AdviceRequested', 'AdviceReceived') ${s.recorded('e')}
  ),
  advice AS (${adviceSql('advice_event')}),
  -- §11 companion views 4 and 5: open cases (no final plan, not closed) past, or about to pass, the limit
  open_fold AS (
    SELECT e.case_id, ${latestDate('RequestReceived')} AS received,
      bool_or(e.type IN ('FinalPlanIssued', 'RequestWithdrawn', 'MovedOutOfArea')) AS ended,
      coalesce(max(e.version) FILTER (WHERE e.type = 'DecidedNotToAssess'), 0)
        > coalesce(max(e.version) FILTER (WHERE e.type = 'DecidedToAssess'), 0) AS closed_not_assessed,
      coalesce(max(e.version) FILTER (WHERE e.type = 'DecidedNotToIssue'), 0)
        > coalesce(max(e.version) FILTER (WHERE e.type = 'DecidedToIssue'), 0) AS closed_not_issued
    FROM case_event e ${s.team('e')}
    WHERE e.type IN ('RequestReceived', 'FinalPlanIssued', 'RequestWithdrawn', 'MovedOutOfArea',
                     'DecidedToAssess', 'DecidedNotToAssess', 'DecidedToIssue', 'DecidedNotToIssue') ${s.recorded('e')}
    GROUP BY e.case_id
  ),
  open_case AS (
    SELECT received + $3::int - ${s.today(q)}::date AS days_left FROM open_fold
    WHERE received IS NOT NULL AND NOT ended AND NOT closed_not_assessed AND NOT closed_not_issued
  ),
  late_cause AS (
    SELECT cause, count(*)::int AS n FROM plan_case, unnest(late_causes) cause WHERE counted GROUP BY cause
  )
  SELECT
    count(*) FILTER (WHERE counted)::int AS issued,
    count(*) FILTER (WHERE counted AND elapsed <= $3::int)::int AS within,
    count(*) FILTER (WHERE counted_ex)::int AS issued_ex,
    count(*) FILTER (WHERE counted_ex AND elapsed <= $3::int)::int AS within_ex,
    count(*) FILTER (WHERE counted AND elapsed > $3::int AND elapsed <= ${FIFTY_TWO_WEEKS_DAYS})::int AS band_20_52,
    count(*) FILTER (WHERE counted AND elapsed > $3::int AND elapsed > ${FIFTY_TWO_WEEKS_DAYS})::int AS band_over_52,
    count(*) FILTER (WHERE counted_ex AND elapsed > $3::int AND elapsed <= ${FIFTY_TWO_WEEKS_DAYS})::int AS band_20_52_ex,
    count(*) FILTER (WHERE counted_ex AND elapsed > $3::int AND elapsed > ${FIFTY_TWO_WEEKS_DAYS})::int AS band_over_52_ex,
    coalesce(sum(elapsed) FILTER (WHERE counted), 0)::float8 AS sum_days,
    coalesce(sum(elapsed) FILTER (WHERE counted_ex), 0)::float8 AS sum_days_ex,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY elapsed) FILTER (WHERE counted) AS median_days,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY elapsed) FILTER (WHERE counted_ex) AS median_days_ex,
    count(*) FILTER (WHERE NOT counted)::int AS excluded,
    (SELECT jsonb_build_object('decided', count(*), 'within', count(*) FILTER (WHERE decided - received <= ${SIX_WEEKS_DAYS}))
       FROM decision_fold WHERE received IS NOT NULL AND decided BETWEEN $1::date AND $2::date) AS decisions,
    (SELECT jsonb_build_object('decided', count(*), 'within', count(*) FILTER (WHERE decided - received <= ${SIXTEEN_WEEKS_DAYS}))
       FROM no_plan_fold WHERE received IS NOT NULL AND decided BETWEEN $1::date AND $2::date) AS no_plan,
    (SELECT coalesce(jsonb_agg(jsonb_build_object('provider', provider, 'returned', n, 'within', w) ORDER BY provider COLLATE "C"), '[]'::jsonb)
       FROM (SELECT provider, count(*) AS n, count(*) FILTER (WHERE returned - start <= ${SIX_WEEKS_DAYS}) AS w
             FROM advice WHERE provider IS NOT NULL AND returned BETWEEN $1::date AND $2::date GROUP BY provider) a) AS advice,
    (SELECT count(*) FILTER (WHERE days_left < 0)::int FROM open_case) AS open_past,
    (SELECT count(*) FILTER (WHERE days_left >= 0 AND days_left <= ${FORECAST_DAYS})::int FROM open_case) AS open_due,
    (SELECT coalesce(jsonb_agg(jsonb_build_object('cause', cause, 'count', n) ORDER BY n DESC, cause COLLATE "C"), '[]'::jsonb)
       FROM late_cause) AS late_by_cause,
    ${series} AS series
  FROM plan_case`;
}

function casesSql(s: Statement): string {
  return `
  WITH ${planCasesCtes(s)}
  SELECT reference, team_id, received::text AS received, final::text AS final, elapsed, elapsed <= $3::int AS within,
    exception_kinds, excluded_reason, counted, counted_ex, late_causes
  FROM plan_case
  ORDER BY final, reference COLLATE "C"`;
}

interface CountsJson { decided: number; within: number }

/** The timeliness report computed in PostgreSQL from case_event (equal to computeTimeliness on the same events). */
export async function timelinessFromSql(query: SqlQuery, timelinessQuery: TimelinessQuery): Promise<TimelinessReport> {
  const q = normaliseQuery(timelinessQuery);
  const s = new Statement(q);
  const [r] = await query(reportSql(s, q), s.params);
  const advice: Record<string, AdviceFigure> = {};
  for (const a of r.advice as { provider: string; returned: number; within: number }[]) {
    advice[a.provider] = { returned: a.returned, within: a.within, percent: percent(a.within, a.returned) };
  }
  const decisions = r.decisions as CountsJson;
  const noPlan = r.no_plan as CountsJson;
  const report: TimelinessReport = {
    period: [q.from, q.to],
    boundaryDays: q.boundaryDays,
    convention: conventionText(q.boundaryDays),
    asAt: q.asAt ?? null,
    team: q.team ?? null,
    includingExceptions: { issued: r.issued, within20Weeks: r.within, percent: percent(r.within, r.issued) },
    excludingExceptions: { issued: r.issued_ex, within20Weeks: r.within_ex, percent: percent(r.within_ex, r.issued_ex) },
    bands: { within20Weeks: r.within, from20To52Weeks: r.band_20_52, over52Weeks: r.band_over_52 },
    bandsExcludingExceptions: { within20Weeks: r.within_ex, from20To52Weeks: r.band_20_52_ex, over52Weeks: r.band_over_52_ex },
    weeksToIssue: weeksToIssue(r.issued, r.sum_days, r.median_days),
    weeksToIssueExcludingExceptions: weeksToIssue(r.issued_ex, r.sum_days_ex, r.median_days_ex),
    excludedFromPopulation: r.excluded,
    decisionWithin6Weeks: { decided: decisions.decided, within: decisions.within, percent: percent(decisions.within, decisions.decided) },
    noPlanWithin16Weeks: { decided: noPlan.decided, within: noPlan.within, percent: percent(noPlan.within, noPlan.decided) },
    adviceWithin6Weeks: advice,
    openPastDeadline: r.open_past,
    openDueWithin4Weeks: r.open_due,
    lateByCause: r.late_by_cause,
  };
  if (q.groupBy) {
    report.series = (r.series as { period: string; issued: number; within: number }[]).map((p) => ({
      period: p.period, issued: p.issued, within20Weeks: p.within, percent: percent(p.within, p.issued),
    }));
  }
  return report;
}

/** The drill-down in SQL: every case with a final plan in the period (equal to timelinessCases). */
export async function timelinessCasesFromSql(query: SqlQuery, timelinessQuery: TimelinessQuery): Promise<MeasureCaseRow[]> {
  const q = normaliseQuery(timelinessQuery);
  const s = new Statement(q);
  const rows = await query(casesSql(s), s.params);
  return rows.map((r) => ({
    reference: r.reference,
    team: r.team_id,
    receivedOn: r.received,
    finalIssuedOn: r.final,
    elapsedDays: r.elapsed,
    weeks: r.elapsed === null ? null : weeks(r.elapsed),
    within20Weeks: r.within,
    exceptionKinds: r.exception_kinds,
    excludedReason: r.excluded_reason as ExcludedReason | null,
    countedIncludingExceptions: r.counted,
    countedExcludingExceptions: r.counted_ex,
    lateCauses: r.late_causes,
  }));
}

/**
 * The plainest SQL for the board's headline (incl./excl. exceptions), for the benchmark's reference timing
 * (performance-notes G3): plans issued in [$1, $2] joined to their request, mediation/tribunal cases left out,
 * within ⇔ elapsed ≤ $3 days. It assumes one RequestReceived and one FinalPlanIssued per case (no corrections),
 * has no team or as-at filter, and on such data gives the same four numbers as timelinessFromSql.
 */
export const plainReferenceSql = `
SELECT
  count(*)::int AS issued,
  count(*) FILTER (WHERE f.business_date - r.business_date <= $3::int)::int AS within_20_weeks,
  count(*) FILTER (WHERE NOT excepted)::int AS issued_ex,
  count(*) FILTER (WHERE NOT excepted AND f.business_date - r.business_date <= $3::int)::int AS within_20_weeks_ex
FROM case_event f
JOIN case_event r ON r.case_id = f.case_id AND r.type = 'RequestReceived'
CROSS JOIN LATERAL (
  SELECT EXISTS (
    SELECT 1 FROM case_event x
    WHERE x.case_id = f.case_id AND x.type = 'ExceptionRecorded' AND x.data->'appliesTo' @> '["final-plan"]'::jsonb
      AND NOT EXISTS (SELECT 1 FROM case_event w WHERE w.case_id = f.case_id AND w.type = 'ExceptionWithdrawn'
                        AND w.data->>'exceptionId' = x.data->>'exceptionId')
  ) AS excepted
) ex
WHERE f.type = 'FinalPlanIssued' AND f.business_date BETWEEN $1::date AND $2::date
  AND NOT EXISTS (SELECT 1 FROM case_event m WHERE m.case_id = f.case_id
                    AND m.type IN ('MediationStarted', 'TribunalAppealRegistered', 'TribunalOrderMade'))`;
