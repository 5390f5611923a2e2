import {
  caseDeadlines,
  deriveDeadlines,
  hasCorrections,
  OPEN_DEADLINE_STATUSES,
  PLAN_DEADLINE_KINDS,
  type CaseEvent,
  type Deadline,
  type CaseView,
} from '@ehc/workflow';
import { queryPrepared, type Sql } from './sql.js';
import type { StoredDeadline } from './batch-commands.js';

export interface CaseIdentity {
  id: string;
  reference: string;
  teamId: string;
  version: number;
}

export interface ProjectionOptions {
  today: string;
  finalPlanDays?: number;
}

/**
 * Open = the duty is still to be done: not met and still applicable. A missed or excepted deadline stays
 * open (the duty to act "as soon as practicable" remains), so it stays at the head of the caseworker's list.
 */
export function isOpen(d: Pick<Deadline, 'status' | 'metOn'>): boolean {
  return !d.metOn && (OPEN_DEADLINE_STATUSES as readonly string[]).includes(d.status);
}

/**
 * The open statuses as an SQL list, for `status IN (…)`. The partial index case_deadline_open_due (migration
 * 1764000000003) states the same list in SQL; open-deadlines.spec checks the two agree.
 */
export const OPEN_DEADLINE_STATUSES_SQL = OPEN_DEADLINE_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * The cases whose open deadlines are work (the team's queue, a caseworker's "My work"), as an SQL condition on
 * case_summary `s`: every case not closed, and a case whose assessment ended in a final plan while that plan is
 * maintained here (stage plan-issued: closed as an assessment, but the plan's reviews, amendments and phase transfers
 * fall due; docs/plan-life.md#one-log). A plan that ended (plan-ended) has none. The partial indexes
 * case_summary_team_work and case_summary_caseworker_work (migration 1764000000091) state the same condition.
 */
export const CASE_HAS_WORK_SQL = `(NOT s.closed OR s.stage = 'plan-issued')`;

/**
 * The deadlines that are work on a maintained plan: the plan's own (plan-deadlines.ts) and the duties that come after
 * the plan — an order or an unopposed appeal amending it (reg 44(2)(e)-(f), reg 45) and what mediation agreed
 * (reg 42). An assessment's clock left open when the final plan was issued (advice that never came) is not: the
 * assessment is over.
 */
export const PLAN_WORK_DEADLINE_KINDS: readonly string[] = [
  ...PLAN_DEADLINE_KINDS,
  'tribunal-amended-plan',
  'mediation-agreed-action',
];

/**
 * The open deadlines that are work, on case_summary `s` and case_deadline `d` (the deadline's status is the caller's):
 * an open case's, and a maintained plan's plan work (CASE_HAS_WORK_SQL, PLAN_WORK_DEADLINE_KINDS). The first
 * condition is the one the work indexes state, on `s` alone, so the planner can use them.
 */
export const DEADLINE_IS_WORK_SQL = `${CASE_HAS_WORK_SQL} AND (NOT s.closed OR d.kind IN (${PLAN_WORK_DEADLINE_KINDS.map((k) => `'${k}'`).join(', ')}))`;

/** The earliest open statutory deadline (guidance-only clocks such as the school's 15 days come after). */
export function nextOpenDeadline(deadlines: Deadline[]): Deadline | undefined {
  return deadlines
    .filter(isOpen)
    .sort((a, b) => Number(b.statutory) - Number(a.statutory) || a.due.localeCompare(b.due))
    .find((d, _, all) => d.statutory || !all.some((x) => x.statutory));
}

/** The case summary row as derived from the events: nothing in it is kept by hand (docs/architecture.md invariant 3). */
export function summarise(c: CaseIdentity, view: CaseView, deadlines: Deadline[]) {
  return {
    case_id: c.id,
    reference: c.reference,
    team_id: c.teamId,
    ...summaryOf(view, deadlines),
    version: c.version,
  };
}

/** The summary fields that come from the statechart and the deadlines. */
export function summaryOf(view: CaseView, deadlines: readonly Deadline[]) {
  const next = nextOpenDeadline([...deadlines]);
  return {
    caseworker: view.caseworker ?? null,
    stage: view.stage,
    closed: view.closed,
    received_on: view.receivedOn ?? null, // null: a plan transferred in (reg 15), no request here
    final_issued_on: view.finalIssuedOn ?? null,
    next_deadline_id: next?.id ?? null,
    next_deadline_kind: next?.kind ?? null,
    next_due: next?.due ?? null,
    flags: view.flags,
  };
}

/** The projections of a case's log: from its history as corrected (corrections.ts), `ids` being the entries' event ids. */
export function project(
  c: CaseIdentity,
  events: readonly CaseEvent[],
  o: ProjectionOptions,
  knownView?: CaseView,
  ids?: readonly (string | undefined)[],
) {
  if (knownView && !hasCorrections(events)) {
    const deadlines = deriveDeadlines(events, { today: o.today, finalPlanDays: o.finalPlanDays });
    return { view: knownView, deadlines, summary: summarise(c, knownView, deadlines) };
  }
  const { view, deadlines } = caseDeadlines(events, { today: o.today, finalPlanDays: o.finalPlanDays }, ids);
  return { view, deadlines, summary: summarise(c, view, deadlines) };
}

/**
 * One derived deadline as the projection statements read it (jsonb_to_recordset with DEADLINE_RECORD, `derived`).
 * Only what the derived row cannot give is sent: an import sends some 35 of these per case, and their JSON is most of
 * its payload. An absent key reads as null, and `derived` restores the rest: statutory (true), the kind when it is the id, the
 * provider from the subject, no exceptions ('{}'), not open (false). So an absent met date or subject is null, as before.
 */
function deadlineRow(d: Deadline) {
  const r: Record<string, unknown> = {
    id: d.id,
    due: d.due,
    from_date: d.from,
    regulation: d.regulation,
    status: d.status,
  };
  if (!d.statutory) r.statutory = false;
  if (d.kind !== d.id) r.kind = d.kind;
  if (d.metOn != null) r.met_on = d.metOn;
  if (d.subject != null) r.subject = d.subject;
  if (d.exceptionIds?.length) r.exception_ids = d.exceptionIds;
  if (isOpen(d)) r.open = true;
  return r;
}

/**
 * The values the projections of a case are written from: its summary fields and its deadline rows, one jsonb record
 * per case (PROJECTION_RECORD) read by projectionCtes.
 */
export function projectionValues(view: CaseView, deadlines: readonly Deadline[]) {
  return { ...summaryOf(view, deadlines), deadlines: deadlines.map(deadlineRow) };
}

const SUMMARY_INSERT = `INSERT INTO case_summary (case_id, reference, team_id, caseworker, stage, closed, received_on, final_issued_on,
                              next_deadline_id, next_deadline_kind, next_due, flags, version)`;
const SUMMARY_ON_CONFLICT = `ON CONFLICT (case_id) DO UPDATE SET reference=EXCLUDED.reference, team_id=EXCLUDED.team_id, caseworker=EXCLUDED.caseworker,
      stage=EXCLUDED.stage, closed=EXCLUDED.closed, received_on=EXCLUDED.received_on, final_issued_on=EXCLUDED.final_issued_on,
      next_deadline_id=EXCLUDED.next_deadline_id, next_deadline_kind=EXCLUDED.next_deadline_kind, next_due=EXCLUDED.next_due,
      flags=EXCLUDED.flags, version=EXCLUDED.version`;
/** The columns of one deadlineRow (some absent: `derived` gives their values). */
const DEADLINE_RECORD = `id text, kind text, due date, from_date date, regulation text,
           statutory boolean, status text, met_on date, subject jsonb, exception_ids text[], open boolean`;
const STORED_COLUMNS = 'o.deadline_id, o.due, o.status, o.met_on, o.exception_ids, o.from_date, o.generation';
/** n: the derived row, o: the stored one (all nulls when there is none). */
// A deadline that was done and is open again (its work was retracted or corrected away) is re-armed as a new deadline.
const REOPENED = `(n.open AND (o.met_on IS NOT NULL OR o.status IN ('met', 'not-applicable')))`;
const REARM_AND_GENERATION = `(o.deadline_id IS NULL OR o.due <> n.due OR ${REOPENED}) AS rearm,
           CASE WHEN o.deadline_id IS NULL THEN 1 WHEN o.due <> n.due OR ${REOPENED} THEN o.generation + 1 ELSE o.generation END AS generation`;
const DEADLINE_CHANGED = `o.deadline_id IS NULL OR o.due <> n.due OR o.status <> n.status OR o.met_on IS DISTINCT FROM n.met_on
        OR o.exception_ids <> n.exception_ids OR o.from_date <> n.from_date`;
/**
 * Closes the open "missed" alerts of deadlines that no longer need acting on, from a `changed` row x (the deadline as
 * now derived): done late (met after its due date; the deadline stays "missed" with its met date), covered by an
 * exception, or shown by a correction to have been met or not to apply. `caseMatch` ties the alert to x's case.
 */
const closeAlerts = (caseMatch: string, from: string) => `UPDATE alert a SET closed_at = now(), closed_on = x.met_on,
           closed_reason = CASE WHEN x.status = 'excepted' THEN 'excepted' WHEN x.status = 'met' THEN 'corrected-met'
                                WHEN x.status = 'not-applicable' THEN 'no-longer-applies' ELSE 'done-late' END
      FROM ${from}
     WHERE ${caseMatch} AND a.deadline_id = x.id AND a.kind = 'missed' AND a.closed_at IS NULL
       AND (x.met_on IS NOT NULL OR x.status IN ('excepted', 'met', 'not-applicable'))`;
const DEADLINE_INSERT =
  'INSERT INTO case_deadline (case_id, deadline_id, kind, due, from_date, regulation, statutory, status, met_on, provider, subject, exception_ids, generation)';
/** After the case id, from a `changed` row x. */
const DEADLINE_VALUES =
  'x.id, x.kind, x.due, x.from_date, x.regulation, x.statutory, x.status, x.met_on, x.provider, x.subject, x.exception_ids, x.generation';
const DEADLINE_ON_CONFLICT = `ON CONFLICT (case_id, deadline_id) DO UPDATE SET kind=EXCLUDED.kind, due=EXCLUDED.due, from_date=EXCLUDED.from_date,
      regulation=EXCLUDED.regulation, statutory=EXCLUDED.statutory, status=EXCLUDED.status, met_on=EXCLUDED.met_on,
      provider=EXCLUDED.provider, subject=EXCLUDED.subject, exception_ids=EXCLUDED.exception_ids, generation=EXCLUDED.generation`;

/** The columns of one case's projection values (projectionValues) in a jsonb record, after the caller's own. */
export const PROJECTION_RECORD = `caseworker text, stage text, closed boolean, received_on date, final_issued_on date,
           next_deadline_id text, next_deadline_kind text, next_due date, flags jsonb, deadlines jsonb`;

/**
 * The projection writes of one or many cases as common table expressions of one statement: the case summary row, the
 * deadline rows that are new or changed, the removal of deadlines that no longer apply, the alerts closed, and the
 * outbox rows (transactional outbox: never talk to Redis inside a request). Ends with the CTE `outbox`.
 *
 * `source` is a CTE with one row per case to write (for a command, its version bump: only the cases it matched), with
 * at least case_id, version, reference, team_id and the PROJECTION_RECORD columns. `bumped` is an uncorrelated SQL expression
 * giving the uuid[] of those cases: every read and delete of stored deadline rows filters on it, so the planner
 * evaluates it once, before the first row is read (an InitPlan). Cases must be distinct: one row per case in `source`.
 *
 * A deadline row is rewritten only when its due date, status, met date, exceptions or start changed. The
 * generation changes only when the wake-up times change (a new deadline or a new due date): a status that moves
 * with time (pending → missed) must not re-arm alerts that were already raised.
 *
 * The stored rows are read as the statement's snapshot saw them, without locking them (a row lock is a heap write
 * and a WAL record per deadline row, on every command). That is the rows as committed because every writer of a
 * case's deadline rows writes the case row in the same transaction, before them: a command's version bump, and the
 * deadline worker's projection refresh, which rewrites the deadlines without a new version and so updates the row
 * to itself (handle-deadline-job.ts refreshProjection). A statement that began after such a writer committed sees its
 * rows. One that began before finds the case row updated by a transaction its snapshot does not see; its bump then
 * matches nothing (the snapshot check in appendDecided, batch-commands.ts), so it writes nothing and is stale: the
 * caller decides again on the case as it is now (case-state-cache.int-spec "a command that waited for the case
 * lock"). writeProjections' callers (the worker's refresh, rebuildProjections) update the case row before its statement
 * begins, so its snapshot is newer.
 */
export function projectionCtes(source: string, bumped: string): string {
  return `${summaryAndDerived(source, SUMMARY_ON_CONFLICT)}, stored AS (
    SELECT o.case_id, ${STORED_COLUMNS}
      FROM case_deadline o WHERE o.case_id = ANY(${bumped})
  ), changed AS (
    SELECT n.*, ${REARM_AND_GENERATION}
      FROM derived n LEFT JOIN stored o ON o.case_id = n.case_id AND o.deadline_id = n.id
     WHERE ${DEADLINE_CHANGED}
  ), upserted AS (
    ${DEADLINE_INSERT}
    SELECT x.case_id, ${DEADLINE_VALUES}
      FROM changed x
    ${DEADLINE_ON_CONFLICT}
  ), removed AS (
    DELETE FROM case_deadline d
     WHERE d.case_id = ANY(${bumped}) AND NOT EXISTS (SELECT 1 FROM derived n WHERE n.case_id = d.case_id AND n.id = d.deadline_id)
  ), alerts_closed AS (
    ${closeAlerts(`a.case_id = ANY(${bumped}) AND a.case_id = x.case_id`, 'changed x')}
  ), outbox AS (
    INSERT INTO deadline_outbox (case_id, deadline_id, generation)
    SELECT x.case_id, x.id, x.generation FROM changed x WHERE x.rearm AND x.open
    RETURNING 1
  )`;
}

/** The summary row (`onConflict`: how a stored one is replaced) and the deadline rows as derived (`derived`). */
const summaryAndDerived = (source: string, onConflict: string) => `summary AS (
    ${SUMMARY_INSERT}
    SELECT x.case_id, x.reference, x.team_id, x.caseworker, x.stage, x.closed, x.received_on, x.final_issued_on,
           x.next_deadline_id, x.next_deadline_kind, x.next_due, x.flags, x.version FROM ${source} x
    ${onConflict}
  ), derived AS (
    SELECT s.case_id, x.id, coalesce(x.kind, x.id) AS kind, x.due, x.from_date, x.regulation,
           coalesce(x.statutory, true) AS statutory, x.status, x.met_on, x.subject->>'provider' AS provider, x.subject,
           coalesce(x.exception_ids, '{}') AS exception_ids, coalesce(x.open, false) AS open
      FROM ${source} s CROSS JOIN LATERAL jsonb_to_recordset(s.deadlines) AS x(${DEADLINE_RECORD})
  )`;

/**
 * projectionCtes for a command whose deadline rows are known not to change (the same deadlineRowsKey): the summary row
 * alone. Nothing of case_deadline is read or written — the rows projectionCtes would write (new, changed, removed;
 * the alerts it closes and the outbox rows it queues all follow from those) are none — so the statement is about half
 * the plan to start and end on every execution. Sound only with the bump's check that the deadline rows are the ones
 * the caller knows (appendDecided's `known_xmin`). Ends with the CTE `summary`.
 */
export function summaryOnlyCtes(source: string): string {
  return `summary AS (
    ${SUMMARY_INSERT}
    SELECT x.case_id, x.reference, x.team_id, x.caseworker, x.stage, x.closed, x.received_on, x.final_issued_on,
           x.next_deadline_id, x.next_deadline_kind, x.next_due, x.flags, x.version FROM ${source} x
    ${SUMMARY_ON_CONFLICT}
  )`;
}

/**
 * What projectionCtes compares of a case's deadline rows (DEADLINE_CHANGED, the SQL form of this comparison: keep the
 * two together), as one string: the rows in deadline-id order, each its id, due date, status, met date, start and
 * exceptions. Two sets of rows with the same key are the same deadline ids with the same values on every compared
 * column, so a statement given the one with the other stored would write no deadline row (and so remove none, close no
 * alert and queue no outbox row). A string rather than the rows: the api keeps one per cached case (StoredDeadlines),
 * and a few hundred bytes in one string cost the garbage collector far less than a dozen objects per command
 * (docs/benchmarks.md "Garbage collection").
 */
export function deadlineRowsKey(rows: readonly StoredDeadline[]): string {
  // Control characters between the values: no id, date or status holds one (ids are references or UUIDs, dates
  // YYYY-MM-DD, event-shape.ts), so two different rows never read as one. A missing met date or start is empty
  // text, as the stored NULL: no date is empty. The rows' texts are sorted as strings (each begins with its id, and
  // ids are unique: one order whatever order the rows came in) and joined: one flat string to keep, not a rope of
  // every piece (a cached case keeps it).
  return rows
    .map(
      (d) =>
        `${d.id}${VALUE_END}${d.due}${VALUE_END}${d.status}${VALUE_END}${d.metOn ?? ''}${VALUE_END}${d.from ?? ''}${VALUE_END}${(d.exceptionIds ?? []).join(ID_END)}${ROW_END}`,
    )
    .sort()
    .join('');
}

const VALUE_END = '\u0001';
const ID_END = '\u0002';
const ROW_END = '\n';

/**
 * projectionCtes for cases the same statement opens (`source`: one row per new case, as for projectionCtes). A case
 * opened by the statement had no row before it, so it has no summary, deadline or alert rows (their foreign keys), and
 * the statement's snapshot could not show any: there is nothing stored to read, compare, lock, remove or close, and
 * every derived deadline is new — generation 1, with an outbox row when it is open, as projectionCtes writes a
 * deadline it finds no stored row for. The rows are plain inserts: an ON CONFLICT insert pays a probe of the key and
 * a confirmation record in the WAL for each row, for a conflict that cannot happen (a concurrent statement opening the
 * same case fails on ehc_case's key first). Ends with the CTE `outbox`.
 */
export function openedProjectionCtes(source: string): string {
  return `${summaryAndDerived(source, '')}, inserted AS (
    ${DEADLINE_INSERT}
    SELECT x.case_id, ${DEADLINE_VALUES}
      FROM (SELECT n.*, 1 AS generation FROM derived n) x
  ), outbox AS (
    INSERT INTO deadline_outbox (case_id, deadline_id, generation)
    SELECT x.case_id, x.id, 1 FROM derived x WHERE x.open
  )`;
}

// One case's projections, from its identity and projection values in one jsonb record ($1).
const WRITE_PROJECTIONS = `WITH written AS (
    SELECT x.* FROM jsonb_to_record($1::jsonb) AS x(case_id uuid, version int, reference text, team_id text, ${PROJECTION_RECORD})
  ), ${projectionCtes('written', '(SELECT array_agg(w.case_id) FROM written w)::uuid[]')}
SELECT (SELECT count(*) FROM outbox)::int AS scheduled`;

/**
 * Writes the case's projections in the caller's transaction, in one statement (projectionCtes, the statement a
 * command writes them by), and queues wake-up calls for every pending deadline that is new or changed. Returns how
 * many were (re)scheduled.
 */
export async function writeProjections(
  tx: Sql,
  c: CaseIdentity,
  events: readonly CaseEvent[],
  o: ProjectionOptions,
  knownView?: CaseView,
  ids?: readonly (string | undefined)[],
): Promise<{ view: CaseView; deadlines: Deadline[]; scheduled: number }> {
  const { view, deadlines } = project(c, events, o, knownView, ids);
  const record = {
    case_id: c.id,
    version: c.version,
    reference: c.reference,
    team_id: c.teamId,
    ...projectionValues(view, deadlines),
  };
  const rows = await queryPrepared(tx, 'ehc_write_projections', WRITE_PROJECTIONS, [JSON.stringify(record)]);
  return { view, deadlines, scheduled: rows[0].scheduled };
}
