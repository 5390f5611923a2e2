import { deriveDeadlines, replay, type CaseEvent, type Deadline, type CaseView } from '@ehc/workflow';
import { queryPrepared, type Sql } from './sql.js';

export interface CaseIdentity { id: string; reference: string; teamId: string; version: number }

export interface ProjectionOptions { today: string; finalPlanDays?: number }

/**
 * Open = the duty is still to be done: not met and still applicable. A missed or excepted deadline stays
 * open (the duty to act "as soon as practicable" remains), so it stays at the head of the caseworker's list.
 */
export function isOpen(d: Pick<Deadline, 'status' | 'metOn'>): boolean {
  return !d.metOn && (d.status === 'pending' || d.status === 'missed' || d.status === 'excepted');
}

/** The earliest open statutory deadline (guidance-only clocks such as the school's 15 days come after). */
export function nextOpenDeadline(deadlines: Deadline[]): Deadline | undefined {
  return deadlines.filter(isOpen).sort((a, b) => Number(b.statutory) - Number(a.statutory) || a.due.localeCompare(b.due))
    .find((d, _, all) => d.statutory || !all.some((x) => x.statutory));
}

/** The case summary row as derived from the events: nothing in it is kept by hand (invariant 3). */
export function summarise(c: CaseIdentity, view: CaseView, deadlines: Deadline[]) {
  return { case_id: c.id, reference: c.reference, team_id: c.teamId, ...summaryOf(view, deadlines), version: c.version };
}

/** The summary fields that come from the statechart and the deadlines. */
export function summaryOf(view: CaseView, deadlines: readonly Deadline[]) {
  const next = nextOpenDeadline([...deadlines]);
  return {
    caseworker: view.caseworker ?? null,
    stage: view.stage,
    closed: view.closed,
    received_on: view.receivedOn,
    final_issued_on: view.finalIssuedOn ?? null,
    next_deadline_id: next?.id ?? null,
    next_deadline_kind: next?.kind ?? null,
    next_due: next?.due ?? null,
    flags: view.flags,
  };
}

export function project(c: CaseIdentity, events: readonly CaseEvent[], o: ProjectionOptions, knownView?: CaseView) {
  const view = knownView ?? replay(events, { finalPlanDays: o.finalPlanDays });
  const deadlines = deriveDeadlines(events, { today: o.today, finalPlanDays: o.finalPlanDays });
  return { view, deadlines, summary: summarise(c, view, deadlines) };
}

/**
 * Parameters of the projection statement (projectionCtes), in order after the ones the caller's statement already
 * uses. The case's reference and team come from the statement itself (parameters, or the row the command locked).
 */
export function projectionParams(view: CaseView, deadlines: readonly Deadline[]): unknown[] {
  const s = summaryOf(view, deadlines);
  return [s.caseworker, s.stage, s.closed, s.received_on, s.final_issued_on,
    s.next_deadline_id, s.next_deadline_kind, s.next_due, JSON.stringify(s.flags),
    JSON.stringify(deadlines.map((d) => ({
      id: d.id, kind: d.kind, due: d.due, from_date: d.from, regulation: d.regulation, statutory: d.statutory, status: d.status,
      met_on: d.metOn ?? null, provider: d.subject?.provider ?? null, subject: d.subject ?? null, exception_ids: d.exceptionIds ?? [],
      open: isOpen(d),
    })))];
}

export const PROJECTION_PARAM_COUNT = 10;

/**
 * The projection writes as common table expressions of one statement: the case summary row, the deadline rows
 * that are new or changed, the removal of deadlines that no longer apply, and the outbox rows (transactional
 * outbox: never talk to Redis inside a request). `$1` is the case id, `$first`… are projectionParams, and `of` gives
 * the SQL expressions of the case's version, reference and team. With `guard` (a CTE name), every write happens
 * only if that CTE returned a row: the command's conditional version bump.
 *
 * A deadline row is rewritten only when its due date, status, met date, exceptions or start changed. The
 * generation changes only when the wake-up times change (a new deadline or a new due date): a status that moves
 * with time (pending → missed) must not re-arm alerts that were already raised. Ends with the CTE `outbox`.
 *
 * The stored rows are compared as they are now, not as the statement's snapshot saw them: the deadline worker
 * rewrites a case's deadlines under the case row's lock without a new version, and a command that waited for that
 * lock must not diff against the rows from before. So they are read after the guard (the bump waits for the lock
 * and runs first, as a one-time filter) and FOR NO KEY UPDATE, which reads the newest committed version of a row.
 */
export function projectionCtes(first: number, of: { version: string; reference: string; teamId: string }, guard?: string): string {
  const p = (i: number) => `$${first + i}`;
  const from = guard ? ` FROM ${guard}` : '';
  const andGuard = guard ? ` AND EXISTS (SELECT 1 FROM ${guard})` : '';
  return `summary AS (
    INSERT INTO case_summary (case_id, reference, team_id, caseworker, stage, closed, received_on, final_issued_on,
                              next_deadline_id, next_deadline_kind, next_due, flags, version)
    SELECT $1::uuid, ${of.reference}, ${of.teamId}, ${p(0)}::text, ${p(1)}::text, ${p(2)}::boolean, ${p(3)}::date, ${p(4)}::date,
           ${p(5)}::text, ${p(6)}::text, ${p(7)}::date, ${p(8)}::jsonb, ${of.version}${from}
    ON CONFLICT (case_id) DO UPDATE SET reference=EXCLUDED.reference, team_id=EXCLUDED.team_id, caseworker=EXCLUDED.caseworker,
      stage=EXCLUDED.stage, closed=EXCLUDED.closed, received_on=EXCLUDED.received_on, final_issued_on=EXCLUDED.final_issued_on,
      next_deadline_id=EXCLUDED.next_deadline_id, next_deadline_kind=EXCLUDED.next_deadline_kind, next_due=EXCLUDED.next_due,
      flags=EXCLUDED.flags, version=EXCLUDED.version
  ), derived AS (
    SELECT x.* FROM jsonb_to_recordset(${p(9)}::jsonb) AS x(id text, kind text, due date, from_date date, regulation text,
           statutory boolean, status text, met_on date, provider text, subject jsonb, exception_ids text[], open boolean)
  ), stored AS (
    SELECT o.deadline_id, o.due, o.status, o.met_on, o.exception_ids, o.from_date, o.generation
      FROM case_deadline o WHERE o.case_id = $1::uuid${andGuard}
       FOR NO KEY UPDATE
  ), changed AS (
    SELECT n.*, (o.deadline_id IS NULL OR o.due <> n.due) AS rearm,
           CASE WHEN o.deadline_id IS NULL THEN 1 WHEN o.due <> n.due THEN o.generation + 1 ELSE o.generation END AS generation
      FROM derived n LEFT JOIN stored o ON o.deadline_id = n.id
     WHERE o.deadline_id IS NULL OR o.due <> n.due OR o.status <> n.status OR o.met_on IS DISTINCT FROM n.met_on
        OR o.exception_ids <> n.exception_ids OR o.from_date <> n.from_date
  ), upserted AS (
    INSERT INTO case_deadline (case_id, deadline_id, kind, due, from_date, regulation, statutory, status, met_on, provider, subject, exception_ids, generation)
    SELECT $1::uuid, x.id, x.kind, x.due, x.from_date, x.regulation, x.statutory, x.status, x.met_on, x.provider, x.subject, x.exception_ids, x.generation
      FROM changed x${guard ? `, ${guard}` : ''}
    ON CONFLICT (case_id, deadline_id) DO UPDATE SET kind=EXCLUDED.kind, due=EXCLUDED.due, from_date=EXCLUDED.from_date,
      regulation=EXCLUDED.regulation, statutory=EXCLUDED.statutory, status=EXCLUDED.status, met_on=EXCLUDED.met_on,
      provider=EXCLUDED.provider, subject=EXCLUDED.subject, exception_ids=EXCLUDED.exception_ids, generation=EXCLUDED.generation
  ), removed AS (
    DELETE FROM case_deadline d
     WHERE d.case_id = $1::uuid AND NOT EXISTS (SELECT 1 FROM derived n WHERE n.id = d.deadline_id)${andGuard}
  ), outbox AS (
    INSERT INTO deadline_outbox (case_id, deadline_id, generation)
    SELECT $1::uuid, x.id, x.generation FROM changed x${guard ? `, ${guard}` : ''} WHERE x.rearm AND x.open
    RETURNING 1
  )`;
}

// $1 case, $2 reference, $3 team, $4… projections, then the version.
const WRITE_PROJECTIONS = `WITH ${projectionCtes(4, { version: `$${4 + PROJECTION_PARAM_COUNT}::int`, reference: '$2::text', teamId: '$3::text' })}
SELECT (SELECT count(*) FROM outbox)::int AS scheduled`;

/**
 * Writes the case's projections in the caller's transaction, in one statement (projectionCtes), and queues
 * wake-up calls for every pending deadline that is new or changed. Returns how many were (re)scheduled.
 */
export async function writeProjections(tx: Sql, c: CaseIdentity, events: readonly CaseEvent[], o: ProjectionOptions, knownView?: CaseView): Promise<{ view: CaseView; deadlines: Deadline[]; scheduled: number }> {
  const { view, deadlines } = project(c, events, o, knownView);
  const rows = await queryPrepared(tx, 'ehc_write_projections', WRITE_PROJECTIONS, [c.id, c.reference, c.teamId, ...projectionParams(view, deadlines), c.version]);
  return { view, deadlines, scheduled: rows[0].scheduled };
}
