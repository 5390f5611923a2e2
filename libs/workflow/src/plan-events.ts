// The maintained plan's event vocabulary (docs/plan-life.md): what happens to an EHC plan after it is first issued —
// annual reviews, amendments, phase transfers, placements, re-assessment, ceasing and transfers between councils.
//
// It is a vocabulary of its own, with the same FieldSpec shape as the assessment's EVENT_FIELDS (events.ts), because
// the plan is a record of its own: it begins at an assessment's final plan, or at a plan transferred in from another
// council (reg 15) with no assessment here at all, and it lives for years across many reviews and re-assessments
// (SEN2 keeps requests and assessments apart from plans). Mixed into EVENT_FIELDS these events would become valid
// shapes on every assessment case (the api, the importer and the forms all take that vocabulary as "what a case may
// record"), and a review would have to be recordable on a request that was refused. Names are a contract, as for
// the assessment's events: add, never rename.
import type { IsoDate } from './dates.js';
import { freezeFields, validateShapeAgainst, type FieldSpec } from './event-shape.js';
import { PERSONAL_BUDGET_EVENT_FIELDS, type PersonalBudgetEvent } from './personal-budget-events.js';
import { SEN_TYPES, type SenType } from './sen-needs.js';

/**
 * Where a child or young person is educated (section I named, or attended). A plan's setting type, for the board's
 * "mainstream, specialist and independent specialist" split and SEN2's placement modules.
 */
export const SETTING_TYPES = [
  'mainstream', // mainstream school or academy (CFA s83(2))
  'resourced-provision', // a mainstream school's SEN unit or resourced provision
  'special-state', // maintained special school or special academy (state-funded)
  'special-independent', // independent or non-maintained special school (s41 list or otherwise)
  'post-16-college', // FE college, sixth-form college or other post-16 institution that is not independent specialist
  'post-16-independent-specialist', // independent specialist post-16 institution (CFA s83(2) "special post-16 institution")
  'early-years', // early-years provider
  'other', // other arrangements (s61 EOTAS, s42(5), elective home education, apprenticeship…)
  'not-in-education', // not in education, employment or training (SEN2 NEET / NIEO / NIEC)
] as const;

/** reg 2 "transfer between phases", plus the two moves reg 18 treats differently (docs/plan-life.md#phase-transfers). */
export const PHASE_TRANSFERS = [
  'early-years-to-school', // reg 2(a): reg 18(1) 15 February
  'infant-to-junior', // reg 2(b)
  'primary-to-middle', // reg 2(c)
  'primary-to-secondary', // reg 2(d)
  'middle-to-secondary', // reg 2(e)
  'secondary-to-post-16-institution', // reg 2(f): reg 18(1) 31 March
  'secondary-to-school-sixth-form', // not a transfer between phases: a school is not a post-16 institution (CFA s83(2))
  'post-16-to-post-16', // reg 18(2): at least 5 months before the move
] as const;

/** SEN2 cease reasons, codes 1-9, in order (sen2CeaseCode gives the code). */
export const CEASE_REASONS = [
  'maximum-age', // 1: end of the academic year in which the young person turned 25 (s46), or 19 entering the adult estate
  'needs-met-without-plan', // 2: needs met without a plan (ongoing education or training)
  'higher-education', // 3
  'paid-employment', // 4: paid employment, not an apprenticeship
  'transferred-to-another-la', // 5: transferred to another council in England (reg 15)
  'no-longer-wishes-to-engage', // 6: young person no longer wishes to engage in education or training (reg 30)
  'moved-outside-england', // 7
  'deceased', // 8
  'other', // 9
] as const;

export const REVIEW_DECISIONS = ['keep', 'amend', 'cease'] as const;
export const AMENDMENT_GROUNDS = ['review', 'reassessment', 'other'] as const;
export const REASSESSMENT_SOURCES = [
  'parent',
  'young-person',
  'school',
  'post-16-institution',
  'local-authority',
] as const;
export const REASSESSMENT_DECISIONS = ['reassess', 'refuse'] as const;
export const CEASE_APPEAL_OUTCOMES = ['cease-upheld', 'plan-continues'] as const;
export const YES_NO = ['yes', 'no'] as const;

export type SettingType = (typeof SETTING_TYPES)[number];
export type PhaseTransfer = (typeof PHASE_TRANSFERS)[number];
export type CeaseReason = (typeof CEASE_REASONS)[number];
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export type AmendmentGround = (typeof AMENDMENT_GROUNDS)[number];
export type YesNo = (typeof YES_NO)[number];

/** SEN2 `ceasereason` code (1-9) of a cease reason. */
export function sen2CeaseCode(reason: CeaseReason): number {
  return CEASE_REASONS.indexOf(reason) + 1;
}

interface Dated<T extends string> {
  type: T;
  /** Business/legal date, 'YYYY-MM-DD'. */
  date: IsoDate;
}

/** School-calendar dates worked out from the date of birth (which stays on the person, not in the log). */
interface SchoolDates {
  /** reg 20(6)/21(6), reg 12(3): first day of the school year in which the child is in Year 9. */
  year9From?: IsoDate;
  /** CFA s83(2): first day over compulsory school age (after the last Friday of June of the year they turn 16). */
  post16From?: IsoDate;
}

/** The plan first made by this council (the assessment's final plan, reg 13(2)); s44(1)'s first 12 months start here. */
export interface PlanIssued extends Dated<'PlanIssued'>, SchoolDates {
  /**
   * s49(1), PB reg 3: the day the council became bound to prepare the plan (its decision to issue, or an order or
   * agreement to make one), given when personal budgets were asked for while it was prepared: they are dated from it.
   */
  preparingSince?: IsoDate;
}
/** reg 15(2)-(3): the plan transferred in from another council; treated as made on the day it was first made. */
export interface PlanTransferredIn extends Dated<'PlanTransferredIn'>, SchoolDates {
  fromLa: string;
  firstMadeOn: IsoDate;
  /** When the old council last notified a review decision (reg 15(5)(a)); absent if never reviewed. */
  lastReviewedOn?: IsoDate;
}
/** reg 15(4): the new council told the family the plan has transferred, whether it will assess and when it will review. */
export interface TransferInNoticeSent extends Dated<'TransferInNoticeSent'> {}
/** reg 20/21: the review meeting (`date`), with when it was called and when the advice went round. */
export interface ReviewMeetingHeld extends Dated<'ReviewMeetingHeld'> {
  reviewId: string;
  invitedOn: IsoDate;
  adviceCirculatedOn?: IsoDate;
  /** reg 20(6)/21(6): from Year 9, whether the meeting considered preparation for adulthood. */
  preparingForAdulthood?: YesNo;
}
/** reg 20(7)-(8)/21(7): the meeting's report sent. */
export interface ReviewReportSent extends Dated<'ReviewReportSent'> {
  reviewId: string;
}
/** s44, reg 20(9)-(10) (numbering ◐): the council's decision notified; concludes the review (next one within 12 months). */
export interface ReviewDecisionNotified extends Dated<'ReviewDecisionNotified'> {
  reviewId: string;
  decision: ReviewDecision;
}
/** reg 22(2): a copy of the plan with the proposed amendments and the notice of the family's 15 days sent. */
export interface AmendmentsProposed extends Dated<'AmendmentsProposed'> {
  amendmentId: string;
  following: AmendmentGround;
  reviewId?: string;
  reassessmentId?: string;
  /** reg 18: this amendment names the setting after that phase transfer. */
  transferId?: string;
}
/** reg 22(3) / reg 27(2): the amended plan issued. */
export interface PlanAmended extends Dated<'PlanAmended'> {
  amendmentId: string;
}
/** reg 22(4)-(5): after representations, the council decided not to amend after all (notified with reasons). */
export interface AmendmentsDropped extends Dated<'AmendmentsDropped'> {
  amendmentId: string;
  reasons: string;
}
/** reg 18: a transfer between phases (or a post-16 move) is coming; `movesOn` is the day of the move. */
export interface PhaseTransferDue extends Dated<'PhaseTransferDue'> {
  transferId: string;
  transfer: PhaseTransfer;
  movesOn: IsoDate;
}
/** Section I (reg 12(1)(i)): the setting the plan names, from `date`. */
export interface PlacementNamed extends Dated<'PlacementNamed'> {
  settingType: SettingType;
  inArea: YesNo;
  setting?: string;
}
/** The setting the child or young person actually attends, from `date` (SEN2 module 5 entry date). */
export interface PlacementStarted extends Dated<'PlacementStarted'> {
  placementId: string;
  settingType: SettingType;
  inArea: YesNo;
  setting?: string;
}
/** Last day at that setting (SEN2 leaving date). */
export interface PlacementEnded extends Dated<'PlacementEnded'> {
  placementId: string;
}
/** s44(2): a request to re-assess. */
export interface ReassessmentRequested extends Dated<'ReassessmentRequested'> {
  reassessmentId: string;
  source: (typeof REASSESSMENT_SOURCES)[number];
}
/** reg 24-25 (text not seen): the decision whether to re-assess, notified; a refusal is appealable (s51(2)(d)). */
export interface ReassessmentDecided extends Dated<'ReassessmentDecided'> {
  reassessmentId: string;
  decision: (typeof REASSESSMENT_DECISIONS)[number];
}
/** After re-assessing, the council decided not to amend the plan (appealable, s51(2)(e)). */
export interface ReassessmentNoAmendment extends Dated<'ReassessmentNoAmendment'> {
  reassessmentId: string;
  reasons: string;
}
/** reg 31(1): the family told the council is considering ceasing, and consulted with the head teacher or principal. */
export interface CeasingConsidered extends Dated<'CeasingConsidered'> {}
/** reg 31(2)-(3), s45: decision to cease notified with appeal rights. */
export interface CeaseDecided extends Dated<'CeaseDecided'> {
  reason: CeaseReason;
}
/** s45(4), s51(2)(f): an appeal against the decision to cease. */
export interface CeaseAppealRegistered extends Dated<'CeaseAppealRegistered'> {}
/** reg 44(2)(a): the appeal decided; if the cease is upheld the plan may end at once. */
export interface CeaseAppealDecided extends Dated<'CeaseAppealDecided'> {
  outcome: (typeof CEASE_APPEAL_OUTCOMES)[number];
}
/** The council withdrew its decision to cease (e.g. after mediation): the plan is maintained. */
export interface CeaseWithdrawn extends Dated<'CeaseWithdrawn'> {
  reason: string;
}
/** SEN2 cease date: the day the plan ended (never the date of the decision). */
export interface PlanCeased extends Dated<'PlanCeased'> {
  reason: CeaseReason;
}
/** reg 15(2): the council learned (`date`) that the family moves to another council's area on `movesOn`. */
export interface MoveNotified extends Dated<'MoveNotified'> {
  movesOn: IsoDate;
  toLa: string;
}
/** reg 15(2): the plan transferred to the new council; here it ends with SEN2 cease reason 5. */
export interface TransferredOut extends Dated<'TransferredOut'> {
  toLa: string;
}
/**
 * reg 12(1)(a) section B: the child's or young person's special educational needs from `date`, the whole current list
 * (docs/plan-life.md#sen-needs): the primary need (SEN2 rank 1) and the others, most important first (ranks 2, 3 …).
 */
export interface SenNeedsRecorded extends Dated<'SenNeedsRecorded'> {
  primaryNeed: SenType;
  otherNeeds?: SenType[];
}

export type PlanEvent =
  | PlanIssued
  | PlanTransferredIn
  | TransferInNoticeSent
  | ReviewMeetingHeld
  | ReviewReportSent
  | ReviewDecisionNotified
  | AmendmentsProposed
  | PlanAmended
  | AmendmentsDropped
  | PhaseTransferDue
  | PlacementNamed
  | PlacementStarted
  | PlacementEnded
  | ReassessmentRequested
  | ReassessmentDecided
  | ReassessmentNoAmendment
  | CeasingConsidered
  | CeaseDecided
  | CeaseAppealRegistered
  | CeaseAppealDecided
  | CeaseWithdrawn
  | PlanCeased
  | MoveNotified
  | TransferredOut
  // personal budgets (personal-budget-events.ts)
  | PersonalBudgetEvent
  | SenNeedsRecorded;

export type PlanEventType = PlanEvent['type'];
export type PlanEventOf<T extends PlanEventType> = Extract<PlanEvent, { type: T }>;

const MAX_SETTING = 200;
const MAX_REASON = 2000;
/** A council: its 3-digit DfE LA code or its name. */
const MAX_LA = 100;

const date = (name: string, label: string, required = true): FieldSpec => ({ name, kind: 'date', required, label });
const text = (name: string, label: string, required = true, max?: number): FieldSpec => ({
  name,
  kind: 'text',
  required,
  label,
  ...(max ? { max } : {}),
});
const ref = (name: string, label: string, required = true): FieldSpec => ({ name, kind: 'ref', required, label });
const oneOf = (name: string, options: readonly string[], label: string, required = true): FieldSpec => ({
  name,
  kind: 'enum',
  required,
  options,
  label,
});
const schoolDates = [
  date('year9From', 'First day of the school year in which the child is in Year 9 (from the date of birth)', false),
  date('post16From', 'First day over compulsory school age (from the date of birth)', false),
];

/** What each plan event needs, for forms, the importer and validation. `date` is always first. */
export const PLAN_EVENT_FIELDS: Record<PlanEventType, FieldSpec[]> = freezeFields({
  PlanIssued: [
    date('date', 'Date the plan was first issued'),
    ...schoolDates,
    date(
      'preparingSince',
      'Date the council became bound to prepare the plan (personal budgets asked for before it)',
      false,
    ),
  ],
  PlanTransferredIn: [
    date('date', 'Date the plan transferred to this council'),
    text('fromLa', 'Council it came from (LA code or name)', true, MAX_LA),
    date('firstMadeOn', 'Date the plan was first made'),
    date('lastReviewedOn', 'Date the old council last notified a review decision', false),
    ...schoolDates,
  ],
  TransferInNoticeSent: [date('date', 'Date the family was told of the transfer (reg 15(4))')],
  ReviewMeetingHeld: [
    date('date', 'Date of the review meeting'),
    ref('reviewId', 'Review reference'),
    date('invitedOn', 'Date the invitations were sent'),
    date('adviceCirculatedOn', 'Date the advice was circulated (leave empty if it was not)', false),
    oneOf('preparingForAdulthood', YES_NO, 'From Year 9: did the review consider preparation for adulthood?', false),
  ],
  ReviewReportSent: [date('date', 'Date the review report was sent'), ref('reviewId', 'Review reference')],
  ReviewDecisionNotified: [
    date('date', 'Date the decision was notified'),
    ref('reviewId', 'Review reference'),
    oneOf('decision', REVIEW_DECISIONS, 'Decision'),
  ],
  AmendmentsProposed: [
    date('date', 'Date the proposed amendments were sent'),
    ref('amendmentId', 'Amendment reference'),
    oneOf('following', AMENDMENT_GROUNDS, 'Amendment following'),
    ref('reviewId', 'The review it follows', false),
    ref('reassessmentId', 'The re-assessment it follows', false),
    ref('transferId', 'The phase transfer whose next setting it names', false),
  ],
  PlanAmended: [date('date', 'Date the amended plan was issued'), ref('amendmentId', 'Amendment reference')],
  AmendmentsDropped: [
    date('date', 'Date the decision not to amend was notified'),
    ref('amendmentId', 'Amendment reference'),
    text('reasons', 'Reasons given'),
  ],
  PhaseTransferDue: [
    date('date', 'Date recorded'),
    ref('transferId', 'Transfer reference'),
    oneOf('transfer', PHASE_TRANSFERS, 'Transfer'),
    date('movesOn', 'Date of the move'),
  ],
  PlacementNamed: [
    date('date', 'Date the plan names it from'),
    oneOf('settingType', SETTING_TYPES, 'Setting type'),
    oneOf('inArea', YES_NO, "In the council's area?"),
    text('setting', 'Setting named (name and/or URN)', false, MAX_SETTING),
  ],
  PlacementStarted: [
    date('date', 'First day at the setting'),
    ref('placementId', 'Placement reference'),
    oneOf('settingType', SETTING_TYPES, 'Setting type'),
    oneOf('inArea', YES_NO, "In the council's area?"),
    text('setting', 'Setting attended (name and/or URN)', false, MAX_SETTING),
  ],
  PlacementEnded: [date('date', 'Last day at the setting'), ref('placementId', 'Placement reference')],
  ReassessmentRequested: [
    date('date', 'Date the request was received'),
    ref('reassessmentId', 'Re-assessment reference'),
    oneOf('source', REASSESSMENT_SOURCES, 'Requested by'),
  ],
  ReassessmentDecided: [
    date('date', 'Date the decision was notified'),
    ref('reassessmentId', 'Re-assessment reference'),
    oneOf('decision', REASSESSMENT_DECISIONS, 'Decision'),
  ],
  ReassessmentNoAmendment: [
    date('date', 'Date the decision not to amend was notified'),
    ref('reassessmentId', 'Re-assessment reference'),
    text('reasons', 'Reasons given'),
  ],
  CeasingConsidered: [date('date', 'Date the family was told the council is considering ceasing the plan')],
  CeaseDecided: [date('date', 'Date the decision to cease was notified'), oneOf('reason', CEASE_REASONS, 'Reason')],
  CeaseAppealRegistered: [date('date', 'Date the appeal was registered')],
  CeaseAppealDecided: [date('date', 'Date of the decision'), oneOf('outcome', CEASE_APPEAL_OUTCOMES, 'Outcome')],
  CeaseWithdrawn: [date('date', 'Date the decision to cease was withdrawn'), text('reason', 'Why', true, MAX_REASON)],
  PlanCeased: [date('date', 'Date the plan ended'), oneOf('reason', CEASE_REASONS, 'Reason')],
  MoveNotified: [
    date('date', 'Date the council learned of the move'),
    date('movesOn', 'Date of the move'),
    text('toLa', 'Council moving to (LA code or name)', true, MAX_LA),
  ],
  TransferredOut: [
    date('date', 'Date the plan was transferred'),
    text('toLa', 'Council it went to (LA code or name)', true, MAX_LA),
  ],
  // s49: personal budgets (personal-budget-events.ts)
  ...PERSONAL_BUDGET_EVENT_FIELDS,
  // reg 12(1)(a): section B's needs, the whole list each time (SEN2 module 5c).
  SenNeedsRecorded: [
    date('date', 'Date the plan records these needs from'),
    oneOf('primaryNeed', SEN_TYPES, 'Primary need'),
    {
      ...oneOf('otherNeeds', SEN_TYPES, 'Other needs, most important first (tick them in that order)', false),
      many: true,
    },
  ],
});

export const PLAN_EVENT_TYPES = Object.keys(PLAN_EVENT_FIELDS) as readonly PlanEventType[];

/**
 * The plan events a case records after its final plan (docs/plan-life.md#one-log): the same case event log, after
 * FinalPlanIssued. Not these three: the final plan itself is the plan's issue (FinalPlanIssued is the fact; the plan's
 * PlanIssued is derived from it), and a plan transferred in from another council has no assessment case here to
 * record it on (it would open a plan record of its own, not built yet).
 */
export const CASE_PLAN_EVENT_TYPES = PLAN_EVENT_TYPES.filter(
  (t): t is Exclude<PlanEventType, 'PlanIssued' | 'PlanTransferredIn' | 'TransferInNoticeSent'> =>
    t !== 'PlanIssued' && t !== 'PlanTransferredIn' && t !== 'TransferInNoticeSent',
);
export type CasePlanEventType = (typeof CASE_PLAN_EVENT_TYPES)[number];
export type CasePlanEvent = PlanEventOf<CasePlanEventType>;
export const CASE_PLAN_EVENT_FIELDS = Object.fromEntries(
  CASE_PLAN_EVENT_TYPES.map((t) => [t, PLAN_EVENT_FIELDS[t]]),
) as Record<CasePlanEventType, FieldSpec[]>;

// A set: the question is asked for most events of a case, on every command (recordEvent, the plan's history).
const IS_CASE_PLAN_EVENT_TYPE: ReadonlySet<string> = new Set(CASE_PLAN_EVENT_TYPES);
/** Is this a plan event a case may record (after its final plan)? */
export function isCasePlanEventType(t: unknown): t is CasePlanEventType {
  return typeof t === 'string' && IS_CASE_PLAN_EVENT_TYPE.has(t);
}

export type PlanShapeResult =
  { ok: true; event: PlanEvent } | { ok: false; errors: { field: string; message: string }[] };

/** Structural validation of a plan event (known type, required fields, enums, real dates, no unknown fields). */
export function validatePlanEventShape(e: unknown): PlanShapeResult {
  const r = validateShapeAgainst(PLAN_EVENT_FIELDS, e);
  return r.ok ? { ok: true, event: r.event as unknown as PlanEvent } : r;
}
