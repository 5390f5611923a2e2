// The EHC needs assessment statechart (CFA 2014 Part 3; SEND Regulations 2014 regs 3-14, 44).
// docs/law.md#the-statechart describes it; docs/events.md is the vocabulary.
//
// Read it top to bottom: the stages of a case, which events each stage accepts, and the guard that
// encodes the law for each transition. Below the machine, each guard is a small function naming its
// regulation; below those, `recordEvent` folds an accepted event into the case context.
//
// The machine is pure logic: evaluate it with `initialTransition` / `transition` (see workflow.ts).
// It owns no clock and no timers — every event carries its own date, and deadlines are derived from
// the event history (deadlines.ts), never from `after` delays (docs/architecture.md#the-statechart-and-xstate).
import { assign, setup } from 'xstate';
import { addDays, maxDate, type IsoDate } from './dates.js';
import { DEADLINE_KINDS, TIME_LIMIT_DAYS } from './deadline-kinds.js';
import { deriveDeadlines, type Deadline } from './deadlines.js';
import type { DeadlineKind } from './deadline-kinds.js';
import type { LawProblem } from './errors.js';
import { ORDERS_ON_THE_PLAN } from './events.js';
import type {
  AdviceProvider,
  CaseEvent,
  CaseEventOf,
  CaseEventType,
  ConsultationOutcome,
  DisputeSubject,
  ExceptionKind,
  Placement,
  PlanEndReason,
  RequestSource,
  TribunalOrder,
} from './events.js';
import { checkException, TRIBUNAL_LIMITS } from './exceptions.js';
import {
  beginPlanFromFinal,
  NO_PREPARATION,
  planEndOf,
  planGuard,
  prepare,
  preparationBudgetGuard,
  recordPlanEventOnCase,
  type PlanContext,
  type Preparation,
} from './plan-on-case.js';
import { isPersonalBudgetEventType } from './personal-budget.js';
import { CASE_PLAN_EVENT_TYPES, isCasePlanEventType, type CasePlanEventType } from './plan-events.js';
import { appealMayBeUnopposed, responseToAnUndecidedAppeal } from './reg45-unopposed-appeal.js';
import { noticeFollowsItsDecision } from './notices.js';
import { agreementFollowsMediation } from './reg42-mediation-agreement.js';
import { adviceWasSought, existingAdviceMayBeAgreed, familyAskIsNew, familyAskIsOpen } from './advice-sought.js';
import { exceptionDays, needsImpracticalityReason } from './exception-impracticality.js';

// ---------------------------------------------------------------------------------------------
// Context: what the case knows. JSON only (ISO date strings), so snapshots can be persisted.
// ---------------------------------------------------------------------------------------------

export interface AdviceView {
  adviceId: string;
  provider: AdviceProvider;
  requestedOn: IsoDate;
  receivedByProvider: IsoDate;
  receivedOn?: IsoDate;
}
export interface ConsultationView {
  consultationId: string;
  setting: string;
  consultedOn: IsoDate;
  respondedOn?: IsoDate;
  outcome?: ConsultationOutcome;
}
export interface ExceptionView {
  exceptionId: string;
  kind: ExceptionKind;
  from: IsoDate;
  to: IsoDate;
  appliesTo: (typeof DEADLINE_KINDS)[number][];
  evidence: string;
  recordedOn: IsoDate;
  familyInformedOn?: IsoDate;
  adviceId?: string;
  reasonLimitImpractical?: string;
}

export interface CaseContext {
  /** Reg 13(2) boundary in days (default 140, docs/law.md#counting-days). */
  finalPlanDays: number;
  /** Every accepted event, in order: deadlines and exception predicates are derived from it. */
  events: CaseEvent[];
  receivedOn?: IsoDate;
  source?: RequestSource;
  /** reg 6(1)(g): first day of Year 9, when known. */
  year9From?: IsoDate;
  caseworker?: string;
  decidedToAssessOn?: IsoDate;
  decidedNotToAssessOn?: IsoDate;
  decidedToIssueOn?: IsoDate;
  decidedNotToIssueOn?: IsoDate;
  draftIssuedOn?: IsoDate;
  /** reg 13(1): the latest service of the draft (an amended draft served again gives a fresh 15 days). */
  draftServedOn?: IsoDate;
  /** After the final plan: when and why the plan stopped being maintained. */
  planEnded?: { date: IsoDate; reason: PlanEndReason };
  finalIssuedOn?: IsoDate;
  placement?: Placement;
  /**
   * After the final plan: the maintained plan, folded from the plan's events of this same log (maintained-plan.ts,
   * docs/plan-life.md#one-log). Begun by FinalPlanIssued, which is the plan's issue, or by TransferredPlanReceived.
   */
  plan?: PlanContext;
  /** reg 15(2)-(3): the case is a plan transferred in from another council (no request, no assessment here). */
  transferredIn?: { on: IsoDate; fromLa: string; firstMadeOn: IsoDate; lastReviewedOn?: IsoDate };
  withdrawnOn?: IsoDate;
  movedOutOn?: IsoDate;
  advice: AdviceView[];
  consultations: ConsultationView[];
  /** Active (not withdrawn) exceptions. */
  exceptions: ExceptionView[];
  /** Every exceptionId ever recorded, including withdrawn ones (ids are never reused). */
  exceptionIdsUsed: string[];
  settingsRequested: { requestedOn: IsoDate; setting: string }[];
  flags: { mediation: boolean; tribunal: boolean; exception20Week: boolean; reversedRefusal: boolean };
  disputes: { kind: 'mediation' | 'tribunal'; against: DisputeSubject; date: IsoDate }[];
  /** The latest tribunal order (reg 44(2)), or unopposed appeal against a refusal (reg 45(3)/(5): `unopposed`). */
  tribunalOrder?: { order: TribunalOrder; date: IsoDate; unopposed?: boolean; viaMediation?: boolean };
  /** The latest amended final plan (reg 45(4)/(4A), reg 22(3)). */
  amendedPlanIssuedOn?: IsoDate;
  /** Deadline ids already recorded by DeadlineMissed. */
  missedDeadlines: string[];
  /** Date of the last step of the main flow (request, decisions, draft, final, order, closure). */
  flowDate?: IsoDate;
  /** When the current assessment began (decision to assess). Advice is requested on or after it. */
  assessingSince?: IsoDate;
  /** When the LA became bound to make a plan (decision to issue, or an order to make a plan). */
  planningSince?: IsoDate;
  /**
   * s49(1), PB reg 3: until the final plan, the preparation of a plan and the personal budgets asked for in it, kept as
   * each event is recorded (plan-on-case.ts prepare; absent until a preparation begins or a budget is recorded).
   */
  preparation?: Preparation;
  lastEventDate?: IsoDate;
}

export interface MachineInput {
  finalPlanDays?: number;
}

export const initialContext = (finalPlanDays: number): CaseContext => ({
  finalPlanDays,
  events: [],
  advice: [],
  consultations: [],
  exceptions: [],
  exceptionIdsUsed: [],
  settingsRequested: [],
  flags: { mediation: false, tribunal: false, exception20Week: false, reversedRefusal: false },
  disputes: [],
  missedDeadlines: [],
});

// ---------------------------------------------------------------------------------------------
// The machine
// ---------------------------------------------------------------------------------------------

/** Events that may happen at any point of an open case (awaiting a decision, assessing, drafting, draft period). */
const whileOpen = {
  CaseworkerAssigned: { actions: 'record' },
  NoticeSent: { guard: 'noticeFollowsItsDecision', actions: 'record' }, // regs 5, 10, 13, 14: the day a notice is sent
  MediationAgreementReached: { guard: 'otherAgreement', actions: 'record' }, // reg 42: done within 2 weeks
  AgreedActionDone: { guard: 'agreedActionOutstanding', actions: 'record' },
  ExceptionRecorded: { guard: 'exceptionMeetsItsPredicate', actions: 'record' }, // regs 5(4), 8(2), 10(4), 13(3)
  ExceptionWithdrawn: { guard: 'exceptionIsActive', actions: 'record' },
  SettingRequested: { actions: 'record' }, // s38(2)(b): parent/YP may ask for a setting
  MediationStarted: { guard: 'disputeHasADecision', actions: 'record' }, // s51-55
  TribunalAppealRegistered: { guard: 'disputeHasADecision', actions: 'record' }, // s51
  DeadlineMissed: { guard: 'deadlinePassedUnmet', actions: 'record' },
  // Withdrawal (SEN2 outcome W) and leaving the area (SEN2 'exported') close the case from any open stage.
  RequestWithdrawn: { target: '#ehcAssessment.withdrawn', guard: 'followsTheLastStep', actions: 'record' },
  MovedOutOfArea: { target: '#ehcAssessment.moved-out', guard: 'followsTheLastStep', actions: 'record' },
} as const;

/**
 * Exceptions learned of after the outcome, or recorded in error, are still recorded or withdrawn: they decide how the
 * lateness is reported (the measure excluding exceptions), and each is still checked by its predicate against the time
 * limit it applies to (regs 5(4), 8(2), 10(4), 13(3)).
 */
const exceptionsAfterAnOutcome = {
  ExceptionRecorded: { guard: 'exceptionMeetsItsPredicate', actions: 'record' },
  ExceptionWithdrawn: { guard: 'exceptionIsActive', actions: 'record' },
} as const;

/** Events that still make sense after a refusal or a plan: appeals, late advice, the system's records, exceptions. */
const afterAnOutcome = {
  ...exceptionsAfterAnOutcome,
  CaseworkerAssigned: { actions: 'record' },
  NoticeSent: { guard: 'noticeFollowsItsDecision', actions: 'record' },
  TribunalAppealConcluded: { guard: 'appealIsUndecided', actions: 'record' }, // reg 43(2)(a), (d); withdrawal
  TribunalResponseSubmitted: { guard: 'responseToAnUndecidedAppeal', actions: 'record' }, // reg 45(1): after it, no reg 45
  MediationStarted: { guard: 'disputeHasADecision', actions: 'record' },
  TribunalAppealRegistered: { guard: 'disputeHasADecision', actions: 'record' },
  DeadlineMissed: { guard: 'deadlinePassedUnmet', actions: 'record' },
  AdviceReceived: { guard: 'adviceIsOutstanding', actions: 'record' }, // reg 8: a late report is still recorded
} as const;

/**
 * After the final plan, the maintained plan's events (plan-events.ts) are decided by the plan's own rules
 * (maintained-plan.ts) through one guard; the plan ending here (PlanCeased, TransferredOut) ends the case's plan
 * too: one fact, read by both (docs/plan-life.md#one-log).
 */
const MAINTAINED_PLAN_EVENTS = Object.fromEntries(
  CASE_PLAN_EVENT_TYPES.map((t) => [
    t,
    t === 'PlanCeased' || t === 'TransferredOut'
      ? { target: 'plan-ended', guard: 'maintainedPlanAllows', actions: 'record' }
      : { guard: 'maintainedPlanAllows', actions: 'record' },
  ]),
) as Record<CasePlanEventType, { target?: 'plan-ended'; guard: 'maintainedPlanAllows'; actions: 'record' }>;

/**
 * s49(1), PB reg 3: the council's duty to prepare a personal budget on request applies while it is securing the
 * preparation of a plan, from its decision to issue one until the final plan (drafting and the draft period). The
 * same rules as on the maintained plan judge them (personal-budget.ts); the final plan carries them into the plan
 * (plan-on-case.ts prepare, the context's `preparation`, docs/plan-life.md#personal-budgets).
 */
const BUDGETS_WHILE_PREPARING = {
  PersonalBudgetRequested: { guard: 'budgetWhilePreparing', actions: 'record' },
  PersonalBudgetDecided: { guard: 'budgetWhilePreparing', actions: 'record' },
  PersonalBudgetEnded: { guard: 'budgetWhilePreparing', actions: 'record' },
} as const;

export const ehcAssessmentMachine = setup({
  types: {
    context: {} as CaseContext,
    events: {} as CaseEvent,
    input: {} as MachineInput,
  },
  guards: {
    followsTheLastStep: lawful(followsTheLastStep),
    maintainedPlanAllows: lawful(maintainedPlanAllows),
    budgetWhilePreparing: lawful(budgetWhilePreparing),
    mayRefuseToAssess: lawful(mayRefuseToAssess),
    adviceRequestIsNew: lawful(adviceRequestIsNew),
    adviceIsOutstanding: lawful(adviceIsOutstanding),
    consultationIsNew: lawful(consultationIsNew),
    consultationIsOpen: lawful(consultationIsOpen),
    draftPeriodHasEnded: lawful(draftPeriodHasEnded),
    exceptionMeetsItsPredicate: lawful(exceptionMeetsItsPredicate),
    exceptionIsActive: lawful(exceptionIsActive),
    disputeHasADecision: lawful(disputeHasADecision),
    orderToAssess: lawful(orderToAssess),
    orderToMakePlan: lawful(orderToMakePlan),
    deadlinePassedUnmet: lawful(deadlinePassedUnmet),
    appealNotOpposedToAssess: lawful(appealNotOpposedToAssess),
    appealNotOpposedToIssue: lawful(appealNotOpposedToIssue),
    appealNotOpposedOnPlan: lawful(appealNotOpposedOnPlan),
    appealNotOpposedToCease: lawful(appealNotOpposedToCease),
    amendedPlanFollowsTheFinal: lawful(amendedPlanFollowsTheFinal),
    informationRequestIsNew: lawful(informationRequestIsNew),
    noticeFollowsItsDecision: lawful(noticeFollowsItsDecisionCheck),
    appealIsUndecided: lawful(appealIsUndecided),
    responseToAnUndecidedAppeal: lawful(responseSubmitted),
    mayRefuseToIssue: lawful(mayRefuseToIssue),
    orderOnThePlan: lawful(orderOnThePlan),
    agreementToAssess: lawful(agreementToAssess),
    agreementToMakePlan: lawful(agreementToMakePlan),
    otherAgreement: lawful(otherAgreement),
    agreedActionOutstanding: lawful(agreedActionOutstanding),
    adviceWasSoughtBeforeDeciding: lawful(adviceWasSoughtBeforeDeciding),
    existingAdviceAgreed: lawful(existingAdviceAgreed),
    familyAskIsNew: lawful(familyAskIsNewCheck),
    familyAskIsOpen: lawful(familyAskIsOpenCheck),
  },
  actions: {
    record: assign(({ context, event }) => recordEvent(context, event)),
  },
}).createMachine({
  id: 'ehcAssessment',
  version: '1',
  context: ({ input }) => initialContext(input?.finalPlanDays ?? TIME_LIMIT_DAYS.finalPlanDefault),
  initial: 'no-request',
  states: {
    // Nothing yet. A case starts with the request, or the day the LA became responsible (s36(1), s24).
    // That date is D0 of every clock and is recorded exactly once.
    // (A plan transferred in from another council has no request: its case begins in plan-issued, workflow.ts startOf.)
    'no-request': {
      on: { RequestReceived: { target: 'awaiting-decision-to-assess', actions: 'record' } },
    },

    // reg 5(1): decide and notify whether to assess within 6 weeks of D0.
    // After a tribunal order to assess (reg 44(2)(b)) the case also returns here: the LA must notify
    // within 2 weeks that it will assess, and may not refuse again.
    'awaiting-decision-to-assess': {
      on: {
        DecidedToAssess: { target: 'assessing', guard: 'followsTheLastStep', actions: 'record' },
        DecidedNotToAssess: { target: 'not-assessing', guard: 'mayRefuseToAssess', actions: 'record' }, // s36(5), reg 5(3)
        InformationRequested: { guard: 'informationRequestIsNew', actions: 'record' }, // reg 5(4)(a)/(b)
        ...whileOpen,
      },
    },

    // Refused to assess (s36(5)). Appealable (s51(2)(a)). The LA may reverse its refusal itself or after
    // mediation, and the clocks keep the original D0 (R (W) v Hertfordshire CC [2023]); or the tribunal
    // may order an assessment, which starts the reg 44(2)(b) clocks.
    'not-assessing': {
      on: {
        DecidedToAssess: { target: 'assessing', guard: 'followsTheLastStep', actions: 'record' },
        TribunalOrderMade: { target: 'awaiting-decision-to-assess', guard: 'orderToAssess', actions: 'record' },
        // reg 42: an agreement in mediation to assess runs the reg 44(2)(b) limits from its date
        MediationAgreementReached: [
          { target: 'awaiting-decision-to-assess', guard: 'agreementToAssess', actions: 'record' },
          { guard: 'otherAgreement', actions: 'record' },
        ],
        AgreedActionDone: { guard: 'agreedActionOutstanding', actions: 'record' },
        AppealNotOpposed: {
          target: 'awaiting-decision-to-assess',
          guard: 'appealNotOpposedToAssess',
          actions: 'record',
        }, // reg 45(3)
        ...afterAnOutcome,
      },
    },

    // The assessment: advice under reg 6, each request with its own reg 8(1) 6-week clock, then the
    // decision whether to issue a plan (s36(9)); "no plan" must be notified within 16 weeks (reg 10(1)).
    assessing: {
      on: {
        AdviceRequested: { guard: 'adviceRequestIsNew', actions: 'record' },
        AdviceReceived: { guard: 'adviceIsOutstanding', actions: 'record' },
        ExistingAdviceAgreed: { guard: 'existingAdviceAgreed', actions: 'record' }, // reg 6(4)
        AdviceAskedByFamily: { guard: 'familyAskIsNew', actions: 'record' }, // reg 6(1)(h)
        AdviceAskRefused: { guard: 'familyAskIsOpen', actions: 'record' }, // reg 6(1)(h)
        DecidedToIssue: { target: 'drafting', guard: 'adviceWasSoughtBeforeDeciding', actions: 'record' }, // reg 6(1)
        DecidedNotToIssue: { target: 'not-issuing', guard: 'adviceWasSoughtBeforeDeciding', actions: 'record' }, // reg 6(1), reg 10(1)-(3)
        ...whileOpen,
      },
    },

    // Decided not to issue (reg 10). Appealable (s51(2)(b)). The LA may reverse (same D0), or the tribunal
    // may order it to make and maintain a plan, which starts the reg 44(2)(c) clocks.
    'not-issuing': {
      on: {
        DecidedToIssue: { target: 'drafting', guard: 'followsTheLastStep', actions: 'record' },
        TribunalOrderMade: { target: 'drafting', guard: 'orderToMakePlan', actions: 'record' },
        // reg 42: an agreement in mediation to make a plan runs the reg 44(2)(c) limits from its date
        MediationAgreementReached: [
          { target: 'drafting', guard: 'agreementToMakePlan', actions: 'record' },
          { guard: 'otherAgreement', actions: 'record' },
        ],
        AgreedActionDone: { guard: 'agreedActionOutstanding', actions: 'record' },
        AppealNotOpposed: { target: 'drafting', guard: 'appealNotOpposedToIssue', actions: 'record' }, // reg 45 (refusal to issue)
        ...afterAnOutcome,
      },
    },

    // Preparing the draft: consult the parent/YP (s38(1)); settings may be consulted (s39(2), s40(3)).
    drafting: {
      on: {
        AdviceRequested: { guard: 'adviceRequestIsNew', actions: 'record' },
        AdviceReceived: { guard: 'adviceIsOutstanding', actions: 'record' },
        SettingConsulted: { guard: 'consultationIsNew', actions: 'record' },
        SettingResponded: { guard: 'consultationIsOpen', actions: 'record' },
        DraftPlanIssued: { target: 'draft-period', guard: 'followsTheLastStep', actions: 'record' },
        DecidedNotToIssue: { target: 'not-issuing', guard: 'mayRefuseToIssue', actions: 'record' }, // reg 10: no plan after all
        ...BUDGETS_WHILE_PREPARING, // s49(1), PB reg 3
        ...whileOpen,
      },
    },

    // reg 13(1)(a): at least 15 days for representations, beginning with the day the draft was served;
    // the plan cannot be finalised until served + 15. "Ready to finalise" is derived from that date.
    'draft-period': {
      on: {
        AdviceReceived: { guard: 'adviceIsOutstanding', actions: 'record' },
        SettingConsulted: { guard: 'consultationIsNew', actions: 'record' }, // s39(2): consult the requested setting
        SettingResponded: { guard: 'consultationIsOpen', actions: 'record' },
        FinalPlanIssued: { target: 'plan-issued', guard: 'draftPeriodHasEnded', actions: 'record' }, // reg 13(2)
        AmendedDraftServed: { guard: 'followsTheLastStep', actions: 'record' }, // reg 13(1): a fresh 15 days
        DecidedNotToIssue: { target: 'not-issuing', guard: 'mayRefuseToIssue', actions: 'record' }, // reg 10: no plan after the draft
        ...BUDGETS_WHILE_PREPARING, // s49(1), PB reg 3
        ...whileOpen,
      },
    },

    // The final plan has been sent (reg 13(2)). Its content is appealable (s51(2)(c)).
    'plan-issued': {
      on: {
        SettingResponded: { guard: 'consultationIsOpen', actions: 'record' },
        AppealNotOpposed: { guard: 'appealNotOpposedOnPlan', actions: 'record' }, // reg 45(4); reg 45 (school named only)
        AmendedPlanIssued: { guard: 'amendedPlanFollowsTheFinal', actions: 'record' }, // reg 45(4)/(4A), reg 22(3)
        TribunalOrderMade: { guard: 'orderOnThePlan', actions: 'record' }, // an order on the plan's content or school
        PlanEnded: { target: 'plan-ended', guard: 'followsTheLastStep', actions: 'record' }, // moved away, died, ceased (s45)
        // The maintained plan's own events (maintained-plan.ts decides them); its end is the case's end too.
        ...MAINTAINED_PLAN_EVENTS,
        MediationAgreementReached: { guard: 'otherAgreement', actions: 'record' }, // reg 42
        AgreedActionDone: { guard: 'agreedActionOutstanding', actions: 'record' },
        ...afterAnOutcome,
      },
    },

    // The plan is no longer maintained (moved out of the area, died, ceased under s45). Late records still fit.
    'plan-ended': {
      on: {
        AmendedPlanIssued: { guard: 'amendedPlanFollowsTheFinal', actions: 'record' },
        // reg 45 (ceasing): not opposing an appeal against ceasing — the LA keeps maintaining the plan
        AppealNotOpposed: { target: 'plan-issued', guard: 'appealNotOpposedToCease', actions: 'record' },
        ...afterAnOutcome,
      },
    },

    // The request was withdrawn: nothing more happens on the case, except that an exception can still be recorded or
    // withdrawn (how late the case was matters to the measure even though it closed).
    withdrawn: { on: { ...exceptionsAfterAnOutcome } },
    'moved-out': { type: 'final' },
  },
});

// ---------------------------------------------------------------------------------------------
// Guards: each one is the law for one transition. A check returns the problem, or undefined if the
// event is lawful; `lawful()` turns it into an XState guard. workflow.ts uses the same checks to
// explain a rejection, so the machine and its error messages cannot disagree.
// ---------------------------------------------------------------------------------------------

export type LawCheck = (context: CaseContext, event: CaseEvent) => LawProblem | undefined;

/**
 * The law checks' answers already worked out in the step under way (workflow.ts step runs the checks of the
 * candidate transitions itself, to explain a refusal, then asks the machine to transition). Each check is a pure
 * function of the step's context and event, so the machine's guard for the same check, context and event objects
 * takes that answer instead of running the check a second time (for a plan event, a step of the plan's own rules).
 * Set only for the duration of one transition (withLawAnswers); any other evaluation runs the checks.
 */
let answered:
  | {
      context: CaseContext;
      event: CaseEvent;
      checks: readonly LawCheck[];
      answers: readonly (LawProblem | undefined)[];
    }
  | undefined;

/** Runs `transition` with the answers the step's law checks gave for this context and event (see `answered`). */
export function withLawAnswers<T>(
  context: CaseContext,
  event: CaseEvent,
  checks: readonly LawCheck[],
  answers: readonly (LawProblem | undefined)[],
  transition: () => T,
): T {
  answered = { context, event, checks, answers };
  try {
    return transition();
  } finally {
    answered = undefined;
  }
}

function lawful(check: LawCheck) {
  return ({ context, event }: { context: CaseContext; event: CaseEvent }) => {
    if (answered && answered.context === context && answered.event === event) {
      const i = answered.checks.indexOf(check);
      if (i >= 0) return answered.answers[i] === undefined;
    }
    return check(context, event) === undefined;
  };
}

const dateOrder = (message: string, field = 'date', regulation?: string): LawProblem => ({
  code: 'DATE_ORDER',
  message,
  field,
  regulation,
});

/** Steps of the main flow happen in date order: a decision cannot predate the step it follows. */
function followsTheLastStep(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  if (c.flowDate && e.date < c.flowDate) {
    return dateOrder(`${e.type} cannot be dated before ${c.flowDate}, the date of the case's previous step.`);
  }
  return undefined;
}

/**
 * reg 44(2)(b): once the tribunal has ordered an assessment, the LA must assess; it cannot refuse again.
 * reg 45(2)-(3): the same after the LA told the Tribunal it would not oppose an appeal against its refusal.
 */
function mayRefuseToAssess(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  if (c.tribunalOrder?.order === 'assess') {
    const unopposed = c.tribunalOrder.unopposed === true;
    const agreed = c.tribunalOrder.viaMediation === true;
    return {
      code: 'EVENT_NOT_ALLOWED',
      message: `${unopposed ? 'The LA told the Tribunal it would not oppose the appeal' : agreed ? 'The LA agreed in mediation to assess' : 'The tribunal ordered an assessment'} on ${c.tribunalOrder.date}: the LA must notify that it will assess (DecidedToAssess) by ${addDays(c.tribunalOrder.date, TIME_LIMIT_DAYS.tribunalNotifyAssess)} and cannot refuse.`,
      regulation: unopposed ? 'reg 45(3)' : agreed ? 'reg 42' : 'reg 44(2)(b)',
    };
  }
  return followsTheLastStep(c, e);
}

/** reg 6 / reg 8(1): each advice request has its own reference and its own clock from when the body receives it. */
function adviceRequestIsNew(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  if (e.type !== 'AdviceRequested') return undefined;
  if (
    c.advice.some((a) => a.adviceId === e.adviceId) ||
    c.events.some((h) => h.type === 'InformationRequested' && h.requestId === e.adviceId)
  ) {
    return {
      code: 'INVALID_EVENT',
      field: 'adviceId',
      message: 'This adviceId is already used on this case; each advice request needs its own reference.',
      regulation: 'reg 8(1)',
    };
  }
  if (c.assessingSince && e.date < c.assessingSince) {
    return dateOrder(
      `Advice for the assessment (reg 6) cannot be requested before the decision to assess on ${c.assessingSince}.`,
      'date',
      'reg 6',
    );
  }
  if (e.receivedByProvider !== undefined && e.receivedByProvider < e.date) {
    return dateOrder(
      `receivedByProvider cannot be before the request was sent (${e.date}); the reg 8(1) clock runs from the day the body receives it.`,
      'receivedByProvider',
      'reg 8(1)',
    );
  }
  return familyAskIsOpen(c.events, e);
}

/** reg 6(1): every required limb sought (or agreed sufficient under reg 6(4)) before deciding whether to issue. */
function adviceWasSoughtBeforeDeciding(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  return followsTheLastStep(c, e) ?? adviceWasSought(c.events, e, c.year9From);
}

/** reg 6(4): existing advice agreed sufficient, for limbs (b)-(h), during the assessment. */
function existingAdviceAgreed(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  return existingAdviceMayBeAgreed(e, c.assessingSince) ?? familyAskIsOpen(c.events, e);
}

function familyAskIsNewCheck(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  return familyAskIsNew(c.events, e);
}

function familyAskIsOpenCheck(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  return familyAskIsOpen(c.events, e);
}

/** reg 8: advice received must answer a request of this case that is still outstanding. */
function adviceIsOutstanding(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  if (e.type !== 'AdviceReceived') return undefined;
  const a = c.advice.find((x) => x.adviceId === e.adviceId);
  const outstanding = c.advice.filter((x) => !x.receivedOn).map((x) => x.adviceId);
  if (!a || a.receivedOn) {
    return {
      code: 'UNKNOWN_REFERENCE',
      field: 'adviceId',
      message: `${a ? 'That advice has already been received' : 'No advice with that adviceId was requested on this case'}. Outstanding advice: ${outstanding.join(', ') || 'none'}.`,
      regulation: 'reg 8(1)',
    };
  }
  if (e.date < a.receivedByProvider) {
    return dateOrder(
      `Advice ${a.adviceId} cannot be received before the provider received the request on ${a.receivedByProvider}.`,
      'date',
      'reg 8(1)',
    );
  }
  return undefined;
}

/** s39(2), s40(3): each consultation of a setting has its own reference. */
function consultationIsNew(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  if (e.type !== 'SettingConsulted') return undefined;
  if (c.consultations.some((x) => x.consultationId === e.consultationId)) {
    return {
      code: 'INVALID_EVENT',
      field: 'consultationId',
      message: 'This consultationId is already used on this case; each consultation needs its own reference.',
    };
  }
  if (c.planningSince && e.date < c.planningSince) {
    return dateOrder(
      `A setting is consulted on the plan, so not before the LA became bound to make one on ${c.planningSince}.`,
      'date',
      's39(2)',
    );
  }
  return undefined;
}

/** CoP 9.83: a reply answers an open consultation of this case. */
function consultationIsOpen(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  if (e.type !== 'SettingResponded') return undefined;
  const x = c.consultations.find((k) => k.consultationId === e.consultationId);
  const open = c.consultations.filter((k) => !k.respondedOn).map((k) => k.consultationId);
  if (!x || x.respondedOn) {
    return {
      code: 'UNKNOWN_REFERENCE',
      field: 'consultationId',
      message: `${x ? 'That setting has already replied' : 'No consultation with that consultationId exists on this case'}. Open consultations: ${open.join(', ') || 'none'}.`,
    };
  }
  if (e.date < x.consultedOn) return dateOrder(`The setting cannot reply before it was consulted on ${x.consultedOn}.`);
  return undefined;
}

/** reg 13(1)(a): "at least 15 days, beginning with the day on which the draft plan was served". */
function draftPeriodHasEnded(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  const served = c.draftServedOn ?? c.draftIssuedOn;
  if (!served) {
    return {
      code: 'EVENT_NOT_ALLOWED',
      message: 'FinalPlanIssued needs a draft plan first (DraftPlanIssued).',
      regulation: 'reg 13(1)',
    };
  }
  const earliest = finalisableFrom(served);
  if (e.date < earliest) {
    return dateOrder(
      `FinalPlanIssued is not allowed before ${earliest}: the 15-day period for representations (reg 13(1)) runs ${served}..${addDays(earliest, -1)}.`,
      'date',
      'reg 13(1)',
    );
  }
  return followsTheLastStep(c, e);
}

/** First day a plan served on `served` may be finalised: served + 15 (reg 13(1)(a)). */
export function finalisableFrom(served: IsoDate): IsoDate {
  return addDays(served, TIME_LIMIT_DAYS.draftPeriod);
}

/** regs 5(4), 8(2), 10(4), 13(3), SI 2020/471: the predicates of docs/law.md#exceptions. */
function exceptionMeetsItsPredicate(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  if (e.type !== 'ExceptionRecorded') return undefined;
  // reg 44(3): limits set by a tribunal order (or an unopposed appeal) are excused within their own periods.
  const tribunalClocks = deriveDeadlines(c.events, { today: e.date, finalPlanDays: c.finalPlanDays }).filter(
    (d): d is Deadline & { kind: DeadlineKind } => (TRIBUNAL_LIMITS as readonly string[]).includes(d.kind),
  );
  const r = checkException(e, c.events, { finalPlanDays: c.finalPlanDays, tribunalClocks });
  if (r.ok) return shorterThanTheLateness(c, e);
  const { allowed: _allowed, ...problem } = r.error;
  return problem;
}

/**
 * reg 10(4) (reg 13(3), 5(4), 8(2)(a)): personal circumstances recorded against a limit already missed by more days
 * than they lasted need the caseworker's reason why they still made the limit impractical.
 */
function shorterThanTheLateness(c: CaseContext, e: CaseEventOf<'ExceptionRecorded'>): LawProblem | undefined {
  const late = deriveDeadlines([...c.events, e], { today: e.date, finalPlanDays: c.finalPlanDays }).filter(
    (d) =>
      d.exceptionIds.includes(e.exceptionId) && d.daysLate !== undefined && needsImpracticalityReason(e, d.daysLate),
  );
  const d = late[0];
  if (!d) return undefined;
  return {
    code: 'EXCEPTION_INVALID',
    field: 'reasonLimitImpractical',
    message: `${d.id} was missed by ${d.daysLate} days but the circumstances cover ${exceptionDays(e)}: say why they still made the limit impractical (reasonLimitImpractical).`,
    regulation: 'reg 10(4)',
  };
}

function exceptionIsActive(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  if (e.type !== 'ExceptionWithdrawn') return undefined;
  const x = c.exceptions.find((k) => k.exceptionId === e.exceptionId);
  if (!x) {
    return {
      code: 'UNKNOWN_REFERENCE',
      field: 'exceptionId',
      message: `No active exception with that exceptionId on this case. Active: ${c.exceptions.map((k) => k.exceptionId).join(', ') || 'none'}.`,
    };
  }
  if (e.date < x.recordedOn)
    return dateOrder(`An exception cannot be withdrawn before it was recorded on ${x.recordedOn}.`);
  return undefined;
}

/** s51(2): mediation and appeals are about a decision the LA has made. */
function disputeHasADecision(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  if (e.type !== 'MediationStarted' && e.type !== 'TribunalAppealRegistered') return undefined;
  const decided: Record<DisputeSubject, IsoDate | undefined> = {
    'refusal-to-assess': c.decidedNotToAssessOn,
    'refusal-to-issue': c.decidedNotToIssueOn,
    'plan-content': c.finalIssuedOn,
    'plan-school': c.finalIssuedOn,
    ceasing: c.planEnded?.reason.startsWith('ceased') ? c.planEnded.date : undefined,
  };
  const on = decided[e.against];
  if (!on) {
    const possible = (Object.keys(decided) as DisputeSubject[]).filter((k) => decided[k]);
    return {
      code: 'EVENT_NOT_ALLOWED',
      field: 'against',
      message: `There is no ${e.against === 'plan-content' ? 'final plan' : e.against.replace(/-/g, ' ')} on this case to dispute. Possible now: ${possible.join(', ') || 'none'}.`,
      regulation: 's51(2)',
    };
  }
  if (e.date < on)
    return dateOrder(`${e.type} cannot be dated before the decision it disputes (${on}).`, 'date', 's51(2)');
  return undefined;
}

/** reg 44(2)(b): after a refusal to assess, the tribunal can order an assessment. */
function orderToAssess(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  if (e.type !== 'TribunalOrderMade') return undefined;
  if (e.order !== 'assess') {
    return {
      code: 'EVENT_NOT_ALLOWED',
      field: 'order',
      message: 'After a refusal to assess, the tribunal order recorded here must be "assess" (reg 44(2)(b)).',
      regulation: 'reg 44(2)(b)',
    };
  }
  return directedPeriodsFit(e) ?? followsTheLastStep(c, e);
}

/** reg 44(1): dates the Tribunal directed instead of reg 44(2)'s periods fit the order they belong to. */
function directedPeriodsFit(e: CaseEventOf<'TribunalOrderMade'>): LawProblem | undefined {
  const onlyFor: Record<string, 'assess' | 'make-plan' | undefined> = {
    notifyBy: 'assess',
    noPlanBy: 'assess',
    draftBy: 'make-plan',
    finalBy: undefined,
  };
  for (const [field, order] of Object.entries(onlyFor)) {
    const v = (e as unknown as Record<string, string | undefined>)[field];
    if (v === undefined) continue;
    if (order && order !== e.order)
      return {
        code: 'INVALID_EVENT',
        field,
        message: `${field} is a period of an order to ${order === 'assess' ? 'assess' : 'make a plan'}, not of this order.`,
        regulation: 'reg 44(1)',
      };
    if (v < e.date) return dateOrder(`${field} cannot be before the order itself (${e.date}).`, field, 'reg 44(1)');
  }
  return undefined;
}

/** reg 44(2)(c): after a decision not to issue, the tribunal can order the LA to make and maintain a plan. */
function orderToMakePlan(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  if (e.type !== 'TribunalOrderMade') return undefined;
  if (e.order !== 'make-plan') {
    return {
      code: 'EVENT_NOT_ALLOWED',
      field: 'order',
      message: 'After a decision not to issue, the tribunal order recorded here must be "make-plan" (reg 44(2)(c)).',
      regulation: 'reg 44(2)(c)',
    };
  }
  return directedPeriodsFit(e) ?? followsTheLastStep(c, e);
}

/** reg 45(1)-(3): not opposing an appeal against the refusal to assess. */
function appealNotOpposedToAssess(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  return appealMayBeUnopposed(c.events, e, ['refusal-to-assess']) ?? followsTheLastStep(c, e);
}

/** reg 45(1) and reg 45 (refusal to issue): not opposing an appeal against the refusal to issue a plan. */
function appealNotOpposedToIssue(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  return appealMayBeUnopposed(c.events, e, ['refusal-to-issue']) ?? followsTheLastStep(c, e);
}

/** reg 45(1), (4) and reg 45 (school named only): not opposing an appeal about the plan's content or the school named. */
function appealNotOpposedOnPlan(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  return appealMayBeUnopposed(c.events, e, ['plan-content', 'plan-school']) ?? followsTheLastStep(c, e);
}

/** reg 45 (ceasing): not opposing an appeal against the decision to cease (the plan is maintained). */
function appealNotOpposedToCease(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  return appealMayBeUnopposed(c.events, e, ['ceasing']) ?? followsTheLastStep(c, e);
}

/** An amended final plan amends a plan that has been issued. */
function amendedPlanFollowsTheFinal(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  if (e.type !== 'AmendedPlanIssued') return undefined;
  if (c.finalIssuedOn && e.date < c.finalIssuedOn)
    return dateOrder(
      `An amended plan cannot be dated before the final plan was issued on ${c.finalIssuedOn}.`,
      'date',
      'reg 22(3)',
    );
  return undefined;
}

/** reg 5(4)(a)/(b): an information request before the decision has its own reference (no clash with advice ids). */
function informationRequestIsNew(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  if (e.type !== 'InformationRequested') return undefined;
  const used = c.events.some(
    (h) =>
      (h.type === 'InformationRequested' && h.requestId === e.requestId) ||
      (h.type === 'AdviceRequested' && h.adviceId === e.requestId),
  );
  if (used)
    return {
      code: 'INVALID_EVENT',
      field: 'requestId',
      message: 'This requestId is already used on this case; each request needs its own reference.',
      regulation: 'reg 5(4)',
    };
  return undefined;
}

/** regs 5, 10, 13, 14, 31: a notice announces a decision of the case (notices.ts). */
function noticeFollowsItsDecisionCheck(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  // The reg 15(4) notice of a plan transferred in is also the plan's TransferInNoticeSent: the plan's rules decide it too.
  return noticeFollowsItsDecision(c.events, e) ?? planGuard(c, e);
}

/** An appeal ends once: there is an appeal against this decision not yet decided, conceded or concluded. */
function appealIsUndecided(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  if (e.type !== 'TribunalAppealConcluded') return undefined;
  let appealedOn: IsoDate | undefined;
  for (const h of c.events) {
    if (h.type === 'TribunalAppealRegistered' && h.against === e.against) appealedOn = h.date;
    if (
      h.type === 'TribunalOrderMade' ||
      ((h.type === 'AppealNotOpposed' || h.type === 'TribunalAppealConcluded') && h.against === e.against)
    )
      appealedOn = undefined;
  }
  if (!appealedOn)
    return {
      code: 'EVENT_NOT_ALLOWED',
      field: 'against',
      message: `There is no undecided appeal against ${e.against} on this case.`,
      regulation: 's51',
    };
  if (e.date < appealedOn) return dateOrder(`The appeal cannot end before it was registered on ${appealedOn}.`);
  return undefined;
}

/** reg 45(1): the LA's response to an appeal still undecided (after it, a concession is a consent order). */
function responseSubmitted(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  return responseToAnUndecidedAppeal(c.events, e);
}

/** reg 44(2)(c), reg 45 (refusal to issue): once ordered (or conceded) to make a plan, the LA cannot decide not to issue one. */
function mayRefuseToIssue(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  if (c.tribunalOrder?.order === 'make-plan') {
    return {
      code: 'EVENT_NOT_ALLOWED',
      message: `${c.tribunalOrder.unopposed ? 'The LA conceded the appeal against its refusal to issue' : c.tribunalOrder.viaMediation ? 'The LA agreed in mediation to make a plan' : 'The tribunal ordered the LA to make and maintain a plan'} on ${c.tribunalOrder.date}: it cannot now decide not to issue one.`,
      regulation: c.tribunalOrder.unopposed ? 'reg 45' : c.tribunalOrder.viaMediation ? 'reg 42' : 'reg 44(2)(c)',
    };
  }
  return followsTheLastStep(c, e);
}

/** An order on a plan already made (its content or the school named) follows an appeal about it. */
function orderOnThePlan(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  if (e.type !== 'TribunalOrderMade') return undefined;
  if (!ORDERS_ON_THE_PLAN.includes(e.order)) {
    return {
      code: 'EVENT_NOT_ALLOWED',
      field: 'order',
      message: `After the final plan, the order recorded here is one on the plan itself (${ORDERS_ON_THE_PLAN.join(', ')}).`,
      regulation: 's51(2)(c)',
    };
  }
  const appealed = c.disputes.some(
    (d) => d.kind === 'tribunal' && (d.against === 'plan-content' || d.against === 'plan-school'),
  );
  if (!appealed)
    return {
      code: 'EVENT_NOT_ALLOWED',
      field: 'order',
      message: 'An order on the plan needs an appeal about its content or the school named (TribunalAppealRegistered).',
      regulation: 's51(2)(c)',
    };
  return directedPeriodsFit(e) ?? followsTheLastStep(c, e);
}

/** reg 42: a mediation agreement to assess, after a refusal to assess. */
function agreementToAssess(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  return agreementFollowsMediation(c.events, e, ['assess']) ?? followsTheLastStep(c, e);
}

/** reg 42: a mediation agreement to make a plan, after a refusal to issue. */
function agreementToMakePlan(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  return agreementFollowsMediation(c.events, e, ['make-plan']) ?? followsTheLastStep(c, e);
}

/** reg 42: anything else agreed in mediation (done within 2 weeks unless agreed otherwise). */
function otherAgreement(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  return agreementFollowsMediation(c.events, e, ['other']);
}

/** reg 42: the agreed action answers an agreement of this case not yet done. */
function agreedActionOutstanding(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  return agreementFollowsMediation(c.events, e, []);
}

/** DeadlineMissed is written by the system once, for a deadline of this case that passed unmet. */
function deadlinePassedUnmet(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  if (e.type !== 'DeadlineMissed') return undefined;
  const deadlines = deriveDeadlines(c.events, { today: e.date, finalPlanDays: c.finalPlanDays });
  const d = deadlines.find((x) => x.id === e.deadline);
  if (!d) {
    return {
      code: 'UNKNOWN_REFERENCE',
      field: 'deadline',
      message: `This case has no deadline with that id. Deadlines: ${deadlines.map((x) => x.id).join(', ')}.`,
    };
  }
  if (c.missedDeadlines.includes(d.id)) {
    return {
      code: 'EVENT_NOT_ALLOWED',
      field: 'deadline',
      message: `Deadline ${d.id} has already been recorded as missed.`,
      regulation: d.regulation,
    };
  }
  if (e.due !== d.due)
    return {
      code: 'INVALID_EVENT',
      field: 'due',
      message: `Deadline ${d.id} is due on ${d.due}.`,
      regulation: d.regulation,
    };
  if (d.status !== 'missed' && d.status !== 'excepted') {
    return {
      code: d.status === 'pending' ? 'DATE_ORDER' : 'EVENT_NOT_ALLOWED',
      field: d.status === 'pending' ? 'date' : 'deadline',
      message:
        d.status === 'pending'
          ? `Deadline ${d.id} is due on ${d.due}; it can only be recorded as missed from ${addDays(d.due, 1)}.`
          : `Deadline ${d.id} is ${d.status}, not missed.`,
      regulation: d.regulation,
    };
  }
  return undefined;
}

/** After the final plan: the maintained plan's rules decide its events (maintained-plan.ts, docs/plan-life.md#the-rules). */
function maintainedPlanAllows(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  return planGuard(c, e);
}

/** s49(1), PB reg 3: a personal budget while the plan is prepared, judged by the plan's own budget rules. */
function budgetWhilePreparing(c: CaseContext, e: CaseEvent): LawProblem | undefined {
  return preparationBudgetGuard(c.preparation ?? NO_PREPARATION, e);
}

/** The law checks by guard name, for explaining rejections (workflow.ts). */
export const LAW_CHECKS: Record<string, LawCheck> = {
  followsTheLastStep,
  maintainedPlanAllows,
  budgetWhilePreparing,
  mayRefuseToAssess,
  adviceRequestIsNew,
  adviceIsOutstanding,
  consultationIsNew,
  consultationIsOpen,
  draftPeriodHasEnded,
  exceptionMeetsItsPredicate,
  exceptionIsActive,
  disputeHasADecision,
  orderToAssess,
  orderToMakePlan,
  deadlinePassedUnmet,
  appealNotOpposedToAssess,
  appealNotOpposedToIssue,
  appealNotOpposedOnPlan,
  appealNotOpposedToCease,
  amendedPlanFollowsTheFinal,
  informationRequestIsNew,
  noticeFollowsItsDecision: noticeFollowsItsDecisionCheck,
  appealIsUndecided,
  responseToAnUndecidedAppeal: responseSubmitted,
  mayRefuseToIssue,
  orderOnThePlan,
  agreementToAssess,
  agreementToMakePlan,
  otherAgreement,
  agreedActionOutstanding,
  adviceWasSoughtBeforeDeciding,
  existingAdviceAgreed,
  familyAskIsNew: familyAskIsNewCheck,
  familyAskIsOpen: familyAskIsOpenCheck,
};

// ---------------------------------------------------------------------------------------------
// Folding an accepted event into the context.
// ---------------------------------------------------------------------------------------------

/** Events that move the main flow on (their dates must not go backwards: `followsTheLastStep`). */
export const FLOW_EVENTS: readonly CaseEventType[] = [
  'RequestReceived',
  'DecidedToAssess',
  'DecidedNotToAssess',
  'DecidedToIssue',
  'DecidedNotToIssue',
  'DraftPlanIssued',
  'FinalPlanIssued',
  'TribunalOrderMade',
  'AppealNotOpposed',
  'AmendedDraftServed',
  'PlanEnded',
  'MediationAgreementReached',
  'RequestWithdrawn',
  'MovedOutOfArea',
];

export function recordEvent(c: CaseContext, e: CaseEvent): CaseContext {
  const n: CaseContext = {
    ...c,
    events: [...c.events, e],
    lastEventDate: c.lastEventDate ? maxDate(c.lastEventDate, e.date) : e.date,
  };
  if (FLOW_EVENTS.includes(e.type)) n.flowDate = e.date;
  // s49(1), PB reg 3: the preparation of the plan, up to (not including) the final plan, which carries it into the plan
  if (!c.finalIssuedOn && e.type !== 'FinalPlanIssued') {
    const was = c.preparation ?? NO_PREPARATION;
    const p = prepare(was, e);
    if (p !== was) n.preparation = p;
  }
  switch (e.type) {
    case 'RequestReceived':
      return { ...n, receivedOn: e.date, source: e.source, ...(e.year9From ? { year9From: e.year9From } : {}) };
    case 'TransferredPlanReceived':
      // reg 15(3)(a): the plan is maintained here from the transfer, as made on the day the old council made it.
      return {
        ...n,
        flowDate: e.date,
        transferredIn: {
          on: e.date,
          fromLa: e.fromLa,
          firstMadeOn: e.firstMadeOn,
          ...(e.lastReviewedOn ? { lastReviewedOn: e.lastReviewedOn } : {}),
        },
        ...(e.year9From ? { year9From: e.year9From } : {}),
        plan: recordPlanEventOnCase(c, e),
      };
    case 'DecidedToAssess':
      // A decision to assess after a refusal is a reversal: same case, same D0 (R (W) v Hertfordshire).
      return {
        ...n,
        decidedToAssessOn: e.date,
        assessingSince: e.date,
        flags: c.decidedNotToAssessOn ? { ...c.flags, reversedRefusal: true } : c.flags,
      };
    case 'DecidedNotToAssess':
      return { ...n, decidedNotToAssessOn: e.date };
    case 'AdviceRequested':
      return {
        ...n,
        advice: [
          ...c.advice,
          {
            adviceId: e.adviceId,
            provider: e.provider,
            requestedOn: e.date,
            receivedByProvider: e.receivedByProvider ?? e.date,
          },
        ],
      };
    case 'AdviceReceived':
      return { ...n, advice: c.advice.map((a) => (a.adviceId === e.adviceId ? { ...a, receivedOn: e.date } : a)) };
    case 'DecidedToIssue':
      return {
        ...n,
        decidedToIssueOn: e.date,
        planningSince: e.date,
        flags: c.decidedNotToIssueOn ? { ...c.flags, reversedRefusal: true } : c.flags,
      };
    case 'DecidedNotToIssue':
      return { ...n, decidedNotToIssueOn: e.date };
    case 'DraftPlanIssued':
      return { ...n, draftIssuedOn: e.date, draftServedOn: e.date };
    case 'AmendedDraftServed':
      return { ...n, draftServedOn: e.date };
    case 'PlanEnded':
      return { ...n, planEnded: { date: e.date, reason: e.reason } };
    case 'NoticeSent':
      // reg 15(4): the notice of a plan transferred in is the plan's TransferInNoticeSent too.
      return e.notice === 'plan-transferred' ? { ...n, plan: recordPlanEventOnCase(c, e) } : n;
    case 'TribunalAppealConcluded':
    case 'TribunalResponseSubmitted':
    case 'AgreedActionDone':
      return n;
    case 'MediationAgreementReached':
      // reg 42: an agreement on an appealable matter binds the LA like an order, timed by reg 44 from its date.
      if (e.agreement === 'assess')
        return {
          ...n,
          tribunalOrder: { order: 'assess', date: e.date, viaMediation: true },
          flags: { ...c.flags, reversedRefusal: true },
        };
      if (e.agreement === 'make-plan') {
        return {
          ...n,
          tribunalOrder: { order: 'make-plan', date: e.date, viaMediation: true },
          flags: { ...c.flags, reversedRefusal: true },
          planningSince: e.date,
        };
      }
      return n;
    case 'SettingRequested':
      return { ...n, settingsRequested: [...c.settingsRequested, { requestedOn: e.date, setting: e.setting }] };
    case 'SettingConsulted':
      return {
        ...n,
        consultations: [
          ...c.consultations,
          { consultationId: e.consultationId, setting: e.setting, consultedOn: e.date },
        ],
      };
    case 'SettingResponded':
      return {
        ...n,
        consultations: c.consultations.map((k) =>
          k.consultationId === e.consultationId ? { ...k, respondedOn: e.date, outcome: e.outcome } : k,
        ),
      };
    case 'FinalPlanIssued': {
      const issued = { ...n, finalIssuedOn: e.date, placement: e.placement };
      // s49(1): the personal budgets asked for while the plan was prepared are the plan's from its issue
      return {
        ...issued,
        plan: beginPlanFromFinal({
          ...issued,
          ...(e.setting ? { finalSetting: e.setting } : {}),
          preparation: c.preparation ?? NO_PREPARATION,
        }),
      };
    }
    case 'ExceptionRecorded': {
      const x: ExceptionView = {
        exceptionId: e.exceptionId,
        kind: e.kind,
        from: e.from,
        to: e.to,
        appliesTo: [...e.appliesTo],
        evidence: e.evidence,
        recordedOn: e.date,
      };
      if (e.familyInformedOn) x.familyInformedOn = e.familyInformedOn;
      if (e.adviceId) x.adviceId = e.adviceId;
      if (e.reasonLimitImpractical) x.reasonLimitImpractical = e.reasonLimitImpractical;
      const exceptions = [...c.exceptions, x];
      return {
        ...n,
        exceptions,
        exceptionIdsUsed: [...c.exceptionIdsUsed, e.exceptionId],
        flags: { ...c.flags, exception20Week: covers20Weeks(exceptions) },
      };
    }
    case 'ExceptionWithdrawn': {
      const exceptions = c.exceptions.filter((x) => x.exceptionId !== e.exceptionId);
      return { ...n, exceptions, flags: { ...c.flags, exception20Week: covers20Weeks(exceptions) } };
    }
    case 'MediationStarted':
      return {
        ...n,
        flags: { ...c.flags, mediation: true },
        disputes: [...c.disputes, { kind: 'mediation', against: e.against, date: e.date }],
      };
    case 'TribunalAppealRegistered':
      return {
        ...n,
        flags: { ...c.flags, tribunal: true },
        disputes: [...c.disputes, { kind: 'tribunal', against: e.against, date: e.date }],
      };
    case 'TribunalOrderMade':
      // reg 44(2): the order starts its own clocks; an order to make a plan binds the LA to draft one.
      return {
        ...n,
        tribunalOrder: { order: e.order, date: e.date },
        // An order on a plan already made (reg 44(2)(e), (f)) reverses no refusal.
        flags: {
          ...c.flags,
          tribunal: true,
          reversedRefusal: c.flags.reversedRefusal || !ORDERS_ON_THE_PLAN.includes(e.order),
        },
        ...(e.order === 'make-plan' ? { planningSince: e.date } : {}),
      };
    case 'AppealNotOpposed':
      // reg 45(2): treated as decided in the appellant's favour — like an order to assess or to make a plan.
      if (e.against === 'refusal-to-assess')
        return {
          ...n,
          tribunalOrder: { order: 'assess', date: e.date, unopposed: true },
          flags: { ...c.flags, reversedRefusal: true },
        };
      if (e.against === 'refusal-to-issue') {
        return {
          ...n,
          tribunalOrder: { order: 'make-plan', date: e.date, unopposed: true },
          flags: { ...c.flags, reversedRefusal: true },
          planningSince: e.date,
        };
      }
      // reg 45 (ceasing): the plan is maintained after all
      if (e.against === 'ceasing') return { ...n, planEnded: undefined };
      return n;
    case 'AmendedPlanIssued':
      return { ...n, amendedPlanIssuedOn: e.date };
    case 'RequestWithdrawn':
      return { ...n, withdrawnOn: e.date };
    case 'MovedOutOfArea':
      return { ...n, movedOutOn: e.date };
    case 'CaseworkerAssigned':
      return { ...n, caseworker: e.caseworker };
    case 'InformationRequested':
    case 'ExistingAdviceAgreed':
    case 'AdviceAskedByFamily':
    case 'AdviceAskRefused':
      return n;
    case 'DeadlineMissed':
      return { ...n, missedDeadlines: [...c.missedDeadlines, e.deadline] };
    case 'EventCorrected':
    case 'EventRetracted':
      // Never reaches the machine: workflow.ts replays the corrected history instead (corrections.ts).
      return c;
    case 'HistoryMigrated':
      // provenance only: the summary before it has been recorded event by event already
      return n;
    default: {
      if (!isCasePlanEventType(e.type)) throw new Error(`recordEvent: no rule for ${(e as CaseEvent).type}`);
      // A personal budget while the plan is prepared stays in the log until the final plan carries it (no plan yet).
      if (isPersonalBudgetEventType(e.type) && !c.plan && !c.finalIssuedOn) return n;
      // The maintained plan's events: folded into the plan; its end is also the case's planEnded (one fact).
      const plan = recordPlanEventOnCase(c, e);
      const end = planEndOf(e);
      return { ...n, plan, ...(end ? { planEnded: end } : {}) };
    }
  }
}

/** SEN2 Week20 = 1 when an exception affects the 20-week period (docs/law.md#the-boards-measure). */
function covers20Weeks(exceptions: ExceptionView[]): boolean {
  return exceptions.some((x) => x.appliesTo.includes('final-plan'));
}
