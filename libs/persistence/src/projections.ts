import { deriveDeadlines, replay, type CaseEvent, type Deadline, type CaseView } from '@ehc/workflow';
import type { Sql } from './sql.js';

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
  const next = nextOpenDeadline(deadlines);
  return {
    case_id: c.id,
    reference: c.reference,
    team_id: c.teamId,
    caseworker: view.caseworker ?? null,
    stage: view.stage,
    closed: view.closed,
    received_on: view.receivedOn,
    final_issued_on: view.finalIssuedOn ?? null,
    next_deadline_id: next?.id ?? null,
    next_deadline_kind: next?.kind ?? null,
    next_due: next?.due ?? null,
    flags: view.flags,
    version: c.version,
  };
}

export function project(c: CaseIdentity, events: readonly CaseEvent[], o: ProjectionOptions, knownView?: CaseView) {
  const view = knownView ?? replay(events, { finalPlanDays: o.finalPlanDays });
  const deadlines = deriveDeadlines(events, { today: o.today, finalPlanDays: o.finalPlanDays });
  return { view, deadlines, summary: summarise(c, view, deadlines) };
}

const sameDeadline = (row: any, d: Deadline) =>
  row.due === d.due && row.status === d.status && (row.met_on ?? null) === (d.metOn ?? null) &&
  JSON.stringify(row.exception_ids ?? []) === JSON.stringify(d.exceptionIds ?? []) && row.from_date === d.from;

/**
 * Writes the case's projections in the caller's transaction and queues wake-up calls for every pending
 * deadline that is new or changed (transactional outbox: never talk to Redis inside a request).
 * Returns the deadlines that were (re)scheduled.
 */
export async function writeProjections(tx: Sql, c: CaseIdentity, events: readonly CaseEvent[], o: ProjectionOptions, knownView?: CaseView): Promise<{ view: CaseView; deadlines: Deadline[]; scheduled: number }> {
  const { view, deadlines, summary: s } = project(c, events, o, knownView);
  await tx.query(
    `INSERT INTO case_summary (case_id, reference, team_id, caseworker, stage, closed, received_on, final_issued_on,
                               next_deadline_id, next_deadline_kind, next_due, flags, version)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)
     ON CONFLICT (case_id) DO UPDATE SET reference=EXCLUDED.reference, team_id=EXCLUDED.team_id, caseworker=EXCLUDED.caseworker,
       stage=EXCLUDED.stage, closed=EXCLUDED.closed, received_on=EXCLUDED.received_on, final_issued_on=EXCLUDED.final_issued_on,
       next_deadline_id=EXCLUDED.next_deadline_id, next_deadline_kind=EXCLUDED.next_deadline_kind, next_due=EXCLUDED.next_due,
       flags=EXCLUDED.flags, version=EXCLUDED.version`,
    [s.case_id, s.reference, s.team_id, s.caseworker, s.stage, s.closed, s.received_on, s.final_issued_on,
      s.next_deadline_id, s.next_deadline_kind, s.next_due, JSON.stringify(s.flags), s.version],
  );

  const existing: any[] = await tx.query(
    `SELECT deadline_id, due::text AS due, status, met_on::text AS met_on, exception_ids, from_date::text AS from_date, generation
       FROM case_deadline WHERE case_id = $1`, [c.id]);
  const byId = new Map(existing.map((r) => [r.deadline_id, r]));
  // The generation changes only when the wake-up times change (a new deadline or a new due date): a status
  // that moves with time (pending → missed) must not re-arm alerts that were already raised.
  const changed: { d: Deadline; generation: number; rearm: boolean }[] = [];
  for (const d of deadlines) {
    const row = byId.get(d.id);
    byId.delete(d.id);
    if (row && sameDeadline(row, d)) continue;
    const rearm = !row || row.due !== d.due;
    changed.push({ d, generation: !row ? 1 : rearm ? row.generation + 1 : row.generation, rearm });
  }
  if (changed.length) {
    await tx.query(
      `INSERT INTO case_deadline (case_id, deadline_id, kind, due, from_date, regulation, statutory, status, met_on, provider, subject, exception_ids, generation)
       SELECT $1, x.id, x.kind, x.due::date, x.from_date::date, x.regulation, x.statutory, x.status, x.met_on::date, x.provider, x.subject, x.exception_ids, x.generation
         FROM jsonb_to_recordset($2::jsonb) AS x(id text, kind text, due text, from_date text, regulation text, statutory boolean,
              status text, met_on text, provider text, subject jsonb, exception_ids text[], generation int)
       ON CONFLICT (case_id, deadline_id) DO UPDATE SET kind=EXCLUDED.kind, due=EXCLUDED.due, from_date=EXCLUDED.from_date,
         regulation=EXCLUDED.regulation, statutory=EXCLUDED.statutory, status=EXCLUDED.status, met_on=EXCLUDED.met_on,
         provider=EXCLUDED.provider, subject=EXCLUDED.subject, exception_ids=EXCLUDED.exception_ids, generation=EXCLUDED.generation`,
      [c.id, JSON.stringify(changed.map(({ d, generation }) => ({
        id: d.id, kind: d.kind, due: d.due, from_date: d.from, regulation: d.regulation, statutory: d.statutory, status: d.status,
        met_on: d.metOn ?? null, provider: d.subject?.provider ?? null, subject: d.subject ?? null, exception_ids: d.exceptionIds ?? [], generation,
      })))],
    );
  }
  if (byId.size) {
    await tx.query(`DELETE FROM case_deadline WHERE case_id = $1 AND deadline_id = ANY($2::text[])`, [c.id, [...byId.keys()]]);
  }
  const toSchedule = changed.filter(({ d, rearm }) => rearm && isOpen(d));
  if (toSchedule.length) {
    await tx.query(
      `INSERT INTO deadline_outbox (case_id, deadline_id, generation)
       SELECT $1, x.id, x.generation FROM jsonb_to_recordset($2::jsonb) AS x(id text, generation int)`,
      [c.id, JSON.stringify(toSchedule.map(({ d, generation }) => ({ id: d.id, generation })))],
    );
  }
  return { view, deadlines, scheduled: toSchedule.length };
}
