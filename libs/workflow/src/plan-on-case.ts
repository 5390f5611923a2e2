// The maintained plan on an assessment case (docs/plan-life.md#one-log): after the final plan, the plan's events are
// case events of the same log, decided by the plan's own rules (maintained-plan.ts) and timed by its own deadlines
// (plan-deadlines.ts). This module is the glue: where the plan begins (the final plan is its issue), how its end
// reads on the case, and the plan history a case's log holds. Pure.
import type { IsoDate } from './dates.js';
import type { CaseEvent, Placement, PlanEndReason, TransferredPlanReceived } from './events.js';
import type { LawProblem } from './errors.js';
import { initialPlanContext, recordPlanEvent, stepPlan, type PlanContext } from './maintained-plan.js';
import { isCasePlanEventType, type CasePlanEvent, type CeaseReason, type PlanEvent } from './plan-events.js';
import { derivePlanDeadlines, type PlanDeadline } from './plan-deadlines.js';
import { SETTING_OF_PLACEMENT } from './plan-from-assessment.js';
import {
  isPersonalBudgetEventType,
  personalBudgetProblem,
  recordPersonalBudgetEvent,
  type BudgetContext,
  type PersonalBudgetView,
} from './personal-budget.js';
import type { PersonalBudgetEvent } from './personal-budget-events.js';

export type { PlanContext };

/** What the case knows when its final plan is issued: its date, the request's Year 9 date, and section I's placement. */
interface FinalPlanFacts {
  finalIssuedOn?: IsoDate;
  year9From?: IsoDate;
  placement?: Placement;
  finalSetting?: string;
  /** The personal budgets asked for while the plan was prepared (budgetsWhilePreparing). */
  preparation?: Preparation;
}

/** While the council secures the preparation of a plan: since when, and the personal budget events recorded since. */
export interface Preparation {
  since?: IsoDate;
  budgets: PersonalBudgetEvent[];
  /** The same budgets folded by the plan's own budget rules (personal-budget.ts): what the rules and the case read. */
  personalBudgets: PersonalBudgetView[];
}

/** No preparation (yet, or any more: a decision not to issue ends one). */
export const NO_PREPARATION: Preparation = Object.freeze({ budgets: [], personalBudgets: [] }) as Preparation;

/**
 * s49(1), PB reg 3: the council is securing the preparation of a plan from its decision to issue one (or an order, an
 * agreement in mediation or an unopposed appeal that it make one) until the final plan. One event's step: a decision
 * not to issue after all (reg 10) ends the preparation, and the budgets asked for in it lapse with it
 * (docs/plan-life.md#personal-budgets). The case's context keeps the result as each event before the final plan is
 * recorded (ehc-assessment.machine.ts recordEvent), so no rule reads the log again for it; the preparation is
 * unchanged (the same object) by any other event.
 */
export function prepare(p: Preparation, e: CaseEvent): Preparation {
  if (e.type === 'DecidedNotToIssue') return NO_PREPARATION;
  if (
    e.type === 'DecidedToIssue' ||
    (e.type === 'TribunalOrderMade' && e.order === 'make-plan') ||
    (e.type === 'MediationAgreementReached' && e.agreement === 'make-plan') ||
    (e.type === 'AppealNotOpposed' && e.against === 'refusal-to-issue')
  )
    return p.since ? p : { ...p, since: e.date };
  if (isPersonalBudgetEventType(e.type)) {
    const b = e as PersonalBudgetEvent;
    return { ...p, budgets: [...p.budgets, b], personalBudgets: recordPersonalBudgetEvent(p.personalBudgets, b) };
  }
  return p;
}

/** The preparation a log holds: its events before the final plan, folded by `prepare`. */
export function budgetsWhilePreparing(history: readonly CaseEvent[]): Preparation {
  let p = NO_PREPARATION;
  for (const e of history) {
    if (e.type === 'FinalPlanIssued') break;
    p = prepare(p, e);
  }
  return p;
}

/** The budget rules' view of a preparation: the requests so far (the same rules as on the plan, personal-budget.ts). */
export function budgetContextOf(p: Preparation): BudgetContext {
  return { personalBudgets: p.personalBudgets };
}

/**
 * A personal budget event while the plan is prepared: not before the council became bound to prepare it (s49(1),
 * PB reg 3), then the plan's own budget rules.
 */
export function preparationBudgetGuard(p: Preparation, e: CaseEvent): LawProblem | undefined {
  if (!isPersonalBudgetEventType(e.type)) return undefined;
  if (!p.since || e.date < p.since)
    return {
      code: 'DATE_ORDER',
      field: 'date',
      message: `A personal budget can be asked for once the council is securing the preparation of a plan${p.since ? `, from its decision on ${p.since}` : ''} (s49(1), PB reg 3).`,
      regulation: 's49(1), PB reg 3',
    };
  return personalBudgetProblem(budgetContextOf(p), e as PersonalBudgetEvent);
}

/**
 * The plan's first events, read from the final plan (reg 13(2), s44(1)): FinalPlanIssued is the fact, PlanIssued is
 * read from it, and the setting its section I names (reg 12(1)(i)) is the plan's first PlacementNamed, from the same
 * day. Whether that setting is in the council's area is not on the assessment: it is taken as in the area
 * (docs/plan-life.md#one-log); a PlacementNamed recorded on the plan says otherwise and, being later, is the one read.
 */
function planStartOf(c: FinalPlanFacts): PlanEvent[] {
  if (!c.finalIssuedOn) return [];
  // s49(1), PB reg 3: the budgets asked for while the plan was prepared are the plan's from its issue, on their dates.
  const budgets = c.preparation?.since ? c.preparation.budgets : [];
  const issued: PlanEvent = {
    type: 'PlanIssued',
    date: c.finalIssuedOn,
    ...(c.year9From ? { year9From: c.year9From } : {}),
    ...(budgets.length ? { preparingSince: c.preparation!.since! } : {}),
  };
  if (!c.placement) return [issued, ...budgets];
  return [
    issued,
    {
      type: 'PlacementNamed',
      date: c.finalIssuedOn,
      settingType: SETTING_OF_PLACEMENT[c.placement],
      inArea: 'yes',
      ...(c.finalSetting ? { setting: c.finalSetting } : {}),
    },
    ...budgets,
  ];
}

/** The plan a final plan begins (no plan before it). */
export function beginPlanFromFinal(c: FinalPlanFacts): PlanContext | undefined {
  const start = planStartOf(c);
  return start.length ? start.reduce(recordPlanEvent, initialPlanContext()) : undefined;
}

/** The case's plan (a migrated summary's context may hold a final plan without having folded it). */
function planOf(c: FinalPlanFacts & { plan?: PlanContext }): PlanContext | undefined {
  return c.plan ?? beginPlanFromFinal(c);
}

/**
 * A plan transferred in (reg 15(2)-(3)) opens its own case: the case records TransferredPlanReceived, and the plan's
 * PlanTransferredIn is read from it, as PlanIssued is read from FinalPlanIssued (one fact in one place). The reg 15(4)
 * notice is the case's NoticeSent of the transfer, read as the plan's TransferInNoticeSent.
 * docs/plan-life.md#a-plan-transferred-in
 */
export function planTransferredInOf(e: TransferredPlanReceived): PlanEvent {
  return {
    type: 'PlanTransferredIn',
    date: e.date,
    fromLa: e.fromLa,
    firstMadeOn: e.firstMadeOn,
    ...(e.lastReviewedOn ? { lastReviewedOn: e.lastReviewedOn } : {}),
    ...(e.year9From ? { year9From: e.year9From } : {}),
    ...(e.post16From ? { post16From: e.post16From } : {}),
  };
}

/** The plan event a case event is (or stands for), if any: the plan's own events, the transfer in and its notice. */
export function planEventOfCaseEvent(e: CaseEvent): PlanEvent | undefined {
  if (isCasePlanEventType(e.type)) return e as CasePlanEvent;
  if (e.type === 'TransferredPlanReceived') return planTransferredInOf(e);
  if (e.type === 'NoticeSent' && e.notice === 'plan-transferred') return { type: 'TransferInNoticeSent', date: e.date };
  return undefined;
}

/** The guard of every plan event on a case: the plan's rules, as they would answer on the plan alone. */
export function planGuard(c: FinalPlanFacts & { plan?: PlanContext }, e: CaseEvent): LawProblem | undefined {
  if (e.type === 'TransferredPlanReceived' || (e.type === 'NoticeSent' && e.notice === 'plan-transferred')) {
    // The transfer opens the plan (no plan before it); its notice needs a plan transferred in (reg 15(4)).
    const r = stepPlan(c.plan ?? initialPlanContext(), planEventOfCaseEvent(e));
    if (r.ok) return undefined;
    const { allowed: _allowed, ...problem } = r.error;
    return problem;
  }
  if (!isCasePlanEventType(e.type)) return undefined;
  const plan = planOf(c);
  if (!plan)
    return {
      code: 'EVENT_NOT_ALLOWED',
      message: `${e.type} belongs to the maintained plan: record the final plan first (reg 13(2)).`,
    };
  const r = stepPlan(plan, e);
  if (r.ok) return undefined;
  const { allowed: _allowed, ...problem } = r.error;
  return problem;
}

/** Folds an accepted plan event into the case's plan (the transfer in begins it). */
export function recordPlanEventOnCase(c: FinalPlanFacts & { plan?: PlanContext }, e: CasePlanEvent): PlanContext;
export function recordPlanEventOnCase(
  c: FinalPlanFacts & { plan?: PlanContext },
  e: CaseEvent,
): PlanContext | undefined;
export function recordPlanEventOnCase(
  c: FinalPlanFacts & { plan?: PlanContext },
  e: CaseEvent,
): PlanContext | undefined {
  const p = planEventOfCaseEvent(e);
  if (!p) return c.plan;
  return recordPlanEvent(planOf(c) ?? initialPlanContext(), p);
}

/** How a cease reads on the case's older, coarser planEnded (PLAN_END_REASONS). */
const END_OF_CEASE: Record<CeaseReason, PlanEndReason> = {
  'maximum-age': 'ceased-other',
  'needs-met-without-plan': 'ceased-no-longer-necessary',
  'higher-education': 'ceased-other',
  'paid-employment': 'ceased-other',
  'transferred-to-another-la': 'moved-out-of-area',
  'no-longer-wishes-to-engage': 'ceased-other',
  'moved-outside-england': 'moved-out-of-area',
  deceased: 'died',
  other: 'ceased-other',
};

/** The case's planEnded when a plan event ends the plan here (PlanCeased, TransferredOut); undefined otherwise. */
export function planEndOf(e: CaseEvent): { date: IsoDate; reason: PlanEndReason } | undefined {
  if (e.type === 'PlanCeased') return { date: e.date, reason: END_OF_CEASE[e.reason] };
  if (e.type === 'TransferredOut') return { date: e.date, reason: 'moved-out-of-area' };
  return undefined;
}

/**
 * The older PlanEnded (recorded before the plan had events of its own, and still accepted from old histories) as the
 * plan's end: only so that the plan's clocks stop on that day. Its reason is coarser than SEN2's; a move out of the
 * area is read as a transfer (reg 15), which is what it is for a move within England.
 */
const CEASE_OF_END: Record<PlanEndReason, CeaseReason> = {
  'moved-out-of-area': 'transferred-to-another-la',
  died: 'deceased',
  'ceased-no-longer-necessary': 'needs-met-without-plan',
  'ceased-other': 'other',
};

/**
 * The maintained plan's history held by a case's (corrected) log: PlanIssued read from the final plan, then the plan's
 * events in log order, and an older PlanEnded as the plan's end. Empty before the final plan.
 */
export function planHistoryOfCase(history: readonly CaseEvent[]): PlanEvent[] {
  const first = history[0];
  if (first?.type === 'TransferredPlanReceived') {
    // A plan transferred in (reg 15): the case is the plan's; every plan event after the transfer is the plan's.
    const out: PlanEvent[] = [];
    for (const e of history) {
      const p = planEventOfCaseEvent(e);
      if (p) out.push(p);
      else if (e.type === 'PlanEnded') {
        out.push({ type: 'PlanCeased', date: e.date, reason: CEASE_OF_END[e.reason] });
        break;
      }
    }
    return out;
  }
  const finalAt = history.findIndex((e) => e.type === 'FinalPlanIssued');
  if (finalAt < 0) return [];
  const final = history[finalAt]!;
  if (final.type !== 'FinalPlanIssued') return [];
  const request = history.find((e) => e.type === 'RequestReceived');
  const out = planStartOf({
    finalIssuedOn: final.date,
    year9From: request?.type === 'RequestReceived' ? request.year9From : undefined,
    placement: final.placement,
    finalSetting: final.setting,
    // (it stops at the first final plan, finalAt: the history is read in place, not copied, on every command)
    preparation: budgetsWhilePreparing(history),
  });
  for (let i = finalAt + 1; i < history.length; i++) {
    const e = history[i]!;
    if (isCasePlanEventType(e.type)) out.push(e as CasePlanEvent);
    else if (e.type === 'PlanEnded') {
      out.push({ type: 'PlanCeased', date: e.date, reason: CEASE_OF_END[e.reason] });
      break;
    }
  }
  return out;
}

/** The maintained plan's deadlines on a case, as of `today` (part of the case's deadlines: deadlines.ts). */
export function planDeadlinesOfCase(history: readonly CaseEvent[], today: IsoDate): PlanDeadline[] {
  const plan = planHistoryOfCase(history);
  return plan.length ? derivePlanDeadlines(plan, { today }) : [];
}
