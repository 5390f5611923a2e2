/**
 * Maintained plans folded from raw plan-event rows, for the board's plan measures (docs/plan-life.md#the-boards-measures).
 * Each plan's history is checked by the plan's own rules (@ehc/workflow checkPlanHistory); a history they refuse is
 * left out and listed with the reason, never counted silently. Pure: "today" is a parameter.
 */
import { checkPlanHistory, derivePlanDeadlines, PLAN_EVENT_TYPES, planStartFromAssessment, type CaseEvent, type PlanContext, type PlanDeadline, type PlanEvent } from '@ehc/workflow';
import { asAtCutoff, assertIsoDate } from './calendar-dates.js';
import { applyCorrections } from './corrections.js';
import type { MeasureEventRow } from './timeliness-types.js';

/** One raw plan_event row, with the plan's pseudonymous reference and team (the shape of MeasureEventRow). */
export interface PlanMeasureRow {
  planId: string;
  reference: string;
  teamId: string;
  /** The plan stream version (1, 2, 3 …). */
  version: number;
  type: string;
  /** The legal date, YYYY-MM-DD. */
  date: string;
  data: Record<string, unknown>;
  /** When the system was told (ISO timestamp). */
  recordedAt: string;
  /**
   * What identifies this plan's history as read (planRowsFromCaseRows: the case stream's last version): two reads with
   * the same stamp hold the same events, so a fold cache may reuse the plan folded from the first.
   */
  stamp?: string;
}

/** Plans folded before, by plan id, with the stamp and "today" they were folded for (see foldPlans). */
export type PlanFoldCache = Map<string, { key: string; plan?: FoldedPlan; excluded?: ExcludedPlan }>;

export interface PlanQueryBase {
  /** The day deadlines are judged at (pending vs missed). */
  today: string;
  team?: string;
  /** The figure as it was reported: only rows recorded by the end of that London day, or by that instant. */
  asAt?: string;
}

export interface FoldedPlan {
  planId: string;
  reference: string;
  context: PlanContext;
  deadlines: PlanDeadline[];
}

export interface ExcludedPlan {
  reference: string;
  reason: string;
}

/**
 * Folds each plan's rows by the plan's rules. A plan's deadlines are derived when first read (the setting measures
 * never read them). `cache`: plans folded before for the same "today" and the same stamp are reused (only when no
 * as-at cut-off applies: a cut-off changes which rows a plan has).
 */
export function foldPlans(rows: readonly PlanMeasureRow[], q: PlanQueryBase, cache?: PlanFoldCache): { plans: FoldedPlan[]; excluded: ExcludedPlan[] } {
  assertIsoDate(q.today, 'today');
  const recorded = q.asAt === undefined ? () => true : asAtCutoff(q.asAt);
  const byPlan = new Map<string, PlanMeasureRow[]>();
  for (const r of rows) {
    if (q.team !== undefined && r.teamId !== q.team) continue;
    if (!recorded(r.recordedAt)) continue;
    const list = byPlan.get(r.planId) ?? [];
    list.push(r);
    byPlan.set(r.planId, list);
  }
  const plans: FoldedPlan[] = [];
  const excluded: ExcludedPlan[] = [];
  for (const [planId, list] of byPlan) {
    list.sort((a, b) => a.version - b.version);
    const stamp = list[0]!.stamp;
    const key = cache && q.asAt === undefined && stamp !== undefined ? `${q.today}|${stamp}|${list.length}` : undefined;
    const hit = key === undefined ? undefined : cache!.get(planId);
    if (hit && hit.key === key) {
      if (hit.plan) plans.push(hit.plan);
      if (hit.excluded) excluded.push(hit.excluded);
      continue;
    }
    const events = list.map((r) => ({ ...r.data, type: r.type, date: r.date }));
    const checked = checkPlanHistory(events, q.today);
    const reference = list[0]!.reference;
    if (!checked.ok) {
      const x = { reference, reason: `event ${checked.index + 1}: ${checked.error.message}` };
      excluded.push(x);
      if (key !== undefined) cache!.set(planId, { key, excluded: x });
      continue;
    }
    const context = checked.context;
    let deadlines: PlanDeadline[] | undefined;
    const plan: FoldedPlan = {
      planId, reference, context,
      get deadlines() { return (deadlines ??= derivePlanDeadlines(context.events as PlanEvent[], { today: q.today })); },
    };
    plans.push(plan);
    if (key !== undefined) cache!.set(planId, { key, plan });
  }
  const byRef = (a: { reference: string }, b: { reference: string }) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0);
  return { plans: plans.sort(byRef), excluded: excluded.sort(byRef) };
}

/** A plan is maintained here on `on` from the day it began here until the day before it ended (the cease date ends it). */
export function maintainedOn(c: PlanContext, on: string): boolean {
  return c.startedOn !== undefined && c.startedOn <= on && (c.endedOn === undefined || on < c.endedOn);
}

const PLAN_TYPES = new Set<string>(PLAN_EVENT_TYPES);
/**
 * The case's older PlanEnded reasons as SEN2 cease reasons, so the plan stops on that day: a move out of the area is a
 * transfer (reg 15) for a move within England; the others as near as their coarser reasons allow.
 */
const CEASE_OF_PLAN_END: Record<string, string> = {
  'moved-out-of-area': 'transferred-to-another-la', died: 'deceased', 'ceased-no-longer-necessary': 'needs-met-without-plan', 'ceased-other': 'other',
};
/** The case events a plan's start is read from when its own record has not begun (planStartFromAssessment). */
export const PLAN_START_SOURCE_TYPES: readonly string[] = ['RequestReceived', 'FinalPlanIssued', 'PlanEnded'];

/**
 * Each case's plan as plan-event rows, from case_event rows (docs/plan-life.md#vocabulary): the case's own plan events
 * (with the corrections recorded against them applied), and, when that record does not begin with PlanIssued or
 * PlanTransferredIn, the plan's start read from the assessment's final plan (planStartFromAssessment, the setting
 * taken as in the council's area: the assessment does not say). The plan's id is the case's. `asAt` leaves out
 * what was recorded after that day; `upTo` leaves out assessment events dated after it (a census day).
 */
export function planRowsFromCaseRows(rows: readonly MeasureEventRow[], opts: { asAt?: string; upTo?: string } = {}): PlanMeasureRow[] {
  const recorded = opts.asAt === undefined ? () => true : asAtCutoff(opts.asAt);
  const byCase = new Map<string, MeasureEventRow[]>();
  const kept = rows.filter((x) => recorded(x.recordedAt));
  const byCaseVersions = new Map<string, number[]>();
  for (const r of kept) {
    const v = byCaseVersions.get(r.caseId);
    if (v) v.push(r.version); else byCaseVersions.set(r.caseId, [r.version]);
  }
  for (const r of applyCorrections(kept)) {
    const list = byCase.get(r.caseId);
    if (list) list.push(r); else byCase.set(r.caseId, [r]);
  }
  const out: PlanMeasureRow[] = [];
  for (const [caseId, list] of byCase) {
    list.sort((a, b) => a.version - b.version);
    // the plan's own events; an older PlanEnded (the case's end of its plan) is read as the plan's cease and ends it
    const ownAll = list.filter((r) => PLAN_TYPES.has(r.type) || r.type === 'PlanEnded');
    const endAt = ownAll.findIndex((r) => r.type === 'PlanEnded');
    const own = (endAt < 0 ? ownAll : ownAll.slice(0, endAt + 1)).map((r) => (r.type === 'PlanEnded'
      ? { ...r, type: 'PlanCeased', data: { reason: CEASE_OF_PLAN_END[String(r.data['reason'])] ?? 'other' } } : r));
    const begun = own[0] !== undefined && (own[0].type === 'PlanIssued' || own[0].type === 'PlanTransferredIn');
    const start = begun ? [] : (planStartFromAssessment(list.filter((r) => !PLAN_TYPES.has(r.type) && (opts.upTo === undefined || r.date <= opts.upTo))
      .map((r) => ({ ...r.data, type: r.type, date: r.date }) as unknown as CaseEvent), { inArea: 'yes' }) ?? []);
    if (!begun && start.length === 0) continue;
    const first = list[0]!;
    // the case stream's last version as read (corrections included): the same stamp, the same history
    const stamp = String(Math.max(...byCaseVersions.get(caseId)!));
    // the derived start is recorded when the final plan was; the plan's own events when they were
    const finalRecordedAt = list.find((r) => r.type === 'FinalPlanIssued')?.recordedAt ?? first.recordedAt;
    let version = 0;
    for (const { type, date, ...data } of start) {
      out.push({ planId: caseId, reference: first.reference, teamId: first.teamId, version: ++version, type, date, data: data as Record<string, unknown>, recordedAt: finalRecordedAt, stamp });
    }
    for (const r of own) out.push({ planId: caseId, reference: r.reference, teamId: r.teamId, version: ++version, type: r.type, date: r.date, data: r.data, recordedAt: r.recordedAt, stamp });
  }
  return out;
}
