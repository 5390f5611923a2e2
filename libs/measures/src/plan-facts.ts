/**
 * Maintained plans folded from raw plan-event rows, for the board's plan measures (docs/plan-life.md#the-boards-measures).
 * Each plan's history is checked by the plan's own rules (@ehc/workflow checkPlanHistory); a history they refuse is
 * left out and listed with the reason, never counted silently. Pure: "today" is a parameter.
 */
import {
  checkPlanHistory,
  derivePlanDeadlines,
  PLAN_EVENT_TYPES,
  planHistoryOfCase,
  type CaseEvent,
  type PlanContext,
  type PlanDeadline,
  type PlanDeadlineKind,
  type PlanEvent,
} from '@ehc/workflow';
import { asAtCutoff, assertIsoDate } from './calendar-dates.js';
import { applyCorrections, CORRECTION_TYPES } from './corrections.js';
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
  /** The deadlines the measures read (MEASURE_DEADLINE_KINDS: annual reviews and phase transfers), as of "today". */
  deadlines: PlanDeadline[];
}

/**
 * The kinds of deadline the board's measures read; the others (a review's invitations, report…) are not derived for
 * them (derivePlanDeadlines `kinds`: the same deadlines as every deadline filtered by kind).
 */
export const MEASURE_DEADLINE_KINDS: readonly PlanDeadlineKind[] = ['annual-review', 'phase-transfer'];

export interface ExcludedPlan {
  reference: string;
  reason: string;
}

/**
 * Folds each plan's rows by the plan's rules. A plan's deadlines are derived when first read (the setting measures
 * never read them), and only the kinds the measures read. `cache`: plans folded before for the same "today" and the same stamp are reused (only when no
 * as-at cut-off applies: a cut-off changes which rows a plan has).
 */
export function foldPlans(
  rows: readonly PlanMeasureRow[],
  q: PlanQueryBase,
  cache?: PlanFoldCache,
): { plans: FoldedPlan[]; excluded: ExcludedPlan[] } {
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
      planId,
      reference,
      context,
      get deadlines() {
        return (deadlines ??= derivePlanDeadlines(context.events as PlanEvent[], {
          today: q.today,
          kinds: MEASURE_DEADLINE_KINDS,
        }));
      },
    };
    plans.push(plan);
    if (key !== undefined) cache!.set(planId, { key, plan });
  }
  const byRef = (a: { reference: string }, b: { reference: string }) =>
    a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0;
  return { plans: plans.sort(byRef), excluded: excluded.sort(byRef) };
}

/** A plan is maintained here on `on` from the day it began here until the day before it ended (the cease date ends it). */
export function maintainedOn(c: PlanContext, on: string): boolean {
  return c.startedOn !== undefined && c.startedOn <= on && (c.endedOn === undefined || on < c.endedOn);
}

/** The case events a plan's history is read from besides the plan's own (planHistoryOfCase): its start and older end. */
export const PLAN_START_SOURCE_TYPES: readonly string[] = [
  'RequestReceived',
  'FinalPlanIssued',
  'PlanEnded',
  // a plan transferred in (reg 15) begins its case; its reg 15(4) notice is a NoticeSent (docs/plan-life.md#a-plan-transferred-in)
  'TransferredPlanReceived',
  'NoticeSent',
];

/** The event types the plan measures and the SEN2 plan modules read: the plan's own, its start, and corrections. */
export const PLAN_READ_TYPES: readonly string[] = [
  ...PLAN_EVENT_TYPES,
  ...PLAN_START_SOURCE_TYPES,
  ...CORRECTION_TYPES,
];

/**
 * Each case's plan as plan-event rows, from case_event rows (docs/plan-life.md#one-log): the corrections recorded
 * against them applied, then the plan's history as the case holds it — @ehc/workflow planHistoryOfCase, the one
 * definition the case's own page and deadlines read (the plan begun by the final plan with the setting it names, its
 * events after it, an older PlanEnded as its end). The plan's id is the case's. `asAt` leaves out what was recorded
 * after that day; `upTo` leaves out every event dated after it (a census day: the plan as it stood that day, its
 * final plan included — none yet if it came later).
 */
export function planRowsFromCaseRows(
  rows: readonly MeasureEventRow[],
  opts: { asAt?: string; upTo?: string } = {},
): PlanMeasureRow[] {
  const recorded = opts.asAt === undefined ? () => true : asAtCutoff(opts.asAt);
  const kept = rows.filter((x) => recorded(x.recordedAt));
  const lastVersion = new Map<string, number>();
  for (const r of kept) lastVersion.set(r.caseId, Math.max(lastVersion.get(r.caseId) ?? 0, r.version));
  const byCase = new Map<string, MeasureEventRow[]>();
  for (const r of applyCorrections(kept)) {
    const list = byCase.get(r.caseId);
    if (list) list.push(r);
    else byCase.set(r.caseId, [r]);
  }
  const out: PlanMeasureRow[] = [];
  for (const [caseId, list] of byCase) {
    list.sort((a, b) => a.version - b.version);
    const upTo = opts.upTo;
    const held = upTo === undefined ? list : list.filter((r) => r.date <= upTo);
    // The plan begins at the final plan, or at a plan transferred in (reg 15: the case's first event).
    const final =
      held.find((r) => r.type === 'FinalPlanIssued') ??
      (held[0]?.type === 'TransferredPlanReceived' ? held[0] : undefined);
    if (!final) continue;
    const rowOf = new Map<object, MeasureEventRow>();
    const history = held.map((r) => {
      const e = { ...r.data, type: r.type, date: r.date } as unknown as CaseEvent;
      rowOf.set(e, r);
      return e;
    });
    // the case stream's last version as read (corrections included): the same stamp, the same history
    const stamp = String(lastVersion.get(caseId));
    const first = list[0]!;
    planHistoryOfCase(history).forEach((e, i) => {
      const { type, date, ...data } = e;
      // the plan's start (and an older end) is read from the case's events: recorded when the final plan was
      const source =
        rowOf.get(e) ??
        // a plan transferred in: its reg 15(4) notice is the case's NoticeSent of the transfer
        (type === 'TransferInNoticeSent'
          ? held.find((r) => r.type === 'NoticeSent' && r.data['notice'] === 'plan-transferred' && r.date === date)
          : undefined);
      out.push({
        planId: caseId,
        reference: first.reference,
        teamId: first.teamId,
        version: i + 1,
        type,
        date,
        data: data as Record<string, unknown>,
        recordedAt: (source ?? final).recordedAt,
        stamp,
      });
    });
  }
  return out;
}
