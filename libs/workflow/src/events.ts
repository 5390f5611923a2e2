// The case-event vocabulary of docs/events.md. Names and fields are a contract with
// councils' migration scripts: add, never rename. Every event carries `date`, the business/legal date
// (a Europe/London calendar date). Personal data about the child is NOT part of an event: it lives
// outside the immutable log, so free-text fields are the only place a value could identify someone,
// and validation messages never repeat field values.
import type { IsoDate } from './dates.js';
import { freezeFields, validateShapeAgainst, type FieldSpec } from './event-shape.js';
import { CASE_PLAN_EVENT_FIELDS, PLAN_EVENT_FIELDS, type CasePlanEvent } from './plan-events.js';

export {
  validateShapeAgainst,
  EARLIEST_EVENT_DATE,
  LATEST_EVENT_DATE,
  EVENT_FIELD_RULES,
  type FieldSpec,
} from './event-shape.js';
import { DEADLINE_KINDS, type DeadlineKind } from './deadline-kinds.js';

/** Who made the request, or brought the child to the LA's attention (CFA s36(1), s24). */
export const REQUEST_SOURCES = [
  'parent',
  'young-person',
  'school',
  'post-16-institution',
  'brought-to-attention',
] as const;
/** Reg 6(1) advice contributors. */
export const ADVICE_PROVIDERS = [
  'parent',
  'education',
  'health',
  'psychology',
  'social-care',
  'preparation-for-adulthood',
  'other',
] as const;
/** A consulted setting's reply (s39(2), s40(3); CoP 9.83). */
export const CONSULTATION_OUTCOMES = ['can-meet-needs', 'cannot-meet-needs'] as const;
/** Placement named in the final plan (section I). */
export const PLACEMENTS = [
  'mainstream',
  'resourced-provision',
  'special-state',
  'special-independent',
  'further-education',
  'early-years',
  'other',
] as const;
/** Statutory exceptions to the time limits (regs 5(4), 8(2), 10(4), 13(3), 44(3); SI 2020/471; docs/law.md#exceptions). */
export const EXCEPTION_KINDS = [
  'school-closure',
  'early-years-closure',
  'exceptional-personal-circumstances',
  'absent-from-area',
  'missed-appointment',
  'coronavirus-2020',
  'family-comments-after-draft-period',
] as const;
/** What a mediation or appeal is against (CFA s51(2)); 'plan-school': only the school or type named (s51(2)(c)(iii)/(iv)); 'ceasing': s51(2)(f). */
export const DISPUTE_SUBJECTS = [
  'refusal-to-assess',
  'refusal-to-issue',
  'plan-content',
  'plan-school',
  'ceasing',
] as const;
/** How an appeal ended other than by an order to assess or to make a plan (reg 43(2)(a), (d); withdrawn by the appellant). */
export const APPEAL_OUTCOMES = ['dismissed', 'withdrawn', 'remitted-for-reconsideration'] as const;
/** Notices the LA sends with a decision or a plan (regs 5, 10, 13, 14, 22, 31); a time limit for a notice is met the day it is sent. */
export const NOTICE_KINDS = [
  'decision-to-assess',
  'decision-not-to-assess',
  'decision-not-to-issue',
  'draft-plan',
  'amended-draft-plan',
  'final-plan',
  'amended-plan',
  'decision-to-cease',
  'plan-transferred', // reg 15(4): the plan has transferred, whether the council will assess, when it will review
] as const;
/** Who receives the notices and makes the decisions: the parent, the young person, or the alternative person (regs 63-64). */
export const DECISION_MAKERS = ['parent', 'young-person', 'alternative-person'] as const;
/** Whether a notice carried the right of appeal, time limits, mediation and disagreement-resolution information (regs 5(3), 10(3), 14, 31; reg 32). */
export const APPEAL_INFORMATION = ['included', 'not-included'] as const;
/** Why a plan stopped being maintained after it was issued. */
export const PLAN_END_REASONS = ['moved-out-of-area', 'died', 'ceased-no-longer-necessary', 'ceased-other'] as const;
/** reg 42: what a mediation agreement is about — an appealable matter (assess, make a plan) or anything else. */
export const MEDIATION_AGREEMENTS = ['assess', 'make-plan', 'other'] as const;
/**
 * CFA s24(1): a child or young person brought to the council's attention "by any person" (s23: a health body must, for
 * a child under compulsory school age). Who did, in DfE's SEN2 request-source groups: an early-years setting, school
 * or college; a health professional; a social care professional; anyone else.
 */
export const BROUGHT_BY = ['education-setting', 'health', 'social-care', 'other'] as const;
/** regs 63-64: how a parent acts for a young person (their agent, or the alternative person where they lack capacity). */
export const PARENT_ACTS_AS = ['agent', 'alternative-person'] as const;
/** Whom the LA asked for information before deciding whether to assess (reg 5(4)(a) head teacher or principal, (b) early-years provider). */
export const INFORMATION_SOURCES = ['head-teacher', 'post-16-principal', 'early-years-provider'] as const;
/**
 * Tribunal orders: reg 44(2)(b) assess and reg 44(2)(c) make and maintain a plan have their own clocks; on a plan
 * already made, 'amend-provision' (reg 44(2)(e): amend the special educational provision, 5 weeks) and 'amend-school'
 * (reg 44(2)(f): amend only the school or type of school named, 2 weeks). 'amend-plan' (an order on the plan recorded
 * before those two existed, or one the codes do not name) has a clock only where the Tribunal directed a date (reg 44(1)).
 */
export const TRIBUNAL_ORDERS = ['assess', 'make-plan', 'amend-plan', 'amend-provision', 'amend-school'] as const;
/** Orders on a plan already made (s51(2)(c)): no fresh assessment, the amended plan is what the order asks for. */
export const ORDERS_ON_THE_PLAN: readonly TribunalOrder[] = ['amend-plan', 'amend-provision', 'amend-school'];

export type RequestSource = (typeof REQUEST_SOURCES)[number];
export type AdviceProvider = (typeof ADVICE_PROVIDERS)[number];
export type ConsultationOutcome = (typeof CONSULTATION_OUTCOMES)[number];
export type Placement = (typeof PLACEMENTS)[number];
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];
export type DisputeSubject = (typeof DISPUTE_SUBJECTS)[number];
export type TribunalOrder = (typeof TRIBUNAL_ORDERS)[number];
export type InformationSource = (typeof INFORMATION_SOURCES)[number];
export type ParentActsAs = (typeof PARENT_ACTS_AS)[number];
export type BroughtBy = (typeof BROUGHT_BY)[number];
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export type DecisionMakerKind = (typeof DECISION_MAKERS)[number];
export type PlanEndReason = (typeof PLAN_END_REASONS)[number];
export type MediationAgreement = (typeof MEDIATION_AGREEMENTS)[number];
export type { DeadlineKind };

interface Dated<T extends string> {
  type: T;
  /** Business/legal date, 'YYYY-MM-DD'. */
  date: IsoDate;
}

export interface RequestReceived extends Dated<'RequestReceived'> {
  source: RequestSource;
  /**
   * reg 6(1)(g): the first day of the school year in which the child is in Year 9, worked out from the date of birth
   * when the case is opened (year9StartsOn). A school-calendar date, not the date of birth, which stays on the case.
   */
  year9From?: IsoDate;
  /** regs 63-64: a parent making the request for a young person acts as their agent or as the alternative person. */
  parentActsAs?: ParentActsAs;
  /** s24(1): for a child brought to the council's attention, by whom (absent on older records: not known). */
  broughtBy?: BroughtBy;
}
/**
 * reg 15(2)-(3): a plan transferred in from another council (the old authority) when the child or young person moved
 * here. It opens a case of its own instead of RequestReceived: there was no request and no assessment here, the plan is
 * treated as made by this council on the day the old one made it (reg 15(3)(a)), so it is never a new plan. `date` is
 * the day of the transfer. The maintained plan's PlanTransferredIn is read from it (docs/plan-life.md#a-plan-transferred-in).
 */
export interface TransferredPlanReceived extends Dated<'TransferredPlanReceived'> {
  fromLa: string;
  firstMadeOn: IsoDate;
  /** When the old council last notified a review decision (reg 15(5)(a)); absent if never reviewed. */
  lastReviewedOn?: IsoDate;
  year9From?: IsoDate;
  post16From?: IsoDate;
}
export interface DecidedToAssess extends Dated<'DecidedToAssess'> {}
export interface DecidedNotToAssess extends Dated<'DecidedNotToAssess'> {
  reasons: string;
}
export interface AdviceRequested extends Dated<'AdviceRequested'> {
  adviceId: string;
  provider: AdviceProvider;
  /** When the body received the request; its reg 8(1) clock runs from here. Defaults to `date`. */
  receivedByProvider?: IsoDate;
  /** reg 6(1)(h): the family's request for advice (AdviceAskedByFamily.askId) this request answers. */
  answersFamilyAsk?: string;
}
/** reg 6(4): the adviser, the LA and the family are satisfied that advice already given is sufficient ((b)-(h) only). */
export interface ExistingAdviceAgreed extends Dated<'ExistingAdviceAgreed'> {
  provider: AdviceProvider;
  evidence: string;
  answersFamilyAsk?: string;
}
/** reg 6(1)(h): the parent or young person asked the LA to seek advice from someone. */
export interface AdviceAskedByFamily extends Dated<'AdviceAskedByFamily'> {
  askId: string;
  from: string;
}
/** reg 6(1)(h): the LA judged the family's request not reasonable, with its reasons. */
export interface AdviceAskRefused extends Dated<'AdviceAskRefused'> {
  askId: string;
  reasons: string;
}
/** reg 5(4)(a)/(b): before the decision to assess, a request for information to the head teacher, principal or early-years provider. */
export interface InformationRequested extends Dated<'InformationRequested'> {
  requestId: string;
  from: InformationSource;
}
export interface AdviceReceived extends Dated<'AdviceReceived'> {
  adviceId: string;
}
export interface DecidedToIssue extends Dated<'DecidedToIssue'> {}
export interface DecidedNotToIssue extends Dated<'DecidedNotToIssue'> {
  reasons: string;
}
export interface DraftPlanIssued extends Dated<'DraftPlanIssued'> {}
export interface SettingRequested extends Dated<'SettingRequested'> {
  setting: string;
}
export interface SettingConsulted extends Dated<'SettingConsulted'> {
  consultationId: string;
  setting: string;
}
export interface SettingResponded extends Dated<'SettingResponded'> {
  consultationId: string;
  outcome: ConsultationOutcome;
}
export interface FinalPlanIssued extends Dated<'FinalPlanIssued'> {
  placement: Placement;
  setting?: string;
}
export interface ExceptionRecorded extends Dated<'ExceptionRecorded'> {
  exceptionId: string;
  kind: ExceptionKind;
  /** First day of the circumstance. For a closure: the first day the setting is closed. */
  from: IsoDate;
  /** Last day of the circumstance. For a closure: the day the setting re-opens. */
  to: IsoDate;
  appliesTo: DeadlineKind[];
  evidence: string;
  /** CoP 9.43: the family should be told when an exception applies. */
  familyInformedOn?: IsoDate;
  /** School/early-years closure: the advice request to the head teacher; missed appointment: the advice affected. */
  adviceId?: string;
  /** reg 10(4): why the circumstances still made the limit impractical when they lasted less than the lateness. */
  reasonLimitImpractical?: string;
}
export interface ExceptionWithdrawn extends Dated<'ExceptionWithdrawn'> {
  exceptionId: string;
  reason: string;
}
export interface MediationStarted extends Dated<'MediationStarted'> {
  against: DisputeSubject;
  meetingHeldOn?: IsoDate;
}
export interface TribunalAppealRegistered extends Dated<'TribunalAppealRegistered'> {
  against: DisputeSubject;
}
export interface TribunalOrderMade extends Dated<'TribunalOrderMade'> {
  order: TribunalOrder;
  /** reg 44(1): dates the Tribunal directed instead of reg 44(2)'s periods (each optional). */
  notifyBy?: IsoDate;
  noPlanBy?: IsoDate;
  draftBy?: IsoDate;
  finalBy?: IsoDate;
}
/** reg 45(1): the LA told the Tribunal it will not oppose the appeal (before it submits its response); `date` is that day. */
export interface AppealNotOpposed extends Dated<'AppealNotOpposed'> {
  against: DisputeSubject;
}
/** The LA submitted its response to the appeal: from then on a concession is not reg 45(1) but a consent order (reg 44). */
export interface TribunalResponseSubmitted extends Dated<'TribunalResponseSubmitted'> {
  against: DisputeSubject;
}
/** reg 42: the parent or young person and the LA reached an agreement in mediation. */
export interface MediationAgreementReached extends Dated<'MediationAgreementReached'> {
  agreementId: string;
  agreement: MediationAgreement;
  /** For an 'other' agreement: the date the parties agreed it would be done by (default: 2 weeks). */
  doneBy?: IsoDate;
}
/** reg 42: an action agreed in mediation (not an assessment or a plan) was done. */
export interface AgreedActionDone extends Dated<'AgreedActionDone'> {
  agreementId: string;
}
/** A notice sent to the parent or young person; its `date` is the day sent (a time limit for a notice is met on it). */
export interface NoticeSent extends Dated<'NoticeSent'> {
  notice: NoticeKind;
  sentTo: DecisionMakerKind;
  /** For an appealable decision: did the notice carry the right of appeal and mediation information? */
  appealInformation?: (typeof APPEAL_INFORMATION)[number];
}
/** reg 13(1): an amended draft served again; the family has a fresh 15 days, the 20-week date does not move. */
export interface AmendedDraftServed extends Dated<'AmendedDraftServed'> {}
/** An appeal that ended without an order to assess or to make a plan. */
export interface TribunalAppealConcluded extends Dated<'TribunalAppealConcluded'> {
  against: DisputeSubject;
  outcome: AppealOutcome;
}
/** After the final plan: the plan stopped being maintained (moved away, died, ceased under s45). */
export interface PlanEnded extends Dated<'PlanEnded'> {
  reason: PlanEndReason;
}
/** reg 45(4)/(4A), reg 22(3): an amended final plan sent (e.g. after an unopposed appeal about the plan). */
export interface AmendedPlanIssued extends Dated<'AmendedPlanIssued'> {}
export interface RequestWithdrawn extends Dated<'RequestWithdrawn'> {
  reason: string;
}
export interface MovedOutOfArea extends Dated<'MovedOutOfArea'> {}
export interface CaseworkerAssigned extends Dated<'CaseworkerAssigned'> {
  caseworker: string;
}
/**
 * Written by the importer, never by a caseworker: the events before it are a summary history migrated from an
 * older system (request, decision and plan dates, usually without advice or draft events), checked for what
 * such data allows (docs/migrated-histories.md) rather than replayed step by step; events after it are live
 * casework under the full rules. Dated on the last date of the summary. Provenance: mode and source system.
 */
export interface HistoryMigrated extends Dated<'HistoryMigrated'> {
  mode: 'summary';
  source: string;
}
export interface DeadlineMissed extends Dated<'DeadlineMissed'> {
  /** Deadline.id */
  deadline: string;
  due: IsoDate;
}

/**
 * Corrections (docs/corrections.md). The log is append-only, so a wrong entry is put right by a new event naming it:
 * `date` is the day the correction was made; `correction` holds the corrected event's own fields to replace (its
 * legal date is `correction.date` when given). Never aimed at another correction or at the system's DeadlineMissed.
 */
export interface EventCorrected extends Dated<'EventCorrected'> {
  /** event id (uuid) of the earlier event. */
  corrects: string;
  reason: string;
  correction: Record<string, unknown>;
}
/** The earlier event was recorded in error: the case is as if it had never been recorded. */
export interface EventRetracted extends Dated<'EventRetracted'> {
  /** event id (uuid) of the earlier event. */
  retracts: string;
  reason: string;
}

export type CaseEvent =
  | RequestReceived
  | TransferredPlanReceived
  | DecidedToAssess
  | DecidedNotToAssess
  | AdviceRequested
  | AdviceReceived
  | ExistingAdviceAgreed
  | AdviceAskedByFamily
  | AdviceAskRefused
  | InformationRequested
  | DecidedToIssue
  | DecidedNotToIssue
  | DraftPlanIssued
  | SettingRequested
  | SettingConsulted
  | SettingResponded
  | FinalPlanIssued
  | ExceptionRecorded
  | ExceptionWithdrawn
  | MediationStarted
  | TribunalAppealRegistered
  | TribunalOrderMade
  | AppealNotOpposed
  | TribunalResponseSubmitted
  | AmendedPlanIssued
  | NoticeSent
  | MediationAgreementReached
  | AgreedActionDone
  | AmendedDraftServed
  | TribunalAppealConcluded
  | PlanEnded
  | RequestWithdrawn
  | MovedOutOfArea
  | CaseworkerAssigned
  | DeadlineMissed
  | EventCorrected
  | EventRetracted
  | HistoryMigrated
  // After the final plan, the maintained plan's own events (plan-events.ts, docs/plan-life.md#one-log).
  | CasePlanEvent;

export type CaseEventType = CaseEvent['type'];
export type CaseEventOf<T extends CaseEventType> = Extract<CaseEvent, { type: T }>;

/** A setting's name and/or URN. */
const MAX_SETTING = 200;
/** The reason for a withdrawal. */
const MAX_REASON = 2000;

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
const DATE = date('date', 'Date');

/** What each event needs, for forms, the importer and validation. `date` is always first. */
export const EVENT_FIELDS: Record<CaseEventType, FieldSpec[]> = freezeFields({
  RequestReceived: [
    date('date', 'Date the request was received (or the LA became responsible)'),
    oneOf('source', REQUEST_SOURCES, 'Who made the request'),
    date('year9From', 'First day of the school year in which the child is in Year 9 (from the date of birth)', false),
    oneOf('parentActsAs', PARENT_ACTS_AS, 'For a young person: the parent acts as', false),
    oneOf('broughtBy', BROUGHT_BY, 'Brought to the council’s attention by', false),
  ],
  // reg 15(2)-(3): the same fields as the plan's PlanTransferredIn (one definition, plan-events.ts).
  TransferredPlanReceived: PLAN_EVENT_FIELDS.PlanTransferredIn,
  DecidedToAssess: [date('date', 'Date the decision to assess was notified')],
  DecidedNotToAssess: [date('date', 'Date the decision not to assess was notified'), text('reasons', 'Reasons given')],
  AdviceRequested: [
    date('date', 'Date advice was requested'),
    ref('adviceId', 'Advice reference'),
    oneOf('provider', ADVICE_PROVIDERS, 'Advice from'),
    date('receivedByProvider', 'Date the provider received the request (if later)', false),
    ref('answersFamilyAsk', "The family's request for advice this answers (reg 6(1)(h))", false),
  ],
  ExistingAdviceAgreed: [
    date('date', 'Date the adviser, the LA and the family agreed'),
    oneOf('provider', ADVICE_PROVIDERS, 'Advice agreed to be sufficient'),
    text('evidence', 'Which existing advice, and how each of the three agreed'),
    ref('answersFamilyAsk', "The family's request for advice this answers (reg 6(1)(h))", false),
  ],
  AdviceAskedByFamily: [
    date('date', 'Date the family asked'),
    ref('askId', "Reference for the family's request"),
    text('from', 'Whom they asked the LA to seek advice from (role, not a name)'),
  ],
  AdviceAskRefused: [
    date('date', 'Date the LA decided'),
    ref('askId', "The family's request"),
    text('reasons', 'Why the request is not reasonable'),
  ],
  AdviceReceived: [date('date', 'Date advice was received'), ref('adviceId', 'Advice reference')],
  InformationRequested: [
    date('date', 'Date information was requested'),
    ref('requestId', 'Information request reference'),
    oneOf('from', INFORMATION_SOURCES, 'Requested from'),
  ],
  DecidedToIssue: [date('date', 'Date of the decision to issue a plan')],
  DecidedNotToIssue: [date('date', 'Date the decision not to issue was notified'), text('reasons', 'Reasons given')],
  DraftPlanIssued: [date('date', 'Date the draft plan was served')],
  SettingRequested: [DATE, text('setting', 'School or college requested (name and/or URN)', true, MAX_SETTING)],
  SettingConsulted: [
    date('date', 'Date the setting was consulted'),
    ref('consultationId', 'Consultation reference'),
    text('setting', 'Setting consulted (name and/or URN)', true, MAX_SETTING),
  ],
  SettingResponded: [
    date('date', 'Date the setting replied'),
    ref('consultationId', 'Consultation reference'),
    oneOf('outcome', CONSULTATION_OUTCOMES, 'Reply'),
  ],
  FinalPlanIssued: [
    date('date', 'Date the final plan was issued'),
    oneOf('placement', PLACEMENTS, 'Placement type'),
    text('setting', 'Setting named', false, MAX_SETTING),
  ],
  ExceptionRecorded: [
    date('date', 'Date recorded'),
    ref('exceptionId', 'Exception reference'),
    oneOf('kind', EXCEPTION_KINDS, 'Exception'),
    date('from', 'From (for a closure: first day closed)'),
    date('to', 'To (for a closure: the day it re-opens)'),
    { ...oneOf('appliesTo', DEADLINE_KINDS, 'Time limits it applies to'), many: true },
    text('evidence', 'Evidence and why the time limit is impractical'),
    date('familyInformedOn', 'Date the family was told', false),
    ref('adviceId', 'Advice request affected (closure: the request to the head teacher)', false),
    text(
      'reasonLimitImpractical',
      'If the limit was missed by more days than the circumstances lasted: why they still made it impractical',
      false,
    ),
  ],
  ExceptionWithdrawn: [
    DATE,
    ref('exceptionId', 'Exception reference'),
    text('reason', 'Why it is withdrawn', true, MAX_REASON),
  ],
  // SEN2 counts a mediation once its meeting has been held (docs/measure-definitions.md)
  MediationStarted: [
    DATE,
    oneOf('against', DISPUTE_SUBJECTS, 'Mediation about'),
    date('meetingHeldOn', 'Date the mediation meeting was held (if held)', false),
  ],
  TribunalAppealRegistered: [DATE, oneOf('against', DISPUTE_SUBJECTS, 'Appeal against')],
  TribunalOrderMade: [
    date('date', 'Date of the order'),
    oneOf('order', TRIBUNAL_ORDERS, 'The tribunal ordered the LA to'),
    date('notifyBy', 'If the Tribunal directed another date: notify that it will assess by', false),
    date('noPlanBy', 'If the Tribunal directed another date: "no plan" notice by', false),
    date('draftBy', 'If the Tribunal directed another date: draft plan by', false),
    date('finalBy', 'If the Tribunal directed another date: final plan by', false),
  ],
  AppealNotOpposed: [
    date('date', 'Date the LA told the Tribunal it would not oppose the appeal'),
    oneOf('against', DISPUTE_SUBJECTS, 'Appeal against'),
  ],
  TribunalResponseSubmitted: [
    date('date', 'Date the LA submitted its response to the Tribunal'),
    oneOf('against', DISPUTE_SUBJECTS, 'Appeal against'),
  ],
  AmendedPlanIssued: [date('date', 'Date the amended final plan was issued')],
  NoticeSent: [
    date('date', 'Date the notice was sent'),
    oneOf('notice', NOTICE_KINDS, 'Notice of'),
    oneOf('sentTo', DECISION_MAKERS, 'Sent to (the decision-maker)'),
    oneOf(
      'appealInformation',
      APPEAL_INFORMATION,
      'It carried the right of appeal, time limits and mediation information',
      false,
    ),
  ],
  AmendedDraftServed: [date('date', 'Date the amended draft was served')],
  MediationAgreementReached: [
    date('date', 'Date of the agreement'),
    ref('agreementId', 'Agreement reference'),
    oneOf('agreement', MEDIATION_AGREEMENTS, 'The LA agreed to'),
    date('doneBy', 'For another agreed action: the date agreed for doing it (if not 2 weeks)', false),
  ],
  AgreedActionDone: [date('date', 'Date the agreed action was done'), ref('agreementId', 'Agreement reference')],
  TribunalAppealConcluded: [
    date('date', 'Date the appeal ended'),
    oneOf('against', DISPUTE_SUBJECTS, 'Appeal against'),
    oneOf('outcome', APPEAL_OUTCOMES, 'Outcome'),
  ],
  PlanEnded: [date('date', 'Date the plan ended'), oneOf('reason', PLAN_END_REASONS, 'Why')],
  RequestWithdrawn: [DATE, text('reason', 'Reason', true, MAX_REASON)],
  MovedOutOfArea: [date('date', 'Date the child or young person left the area')],
  CaseworkerAssigned: [DATE, ref('caseworker', 'Caseworker')],
  DeadlineMissed: [DATE, ref('deadline', 'Deadline'), date('due', 'Date it was due')],
  EventCorrected: [
    date('date', 'Date the correction was made'),
    ref('corrects', 'The entry corrected'),
    text('reason', 'Why it is corrected', true, MAX_REASON),
    { name: 'correction', kind: 'object', required: true, label: 'The corrected answers' },
  ],
  EventRetracted: [
    date('date', 'Date the entry was retracted'),
    ref('retracts', 'The entry retracted'),
    text('reason', 'Why it was recorded in error', true, MAX_REASON),
  ],
  HistoryMigrated: [
    date('date', 'Last date of the migrated summary'),
    oneOf('mode', ['summary'], 'How the history was migrated'),
    text('source', 'System the history was migrated from'),
  ],
  // After the final plan: the maintained plan's events (docs/plan-life.md#vocabulary), validated with the same code.
  ...CASE_PLAN_EVENT_FIELDS,
});

export const CASE_EVENT_TYPES = Object.keys(EVENT_FIELDS) as readonly CaseEventType[];

export function isCaseEventType(v: unknown): v is CaseEventType {
  return typeof v === 'string' && Object.hasOwn(EVENT_FIELDS, v);
}

export type ShapeResult = { ok: true; event: CaseEvent } | { ok: false; errors: { field: string; message: string }[] };

/**
 * Structural validation: known type, required fields, enum values, real dates, no unknown fields.
 * Messages say what is allowed and never repeat the value given (it could be personal data).
 * Returns a clean copy holding only the known fields.
 */
export function validateEventShape(e: unknown): ShapeResult {
  const r = validateShapeAgainst(EVENT_FIELDS, e);
  return r.ok ? { ok: true, event: r.event as unknown as CaseEvent } : r;
}
