/**
 * The per-case facts table of the board's companion measures (docs/measure-definitions.md#the-case-facts-table):
 * `case_facts` (one row per case) and `case_advice_facts` (one row per advice request of a case), holding the dates
 * the 6-week decision, the 16-week "no plan" notice, advice within 6 weeks and the open backlog need, each folded
 * from the case's corrected history exactly as foldCases (@ehc/measures) folds it: corrections and retractions
 * applied to the events they name, the latest version of a once-only fact winning, the first decision kept.
 *
 * It is a projection (docs/architecture.md invariant 3), never a counter: every write of events refolds the facts of
 * the cases it touched from their whole history, in the same statement (`caseFactsCtes` in appendDecidedEvents, the
 * one write path of commands, new cases, the importer and the worker), and `npm run projections:rebuild` (rebuildCaseFacts) refolds them all with the same
 * SQL. So the table holds what the log says as of the last committed event; the measure reads it only for the report
 * "as it stands now", and reads case_event itself for an as-at report.
 */
import { DISPUTES_ABOUT_THIS_ASSESSMENT } from '@ehc/measures';
import type { Sql } from '../sql.js';

/** The event types the facts are folded from (besides the corrections): a write of any other type leaves them alone. */
export const CASE_FACT_EVENT_TYPES: readonly string[] = [
  'RequestReceived',
  'DecidedToAssess',
  'DecidedNotToAssess',
  'DecidedToIssue',
  'DecidedNotToIssue',
  'DraftPlanIssued',
  'FinalPlanIssued',
  'RequestWithdrawn',
  'MovedOutOfArea',
  'TribunalOrderMade',
  'AppealNotOpposed',
  'AdviceRequested',
  'AdviceReceived',
  'ExceptionRecorded',
  'ExceptionWithdrawn',
  'MediationStarted',
  'TribunalAppealRegistered',
];
const CORRECTIONS = `'EventCorrected', 'EventRetracted'`;
const FACT_OR_CORRECTION = new Set([...CASE_FACT_EVENT_TYPES, 'EventCorrected', 'EventRetracted']);
/** Whether a write of this event type must refold the case's facts (a fact type, or a correction, which may name one). */
export const isCaseFactEvent = (type: string): boolean => FACT_OR_CORRECTION.has(type);
/** The types whose write refolds a case's facts: the fact types and the corrections (which may name one of them). */
export const CASE_FACT_TRIGGER_TYPES_SQL = [...CASE_FACT_EVENT_TYPES.map((t) => `'${t}'`), CORRECTIONS].join(', ');
const FACT_TYPES_SQL = CASE_FACT_EVENT_TYPES.map((t) => `'${t}'`).join(', ');
const ADVICE_TYPES_SQL = `'AdviceRequested', 'AdviceReceived'`;
/** What a dispute must be about to take a plan out of the population (DISPUTES_ABOUT_THIS_ASSESSMENT). */
const ABOUT_THIS_ASSESSMENT = DISPUTES_ABOUT_THIS_ASSESSMENT.map((a) => `'${a}'`).join(', ');
/** An exception's kind as the reference reads it (stringOr(kind, 'unknown')), in code-unit order. */
const EXCEPTION_KIND = `((CASE WHEN jsonb_typeof(e.data->'kind') = 'string' THEN e.data->>'kind' ELSE 'unknown' END) COLLATE "C")`;

/** The columns of case_facts (migration 1764000000100). */
export const FACT_COLUMNS: readonly string[] = [
  'case_id',
  'received',
  'first_decision',
  'draft',
  'final',
  'first_no_plan',
  'no_plan_ordered',
  'ended',
  'closed_not_assessed',
  'closed_not_issued',
  'refused_to_assess',
  'refused_to_issue',
  'mediation_held',
  'tribunal_from',
  'exception_kinds',
];

/** The latest (highest version) business_date of one event type within a GROUP BY case (as timeliness.sql.ts). */
const latestDate = (cond: string) =>
  `(DATE '0001-01-01' + ((max(e.version::bigint * 10000000 + (e.business_date - DATE '0001-01-01')) FILTER (WHERE ${cond})) % 10000000)::int)`;
const dataString = (field: string) =>
  `CASE WHEN jsonb_typeof(e.data->'${field}') = 'string' THEN e.data->>'${field}' END`;

/**
 * CTEs named `${p}_…` that refold the facts of the cases in `ids` (an SQL uuid[] expression) from `source`, a relation
 * with columns (case_id, event_id, version, type, business_date, data) that holds every event of those cases (in the
 * write path: case_event's rows and the statement's own new ones). With `write`, the last two CTEs replace the
 * cases' rows of case_facts (upsert) and case_advice_facts (delete and insert; the table has no unique key, so the
 * two never collide); without, `${p}_facts` and `${p}_advice` are left for the caller to read. With `newCases` (the
 * write of a statement that opens its cases), the cases have no rows in either table (a case's rows are written only
 * with its events, which need its ehc_case row): the rows are inserted, with nothing to delete and no conflict to
 * resolve.
 *
 * Corrections as in fixCtes (timeliness.sql.ts) and applyCorrections (@ehc/measures): an EventCorrected or
 * EventRetracted names an event of the same case by event_id; a correction of a correction is ignored; the latest
 * corrected date wins and corrected fields replace the event's (a later correction of a field wins).
 */
export function caseFactsCtes(
  p: string,
  source: string,
  ids: string,
  { write, newCases = false }: { write: boolean; newCases?: boolean },
): string {
  const target = `(CASE f.type WHEN 'EventCorrected' THEN f.data->>'corrects' ELSE f.data->>'retracts' END)`;
  const ctes = `
  ${p}_src AS (
    SELECT s.case_id, s.event_id, s.version, s.type, s.business_date, s.data FROM ${source} s
    WHERE s.type IN (${FACT_TYPES_SQL}, ${CORRECTIONS})
  ),
  ${p}_corr AS MATERIALIZED (
    -- the corrections (few) with the event id they name, first: the join below then hashes them, not the events
    SELECT f.case_id, f.version, f.type, f.data, (CASE
      WHEN ${target} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN ${target}::uuid END) AS target_id
    FROM ${p}_src f WHERE f.type IN (${CORRECTIONS})
  ),
  ${p}_fix AS (
    SELECT t.case_id, t.version AS target_version, f.version, f.type, f.data
    FROM ${p}_corr f JOIN ${p}_src t ON t.case_id = f.case_id AND t.event_id = f.target_id
    WHERE t.type NOT IN (${CORRECTIONS})
  ),
  ${p}_fixed AS (
    SELECT x.case_id, x.target_version AS version,
      bool_or(x.type = 'EventRetracted') AS retracted,
      (array_agg((x.data->'correction'->>'date')::date ORDER BY x.version DESC) FILTER (WHERE x.type = 'EventCorrected'
        AND jsonb_typeof(x.data->'correction') = 'object' AND jsonb_typeof(x.data->'correction'->'date') = 'string'))[1] AS date,
      (SELECT jsonb_object_agg(kv.key, kv.value ORDER BY y.version)
         FROM ${p}_fix y CROSS JOIN LATERAL jsonb_each(y.data->'correction') kv
        WHERE y.case_id = x.case_id AND y.target_version = x.target_version AND y.type = 'EventCorrected'
          AND jsonb_typeof(y.data->'correction') = 'object' AND kv.key <> 'date') AS fields
    FROM ${p}_fix x
    GROUP BY 1, 2
  ),
  ${p}_ev AS (
    SELECT ev.case_id, ev.version, ev.type, coalesce(fx.date, ev.business_date) AS business_date,
      CASE WHEN fx.fields IS NULL THEN ev.data ELSE ev.data || fx.fields END AS data,
      -- the first "no plan" notice (reg 10(1)), which the latest order to assess before it is measured against
      min(coalesce(fx.date, ev.business_date)) FILTER (WHERE ev.type = 'DecidedNotToIssue') OVER (PARTITION BY ev.case_id) AS first_no_plan,
      -- the exceptions withdrawn in the case (by exceptionId): an exception recorded with one of these ids is not active
      array_agg(CASE WHEN fx.fields IS NULL THEN ev.data ELSE ev.data || fx.fields END ->> 'exceptionId') FILTER (WHERE ev.type = 'ExceptionWithdrawn'
        AND jsonb_typeof(CASE WHEN fx.fields IS NULL THEN ev.data ELSE ev.data || fx.fields END -> 'exceptionId') = 'string') OVER (PARTITION BY ev.case_id) AS withdrawn_exceptions
    FROM ${p}_src ev LEFT JOIN ${p}_fixed fx ON fx.case_id = ev.case_id AND fx.version = ev.version
    WHERE ev.type NOT IN (${CORRECTIONS}) AND fx.retracted IS NOT TRUE
  ),
  ${p}_fold AS (
    SELECT e.case_id,
      ${latestDate(`e.type = 'RequestReceived'`)} AS received,
      min(e.business_date) FILTER (WHERE e.type IN ('DecidedToAssess', 'DecidedNotToAssess')) AS first_decision,
      ${latestDate(`e.type = 'DraftPlanIssued'`)} AS draft,
      ${latestDate(`e.type = 'FinalPlanIssued'`)} AS final,
      min(e.first_no_plan) AS first_no_plan,
      -- reg 44(2)(b), reg 45(3A)(a): the latest order to assess, or appeal against a refusal to assess not opposed,
      -- on or before the first notice starts a 10-week limit instead of 16 weeks from the request
      max(e.business_date) FILTER (WHERE e.business_date <= e.first_no_plan AND (
        (e.type = 'TribunalOrderMade' AND jsonb_typeof(e.data->'order') = 'string' AND e.data->>'order' = 'assess')
        OR (e.type = 'AppealNotOpposed' AND jsonb_typeof(e.data->'against') = 'string' AND e.data->>'against' = 'refusal-to-assess'))) AS no_plan_ordered,
      bool_or(e.type IN ('FinalPlanIssued', 'RequestWithdrawn', 'MovedOutOfArea')) AS ended,
      coalesce(max(e.version) FILTER (WHERE e.type = 'DecidedNotToAssess'), 0)
        > coalesce(max(e.version) FILTER (WHERE e.type = 'DecidedToAssess'), 0) AS closed_not_assessed,
      coalesce(max(e.version) FILTER (WHERE e.type = 'DecidedNotToIssue'), 0)
        > coalesce(max(e.version) FILTER (WHERE e.type = 'DecidedToIssue'), 0) AS closed_not_issued,
      -- SEN2 keeps a refusal as the outcome even if the LA later reversed it
      bool_or(e.type = 'DecidedNotToAssess') AS refused_to_assess,
      bool_or(e.type = 'DecidedNotToIssue') AS refused_to_issue,
      -- disputes about this request or assessment (DISPUTES_ABOUT_THIS_ASSESSMENT): the earliest mediation meeting
      -- held (as text, compared with the reference date in code-unit order as the reference does), and the earliest
      -- appeal registered or order made (any tribunal order counts)
      min((e.data->>'meetingHeldOn') COLLATE "C") FILTER (WHERE e.type = 'MediationStarted'
        AND jsonb_typeof(e.data->'against') = 'string' AND e.data->>'against' IN (${ABOUT_THIS_ASSESSMENT})
        AND jsonb_typeof(e.data->'meetingHeldOn') = 'string') AS mediation_held,
      min(e.business_date) FILTER (WHERE e.type = 'TribunalOrderMade' OR (e.type = 'TribunalAppealRegistered'
        AND jsonb_typeof(e.data->'against') = 'string' AND e.data->>'against' IN (${ABOUT_THIS_ASSESSMENT}))) AS tribunal_from,
      -- reg 13(3): the kinds of the active (not withdrawn) exceptions claimed for the final-plan limit, distinct, sorted
      coalesce(array_agg(DISTINCT ${EXCEPTION_KIND} ORDER BY ${EXCEPTION_KIND}) FILTER (WHERE e.type = 'ExceptionRecorded'
        AND jsonb_typeof(e.data->'appliesTo') = 'array' AND e.data->'appliesTo' @> '["final-plan"]'::jsonb
        AND NOT (jsonb_typeof(e.data->'exceptionId') = 'string' AND coalesce(e.data->>'exceptionId' = ANY(e.withdrawn_exceptions), false))),
        '{}'::text[]) AS exception_kinds
    FROM ${p}_ev e
    GROUP BY e.case_id
  ),
  ${p}_facts AS (
    SELECT k.case_id, f.received, f.first_decision, f.draft, f.final, f.first_no_plan, f.no_plan_ordered,
      coalesce(f.ended, false) AS ended, coalesce(f.closed_not_assessed, false) AS closed_not_assessed,
      coalesce(f.closed_not_issued, false) AS closed_not_issued, coalesce(f.refused_to_assess, false) AS refused_to_assess,
      coalesce(f.refused_to_issue, false) AS refused_to_issue, f.mediation_held, f.tribunal_from,
      coalesce(f.exception_kinds, '{}'::text[]) AS exception_kinds
    FROM (SELECT DISTINCT u AS case_id FROM unnest(${ids}) u) k LEFT JOIN ${p}_fold f ON f.case_id = k.case_id
  ),
  ${p}_advice AS (
    -- per advice request (reg 8(1)): its provider, when the provider received it (defaults to the request date) and
    -- when it came back, each from the latest event of its kind; provider IS NULL ⇔ never requested
    SELECT e.case_id, ${dataString('adviceId')} AS advice_id,
      (array_agg(coalesce(${dataString('provider')}, 'unknown') ORDER BY e.version DESC)
        FILTER (WHERE e.type = 'AdviceRequested'))[1] AS provider,
      (array_agg(coalesce((${dataString('receivedByProvider')})::date, e.business_date) ORDER BY e.version DESC)
        FILTER (WHERE e.type = 'AdviceRequested'))[1] AS start,
      ${latestDate(`e.type = 'AdviceReceived'`)} AS returned
    FROM ${p}_ev e
    WHERE e.type IN (${ADVICE_TYPES_SQL}) AND jsonb_typeof(e.data->'adviceId') = 'string'
    GROUP BY 1, 2
  )`;
  if (!write) return ctes;
  return `${ctes},
  ${p}_written AS (
    INSERT INTO case_facts AS cf (${FACT_COLUMNS.join(', ')})
    SELECT ${FACT_COLUMNS.join(', ')} FROM ${p}_facts${
      newCases
        ? ''
        : `
    ON CONFLICT (case_id) DO UPDATE SET ${FACT_COLUMNS.filter((c) => c !== 'case_id')
      .map((c) => `${c} = excluded.${c}`)
      .join(', ')}`
    }
  ),${
    newCases
      ? ''
      : `
  ${p}_advice_gone AS (
    DELETE FROM case_advice_facts a WHERE a.case_id = ANY(${ids})
  ),`
  }
  ${p}_advice_written AS (
    INSERT INTO case_advice_facts (case_id, advice_id, provider, start, returned)
    SELECT case_id, advice_id, provider, start, returned FROM ${p}_advice
  )`;
}

/** The facts CTEs of a write statement whose new events are the relation `added` (case_id, event_id, version, type,
 * business_date, data): only the cases that received an event of a fact type (or a correction) are refolded. With
 * `newCases` (a statement that opens its cases: they have no stored events), the fold reads `added` alone: reading
 * case_event for them found nothing, through an index scan of every stored event of the fact types; and their rows are
 * inserted (caseFactsCtes). */
export function caseFactsWriteCtes(added: string, { newCases = false }: { newCases?: boolean } = {}): string {
  const ids = `(SELECT array_agg(DISTINCT a.case_id) FROM ${added} a WHERE a.type IN (${CASE_FACT_TRIGGER_TYPES_SQL}))::uuid[]`;
  const stored = `SELECT ce.case_id, ce.event_id, ce.version, ce.type, ce.business_date, ce.data FROM case_event ce
      WHERE ce.case_id = ANY(${ids})
    UNION ALL `;
  const source = `(${newCases ? '' : stored}SELECT a.case_id, a.event_id, a.version, a.type, a.business_date, a.data FROM ${added} a
      WHERE a.case_id = ANY(${ids}))`;
  return caseFactsCtes('facts', source, ids, { write: true, newCases });
}

/** Refolds the facts of the given cases from case_event (the rebuild, and a write made outside the CTE paths). */
export async function refreshCaseFacts(sql: Sql, caseIds: readonly string[]): Promise<void> {
  if (!caseIds.length) return;
  const source = `(SELECT ce.case_id, ce.event_id, ce.version, ce.type, ce.business_date, ce.data FROM case_event ce
      WHERE ce.case_id = ANY($1::uuid[]))`;
  await sql.query(`WITH ${caseFactsCtes('facts', source, '$1::uuid[]', { write: true })} SELECT 1`, [caseIds]);
}

/**
 * Refolds every case's facts from case_event, `batch` cases a statement (keyset on ehc_case.id): what
 * `npm run projections:rebuild` and the migration that made the tables run. Returns the number of cases.
 */
export async function rebuildCaseFacts(
  sql: Sql,
  o: { batch?: number; onProgress?: (done: number) => void } = {},
): Promise<number> {
  const batch = o.batch ?? 20_000;
  // a batch folds ~200,000 events: sorted and hashed in memory, not on disk (the default 4 MB spills). SET LOCAL: the
  // caller's transaction only (the migration's, the benchmark's); outside one PostgreSQL ignores it with a warning.
  await sql.query(`SET LOCAL work_mem = '64MB'`);
  let after = '00000000-0000-0000-0000-000000000000';
  let done = 0;
  for (;;) {
    const rows: { id: string }[] = await sql.query(`SELECT id FROM ehc_case WHERE id > $1 ORDER BY id LIMIT $2`, [
      after,
      batch,
    ]);
    if (!rows.length) break;
    await refreshCaseFacts(
      sql,
      rows.map((r) => r.id),
    );
    after = rows[rows.length - 1]!.id;
    done += rows.length;
    o.onProgress?.(done);
  }
  return done;
}
