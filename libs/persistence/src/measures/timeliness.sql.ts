/**
 * The timeliness measure in SQL (docs/architecture.md invariant 6: never from case_summary or any counter): as at a
 * day straight from case_event; as it stands now from the case facts, the projection every write of events refolds
 * from the log by the same rules (case-facts.sql.ts, docs/measure-definitions.md#the-case-facts-table). Both must equal the pure reference
 * `computeTimeliness` (@ehc/measures) on every history; the integration test proves it on generated histories.
 * Definitions: docs/law.md#the-boards-measure.
 *
 * Now, each figure reads an index of the facts (plans issued, requests received, notices given, advice returned in
 * the period; the open cases) and reads events only for the exceptions' periods and reasons of the few plans with one.
 *
 * As at a day (docs/benchmarks.md#each-section, measure): each figure starts from the (type, business_date) index — plans
 * issued in the period, decisions in the period, advice returned in the period — and only then reads those
 * cases' events through the (case_id, version) key, folding each case in one pass with FILTERed aggregates.
 * The open-case backlog is the exception: it has no period, so it folds every case's lifecycle events.
 *
 * Corrections are new events. `EventCorrected` / `EventRetracted` recorded by the as-at moment are applied to the
 * events they name (fixCtes, then every fold reads `events()`, the corrected history); the cases they touch join
 * every period's candidates, since a corrected date can move a plan into or out of a period. Beyond that, for a
 * once-only fact (request received, draft, final plan, an advice request or return) the event with the highest
 * stream version wins, as in the reference.
 */
import {
  conventionText,
  DISPUTES_ABOUT_THIS_ASSESSMENT,
  DRAFT_TO_FINAL_DAYS,
  FIFTY_TWO_WEEKS_DAYS,
  FORECAST_DAYS,
  isIsoDate,
  normaliseQuery,
  percent,
  SIX_WEEKS_DAYS,
  SIXTEEN_WEEKS_DAYS,
  TRIBUNAL_NO_PLAN_DAYS,
  weeks,
  weeksToIssue,
  type AdviceFigure,
  type ExcludedReason,
  type MeasureCaseRow,
  type NormalisedQuery,
  type TimelinessQuery,
  type TimelinessHeadline,
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
    if (q.team !== undefined) {
      this.params.push(q.team);
      this.teamParam = `$${this.params.length}`;
    }
    if (q.asAt !== undefined) {
      this.params.push(q.asAt);
      this.asAtParam = `$${this.params.length}`;
      this.asAtIsDate = isIsoDate(q.asAt);
    }
  }

  private todayParam: string | null = null;

  /** The report on the log as it stands now (no as-at): the case facts (kept by the write path) may serve it. */
  get now(): boolean {
    return this.asAtParam === null;
  }

  /** The placeholder of today's date (added on first use: the drill-down does not need it). */
  today(q: NormalisedQuery): string {
    if (this.todayParam === null) {
      this.params.push(q.today);
      this.todayParam = `$${this.params.length}`;
    }
    return this.todayParam;
  }

  /** Restricts `alias` (a case_event) to the cases of the team. */
  team(alias: string): string {
    return this.teamParam === null
      ? ''
      : `JOIN ehc_case tc ON tc.id = ${alias}.case_id AND tc.team_id = ${this.teamParam}`;
  }

  /** Only what had been recorded by the end of the as-at day in Europe/London (or by the as-at instant). */
  recorded(alias: string): string {
    if (this.asAtParam === null) return '';
    return this.asAtIsDate
      ? `AND ${alias}.recorded_at < ((${this.asAtParam}::date + 1)::timestamp AT TIME ZONE 'Europe/London')`
      : `AND ${alias}.recorded_at <= ${this.asAtParam}::timestamptz`;
  }
}

/**
 * The corrections and retractions recorded by the as-at moment (few: an index scan on type), each mapped onto the
 * event it names in the same case (by its unique event_id), then folded per corrected event: retracted or not, the
 * latest corrected legal date, and the corrected fields (a later correction of a field wins, as jsonb_object_agg
 * keeps the last value of a key). A correction of a correction is ignored. Equal to applyCorrections in @ehc/measures.
 */
function fixCtes(s: Statement): string {
  const target = `(CASE f.type WHEN 'EventCorrected' THEN f.data->>'corrects' ELSE f.data->>'retracts' END)`;
  return `
  fix AS (
    SELECT t.case_id, t.version AS target_version, f.version, f.type, f.data
    FROM case_event f ${s.team('f')}
    JOIN case_event t ON t.case_id = f.case_id AND t.event_id = (CASE
      WHEN ${target} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN ${target}::uuid END)
    WHERE f.type IN (${CORRECTIONS}) ${s.recorded('f')}
      AND t.type NOT IN (${CORRECTIONS}) ${s.recorded('t')}
  ),
  fix_fields AS (
    SELECT x.case_id, x.target_version, jsonb_object_agg(kv.key, kv.value ORDER BY x.version) AS fields
    FROM fix x CROSS JOIN LATERAL jsonb_each(x.data->'correction') kv
    WHERE x.type = 'EventCorrected' AND jsonb_typeof(x.data->'correction') = 'object' AND kv.key <> 'date'
    GROUP BY 1, 2
  ),
  fix_dates AS (
    SELECT x.case_id, x.target_version,
      bool_or(x.type = 'EventRetracted') AS retracted,
      (array_agg((x.data->'correction'->>'date')::date ORDER BY x.version DESC) FILTER (WHERE x.type = 'EventCorrected'
        AND jsonb_typeof(x.data->'correction') = 'object' AND jsonb_typeof(x.data->'correction'->'date') = 'string'))[1] AS date
    FROM fix x
    GROUP BY 1, 2
  ),
  fixed AS (
    SELECT d.case_id, d.target_version AS version, d.retracted, d.date, ff.fields
    FROM fix_dates d LEFT JOIN fix_fields ff ON ff.case_id = d.case_id AND ff.target_version = d.target_version
  )`;
}

/**
 * The corrected history as a derived table named \`alias\`: case_event with the \`fixed\` corrections applied,
 * retracted events and the corrections themselves left out. PostgreSQL pulls it up into the calling query, so the
 * caller's conditions on type and case still reach the indexes; the corrections are a small hashed CTE.
 */
const events = (alias: string) => `(
    SELECT ev.case_id, ev.version, ev.type, coalesce(fx.date, ev.business_date) AS business_date,
      CASE WHEN fx.fields IS NULL THEN ev.data ELSE ev.data || fx.fields END AS data, ev.recorded_at
    FROM case_event ev LEFT JOIN fixed fx ON fx.case_id = ev.case_id AND fx.version = ev.version
    WHERE ev.type NOT IN (${CORRECTIONS}) AND fx.retracted IS NOT TRUE
  ) ${alias}`;

/** Lifecycle event types that decide whether a case is still open (the backlog), in one place. */
const ENDING = `'FinalPlanIssued', 'RequestWithdrawn', 'MovedOutOfArea'`;
const DECISIONS = `'DecidedToAssess', 'DecidedNotToAssess'`;
const TRIBUNAL = `'TribunalAppealRegistered', 'TribunalOrderMade'`;
const CORRECTIONS = `'EventCorrected', 'EventRetracted'`;
/** What a dispute must be about to take a plan out of the population (DISPUTES_ABOUT_THIS_ASSESSMENT). */
const ABOUT_THIS_ASSESSMENT = DISPUTES_ABOUT_THIS_ASSESSMENT.map((a) => `'${a}'`).join(', ');

/**
 * The latest (highest version) business_date of one event type, within a GROUP BY case. One max() over
 * version × 10⁷ + day number (days since 0001-01-01 stay below 10⁷) instead of array_agg(… ORDER BY version):
 * integer arithmetic that PostgreSQL can hash and parallelise, where an ordered aggregate sorts every group.
 * Versions are unique within a case, so the maximum names exactly one event.
 */
const latestDate = (type: string) =>
  `(DATE '0001-01-01' + ((max(e.version::bigint * 10000000 + (e.business_date - DATE '0001-01-01')) FILTER (WHERE e.type = '${type}')) % 10000000)::int)`;

/** A field of e.data as text when it is a JSON string, else NULL (the reference ignores non-string values too). */
const dataString = (field: string) =>
  `CASE WHEN jsonb_typeof(e.data->'${field}') = 'string' THEN e.data->>'${field}' END`;

/**
 * Per advice request of the cases that `from`/`where` pick (case_event e, joined or filtered): its provider, when the provider received it
 * (reg 8(1): the six weeks run from there; defaults to the request date) and when it came back.
 * provider IS NULL ⇔ never requested.
 */
const adviceSql = (from: string, where: string) => `
  SELECT e.case_id, ${dataString('adviceId')} AS advice_id,
    (array_agg(coalesce(${dataString('provider')}, 'unknown') ORDER BY e.version DESC)
      FILTER (WHERE e.type = 'AdviceRequested'))[1] AS provider,
    (array_agg(coalesce((${dataString('receivedByProvider')})::date, e.business_date) ORDER BY e.version DESC)
      FILTER (WHERE e.type = 'AdviceRequested'))[1] AS start,
    ${latestDate('AdviceReceived')} AS returned
  FROM ${from}
  WHERE ${where} AND e.type IN ('AdviceRequested', 'AdviceReceived') AND jsonb_typeof(e.data->'adviceId') = 'string'
  GROUP BY 1, 2`;

/**
 * The active (not withdrawn) exceptions claimed for the final-plan limit of the case `f` (reg 13(3)): kind, period
 * days, the caseworker's reason why the limit was impractical, and the version that recorded it.
 */
const activeExceptionsSql = (s: Statement) => `
  SELECT (CASE WHEN jsonb_typeof(x.data->'kind') = 'string' THEN x.data->>'kind' ELSE 'unknown' END) AS kind,
    CASE WHEN jsonb_typeof(x.data->'from') = 'string' THEN (x.data->>'from')::date END AS from_day,
    CASE WHEN jsonb_typeof(x.data->'to') = 'string' THEN (x.data->>'to')::date END AS to_day,
    CASE WHEN jsonb_typeof(x.data->'reasonLimitImpractical') = 'string' THEN x.data->>'reasonLimitImpractical' END AS reason,
    x.version
  FROM ${events('x')}
  WHERE x.case_id = f.case_id AND x.type = 'ExceptionRecorded' ${s.recorded('x')}
    AND jsonb_typeof(x.data->'appliesTo') = 'array' AND x.data->'appliesTo' @> '["final-plan"]'::jsonb
    AND NOT (jsonb_typeof(x.data->'exceptionId') = 'string' AND EXISTS (
      SELECT 1 FROM ${events('w')}
      WHERE w.case_id = f.case_id AND w.type = 'ExceptionWithdrawn' ${s.recorded('w')}
        AND jsonb_typeof(w.data->'exceptionId') = 'string' AND w.data->>'exceptionId' = x.data->>'exceptionId'))`;

/**
 * Why a late plan was late (reg 5(1), 8(1), 13(2), 13(3); lateCauses in @ehc/measures), for one row `b` of
 * plan_case_base: its own decision, draft and advice events are read only for late plans (the CASE around it).
 */
const lateCausesSql = (s: Statement) => (s.now ? lateCausesFromFactsSql : lateCausesFromEventsSql)(s);

/**
 * lateCausesSql for the log as it stands now: the first decision, the draft and the advice of the case from its
 * case facts (docs/measure-definitions.md#the-case-facts-table), two index lookups per late plan instead of folding its
 * events. `b.received` and `b.final` are the plan fold's, which the facts hold equal.
 */
const lateCausesFromFactsSql = (_s: Statement) => `
  CASE WHEN b.elapsed > $3::int THEN (
    SELECT coalesce(nullif(ARRAY(
      SELECT cause COLLATE "C" FROM (
        SELECT 'decision-to-assess' AS cause WHERE cf.first_decision - b.received > ${SIX_WEEKS_DAYS}
        -- reg 8(1): advice returned more than 6 weeks after the provider received the request
        UNION SELECT 'advice:' || a.provider FROM case_advice_facts a
          WHERE a.case_id = b.case_id AND a.provider IS NOT NULL AND a.returned - a.start > ${SIX_WEEKS_DAYS}
        UNION SELECT 'draft-after-16-weeks' WHERE cf.draft - b.received > ${SIXTEEN_WEEKS_DAYS}
        UNION SELECT 'draft-to-final' WHERE b.final - cf.draft > ${DRAFT_TO_FINAL_DAYS}
        UNION SELECT 'exception:' || k FROM unnest(b.exception_kinds) k
      ) causes ORDER BY 1), '{}'::text[]), ARRAY['unattributed'])
    FROM (SELECT 1) one LEFT JOIN case_facts cf ON cf.case_id = b.case_id
  ) ELSE '{}'::text[] END`;

const lateCausesFromEventsSql = (s: Statement) => `
  CASE WHEN b.elapsed > $3::int THEN (
    SELECT coalesce(nullif(ARRAY(
      SELECT cause COLLATE "C" FROM (
        SELECT 'decision-to-assess' AS cause WHERE lf.first_decision - b.received > ${SIX_WEEKS_DAYS}
        -- reg 8(1): advice returned more than 6 weeks after the provider received the request
        UNION SELECT 'advice:' || r.provider FROM (${adviceSql(events('e'), `e.case_id = b.case_id ${s.recorded('e')}`)}) r
          WHERE r.provider IS NOT NULL AND r.returned - r.start > ${SIX_WEEKS_DAYS}
        UNION SELECT 'draft-after-16-weeks' WHERE lf.draft - b.received > ${SIXTEEN_WEEKS_DAYS}
        UNION SELECT 'draft-to-final' WHERE b.final - lf.draft > ${DRAFT_TO_FINAL_DAYS}
        UNION SELECT 'exception:' || k FROM unnest(b.exception_kinds) k
      ) causes ORDER BY 1), '{}'::text[]), ARRAY['unattributed'])
    FROM (
      SELECT min(e.business_date) FILTER (WHERE e.type IN (${DECISIONS})) AS first_decision,
        ${latestDate('DraftPlanIssued')} AS draft
      FROM ${events('e')}
      WHERE e.case_id = b.case_id AND e.type IN (${DECISIONS}, 'DraftPlanIssued') ${s.recorded('e')}
    ) lf
  ) ELSE '{}'::text[] END`;

/**
 * The cases with a final plan issued in the period, one row each (plan_case). The candidates come from the
 * (type, business_date) index; their events of the types the population needs are then folded per case. `identity` adds the pseudonymous
 * reference and team (drill-down); `causes` adds the late causes.
 */
function planCasesCtes(s: Statement, { identity, causes }: { identity: boolean; causes: boolean }): string {
  return `${fixCtes(s)},
  ${s.now ? planFactsCte(s) : planFoldCtes(s)},
  ${planCaseCtes(s, { identity, causes })}`;
}

/**
 * plan_disputed for the log as it stands now: the plans issued in the period read from the case facts
 * (docs/measure-definitions.md#the-case-facts-table, index case_facts_final), each with the facts the population
 * needs already folded — no event of the case is read, except the exceptions' periods and reasons of the few plans
 * with an active exception (plan_case_base).
 */
const planFactsCte = (s: Statement) => `
  plan_disputed AS (
    SELECT f.case_id, f.received, f.final, f.refused_to_assess, f.refused_to_issue,
      cardinality(f.exception_kinds) > 0 AS has_exceptions, f.exception_kinds,
      coalesce(f.mediation_held COLLATE "C" <= ($2::date)::text COLLATE "C", false) AS mediation,
      coalesce(f.tribunal_from <= $2::date, false) AS tribunal
    FROM case_facts f ${s.team('f')}
    WHERE f.final BETWEEN $1::date AND $2::date
  )`;

/** plan_disputed folded from the events recorded by the as-at moment (plan_candidate, plan_fold). */
const planFoldCtes = (s: Statement) => `
  plan_candidate AS (
    SELECT e.case_id
    FROM case_event e ${s.team('e')}
    WHERE e.type = 'FinalPlanIssued' AND e.business_date BETWEEN $1::date AND $2::date ${s.recorded('e')}
    UNION SELECT case_id FROM fixed
  ),
  plan_fold AS (
    -- only columns that the covering indexes hold (case_event_type_date: type, business_date INCLUDE case_id,
    -- version; case_event_stream: case_id, version INCLUDE type, business_date, recorded_at), so that PostgreSQL
    -- can fold the cases from an index without visiting the table
    SELECT e.case_id,
      ${latestDate('RequestReceived')} AS received,
      ${latestDate('FinalPlanIssued')} AS final,
      bool_or(e.type IN ('MediationStarted', ${TRIBUNAL})) AS has_disputes,
      bool_or(e.type = 'DecidedNotToAssess') AS refused_to_assess,
      bool_or(e.type = 'DecidedNotToIssue') AS refused_to_issue,
      bool_or(e.type = 'ExceptionRecorded') AS has_exceptions
    FROM plan_candidate k JOIN ${events('e')} ON e.case_id = k.case_id
    WHERE e.type IN ('RequestReceived', 'FinalPlanIssued', 'MediationStarted', ${TRIBUNAL}, 'ExceptionRecorded', 'DecidedNotToAssess', 'DecidedNotToIssue') ${s.recorded('e')}
    GROUP BY e.case_id
  ),
  plan_disputed AS (
    -- SEN2 mediation / tribunal items of this request or assessment, as they stand on the reference date (the
    -- period's last day): a mediation once its meeting was held; an appeal about a refusal, the first plan's content
    -- or its named school; any tribunal order. Event data is read only for the cases with a dispute at all.
    SELECT f.*,
      f.has_disputes AND EXISTS (SELECT 1 FROM ${events('m')}
        WHERE m.case_id = f.case_id AND m.type = 'MediationStarted' ${s.recorded('m')}
          AND jsonb_typeof(m.data->'against') = 'string' AND m.data->>'against' IN (${ABOUT_THIS_ASSESSMENT})
          AND jsonb_typeof(m.data->'meetingHeldOn') = 'string' AND (m.data->>'meetingHeldOn') COLLATE "C" <= ($2::date)::text COLLATE "C") AS mediation,
      f.has_disputes AND EXISTS (SELECT 1 FROM ${events('t')}
        WHERE t.case_id = f.case_id AND t.type IN (${TRIBUNAL}) ${s.recorded('t')} AND t.business_date <= $2::date
          AND (t.type = 'TribunalOrderMade'
               OR (jsonb_typeof(t.data->'against') = 'string' AND t.data->>'against' IN (${ABOUT_THIS_ASSESSMENT})))) AS tribunal
    FROM plan_fold f
    WHERE f.final BETWEEN $1::date AND $2::date
  )`;

/** The plans of plan_disputed with their figures (plan_case_base), and whether and why each counts (plan_case). */
function planCaseCtes(s: Statement, { identity, causes }: { identity: boolean; causes: boolean }): string {
  return `
  plan_case_base AS (
    SELECT f.case_id, ${identity ? 'c.reference, c.team_id,' : ''} f.received, f.final,
      f.final - f.received AS elapsed,
      -- reg 13(3): the kinds of the exceptions claimed for the final-plan limit (SEN2 Week20) and not withdrawn;
      -- the event data is read only for the few cases that have an exception at all
      ${
        s.now
          ? 'f.exception_kinds'
          : `CASE WHEN NOT f.has_exceptions THEN '{}'::text[] ELSE ARRAY(
        SELECT DISTINCT x.kind COLLATE "C" FROM (${activeExceptionsSql(s)}) x ORDER BY 1
      ) END`
      } AS exception_kinds,
      CASE WHEN NOT f.has_exceptions THEN NULL ELSE (
        SELECT string_agg(r.reason, '; ' ORDER BY r.v) FROM (
          SELECT x.reason, min(x.version) AS v FROM (${activeExceptionsSql(s)}) x WHERE x.reason IS NOT NULL GROUP BY x.reason) r
      ) END AS reason_limit_impractical,
      -- the days of the assessment that the exceptions' periods cover, for a late plan ("covers N of M days late")
      CASE WHEN f.has_exceptions AND f.final - f.received > $3::int THEN (
        SELECT count(DISTINCT d.day) FROM (${activeExceptionsSql(s)}) x
        CROSS JOIN LATERAL generate_series(greatest(x.from_day, f.received), least(x.to_day, f.final) - 1, interval '1 day') d(day)
        WHERE x.from_day IS NOT NULL AND x.to_day IS NOT NULL
      )::int END AS exception_cover,
      CASE WHEN f.received IS NULL THEN 'no-request-received'
           WHEN f.mediation AND f.tribunal THEN 'mediation-and-tribunal'
           WHEN f.mediation THEN 'mediation'
           WHEN f.tribunal THEN 'tribunal'
           -- SEN2 keeps the LA's original refusal as the outcome: a plan after its own reversal is not a new plan
           WHEN f.refused_to_assess THEN 'reversed-refusal-to-assess'
           WHEN f.refused_to_issue THEN 'reversed-refusal-to-issue' END AS excluded_reason
    FROM plan_disputed f ${identity ? 'JOIN ehc_case c ON c.id = f.case_id' : ''}
  ),
  plan_case AS (
    SELECT b.*,
      CASE WHEN b.elapsed > $3::int THEN b.elapsed - $3::int END AS days_late,
      CASE WHEN cardinality(b.exception_kinds) > 0 THEN b.exception_cover END AS exception_cover_days,
      b.excluded_reason IS NULL AS counted,
      b.excluded_reason IS NULL AND cardinality(b.exception_kinds) = 0 AS counted_ex
      ${causes ? `, ${lateCausesSql(s)} AS late_causes` : ''}
    FROM plan_case_base b
  )`;
}

const seriesFormat = { month: `'YYYY-MM'`, quarter: `'YYYY-"Q"Q'`, year: `'YYYY'` } as const;
const seriesStep = { month: '1 month', quarter: '3 months', year: '1 year' } as const;

/**
 * The board's figure: the population, incl./excl. exceptions, bands, weeks to issue, the trend (docs/law.md#the-boards-measure 1–3).
 * With `lateCauses`, the same statement also counts the late plans by cause (companion view 6), from the same
 * population: the full report folds the plans once instead of twice.
 */
function headlineSql(
  s: Statement,
  q: NormalisedQuery,
  { lateCauses }: { lateCauses: boolean } = { lateCauses: false },
): string {
  const unit = q.groupBy;
  const series =
    unit === undefined
      ? `NULL::jsonb`
      : `(
    SELECT jsonb_agg(jsonb_build_object('period', to_char(g.p, ${seriesFormat[unit]}), 'issued', g.issued, 'within', g.within) ORDER BY g.p)
    FROM (
      SELECT g.p, count(pc.case_id)::int AS issued, count(pc.case_id) FILTER (WHERE pc.elapsed <= $3::int)::int AS within
      FROM generate_series(date_trunc('${unit}', $1::date::timestamp), date_trunc('${unit}', $2::date::timestamp), interval '${seriesStep[unit]}') g(p)
      LEFT JOIN plan_case pc ON pc.counted AND date_trunc('${unit}', pc.final::timestamp) = g.p
      GROUP BY g.p
    ) g)`;
  return `
  WITH ${planCasesCtes(s, { identity: false, causes: lateCauses })}
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
    ${series} AS series
    ${lateCauses ? `, ${LATE_BY_CAUSE} AS late_by_cause` : ''}
  FROM plan_case`;
}

/** Late plans by cause (docs/law.md#the-boards-measure companion view 6): counted plans past the boundary only. */
const LATE_BY_CAUSE = `(
  SELECT coalesce(jsonb_agg(jsonb_build_object('cause', cause, 'count', n) ORDER BY n DESC, cause COLLATE "C"), '[]'::jsonb)
  FROM (SELECT cause, count(*)::int AS n FROM plan_case, unnest(late_causes) cause WHERE counted GROUP BY cause) c)`;

/** The 6-week decision (reg 5(1)), the 16-week "no plan" notice (reg 10(1)) and advice within 6 weeks (reg 8(1)). */
function stagesSql(s: Statement): string {
  return `
  WITH ${fixCtes(s)},
  -- reg 5(1): requests RECEIVED in the period (SEN2 requests.csv: by the calendar year of receipt), by their first
  -- decision whether to assess
  decision_candidate AS (
    SELECT e.case_id FROM case_event e ${s.team('e')}
    WHERE e.type = 'RequestReceived' AND e.business_date BETWEEN $1::date AND $2::date ${s.recorded('e')}
    UNION SELECT case_id FROM fixed
  ),
  decision_fold AS (
    SELECT e.case_id, ${latestDate('RequestReceived')} AS received,
      min(e.business_date) FILTER (WHERE e.type IN (${DECISIONS})) AS decided
    FROM decision_candidate k JOIN ${events('e')} ON e.case_id = k.case_id
    WHERE e.type IN ('RequestReceived', ${DECISIONS}) ${s.recorded('e')}
    GROUP BY e.case_id
  ),
  -- reg 10(1): "no plan" notices given in the period
  no_plan_candidate AS (
    SELECT e.case_id FROM case_event e ${s.team('e')}
    WHERE e.type = 'DecidedNotToIssue' AND e.business_date BETWEEN $1::date AND $2::date ${s.recorded('e')}
    UNION SELECT case_id FROM fixed
  ),
  no_plan_fold AS (
    SELECT e.case_id, ${latestDate('RequestReceived')} AS received,
      min(e.business_date) FILTER (WHERE e.type = 'DecidedNotToIssue') AS decided
    FROM no_plan_candidate k JOIN ${events('e')} ON e.case_id = k.case_id
    WHERE e.type IN ('RequestReceived', 'DecidedNotToIssue') ${s.recorded('e')}
    GROUP BY e.case_id
  ),
  -- each notice against the limit that applied to it: 10 weeks from the latest order to assess (reg 44(2)(b)) or
  -- unopposed appeal against a refusal to assess (reg 45(3A)(a)) on or before it, else 16 weeks from the request
  no_plan_timed AS (
    SELECT f.received, f.decided, coalesce(o.ordered, f.received) AS limit_from,
      CASE WHEN o.ordered IS NULL THEN ${SIXTEEN_WEEKS_DAYS} ELSE ${TRIBUNAL_NO_PLAN_DAYS} END AS limit_days
    FROM no_plan_fold f LEFT JOIN LATERAL (
      SELECT max(x.business_date) AS ordered FROM case_event x
      WHERE x.case_id = f.case_id AND x.business_date <= f.decided ${s.recorded('x')}
        AND ((x.type = 'TribunalOrderMade' AND x.data->>'order' = 'assess')
          OR (x.type = 'AppealNotOpposed' AND x.data->>'against' = 'refusal-to-assess'))
    ) o ON true
  ),
  -- reg 8(1): advice returned in the period
  advice_candidate AS (
    SELECT e.case_id FROM case_event e ${s.team('e')}
    WHERE e.type = 'AdviceReceived' AND e.business_date BETWEEN $1::date AND $2::date ${s.recorded('e')}
    UNION SELECT case_id FROM fixed
  ),
  advice AS (
    ${adviceSql(`advice_candidate k JOIN ${events('e')} ON e.case_id = k.case_id`, `true ${s.recorded('e')}`)}
  )
  SELECT
    (SELECT jsonb_build_object('decided', count(*), 'within', count(*) FILTER (WHERE decided - received <= ${SIX_WEEKS_DAYS}))
       FROM decision_fold WHERE received BETWEEN $1::date AND $2::date AND decided IS NOT NULL) AS decisions,
    (SELECT jsonb_build_object('decided', count(*), 'within', count(*) FILTER (WHERE decided - limit_from <= limit_days))
       FROM no_plan_timed WHERE received IS NOT NULL AND decided BETWEEN $1::date AND $2::date) AS no_plan,
    (SELECT coalesce(jsonb_agg(jsonb_build_object('provider', provider, 'returned', n, 'within', w) ORDER BY provider COLLATE "C"), '[]'::jsonb)
       FROM (SELECT provider, count(*) AS n, count(*) FILTER (WHERE returned - start <= ${SIX_WEEKS_DAYS}) AS w
             FROM advice WHERE provider IS NOT NULL AND returned BETWEEN $1::date AND $2::date GROUP BY provider) a) AS advice,
    $3::int AS boundary_days -- every statement takes the same parameters; this one does not count with the boundary`;
}

/**
 * The stage measures of stagesSql for the log as it stands now (no as-at), read from the case facts
 * (docs/measure-definitions.md#the-case-facts-table) instead of folding the events: requests received in the period with
 * their first decision (case_facts_received), "no plan" notices given in the period (case_facts_no_plan), advice
 * returned in the period (case_advice_facts_returned). The facts are folded from the corrected history by the same
 * rules, so the figures are the same.
 */
function stagesFromFactsSql(s: Statement): string {
  return `
  SELECT
    (SELECT jsonb_build_object('decided', count(*), 'within', count(*) FILTER (WHERE f.first_decision - f.received <= ${SIX_WEEKS_DAYS}))
       FROM case_facts f ${s.team('f')}
      WHERE f.received BETWEEN $1::date AND $2::date AND f.first_decision IS NOT NULL) AS decisions,
    -- each notice against the limit that applied to it: 10 weeks from the latest order to assess (reg 44(2)(b)) or
    -- unopposed appeal against a refusal to assess (reg 45(3A)(a)) on or before it, else 16 weeks from the request
    (SELECT jsonb_build_object('decided', count(*), 'within', count(*) FILTER (WHERE f.first_no_plan - coalesce(f.no_plan_ordered, f.received)
              <= CASE WHEN f.no_plan_ordered IS NULL THEN ${SIXTEEN_WEEKS_DAYS} ELSE ${TRIBUNAL_NO_PLAN_DAYS} END))
       FROM case_facts f ${s.team('f')}
      WHERE f.first_no_plan BETWEEN $1::date AND $2::date AND f.received IS NOT NULL) AS no_plan,
    (SELECT coalesce(jsonb_agg(jsonb_build_object('provider', provider, 'returned', n, 'within', w) ORDER BY provider COLLATE "C"), '[]'::jsonb)
       FROM (SELECT a.provider, count(*) AS n, count(*) FILTER (WHERE a.returned - a.start <= ${SIX_WEEKS_DAYS}) AS w
               FROM case_advice_facts a ${s.team('a')}
              WHERE a.provider IS NOT NULL AND a.returned BETWEEN $1::date AND $2::date GROUP BY a.provider) x) AS advice,
    $3::int AS boundary_days -- every statement takes the same parameters; this one does not count with the boundary`;
}

/**
 * The open backlog of backlogSql for the log as it stands now (no as-at), from the case facts: the open cases are
 * those the partial index case_facts_open holds (a request, no ending event, no refusal left standing).
 */
function backlogFromFactsSql(s: Statement, q: NormalisedQuery): string {
  return `
  SELECT count(*) FILTER (WHERE days_left < 0)::int AS open_past,
    count(*) FILTER (WHERE days_left >= 0 AND days_left <= ${FORECAST_DAYS})::int AS open_due,
    $1::date AS period_from, $2::date AS period_to -- every statement takes the same parameters; the backlog has no period
  FROM (
    SELECT f.received + $3::int - ${s.today(q)}::date AS days_left
    FROM case_facts f ${s.team('f')}
    WHERE f.received IS NOT NULL AND NOT f.ended AND NOT f.closed_not_assessed AND NOT f.closed_not_issued
  ) o`;
}

/**
 * docs/law.md#the-boards-measure companion views 4 and 5: open cases (no final plan, not closed) already past the limit, or passing it within
 * 4 weeks. No period bounds this, so it starts from every request: the cases with an ending event (plan issued,
 * withdrawn, moved away: they end a case for good) or whose latest refusal was not reversed are removed by hash
 * anti-joins, and only the rest, the open cases and the corrected ones, are folded, from index entries alone
 * (case_event_type_date carries case_id, version).
 */
function backlogSql(s: Statement, q: NormalisedQuery): string {
  return `
  WITH ${fixCtes(s)},
  open_candidate AS (
    SELECT e.case_id FROM case_event e ${s.team('e')}
    WHERE e.type = 'RequestReceived' ${s.recorded('e')}
      AND NOT EXISTS (SELECT 1 FROM case_event x WHERE x.case_id = e.case_id AND x.type IN (${ENDING}) ${s.recorded('x')})
      -- nor those closed by their latest refusal, to assess or to issue (the fold's closed_not_assessed and
      -- closed_not_issued on the uncorrected history): a refusal with no later decision the other way
      AND NOT EXISTS (SELECT 1 FROM case_event n WHERE n.case_id = e.case_id AND n.type = 'DecidedNotToAssess' ${s.recorded('n')}
        AND NOT EXISTS (SELECT 1 FROM case_event y WHERE y.case_id = n.case_id AND y.type = 'DecidedToAssess' AND y.version > n.version ${s.recorded('y')}))
      AND NOT EXISTS (SELECT 1 FROM case_event n WHERE n.case_id = e.case_id AND n.type = 'DecidedNotToIssue' ${s.recorded('n')}
        AND NOT EXISTS (SELECT 1 FROM case_event y WHERE y.case_id = n.case_id AND y.type = 'DecidedToIssue' AND y.version > n.version ${s.recorded('y')}))
    -- a corrected case may have had its ending retracted, or its request: fold it again from the corrected history
    UNION SELECT case_id FROM fixed
  ),
  open_fold AS (
    SELECT e.case_id, ${latestDate('RequestReceived')} AS received,
      bool_or(e.type IN (${ENDING})) AS ended,
      coalesce(max(e.version) FILTER (WHERE e.type = 'DecidedNotToAssess'), 0)
        > coalesce(max(e.version) FILTER (WHERE e.type = 'DecidedToAssess'), 0) AS closed_not_assessed,
      coalesce(max(e.version) FILTER (WHERE e.type = 'DecidedNotToIssue'), 0)
        > coalesce(max(e.version) FILTER (WHERE e.type = 'DecidedToIssue'), 0) AS closed_not_issued
    FROM open_candidate k JOIN ${events('e')} ON e.case_id = k.case_id
    WHERE e.type IN ('RequestReceived', ${ENDING}, ${DECISIONS}, 'DecidedToIssue', 'DecidedNotToIssue') ${s.recorded('e')}
    GROUP BY e.case_id
  ),
  open_case AS (
    SELECT received + $3::int - ${s.today(q)}::date AS days_left FROM open_fold
    WHERE received IS NOT NULL AND NOT ended AND NOT closed_not_assessed AND NOT closed_not_issued
  )
  SELECT count(*) FILTER (WHERE days_left < 0)::int AS open_past,
    count(*) FILTER (WHERE days_left >= 0 AND days_left <= ${FORECAST_DAYS})::int AS open_due,
    $1::date AS period_from, $2::date AS period_to -- every statement takes the same parameters; the backlog has no period
  FROM open_case`;
}

function casesSql(s: Statement): string {
  return `
  WITH ${planCasesCtes(s, { identity: true, causes: true })}
  SELECT reference, team_id, received::text AS received, final::text AS final, elapsed, elapsed <= $3::int AS within,
    exception_kinds, excluded_reason, counted, counted_ex, late_causes, days_late, exception_cover_days, reason_limit_impractical
  FROM plan_case
  ORDER BY final, reference COLLATE "C"`;
}

interface CountsJson {
  decided: number;
  within: number;
}

/**
 * Session settings for the measure's statements (SET LOCAL, inside the caller's transaction). JIT compilation
 * costs more than it saves on statements of a second or two (measured: 1.6 s of JIT on the 1.1 s plain
 * reference); the backlog hashes a million case groups, which needs more than the default 4 MB to stay in memory.
 * The benchmark runs the plain reference under the same settings.
 */
export const MEASURE_SESSION_SETTINGS = [`SET LOCAL jit = off`, `SET LOCAL work_mem = '64MB'`] as const;

/** The board's figure only (population, incl./excl. exceptions, bands, weeks to issue, trend): one statement. */
export async function timelinessHeadlineFromSql(
  query: SqlQuery,
  timelinessQuery: TimelinessQuery,
): Promise<TimelinessHeadline> {
  const q = normaliseQuery(timelinessQuery);
  const s = new Statement(q);
  const [r] = await query(headlineSql(s, q), s.params);
  return headlineOf(q, r);
}

/** The headline from a row of headlineSql. */
function headlineOf(q: NormalisedQuery, r: any): TimelinessHeadline {
  const headline: TimelinessHeadline = {
    period: [q.from, q.to],
    boundaryDays: q.boundaryDays,
    convention: conventionText(q.boundaryDays),
    asAt: q.asAt ?? null,
    team: q.team ?? null,
    includingExceptions: { issued: r.issued, within20Weeks: r.within, percent: percent(r.within, r.issued) },
    excludingExceptions: {
      issued: r.issued_ex,
      within20Weeks: r.within_ex,
      percent: percent(r.within_ex, r.issued_ex),
    },
    bands: { within20Weeks: r.within, from20To52Weeks: r.band_20_52, over52Weeks: r.band_over_52 },
    bandsExcludingExceptions: {
      within20Weeks: r.within_ex,
      from20To52Weeks: r.band_20_52_ex,
      over52Weeks: r.band_over_52_ex,
    },
    weeksToIssue: weeksToIssue(r.issued, r.sum_days, r.median_days),
    weeksToIssueExcludingExceptions: weeksToIssue(r.issued_ex, r.sum_days_ex, r.median_days_ex),
    excludedFromPopulation: r.excluded,
  };
  if (q.groupBy) {
    headline.series = (r.series as { period: string; issued: number; within: number }[]).map((p) => ({
      period: p.period,
      issued: p.issued,
      within20Weeks: p.within,
      percent: percent(p.within, p.issued),
    }));
  }
  return headline;
}

/**
 * The timeliness report computed in PostgreSQL from case_event (equal to computeTimeliness on the same events):
 * the headline, then the stage measures, the open backlog and the late causes, one statement each. Run it inside
 * one snapshot (REPEATABLE READ) so the parts agree with each other; `query` is that transaction's.
 */
export async function timelinessFromSql(query: SqlQuery, timelinessQuery: TimelinessQuery): Promise<TimelinessReport> {
  const q = normaliseQuery(timelinessQuery);
  const h = new Statement(q);
  const [figure] = await query(headlineSql(h, q, { lateCauses: true }), h.params);
  const headline = headlineOf(q, figure);
  const s = new Statement(q);
  // now: from the case facts (kept by the write path); as at an earlier moment: folded from the events recorded by then
  const now = q.asAt === undefined;
  const [stages] = await query(now ? stagesFromFactsSql(s) : stagesSql(s), s.params);
  const b = new Statement(q);
  const [backlog] = await query(now ? backlogFromFactsSql(b, q) : backlogSql(b, q), b.params);
  const advice: Record<string, AdviceFigure> = {};
  for (const a of stages.advice as { provider: string; returned: number; within: number }[]) {
    advice[a.provider] = { returned: a.returned, within: a.within, percent: percent(a.within, a.returned) };
  }
  const decisions = stages.decisions as CountsJson;
  const noPlan = stages.no_plan as CountsJson;
  const { series, ...figures } = headline;
  const report: TimelinessReport = {
    ...figures,
    decisionWithin6Weeks: {
      decided: decisions.decided,
      within: decisions.within,
      percent: percent(decisions.within, decisions.decided),
    },
    noPlanWithin16Weeks: {
      decided: noPlan.decided,
      within: noPlan.within,
      percent: percent(noPlan.within, noPlan.decided),
    },
    adviceWithin6Weeks: advice,
    openPastDeadline: backlog.open_past,
    openDueWithin4Weeks: backlog.open_due,
    lateByCause: figure.late_by_cause,
  };
  if (series) report.series = series;
  return report;
}

/** The drill-down in SQL: every case with a final plan in the period (equal to timelinessCases). */
export async function timelinessCasesFromSql(
  query: SqlQuery,
  timelinessQuery: TimelinessQuery,
): Promise<MeasureCaseRow[]> {
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
    daysLate: r.days_late,
    exceptionCoversDays: r.exception_cover_days,
    reasonLimitImpractical: r.reason_limit_impractical,
  }));
}

/**
 * The plainest SQL for the board's headline (incl./excl. exceptions), for the benchmark's reference timing
 * (docs/benchmarks.md#goals G3): plans issued in [$1, $2] joined to their request, mediation/tribunal cases left out,
 * within ⇔ elapsed ≤ $3 days. It assumes one RequestReceived and one FinalPlanIssued per case (no corrections, no
 * refusals, no disputes: it has none of the SEN2 rules of docs/measure-definitions.md), has no team or as-at filter,
 * and on such data gives the same four numbers as timelinessFromSql.
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
