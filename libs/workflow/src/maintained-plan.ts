// The maintained plan (CFA 2014 ss.44-47; SEND Regulations 2014 regs 15, 18-22, 27, 29-31, 44(2)(a)): what may happen
// to an EHC plan between its issue and its end, as a pure fold (docs/plan-life.md#the-rules).
//
// It follows the assessment statechart's discipline (ehc-assessment.machine.ts, workflow.ts): a few stages, a table of
// the events each stage accepts with the named checks that encode the law for each, and one function per check that
// returns the problem or nothing, so the decision and the refusal message come from the same code. A refusal lists
// the events allowed now. Every event carries its own date; deadlines are derived from the history
// (plan-deadlines.ts), never from timers. Pure: "today" is a parameter.
import { addDays, maxDate, type IsoDate } from './dates.js';
import type { LawProblem, WorkflowErrorCode } from './errors.js';
import type { FieldSpec } from './events.js';
import {
  AMENDMENT_GROUNDS,
  CEASE_REASONS,
  PLAN_EVENT_FIELDS,
  PLAN_EVENT_TYPES,
  validatePlanEventShape,
  type AmendmentGround,
  type CeaseReason,
  type PhaseTransfer,
  type PlanEvent,
  type PlanEventType,
  type ReviewDecision,
  type SettingType,
  type YesNo,
} from './plan-events.js';
import { addMonths } from './plan-periods.js';
import {
  budgetDecisionAnswersTheRequest,
  budgetIsInPlace,
  budgetRequestIsNew,
  isPersonalBudgetEventType,
  offerBudgetEvent,
  recordPersonalBudgetEvent,
  type PersonalBudgetView,
} from './personal-budget.js';
import type { SenNeedsView } from './sen-needs.js';

export type PlanStage = 'no-plan' | 'maintained' | 'cease-decided' | 'ceased' | 'transferred-out';

export interface ReviewView {
  reviewId: string;
  meetingOn: IsoDate;
  invitedOn: IsoDate;
  adviceCirculatedOn?: IsoDate;
  preparingForAdulthood?: YesNo;
  reportOn?: IsoDate;
  decisionOn?: IsoDate;
  decision?: ReviewDecision;
}
export interface AmendmentView {
  amendmentId: string;
  proposedOn: IsoDate;
  following: AmendmentGround;
  reviewId?: string;
  reassessmentId?: string;
  transferId?: string;
  issuedOn?: IsoDate;
  droppedOn?: IsoDate;
}
export interface PlacementView {
  placementId: string;
  from: IsoDate;
  to?: IsoDate;
  settingType: SettingType;
  inArea: YesNo;
  setting?: string;
}
export interface ReassessmentView {
  reassessmentId: string;
  requestedOn: IsoDate;
  decidedOn?: IsoDate;
  decision?: 'reassess' | 'refuse';
  noAmendmentOn?: IsoDate;
}

export interface PlanContext {
  stage: PlanStage;
  /** Every accepted event, in order (deadlines are derived from it). */
  events: PlanEvent[];
  origin?: 'issued' | 'transferred-in';
  /**
   * First event's date: the issue, or the day the plan transferred in. Nothing on this plan is dated before it, but
   * personal budgets asked for while the council secured its preparation (from preparingSince).
   */
  startedOn?: IsoDate;
  /** s49(1), PB reg 3: the day this council became bound to prepare the plan, when budgets were asked for before it. */
  preparingSince?: IsoDate;
  /** reg 15(3): a transferred plan is treated as made on the date it was first made. */
  firstMadeOn?: IsoDate;
  year9From?: IsoDate;
  post16From?: IsoDate;
  transferInNoticeOn?: IsoDate;
  reviews: ReviewView[];
  amendments: AmendmentView[];
  transfers: { transferId: string; transfer: PhaseTransfer; movesOn: IsoDate; recordedOn: IsoDate }[];
  named: { from: IsoDate; settingType: SettingType; inArea: YesNo; setting?: string }[];
  placements: PlacementView[];
  reassessments: ReassessmentView[];
  ceasing: {
    consideredOn?: IsoDate;
    decidedOn?: IsoDate;
    reason?: CeaseReason;
    appealOn?: IsoDate;
    appealDecidedOn?: IsoDate;
    appealOutcome?: 'cease-upheld' | 'plan-continues';
  };
  move?: { awareOn: IsoDate; movesOn: IsoDate; toLa: string };
  /** s49: each request for a personal budget, with its decision and end (personal-budget.ts). */
  personalBudgets: PersonalBudgetView[];
  /** reg 12(1)(a) section B: each list of needs recorded, in the order recorded (needsOn reads one on a date). */
  needs: SenNeedsView[];
  endedOn?: IsoDate;
  endReason?: CeaseReason;
  lastEventDate?: IsoDate;
}

export const initialPlanContext = (): PlanContext => ({
  stage: 'no-plan',
  events: [],
  reviews: [],
  amendments: [],
  transfers: [],
  named: [],
  placements: [],
  reassessments: [],
  ceasing: {},
  personalBudgets: [],
  needs: [],
});

// ---------------------------------------------------------------------------------------------
// The stages and what each accepts. Each entry lists the checks (PLAN_LAW_CHECKS) the event must pass there.
// ---------------------------------------------------------------------------------------------

type Accepts = Partial<Record<PlanEventType, readonly PlanCheckName[]>>;

/** While the plan is maintained (s45(4): also while a decision to cease awaits its appeal window). */
const whileMaintained: Accepts = {
  ReviewMeetingHeld: ['reviewMeetingIsNew', 'invitationAndAdvicePrecedeTheMeeting', 'year9ReviewConsidersAdulthood'], // s44, regs 20-21
  ReviewReportSent: ['reviewAwaitsReport'], // reg 20(7)/21(7)
  ReviewDecisionNotified: ['reviewAwaitsDecision'], // s44, reg 20
  AmendmentsProposed: ['amendmentIsNew', 'amendmentHasGrounds'], // reg 22(2), reg 27
  PlanAmended: ['amendmentIsOpen', 'representationPeriodHasRun'], // reg 22(2)-(3)
  AmendmentsDropped: ['amendmentIsOpen'], // reg 22(4)-(5)
  PhaseTransferDue: ['transferIsNew'], // reg 18
  PlacementNamed: [], // reg 12(1)(i) section I
  PlacementStarted: ['placementIsNew'],
  PlacementEnded: ['placementIsOpen'],
  ReassessmentRequested: ['reassessmentIsNew'], // s44(2)
  ReassessmentDecided: ['reassessmentAwaitsDecision'], // regs 24-25
  ReassessmentNoAmendment: ['reassessmentIsUnderway'], // s51(2)(e)
  TransferInNoticeSent: ['wasTransferredIn'], // reg 15(4)
  MoveNotified: ['moveIsNew'], // reg 15(2)
  TransferredOut: ['followsTheStart'], // reg 15(2)
  PlanCeased: ['mayCeaseNow'], // s45, reg 31, s45(4)
  // s49 and SI 2014/1652: personal budgets (personal-budget.ts)
  PersonalBudgetRequested: ['budgetRequestIsNew'], // s49(1), reg 4
  PersonalBudgetDecided: ['budgetDecisionAnswersTheRequest'], // s49, regs 4, 4A, 7
  PersonalBudgetEnded: ['budgetIsInPlace'],
  SenNeedsRecorded: ['needsAreDistinct'], // reg 12(1)(a) section B
};

const STAGES: Record<PlanStage, Accepts> = {
  // A plan begins with its issue (reg 13(2)) or with its transfer from another council (reg 15(2)-(3)).
  'no-plan': { PlanIssued: ['preparationPrecedesTheIssue'], PlanTransferredIn: ['transferredPlanDatesFit'] },
  maintained: {
    ...whileMaintained,
    CeasingConsidered: ['ceasingIsNotAlreadyConsidered'], // reg 31(1)
    CeaseDecided: ['ceasingWasConsidered'], // reg 31(2)-(3)
  },
  // s45(4): the plan is maintained until the appeal period has ended without an appeal, or the appeal is decided.
  'cease-decided': {
    ...whileMaintained,
    CeaseAppealRegistered: ['appealFollowsTheDecision'], // s51(2)(f)
    CeaseAppealDecided: ['appealIsOpen'], // reg 44(2)(a)
    CeaseWithdrawn: ['followsTheCeaseDecision'],
  },
  ceased: {},
  'transferred-out': {},
};

/** Event types a stage accepts at all. */
export function planAcceptedTypes(stage: PlanStage): PlanEventType[] {
  return PLAN_EVENT_TYPES.filter((t) => STAGES[stage][t] !== undefined);
}

// ---------------------------------------------------------------------------------------------
// Checks: each is the law for one event at one stage.
// ---------------------------------------------------------------------------------------------

type PlanCheck = (c: PlanContext, e: PlanEvent) => LawProblem | undefined;

const problem = (code: WorkflowErrorCode, message: string, field?: string, regulation?: string): LawProblem => ({
  code,
  message,
  ...(field ? { field } : {}),
  ...(regulation ? { regulation } : {}),
});
const dateOrder = (message: string, field = 'date', regulation?: string) =>
  problem('DATE_ORDER', message, field, regulation);

/**
 * Nothing is dated before the plan began here, but a personal budget: s49(1) and PB reg 3 apply while the council is
 * securing the preparation of the plan too, so one asked for then is dated from the day it became bound to prepare it.
 */
function followsTheStart(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (c.preparingSince && isPersonalBudgetEventType(e.type)) {
    if (e.date < c.preparingSince)
      return dateOrder(
        `${e.type} cannot be dated before the council became bound to prepare the plan on ${c.preparingSince}.`,
        'date',
        's49(1)',
      );
    return undefined;
  }
  if (c.startedOn && e.date < c.startedOn)
    return dateOrder(`${e.type} cannot be dated before the plan began here on ${c.startedOn}.`);
  return undefined;
}

/** s49(1): the council became bound to prepare the plan on or before it issued it. */
function preparationPrecedesTheIssue(_c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type === 'PlanIssued' && e.preparingSince && e.preparingSince > e.date)
    return dateOrder('preparingSince cannot be after the plan was issued.', 'preparingSince', 's49(1)');
  return undefined;
}

/** reg 15(3): the plan was first made on or before it transferred; the old council's last review lies in between. */
function transferredPlanDatesFit(_c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'PlanTransferredIn') return undefined;
  if (e.firstMadeOn > e.date) return dateOrder('firstMadeOn cannot be after the transfer.', 'firstMadeOn', 'reg 15(3)');
  if (e.lastReviewedOn && (e.lastReviewedOn < e.firstMadeOn || e.lastReviewedOn > e.date)) {
    return dateOrder(
      'lastReviewedOn must lie between the day the plan was first made and the transfer.',
      'lastReviewedOn',
      'reg 15(5)',
    );
  }
  return undefined;
}

function reviewMeetingIsNew(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'ReviewMeetingHeld') return undefined;
  if (c.reviews.some((r) => r.reviewId === e.reviewId))
    return problem(
      'INVALID_EVENT',
      'This reviewId is already used on this plan; each review needs its own reference.',
      'reviewId',
    );
  // s44(1): a review ends with the council's decision; the next review's 12 months run from that notification.
  const open = c.reviews.find((r) => !r.decisionOn);
  if (open) {
    return problem(
      'EVENT_NOT_ALLOWED',
      `Review ${open.reviewId} has no decision yet: notify it (ReviewDecisionNotified) before the next review meeting.`,
      'reviewId',
      's44(1)',
    );
  }
  const last = c.reviews.at(-1);
  if (last?.decisionOn && e.date < last.decisionOn)
    return dateOrder(
      `A review meeting cannot be dated before the previous review's decision (${last.decisionOn}).`,
      'date',
      's44(1)',
    );
  return undefined;
}

/** regs 20(3)-(4), 21(3)-(4): the invitations and the advice go out before the meeting (2 weeks is the deadline's test). */
function invitationAndAdvicePrecedeTheMeeting(_c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'ReviewMeetingHeld') return undefined;
  if (e.invitedOn > e.date) return dateOrder('invitedOn cannot be after the meeting.', 'invitedOn', 'reg 20(3)');
  if (e.adviceCirculatedOn && e.adviceCirculatedOn > e.date) {
    return dateOrder(
      'adviceCirculatedOn cannot be after the meeting (leave it empty if the advice was not circulated before it).',
      'adviceCirculatedOn',
      'reg 20(4)',
    );
  }
  return undefined;
}

/** reg 20(6)/21(6): from Year 9 the review must consider preparation for adulthood, so the record must say whether it did. */
function year9ReviewConsidersAdulthood(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'ReviewMeetingHeld') return undefined;
  if (c.year9From && e.date >= c.year9From && !e.preparingForAdulthood) {
    return problem(
      'INVALID_EVENT',
      'From Year 9 a review must consider preparation for adulthood: say whether it did (preparingForAdulthood).',
      'preparingForAdulthood',
      'reg 20(6)',
    );
  }
  return undefined;
}

function findReview(c: PlanContext, reviewId: string): ReviewView | LawProblem {
  const r = c.reviews.find((x) => x.reviewId === reviewId);
  return (
    r ??
    problem(
      'UNKNOWN_REFERENCE',
      `No review with that reviewId on this plan. Reviews: ${c.reviews.map((x) => x.reviewId).join(', ') || 'none'}.`,
      'reviewId',
    )
  );
}
const isProblem = (x: object): x is LawProblem => 'code' in x;

function reviewAwaitsReport(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'ReviewReportSent') return undefined;
  const r = findReview(c, e.reviewId);
  if (isProblem(r)) return r;
  if (r.reportOn)
    return problem(
      'EVENT_NOT_ALLOWED',
      `The report of review ${r.reviewId} was sent on ${r.reportOn} already.`,
      'reviewId',
    );
  if (e.date < r.meetingOn)
    return dateOrder(`A review report cannot be dated before its meeting (${r.meetingOn}).`, 'date', 'reg 20(7)');
  return undefined;
}

function reviewAwaitsDecision(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'ReviewDecisionNotified') return undefined;
  const r = findReview(c, e.reviewId);
  if (isProblem(r)) return r;
  if (r.decisionOn)
    return problem('EVENT_NOT_ALLOWED', `Review ${r.reviewId} was decided on ${r.decisionOn} already.`, 'reviewId');
  if (e.date < r.meetingOn)
    return dateOrder(`A review decision cannot be dated before its meeting (${r.meetingOn}).`, 'date', 's44');
  return undefined;
}

function amendmentIsNew(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'AmendmentsProposed') return undefined;
  if (c.amendments.some((a) => a.amendmentId === e.amendmentId))
    return problem('INVALID_EVENT', 'This amendmentId is already used on this plan.', 'amendmentId');
  const open = c.amendments.find((a) => !a.issuedOn && !a.droppedOn);
  if (open) {
    return problem(
      'EVENT_NOT_ALLOWED',
      `Amendments ${open.amendmentId} proposed on ${open.proposedOn} are still open: issue the amended plan or drop them first.`,
      'amendmentId',
      'reg 22',
    );
  }
  return undefined;
}

/** reg 22(1)-(2): amendments follow a review that decided to amend (with the decision: R (L, M, P) v Devon CC [2022]) or a re-assessment. */
function amendmentHasGrounds(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'AmendmentsProposed') return undefined;
  if (e.following === 'review') {
    if (!e.reviewId)
      return problem(
        'INVALID_EVENT',
        'Amendments following a review name the review (reviewId).',
        'reviewId',
        'reg 22(1)',
      );
    const r = findReview(c, e.reviewId);
    if (isProblem(r)) return r;
    if (r.decision !== 'amend') {
      return problem(
        'EVENT_NOT_ALLOWED',
        `Review ${r.reviewId} ${r.decision ? `decided to ${r.decision}` : 'has no decision yet'}: record its decision to amend first (the proposals go with it).`,
        'reviewId',
        'reg 22(1)',
      );
    }
    if (e.date < r.decisionOn!)
      return dateOrder(
        `Proposed amendments cannot be dated before the decision to amend (${r.decisionOn}).`,
        'date',
        'reg 22(2)',
      );
  } else if (e.reviewId) {
    return problem('INVALID_EVENT', 'reviewId is given only for amendments following a review.', 'reviewId');
  }
  if (e.following === 'reassessment') {
    const ra = c.reassessments.find((x) => x.reassessmentId === e.reassessmentId);
    if (!e.reassessmentId || !ra)
      return problem(
        'UNKNOWN_REFERENCE',
        'Amendments following a re-assessment name a re-assessment of this plan (reassessmentId).',
        'reassessmentId',
        'reg 27',
      );
    if (ra.decision !== 'reassess' || ra.noAmendmentOn)
      return problem(
        'EVENT_NOT_ALLOWED',
        `Re-assessment ${ra.reassessmentId} is not under way.`,
        'reassessmentId',
        'reg 27',
      );
    if (e.date < ra.decidedOn!)
      return dateOrder(
        `Proposed amendments cannot be dated before the decision to re-assess (${ra.decidedOn}).`,
        'date',
        'reg 27',
      );
  } else if (e.reassessmentId) {
    return problem(
      'INVALID_EVENT',
      'reassessmentId is given only for amendments following a re-assessment.',
      'reassessmentId',
    );
  }
  if (e.transferId && !c.transfers.some((t) => t.transferId === e.transferId)) {
    return problem(
      'UNKNOWN_REFERENCE',
      `No phase transfer with that transferId on this plan. Transfers: ${c.transfers.map((t) => t.transferId).join(', ') || 'none'}.`,
      'transferId',
      'reg 18',
    );
  }
  return undefined;
}

function openAmendment(c: PlanContext, amendmentId: string): AmendmentView | LawProblem {
  const a = c.amendments.find((x) => x.amendmentId === amendmentId);
  if (!a)
    return problem(
      'UNKNOWN_REFERENCE',
      `No proposed amendments with that amendmentId on this plan. Open: ${
        c.amendments
          .filter((x) => !x.issuedOn && !x.droppedOn)
          .map((x) => x.amendmentId)
          .join(', ') || 'none'
      }.`,
      'amendmentId',
    );
  if (a.issuedOn || a.droppedOn)
    return problem(
      'EVENT_NOT_ALLOWED',
      `Amendments ${a.amendmentId} were ${a.issuedOn ? `issued on ${a.issuedOn}` : `dropped on ${a.droppedOn}`} already.`,
      'amendmentId',
    );
  return a;
}

function amendmentIsOpen(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'PlanAmended' && e.type !== 'AmendmentsDropped') return undefined;
  const a = openAmendment(c, e.amendmentId);
  if (isProblem(a)) return a;
  if (e.date < a.proposedOn)
    return dateOrder(
      `${e.type} cannot be dated before the amendments were proposed (${a.proposedOn}).`,
      'date',
      'reg 22',
    );
  return undefined;
}

/** The family's representation period: at least 15 days beginning with the day the notice was served (reg 22(2)). */
export const AMENDMENT_REPRESENTATION_DAYS = 15;

/** reg 22(2)-(3): the amended plan cannot be issued before the family's 15 days have run (first day: proposed + 15). */
function representationPeriodHasRun(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'PlanAmended') return undefined;
  const a = c.amendments.find((x) => x.amendmentId === e.amendmentId);
  if (!a) return undefined;
  const earliest = addDays(a.proposedOn, AMENDMENT_REPRESENTATION_DAYS);
  if (e.date < earliest)
    return dateOrder(
      `The family has 15 days from ${a.proposedOn} to respond: the amended plan can be issued from ${earliest}.`,
      'date',
      'reg 22(2)',
    );
  return undefined;
}

function transferIsNew(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'PhaseTransferDue') return undefined;
  if (c.transfers.some((t) => t.transferId === e.transferId))
    return problem('INVALID_EVENT', 'This transferId is already used on this plan.', 'transferId');
  if (e.movesOn < (c.startedOn ?? e.movesOn))
    return dateOrder('movesOn cannot be before the plan began here.', 'movesOn');
  return undefined;
}

function placementIsNew(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'PlacementStarted') return undefined;
  if (c.placements.some((p) => p.placementId === e.placementId))
    return problem('INVALID_EVENT', 'This placementId is already used on this plan.', 'placementId');
  return undefined;
}

function placementIsOpen(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'PlacementEnded') return undefined;
  const p = c.placements.find((x) => x.placementId === e.placementId);
  if (!p)
    return problem(
      'UNKNOWN_REFERENCE',
      `No placement with that placementId on this plan. Open: ${
        c.placements
          .filter((x) => !x.to)
          .map((x) => x.placementId)
          .join(', ') || 'none'
      }.`,
      'placementId',
    );
  if (p.to) return problem('EVENT_NOT_ALLOWED', `Placement ${p.placementId} ended on ${p.to} already.`, 'placementId');
  if (e.date < p.from) return dateOrder(`A placement cannot end before it started (${p.from}).`);
  return undefined;
}

function reassessmentIsNew(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'ReassessmentRequested') return undefined;
  if (c.reassessments.some((r) => r.reassessmentId === e.reassessmentId))
    return problem('INVALID_EVENT', 'This reassessmentId is already used on this plan.', 'reassessmentId');
  const open = c.reassessments.find(
    (r) => !r.decidedOn || (r.decision === 'reassess' && !r.noAmendmentOn && !reassessmentAmended(c, r.reassessmentId)),
  );
  if (open)
    return problem(
      'EVENT_NOT_ALLOWED',
      `Re-assessment ${open.reassessmentId} is still open.`,
      'reassessmentId',
      's44(2)',
    );
  return undefined;
}

const reassessmentAmended = (c: PlanContext, id: string) =>
  c.amendments.some((a) => a.reassessmentId === id && a.issuedOn);

function reassessmentAwaitsDecision(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'ReassessmentDecided') return undefined;
  const r = c.reassessments.find((x) => x.reassessmentId === e.reassessmentId);
  if (!r)
    return problem(
      'UNKNOWN_REFERENCE',
      'No re-assessment request with that reassessmentId on this plan.',
      'reassessmentId',
    );
  if (r.decidedOn)
    return problem(
      'EVENT_NOT_ALLOWED',
      `Re-assessment ${r.reassessmentId} was decided on ${r.decidedOn} already.`,
      'reassessmentId',
    );
  if (e.date < r.requestedOn) return dateOrder(`The decision cannot be dated before the request (${r.requestedOn}).`);
  return undefined;
}

function reassessmentIsUnderway(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'ReassessmentNoAmendment') return undefined;
  const r = c.reassessments.find((x) => x.reassessmentId === e.reassessmentId);
  if (!r)
    return problem('UNKNOWN_REFERENCE', 'No re-assessment with that reassessmentId on this plan.', 'reassessmentId');
  if (r.decision !== 'reassess' || r.noAmendmentOn || reassessmentAmended(c, r.reassessmentId)) {
    return problem(
      'EVENT_NOT_ALLOWED',
      `Re-assessment ${r.reassessmentId} is not under way.`,
      'reassessmentId',
      's51(2)(e)',
    );
  }
  if (c.amendments.some((a) => a.reassessmentId === r.reassessmentId && !a.issuedOn && !a.droppedOn)) {
    return problem(
      'EVENT_NOT_ALLOWED',
      `Amendments following re-assessment ${r.reassessmentId} are open: drop them (AmendmentsDropped) instead.`,
      'reassessmentId',
      'reg 22(4)',
    );
  }
  if (e.date < r.decidedOn!) return dateOrder(`Cannot be dated before the decision to re-assess (${r.decidedOn}).`);
  return undefined;
}

function wasTransferredIn(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'TransferInNoticeSent') return undefined;
  if (c.origin !== 'transferred-in')
    return problem(
      'EVENT_NOT_ALLOWED',
      'Only a plan transferred in from another council has a reg 15(4) notice.',
      undefined,
      'reg 15(4)',
    );
  if (c.transferInNoticeOn)
    return problem(
      'EVENT_NOT_ALLOWED',
      `The reg 15(4) notice was sent on ${c.transferInNoticeOn} already.`,
      undefined,
      'reg 15(4)',
    );
  return undefined;
}

function moveIsNew(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'MoveNotified') return undefined;
  if (c.move)
    return problem('EVENT_NOT_ALLOWED', `A move on ${c.move.movesOn} is already recorded.`, undefined, 'reg 15(2)');
  return undefined;
}

function ceasingIsNotAlreadyConsidered(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'CeasingConsidered') return undefined;
  if (c.ceasing.consideredOn && !c.ceasing.decidedOn)
    return problem(
      'EVENT_NOT_ALLOWED',
      `Ceasing has been under consideration since ${c.ceasing.consideredOn}.`,
      undefined,
      'reg 31(1)',
    );
  return undefined;
}

/** reg 31: before deciding, the council informs the family it is considering ceasing and consults. A move to another council is a transfer (reg 15), not a cease. */
function ceasingWasConsidered(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'CeaseDecided') return undefined;
  if (e.reason === 'transferred-to-another-la')
    return problem(
      'EVENT_NOT_ALLOWED',
      'A plan moving to another council in England is transferred (TransferredOut, reg 15), not ceased.',
      'reason',
      'reg 15(2)',
    );
  if (e.reason === 'deceased')
    return problem(
      'EVENT_NOT_ALLOWED',
      'When the child or young person has died the plan simply ends: record PlanCeased.',
      'reason',
    );
  if (!c.ceasing.consideredOn || (c.ceasing.decidedOn && c.ceasing.consideredOn <= c.ceasing.decidedOn)) {
    return problem(
      'EVENT_NOT_ALLOWED',
      'Record first that the family was told the council is considering ceasing the plan, and consulted (CeasingConsidered).',
      undefined,
      'reg 31(1)',
    );
  }
  if (e.date < c.ceasing.consideredOn)
    return dateOrder(
      `The decision cannot be dated before ceasing was considered (${c.ceasing.consideredOn}).`,
      'date',
      'reg 31',
    );
  return undefined;
}

function appealFollowsTheDecision(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'CeaseAppealRegistered') return undefined;
  if (c.ceasing.appealOn && !c.ceasing.appealDecidedOn)
    return problem(
      'EVENT_NOT_ALLOWED',
      `An appeal registered on ${c.ceasing.appealOn} is open.`,
      undefined,
      's51(2)(f)',
    );
  if (e.date < c.ceasing.decidedOn!)
    return dateOrder(
      `An appeal cannot be dated before the decision to cease (${c.ceasing.decidedOn}).`,
      'date',
      's51(2)(f)',
    );
  return undefined;
}

function appealIsOpen(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'CeaseAppealDecided') return undefined;
  if (!c.ceasing.appealOn || c.ceasing.appealDecidedOn)
    return problem(
      'EVENT_NOT_ALLOWED',
      'There is no open appeal against the decision to cease.',
      undefined,
      'reg 44(2)(a)',
    );
  if (e.date < c.ceasing.appealOn)
    return dateOrder(`The appeal's decision cannot be dated before the appeal (${c.ceasing.appealOn}).`);
  return undefined;
}

function followsTheCeaseDecision(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (c.ceasing.decidedOn && e.date < c.ceasing.decidedOn)
    return dateOrder(`Cannot be dated before the decision to cease (${c.ceasing.decidedOn}).`);
  return undefined;
}

/** Months the family has to appeal a decision to cease (docs/plan-life.md#the-rules; longer after a mediation certificate: not modelled). */
export const CEASE_APPEAL_MONTHS = 2;

/** The first day a plan may end after a decision to cease notified on `decidedOn`, absent an appeal (s45(4)). */
export function earliestCeaseDate(decidedOn: IsoDate): IsoDate {
  return addDays(addMonths(decidedOn, CEASE_APPEAL_MONTHS), 1);
}

/**
 * s45(4): a plan ends only after the appeal period has passed with no appeal, or when an appeal upholding the cease
 * is decided (reg 44(2)(a): cease at once). Without a reg 31 decision a plan ends only on a death.
 */
function mayCeaseNow(c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'PlanCeased') return undefined;
  if (e.reason === 'transferred-to-another-la')
    return problem(
      'EVENT_NOT_ALLOWED',
      'A plan moving to another council in England is transferred (TransferredOut, reg 15), not ceased.',
      'reason',
      'reg 15(2)',
    );
  if (c.stage === 'maintained') {
    if (e.reason === 'deceased') return undefined;
    return problem(
      'EVENT_NOT_ALLOWED',
      'A plan ends only after a decision to cease, notified with appeal rights (CeasingConsidered, then CeaseDecided).',
      'reason',
      'reg 31',
    );
  }
  if (e.reason !== 'deceased' && e.reason !== c.ceasing.reason) {
    return problem(
      'INVALID_EVENT',
      `The decision to cease gave the reason ${c.ceasing.reason}; the plan ends for that reason.`,
      'reason',
      'reg 31(2)',
    );
  }
  if (e.reason === 'deceased') return followsTheStart(c, e);
  if (c.ceasing.appealOn && !c.ceasing.appealDecidedOn) {
    return problem(
      'EVENT_NOT_ALLOWED',
      `An appeal against the decision to cease is open (since ${c.ceasing.appealOn}): the plan is maintained until it is decided.`,
      undefined,
      's45(4)',
    );
  }
  if (c.ceasing.appealOutcome === 'cease-upheld') {
    return e.date < c.ceasing.appealDecidedOn!
      ? dateOrder(
          `The plan cannot end before the appeal was decided (${c.ceasing.appealDecidedOn}).`,
          'date',
          'reg 44(2)(a)',
        )
      : undefined;
  }
  const earliest = earliestCeaseDate(c.ceasing.decidedOn!);
  if (e.date < earliest)
    return dateOrder(
      `The family may appeal until ${addDays(earliest, -1)}: the plan can end from ${earliest}.`,
      'date',
      's45(4)',
    );
  return undefined;
}

/** reg 12(1)(a): one list of needs, each need once; the primary need is not also one of the others. */
function needsAreDistinct(_c: PlanContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'SenNeedsRecorded') return undefined;
  if (e.otherNeeds?.includes(e.primaryNeed))
    return problem(
      'INVALID_EVENT',
      'The primary need cannot also be one of the other needs: each need has one rank.',
      'otherNeeds',
      'reg 12(1)(a)',
    );
  return undefined;
}

const PLAN_LAW_CHECKS = {
  preparationPrecedesTheIssue,
  followsTheStart,
  transferredPlanDatesFit,
  reviewMeetingIsNew,
  invitationAndAdvicePrecedeTheMeeting,
  year9ReviewConsidersAdulthood,
  reviewAwaitsReport,
  reviewAwaitsDecision,
  amendmentIsNew,
  amendmentHasGrounds,
  amendmentIsOpen,
  representationPeriodHasRun,
  transferIsNew,
  placementIsNew,
  placementIsOpen,
  reassessmentIsNew,
  reassessmentAwaitsDecision,
  reassessmentIsUnderway,
  wasTransferredIn,
  moveIsNew,
  ceasingIsNotAlreadyConsidered,
  ceasingWasConsidered,
  appealFollowsTheDecision,
  appealIsOpen,
  followsTheCeaseDecision,
  mayCeaseNow,
  // personal budgets (personal-budget.ts)
  budgetRequestIsNew,
  budgetDecisionAnswersTheRequest,
  budgetIsInPlace,
  needsAreDistinct,
} satisfies Record<string, PlanCheck>;
type PlanCheckName = keyof typeof PLAN_LAW_CHECKS;

// ---------------------------------------------------------------------------------------------
// Folding an accepted event into the context.
// ---------------------------------------------------------------------------------------------

export function recordPlanEvent(c: PlanContext, e: PlanEvent): PlanContext {
  const n: PlanContext = {
    ...c,
    events: [...c.events, e],
    lastEventDate: c.lastEventDate ? maxDate(c.lastEventDate, e.date) : e.date,
  };
  const school = (x: { year9From?: IsoDate; post16From?: IsoDate }) => ({
    ...(x.year9From ? { year9From: x.year9From } : {}),
    ...(x.post16From ? { post16From: x.post16From } : {}),
  });
  switch (e.type) {
    case 'PlanIssued':
      return {
        ...n,
        stage: 'maintained',
        origin: 'issued',
        startedOn: e.date,
        firstMadeOn: e.date,
        ...school(e),
        ...(e.preparingSince ? { preparingSince: e.preparingSince } : {}),
      };
    case 'PlanTransferredIn':
      return {
        ...n,
        stage: 'maintained',
        origin: 'transferred-in',
        startedOn: e.date,
        firstMadeOn: e.firstMadeOn,
        ...school(e),
      };
    case 'TransferInNoticeSent':
      return { ...n, transferInNoticeOn: e.date };
    case 'ReviewMeetingHeld': {
      const r: ReviewView = { reviewId: e.reviewId, meetingOn: e.date, invitedOn: e.invitedOn };
      if (e.adviceCirculatedOn) r.adviceCirculatedOn = e.adviceCirculatedOn;
      if (e.preparingForAdulthood) r.preparingForAdulthood = e.preparingForAdulthood;
      return { ...n, reviews: [...c.reviews, r] };
    }
    case 'ReviewReportSent':
      return { ...n, reviews: c.reviews.map((r) => (r.reviewId === e.reviewId ? { ...r, reportOn: e.date } : r)) };
    case 'ReviewDecisionNotified':
      return {
        ...n,
        reviews: c.reviews.map((r) =>
          r.reviewId === e.reviewId ? { ...r, decisionOn: e.date, decision: e.decision } : r,
        ),
      };
    case 'AmendmentsProposed': {
      const a: AmendmentView = { amendmentId: e.amendmentId, proposedOn: e.date, following: e.following };
      if (e.reviewId) a.reviewId = e.reviewId;
      if (e.reassessmentId) a.reassessmentId = e.reassessmentId;
      if (e.transferId) a.transferId = e.transferId;
      return { ...n, amendments: [...c.amendments, a] };
    }
    case 'PlanAmended':
      return {
        ...n,
        amendments: c.amendments.map((a) => (a.amendmentId === e.amendmentId ? { ...a, issuedOn: e.date } : a)),
      };
    case 'AmendmentsDropped':
      return {
        ...n,
        amendments: c.amendments.map((a) => (a.amendmentId === e.amendmentId ? { ...a, droppedOn: e.date } : a)),
      };
    case 'PhaseTransferDue':
      return {
        ...n,
        transfers: [
          ...c.transfers,
          { transferId: e.transferId, transfer: e.transfer, movesOn: e.movesOn, recordedOn: e.date },
        ],
      };
    case 'PlacementNamed':
      return {
        ...n,
        named: [
          ...c.named,
          { from: e.date, settingType: e.settingType, inArea: e.inArea, ...(e.setting ? { setting: e.setting } : {}) },
        ],
      };
    case 'PlacementStarted':
      return {
        ...n,
        placements: [
          ...c.placements,
          {
            placementId: e.placementId,
            from: e.date,
            settingType: e.settingType,
            inArea: e.inArea,
            ...(e.setting ? { setting: e.setting } : {}),
          },
        ],
      };
    case 'PlacementEnded':
      return {
        ...n,
        placements: c.placements.map((p) => (p.placementId === e.placementId ? { ...p, to: e.date } : p)),
      };
    case 'ReassessmentRequested':
      return { ...n, reassessments: [...c.reassessments, { reassessmentId: e.reassessmentId, requestedOn: e.date }] };
    case 'ReassessmentDecided':
      return {
        ...n,
        reassessments: c.reassessments.map((r) =>
          r.reassessmentId === e.reassessmentId ? { ...r, decidedOn: e.date, decision: e.decision } : r,
        ),
      };
    case 'ReassessmentNoAmendment':
      return {
        ...n,
        reassessments: c.reassessments.map((r) =>
          r.reassessmentId === e.reassessmentId ? { ...r, noAmendmentOn: e.date } : r,
        ),
      };
    case 'CeasingConsidered':
      return { ...n, ceasing: { consideredOn: e.date } };
    case 'CeaseDecided':
      return { ...n, stage: 'cease-decided', ceasing: { ...c.ceasing, decidedOn: e.date, reason: e.reason } };
    case 'CeaseAppealRegistered':
      return { ...n, ceasing: { ...c.ceasing, appealOn: e.date } };
    case 'CeaseAppealDecided':
      return {
        ...n,
        stage: e.outcome === 'plan-continues' ? 'maintained' : c.stage,
        ceasing: { ...c.ceasing, appealDecidedOn: e.date, appealOutcome: e.outcome },
      };
    case 'CeaseWithdrawn':
      return { ...n, stage: 'maintained' };
    case 'PlanCeased':
      return { ...n, stage: 'ceased', endedOn: e.date, endReason: e.reason };
    case 'MoveNotified':
      return { ...n, move: { awareOn: e.date, movesOn: e.movesOn, toLa: e.toLa } };
    case 'TransferredOut':
      // SEN2: the exporting council records cease reason 5 and the transfer date as the cease date.
      return { ...n, stage: 'transferred-out', endedOn: e.date, endReason: 'transferred-to-another-la' };
    case 'PersonalBudgetRequested':
    case 'PersonalBudgetDecided':
    case 'PersonalBudgetEnded':
      return { ...n, personalBudgets: recordPersonalBudgetEvent(c.personalBudgets, e) };
    case 'SenNeedsRecorded':
      return { ...n, needs: [...c.needs, { from: e.date, primary: e.primaryNeed, others: [...(e.otherNeeds ?? [])] }] };
  }
}

// ---------------------------------------------------------------------------------------------
// Deciding: one event, and whole histories.
// ---------------------------------------------------------------------------------------------

export interface PlanError extends LawProblem {
  allowed: PlanEventType[];
}

/** A plan history that is not lawful (replayPlan). */
export class PlanRejection extends Error {
  constructor(readonly error: PlanError) {
    super(error.message);
    this.name = 'PlanRejection';
  }
}

export type PlanStep = { ok: true; context: PlanContext } | { ok: false; error: PlanError };

/** One event on a plan: its shape, its stage, no date after `today`, nothing before the plan began, then its checks. */
export function stepPlan(c: PlanContext, raw: unknown, today?: IsoDate): PlanStep {
  const reject = (p: LawProblem): PlanStep => ({ ok: false, error: { ...p, allowed: planAcceptedTypes(c.stage) } });
  const shape = validatePlanEventShape(raw);
  if (!shape.ok)
    return reject({
      code: 'INVALID_EVENT',
      field: shape.errors[0]!.field,
      message: shape.errors.map((x) => x.message).join(' '),
    });
  const e = shape.event;
  const checks = STAGES[c.stage][e.type];
  if (!checks) {
    if (c.stage === 'no-plan')
      return reject({
        code: 'EVENT_NOT_ALLOWED',
        message: `A plan starts with PlanIssued or PlanTransferredIn; ${e.type} cannot come first.`,
      });
    const allowed = planAcceptedTypes(c.stage);
    return reject({
      code: 'EVENT_NOT_ALLOWED',
      message: `${e.type} is not allowed while the plan is ${c.stage}. Allowed now: ${allowed.join(', ') || 'nothing (the plan has ended here)'}.`,
    });
  }
  if (today !== undefined && e.date > today)
    return reject({
      code: 'DATE_IN_FUTURE',
      field: 'date',
      message: `${e.type} is dated after today (${today}); events record what has happened.`,
    });
  const p = followsTheStart(c, e) ?? firstProblem(checks, c, e);
  if (p) return reject(p);
  return { ok: true, context: recordPlanEvent(c, e) };
}

/** The first of the checks (in their order) that finds a problem; the checks are pure, so the later ones need not run. */
function firstProblem(checks: readonly PlanCheckName[], c: PlanContext, e: PlanEvent): LawProblem | undefined {
  for (const name of checks) {
    const p = PLAN_LAW_CHECKS[name](c, e);
    if (p !== undefined) return p;
  }
  return undefined;
}

/** Fold a plan's history; throws PlanRejection naming the first event that is not allowed at its point. */
export function replayPlan(history: readonly unknown[], today?: IsoDate): PlanContext {
  let c = initialPlanContext();
  history.forEach((raw, i) => {
    const r = stepPlan(c, raw, today);
    if (!r.ok) {
      throw new PlanRejection({ ...r.error, message: `Event ${i + 1} (${typeName(raw)}): ${r.error.message}` });
    }
    c = r.context;
  });
  return c;
}

/** Checks a whole plan history as if each event had been a command on its own date (the importer's check). */
export function checkPlanHistory(
  history: readonly unknown[],
  today: IsoDate,
): { ok: true; context: PlanContext } | { ok: false; index: number; error: PlanError } {
  let c = initialPlanContext();
  for (const [index, raw] of history.entries()) {
    const r = stepPlan(c, raw, today);
    if (!r.ok) return { ok: false, index, error: r.error };
    c = r.context;
  }
  return { ok: true, context: c };
}

function typeName(raw: unknown): string {
  const t = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  return typeof t === 'string' && /^[A-Za-z]{1,40}$/.test(t) ? t : 'unknown type';
}

/** The setting a plan names (section I) on a date: the latest PlacementNamed on or before it. */
export function namedSettingOn(c: PlanContext, on: IsoDate): PlanContext['named'][number] | undefined {
  return c.named.filter((x) => x.from <= on).at(-1);
}

/** The settings attended on a date (entry date ≤ date ≤ leaving date). */
export function attendedOn(c: PlanContext, on: IsoDate): PlacementView[] {
  return c.placements.filter((p) => p.from <= on && (!p.to || on <= p.to));
}

export interface AllowedPlanEvent {
  type: PlanEventType;
  fields: FieldSpec[];
  /** Earliest date the event may carry. */
  earliest?: IsoDate;
}

/**
 * What can be recorded next on a plan, for forms: the types its stage accepts that have something to refer to, with
 * reference fields narrowed to the references that fit and the earliest lawful date (the same checks decide).
 */
export function allowedPlanEvents(c: PlanContext): AllowedPlanEvent[] {
  const out: AllowedPlanEvent[] = [];
  const narrow = (type: PlanEventType, name: string, options: string[]) =>
    PLAN_EVENT_FIELDS[type].map((f) => (f.name === name ? { ...f, options } : f));
  const openReviews = (pred: (r: ReviewView) => boolean) => c.reviews.filter(pred);
  const openAmendments = c.amendments.filter((a) => !a.issuedOn && !a.droppedOn);
  for (const type of planAcceptedTypes(c.stage)) {
    let fields = PLAN_EVENT_FIELDS[type];
    let earliest: IsoDate | undefined = c.startedOn;
    switch (type) {
      case 'ReviewMeetingHeld': {
        if (c.reviews.some((r) => !r.decisionOn)) continue; // s44(1): the previous review is not concluded
        const last = c.reviews.at(-1)?.decisionOn;
        if (last) earliest = last;
        break;
      }
      case 'ReviewReportSent':
      case 'ReviewDecisionNotified': {
        const open = openReviews((r) => (type === 'ReviewReportSent' ? !r.reportOn : !r.decisionOn));
        if (!open.length) continue;
        fields = narrow(
          type,
          'reviewId',
          open.map((r) => r.reviewId),
        );
        earliest = open.map((r) => r.meetingOn).sort()[0];
        break;
      }
      case 'AmendmentsProposed': {
        if (openAmendments.length) continue; // reg 22: one set of proposals at a time
        // reference fields narrowed to what proposals can follow: a review decided "amend" with none yet (reg 22(1)),
        // a re-assessment under way (reg 27), a phase transfer not yet named (reg 18); a field with nothing to name is left out
        const reviews = c.reviews
          .filter((r) => r.decision === 'amend' && !c.amendments.some((a) => a.reviewId === r.reviewId))
          .map((r) => r.reviewId);
        const reassessments = c.reassessments
          .filter((r) => r.decision === 'reassess' && !r.noAmendmentOn && !reassessmentAmended(c, r.reassessmentId))
          .map((r) => r.reassessmentId);
        const transfers = c.transfers
          .filter((t) => !c.amendments.some((a) => a.transferId === t.transferId && a.issuedOn))
          .map((t) => t.transferId);
        const refs: Record<string, string[]> = {
          reviewId: reviews,
          reassessmentId: reassessments,
          transferId: transfers,
        };
        const grounds = AMENDMENT_GROUNDS.filter((g) =>
          g === 'review' ? reviews.length > 0 : g === 'reassessment' ? reassessments.length > 0 : true,
        );
        fields = PLAN_EVENT_FIELDS[type]
          .filter((f) => !(f.name in refs) || refs[f.name]!.length > 0)
          .map((f) =>
            f.name in refs ? { ...f, options: refs[f.name]! } : f.name === 'following' ? { ...f, options: grounds } : f,
          );
        break;
      }
      case 'PlanAmended':
      case 'AmendmentsDropped':
        if (!openAmendments.length) continue;
        fields = narrow(
          type,
          'amendmentId',
          openAmendments.map((a) => a.amendmentId),
        );
        // reg 22(2): the amended plan only once the family's 15 days have run
        earliest = openAmendments
          .map((a) => (type === 'PlanAmended' ? addDays(a.proposedOn, AMENDMENT_REPRESENTATION_DAYS) : a.proposedOn))
          .sort()[0];
        break;
      case 'PlacementEnded': {
        const open = c.placements.filter((p) => !p.to);
        if (!open.length) continue;
        fields = narrow(
          type,
          'placementId',
          open.map((p) => p.placementId),
        );
        earliest = open.map((p) => p.from).sort()[0];
        break;
      }
      case 'ReassessmentDecided': {
        const open = c.reassessments.filter((r) => !r.decidedOn);
        if (!open.length) continue;
        fields = narrow(
          type,
          'reassessmentId',
          open.map((r) => r.reassessmentId),
        );
        earliest = open[0]!.requestedOn;
        break;
      }
      case 'ReassessmentNoAmendment': {
        const open = c.reassessments.filter(
          (r) =>
            r.decision === 'reassess' &&
            !r.noAmendmentOn &&
            !reassessmentAmended(c, r.reassessmentId) &&
            !c.amendments.some((a) => a.reassessmentId === r.reassessmentId && !a.issuedOn && !a.droppedOn),
        );
        if (!open.length) continue;
        fields = narrow(
          type,
          'reassessmentId',
          open.map((r) => r.reassessmentId),
        );
        earliest = open[0]!.decidedOn;
        break;
      }
      case 'ReassessmentRequested':
        if (
          c.reassessments.some(
            (r) =>
              !r.decidedOn ||
              (r.decision === 'reassess' && !r.noAmendmentOn && !reassessmentAmended(c, r.reassessmentId)),
          )
        )
          continue;
        break;
      case 'TransferInNoticeSent':
        if (c.origin !== 'transferred-in' || c.transferInNoticeOn) continue;
        break;
      case 'MoveNotified':
        if (c.move) continue;
        break;
      case 'CeasingConsidered':
        if (c.ceasing.consideredOn && !c.ceasing.decidedOn) continue;
        break;
      case 'CeaseDecided':
        if (!c.ceasing.consideredOn || (c.ceasing.decidedOn && c.ceasing.consideredOn <= c.ceasing.decidedOn)) continue; // reg 31(1)
        fields = narrow(
          type,
          'reason',
          CEASE_REASONS.filter((r) => r !== 'transferred-to-another-la' && r !== 'deceased'),
        );
        earliest = c.ceasing.consideredOn;
        break;
      case 'CeaseAppealRegistered':
        if (c.ceasing.appealOn && !c.ceasing.appealDecidedOn) continue;
        earliest = c.ceasing.decidedOn;
        break;
      case 'CeaseAppealDecided':
        if (!c.ceasing.appealOn || c.ceasing.appealDecidedOn) continue;
        earliest = c.ceasing.appealOn;
        break;
      case 'CeaseWithdrawn':
        earliest = c.ceasing.decidedOn;
        break;
      case 'PlanCeased':
        if (c.stage === 'maintained') {
          fields = narrow(type, 'reason', ['deceased']);
        } else {
          if (c.ceasing.appealOn && !c.ceasing.appealDecidedOn) {
            fields = narrow(type, 'reason', ['deceased']); // s45(4): only a death ends the plan while an appeal is open
          } else {
            fields = narrow(type, 'reason', [c.ceasing.reason!, 'deceased']);
            earliest =
              c.ceasing.appealOutcome === 'cease-upheld'
                ? c.ceasing.appealDecidedOn
                : earliestCeaseDate(c.ceasing.decidedOn!);
          }
        }
        break;
      // personal budgets: a decision answers an open request, an end closes a budget in place (personal-budget.ts)
      case 'PersonalBudgetRequested':
      case 'PersonalBudgetDecided':
      case 'PersonalBudgetEnded': {
        const offer = offerBudgetEvent(c, type, c.preparingSince ?? earliest);
        if (offer) out.push(offer);
        continue;
      }
      default:
        break;
    }
    out.push(earliest ? { type, fields, earliest } : { type, fields });
  }
  return out;
}
