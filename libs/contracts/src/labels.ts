import {
  BUDGET_DECISION_LABELS,
  BUDGET_END_REASON_LABELS,
  BUDGET_PART_LABELS,
  BUDGET_REQUESTER_LABELS,
  PERSONAL_BUDGET_ACTION_LABELS,
  PERSONAL_BUDGET_EVENT_LABELS,
} from './personal-budget.js';

/** Human labels for the vocabulary, shared by the API (responses) and the web app. */
export const EVENT_LABELS: Record<string, string> = {
  RequestReceived: 'Request for assessment received',
  TransferredPlanReceived: 'Plan transferred in from another council',
  DecidedToAssess: 'Decided to assess',
  DecidedNotToAssess: 'Decided not to assess',
  AdviceRequested: 'Advice requested',
  AdviceReceived: 'Advice received',
  DecidedToIssue: 'Decided to issue a plan',
  DecidedNotToIssue: 'Decided not to issue a plan',
  DraftPlanIssued: 'Draft plan issued',
  SettingRequested: 'Setting requested by family',
  SettingConsulted: 'Setting consulted',
  SettingResponded: 'Setting responded',
  FinalPlanIssued: 'Final plan issued',
  ExceptionRecorded: 'Exception recorded',
  ExceptionWithdrawn: 'Exception withdrawn',
  MediationStarted: 'Mediation started',
  TribunalAppealRegistered: 'Tribunal appeal registered',
  TribunalOrderMade: 'Tribunal order made',
  AppealNotOpposed: 'LA told the Tribunal it will not oppose the appeal',
  TribunalResponseSubmitted: 'LA submitted its response to the appeal',
  AmendedPlanIssued: 'Amended final plan issued',
  InformationRequested: 'Information requested from the setting',
  ExistingAdviceAgreed: 'Existing advice agreed sufficient',
  AdviceAskedByFamily: 'Family asked for advice from someone',
  AdviceAskRefused: 'Family’s request for advice refused',
  NoticeSent: 'Notice sent',
  AmendedDraftServed: 'Amended draft served again',
  TribunalAppealConcluded: 'Tribunal appeal ended',
  PlanEnded: 'Plan ended',
  RequestWithdrawn: 'Request withdrawn',
  MovedOutOfArea: 'Moved out of area',
  CaseworkerAssigned: 'Caseworker assigned',
  DeadlineMissed: 'Statutory deadline missed',
  EventCorrected: 'Entry corrected',
  EventRetracted: 'Entry retracted (recorded in error)',
  HistoryMigrated: 'History migrated from an older system (summary)',
  // The maintained plan (docs/plan-life.md#vocabulary)
  ReviewMeetingHeld: 'Annual review meeting held',
  ReviewReportSent: 'Review report sent',
  ReviewDecisionNotified: 'Review decision notified',
  AmendmentsProposed: 'Proposed amendments sent',
  PlanAmended: 'Amended plan issued',
  AmendmentsDropped: 'Decided not to amend after all',
  PhaseTransferDue: 'Phase transfer coming',
  PlacementNamed: 'Setting named in the plan',
  PlacementStarted: 'Started at a setting',
  PlacementEnded: 'Left a setting',
  SenNeedsRecorded: 'Special educational needs recorded',
  ReassessmentRequested: 'Re-assessment requested',
  ReassessmentDecided: 'Re-assessment decided',
  ReassessmentNoAmendment: 'Re-assessed: plan not amended',
  CeasingConsidered: 'Ceasing the plan considered',
  CeaseDecided: 'Decided to cease the plan',
  CeaseAppealRegistered: 'Appeal against ceasing registered',
  CeaseAppealDecided: 'Appeal against ceasing decided',
  CeaseWithdrawn: 'Decision to cease withdrawn',
  PlanCeased: 'Plan ceased',
  MoveNotified: 'Move to another council notified',
  TransferredOut: 'Plan transferred to another council',
  ...PERSONAL_BUDGET_EVENT_LABELS,
};

/** Each event as the action a person takes to record it: what buttons and task lists say ("Request advice"). */
export const ACTION_LABELS: Record<string, string> = {
  DecidedToAssess: 'Record the decision to assess',
  DecidedNotToAssess: 'Record a decision not to assess',
  AdviceRequested: 'Request advice',
  AdviceReceived: 'Record advice received',
  DecidedToIssue: 'Record the decision to issue a plan',
  DecidedNotToIssue: 'Record a decision not to issue a plan',
  DraftPlanIssued: 'Issue the draft plan',
  SettingRequested: 'Record the setting the family asked for',
  SettingConsulted: 'Consult a setting',
  SettingResponded: 'Record a setting’s reply',
  FinalPlanIssued: 'Issue the final plan',
  ExceptionRecorded: 'Record an exception to a time limit',
  ExceptionWithdrawn: 'Withdraw an exception',
  MediationStarted: 'Record that mediation started',
  TribunalAppealRegistered: 'Record a tribunal appeal',
  TribunalOrderMade: 'Record a tribunal order',
  RequestWithdrawn: 'Record that the request was withdrawn',
  MovedOutOfArea: 'Record a move out of the area',
  CaseworkerAssigned: 'Assign a caseworker',
  ExistingAdviceAgreed: 'Record that existing advice is enough',
  AdviceAskedByFamily: 'Record advice the family asked for',
  AdviceAskRefused: 'Refuse the family’s request for advice',
  InformationRequested: 'Request information',
  AppealNotOpposed: 'Record that the appeal will not be opposed',
  TribunalResponseSubmitted: 'Record the LA’s response to the appeal',
  AmendedPlanIssued: 'Issue the amended final plan',
  EventCorrected: 'Correct an entry',
  EventRetracted: 'Retract an entry recorded in error',
  NoticeSent: 'Record a notice sent',
  AmendedDraftServed: 'Serve the amended draft again',
  MediationAgreementReached: 'Record a mediation agreement',
  AgreedActionDone: 'Record that the agreed action was done',
  TribunalAppealConcluded: 'Record how the appeal ended',
  PlanEnded: 'Record that the plan ended',
  TransferredPlanReceived: 'Record a plan transferred in from another council',
  ReviewMeetingHeld: 'Record an annual review meeting',
  ReviewReportSent: 'Record the review report sent',
  ReviewDecisionNotified: 'Record the review decision',
  AmendmentsProposed: 'Send proposed amendments',
  PlanAmended: 'Issue the amended plan',
  AmendmentsDropped: 'Record a decision not to amend after all',
  PhaseTransferDue: 'Record a coming phase transfer',
  PlacementNamed: 'Record the setting the plan names',
  PlacementStarted: 'Record a start at a setting',
  PlacementEnded: 'Record leaving a setting',
  SenNeedsRecorded: 'Record or change the special educational needs',
  ReassessmentRequested: 'Record a request to re-assess',
  ReassessmentDecided: 'Record the re-assessment decision',
  ReassessmentNoAmendment: 'Record a decision not to amend after re-assessing',
  CeasingConsidered: 'Tell the family ceasing is being considered',
  CeaseDecided: 'Record a decision to cease the plan',
  CeaseAppealRegistered: 'Record an appeal against ceasing',
  CeaseAppealDecided: 'Record the decision on the appeal against ceasing',
  CeaseWithdrawn: 'Withdraw the decision to cease',
  PlanCeased: 'Record that the plan ceased',
  MoveNotified: 'Record a move to another council',
  TransferredOut: 'Record the transfer to another council',
  ...PERSONAL_BUDGET_ACTION_LABELS,
};

export const STAGE_LABELS: Record<string, string> = {
  'awaiting-decision-to-assess': 'Deciding whether to assess',
  'not-assessing': 'Decided not to assess',
  assessing: 'Assessing (gathering advice)',
  'not-issuing': 'Decided not to issue a plan',
  drafting: 'Drafting the plan',
  'draft-period': 'Draft plan with family',
  'plan-issued': 'Final plan issued',
  'plan-ended': 'Plan no longer maintained',
  withdrawn: 'Withdrawn',
  'moved-out': 'Moved out of area',
};

export const DEADLINE_LABELS: Record<string, string> = {
  'decision-to-assess': 'Decision whether to assess (6 weeks)',
  advice: 'Advice (6 weeks from receipt)',
  'no-plan-notice': 'Notice of decision not to issue (16 weeks)',
  'draft-period': 'Family’s 15 days on the draft',
  'setting-consultation': 'Setting response (15 days, guidance)',
  'final-plan': 'Final plan (20 weeks)',
  'tribunal-notify-assess': 'Tribunal order: notify assessment (2 weeks)',
  'tribunal-no-plan': 'Tribunal order: no-plan notice (10 weeks)',
  'tribunal-final-plan': 'Tribunal order: final plan',
  'tribunal-draft': 'Tribunal order: draft plan (5 weeks)',
  'tribunal-amended-plan': 'Unopposed appeal: amended plan (5 weeks, or 2 for the school only)',
  'mediation-agreed-action': 'Action agreed in mediation (2 weeks)',
  // The maintained plan (docs/plan-life.md#time-limits)
  'annual-review': 'Annual review concluded (12 months)',
  'review-invitation': 'Review invitations (2 weeks before the meeting)',
  'review-advice': 'Review advice circulated (2 weeks before the meeting)',
  'review-report': 'Review report (2 weeks after the meeting)',
  'review-decision': 'Review decision notified (4 weeks after the meeting)',
  'review-amendments': 'Proposed amendments with the decision (4 weeks after the meeting)',
  'amended-plan': 'Amended plan (8 weeks after the proposals)',
  'phase-transfer': 'Phase transfer: plan naming the next setting',
  'reassessment-decision': 'Re-assessment decision (15 days)',
  'reassessment-plan': 'Re-assessment: amended plan (14 weeks)',
  'transfer-in-notice': 'Transfer in: family told (6 weeks)',
  'transfer-out': 'Transfer to the new council (reg 15(2))',
};

export const PROVIDER_LABELS: Record<string, string> = {
  parent: 'Parent or young person',
  education: 'Education',
  health: 'Health',
  psychology: 'Educational psychology',
  'social-care': 'Social care',
  'preparation-for-adulthood': 'Preparation for adulthood',
  other: 'Other',
};

/** Who made the request (CFA 2014 s36(1)); not the same vocabulary as the advisers, though both have 'parent'. */
export const REQUEST_SOURCE_LABELS: Record<string, string> = {
  parent: 'Parent',
  'young-person': 'Young person',
  school: 'School',
  'post-16-institution': 'Post-16 institution',
  'brought-to-attention': 'Brought to the council’s attention',
};

/** Advisers of reg 6(1): the one label map for advice providers (the measure's figures use it too). */
export const ADVICE_PROVIDER_LABELS = PROVIDER_LABELS;

export const CONSULTATION_OUTCOME_LABELS: Record<string, string> = {
  'can-meet-needs': 'Can meet needs',
  'cannot-meet-needs': 'Cannot meet needs',
};

export const PLACEMENT_LABELS: Record<string, string> = {
  mainstream: 'Mainstream',
  'resourced-provision': 'Resourced provision or SEN unit',
  'special-state': 'State-funded special school',
  'special-independent': 'Independent special school',
  'further-education': 'Further education',
  'early-years': 'Early years setting',
  other: 'Other',
};

/** Exceptions to the time limits (regs 5(4), 8(2), 10(4), 13(3)). */
export const EXCEPTION_KIND_LABELS: Record<string, string> = {
  'school-closure': 'School closure',
  'early-years-closure': 'Early years setting closure',
  'exceptional-personal-circumstances': 'Exceptional personal circumstances of the child or family',
  'absent-from-area': 'Child or family absent from the area',
  'missed-appointment': 'Missed appointment',
  'coronavirus-2020': 'Coronavirus (2020 regulations)',
  'family-comments-after-draft-period': 'Family wished to comment after the 15 days on the draft (tribunal limits)',
};

export const DISPUTE_SUBJECT_LABELS: Record<string, string> = {
  'refusal-to-assess': 'Refusal to assess',
  'refusal-to-issue': 'Refusal to issue a plan',
  'plan-content': 'Plan content',
  'plan-school': 'School or type of school named in the plan',
  ceasing: 'Decision to cease the plan',
};

/** s24(1): who brought the child to the council's attention (DfE's SEN2 request-source groups). */
export const BROUGHT_BY_LABELS: Record<string, string> = {
  'education-setting': 'An early years setting, school or college',
  health: 'A health professional',
  'social-care': 'A social care professional',
  other: 'Someone else',
};

/** For a young person's request made by a parent (regs 63-64): in what capacity. */
export const PARENT_ACTS_AS_LABELS: Record<string, string> = {
  agent: 'As the young person’s agent',
  'alternative-person': 'As the alternative person',
};

/** Whom information is asked of before the decision to assess (reg 5(4)(a)). */
export const INFORMATION_SOURCE_LABELS: Record<string, string> = {
  'head-teacher': 'Head teacher',
  'post-16-principal': 'Principal of the post-16 institution',
  'early-years-provider': 'Early years provider',
};

export const MIGRATION_MODE_LABELS: Record<string, string> = { summary: 'Summary of an older system’s history' };

export const TRIBUNAL_ORDER_LABELS: Record<string, string> = {
  assess: 'Assess',
  'make-plan': 'Make a plan',
  'amend-plan': 'Amend the plan (date directed by the Tribunal)',
  'amend-provision': 'Amend the special educational provision',
  'amend-school': 'Amend only the school or type of school named',
};

/** How an appeal ended other than by an order (reg 43(2)). */
export const APPEAL_OUTCOME_LABELS: Record<string, string> = {
  dismissed: 'Dismissed',
  withdrawn: 'Withdrawn by the appellant',
  'remitted-for-reconsideration': 'Sent back to the LA to reconsider',
};

/** Notices the LA sends with a decision or a plan. */
export const NOTICE_KIND_LABELS: Record<string, string> = {
  'decision-to-assess': 'Decision to assess',
  'decision-not-to-assess': 'Decision not to assess',
  'decision-not-to-issue': 'Decision not to issue a plan',
  'draft-plan': 'Draft plan',
  'amended-draft-plan': 'Amended draft plan',
  'final-plan': 'Final plan',
  'amended-plan': 'Amended plan',
  'decision-to-cease': 'Decision to cease the plan',
  'plan-transferred': 'Plan transferred in (reg 15(4): assessment and review)',
};

/** Who receives the notices and makes the decisions (regs 63-64). */
export const DECISION_MAKER_LABELS: Record<string, string> = {
  parent: 'Parent',
  'young-person': 'Young person',
  'alternative-person': 'Alternative person',
};

export const APPEAL_INFORMATION_LABELS: Record<string, string> = {
  included: 'Yes, it was included',
  'not-included': 'No, it was not included',
};

export const PLAN_END_REASON_LABELS: Record<string, string> = {
  'moved-out-of-area': 'Moved out of the area',
  died: 'The child or young person died',
  'ceased-no-longer-necessary': 'Ceased: no longer necessary',
  'ceased-other': 'Ceased for another reason',
};

/** reg 42: what a mediation agreement is about. */
export const MEDIATION_AGREEMENT_LABELS: Record<string, string> = {
  assess: 'Assess',
  'make-plan': 'Make a plan',
  other: 'Something else',
};

/** The maintained plan's vocabularies (docs/plan-life.md#vocabulary). */
export const SETTING_TYPE_LABELS: Record<string, string> = {
  mainstream: 'Mainstream school',
  'resourced-provision': 'Resourced provision or SEN unit',
  'special-state': 'State-funded special school',
  'special-independent': 'Independent or non-maintained special school',
  'post-16-college': 'Post-16 college (FE or sixth-form college)',
  'post-16-independent-specialist': 'Independent specialist post-16 institution',
  'early-years': 'Early years setting',
  other: 'Other arrangements',
  'not-in-education': 'Not in education, employment or training',
};
export const YES_NO_LABELS: Record<string, string> = { yes: 'Yes', no: 'No' };
export const REVIEW_DECISION_LABELS: Record<string, string> = {
  keep: 'Keep the plan as it is',
  amend: 'Amend the plan',
  cease: 'Cease the plan',
};
export const AMENDMENT_GROUND_LABELS: Record<string, string> = {
  review: 'An annual review',
  reassessment: 'A re-assessment',
  other: 'Something else',
};
export const PHASE_TRANSFER_LABELS: Record<string, string> = {
  'early-years-to-school': 'Early years to school',
  'infant-to-junior': 'Infant to junior school',
  'primary-to-middle': 'Primary to middle school',
  'primary-to-secondary': 'Primary to secondary school',
  'middle-to-secondary': 'Middle to secondary school',
  'secondary-to-post-16-institution': 'Secondary school to a post-16 institution',
  'secondary-to-school-sixth-form': 'Into a school sixth form (not a phase transfer)',
  'post-16-to-post-16': 'Between post-16 institutions',
};
/** SEN2 cease reasons, codes 1-9. */
export const CEASE_REASON_LABELS: Record<string, string> = {
  'maximum-age': 'Reached the maximum age',
  'needs-met-without-plan': 'Needs met without a plan',
  'higher-education': 'Moved on to higher education',
  'paid-employment': 'Paid employment',
  'transferred-to-another-la': 'Transferred to another council',
  'no-longer-wishes-to-engage': 'No longer wishes to engage in education or training',
  'moved-outside-england': 'Moved outside England',
  deceased: 'Died',
  other: 'Other',
};
export const REASSESSMENT_SOURCE_LABELS: Record<string, string> = {
  parent: 'Parent',
  'young-person': 'Young person',
  school: 'School',
  'post-16-institution': 'Post-16 institution',
  'local-authority': 'The council',
};
export const REASSESSMENT_DECISION_LABELS: Record<string, string> = {
  reassess: 'Re-assess',
  refuse: 'Refuse to re-assess',
};
export const CEASE_APPEAL_OUTCOME_LABELS: Record<string, string> = {
  'cease-upheld': 'Ceasing upheld',
  'plan-continues': 'The plan continues',
};
/** DfE's SEN2 `SENtype` codes (item 5.8a), as DfE names them (libs/workflow sen-needs.ts). */
export const SEN_TYPE_LABELS: Record<string, string> = {
  SPLD: 'Specific learning difficulty',
  MLD: 'Moderate learning difficulty',
  SLD: 'Severe learning difficulty',
  PMLD: 'Profound and multiple learning difficulty',
  SEMH: 'Social, emotional and mental health',
  SLCN: 'Speech, language and communication needs',
  HI: 'Hearing impairment',
  VI: 'Vision impairment',
  MSI: 'Multi-sensory impairment',
  PD: 'Physical disability',
  ASD: 'Autistic spectrum disorder',
  DS: 'Down syndrome',
  OTH: 'Other difficulty',
};
export const PLAN_STAGE_LABELS: Record<string, string> = {
  maintained: 'Maintained',
  'cease-decided': 'Decided to cease (appeal window)',
  ceased: 'Ceased',
  'transferred-out': 'Transferred to another council',
};

/**
 * The label map of each event field's vocabulary, by field name (the names of libs/workflow's EVENT_FIELDS): a form
 * labels a field's options from the map of that field, so one code can read differently in two vocabularies.
 */
export const FIELD_OPTION_LABELS: Record<string, Record<string, string>> = {
  source: REQUEST_SOURCE_LABELS,
  provider: ADVICE_PROVIDER_LABELS,
  outcome: CONSULTATION_OUTCOME_LABELS,
  placement: PLACEMENT_LABELS,
  kind: EXCEPTION_KIND_LABELS,
  appliesTo: DEADLINE_LABELS,
  against: DISPUTE_SUBJECT_LABELS,
  order: TRIBUNAL_ORDER_LABELS,
  parentActsAs: PARENT_ACTS_AS_LABELS,
  broughtBy: BROUGHT_BY_LABELS,
  from: INFORMATION_SOURCE_LABELS,
  mode: MIGRATION_MODE_LABELS,
  notice: NOTICE_KIND_LABELS,
  sentTo: DECISION_MAKER_LABELS,
  appealInformation: APPEAL_INFORMATION_LABELS,
  agreement: MEDIATION_AGREEMENT_LABELS,
  reason: PLAN_END_REASON_LABELS,
  preparingForAdulthood: YES_NO_LABELS,
  inArea: YES_NO_LABELS,
  settingType: SETTING_TYPE_LABELS,
  following: AMENDMENT_GROUND_LABELS,
  transfer: PHASE_TRANSFER_LABELS,
  // personal budgets (personal-budget.ts)
  requestedBy: BUDGET_REQUESTER_LABELS,
  parts: BUDGET_PART_LABELS,
  directPaymentsRequested: YES_NO_LABELS,
  directPayments: YES_NO_LABELS,
  arrangements: YES_NO_LABELS,
  thirdParty: YES_NO_LABELS,
  endReason: BUDGET_END_REASON_LABELS,
  primaryNeed: SEN_TYPE_LABELS,
  otherNeeds: SEN_TYPE_LABELS,
};

/** Where one field name carries a different vocabulary in one event ('outcome' of an appeal, not of a consultation). */
const EVENT_FIELD_OPTION_LABELS: Record<string, Record<string, Record<string, string>>> = {
  TribunalAppealConcluded: { outcome: APPEAL_OUTCOME_LABELS },
  ReviewDecisionNotified: { decision: REVIEW_DECISION_LABELS },
  ReassessmentRequested: { source: REASSESSMENT_SOURCE_LABELS },
  ReassessmentDecided: { decision: REASSESSMENT_DECISION_LABELS },
  CeaseDecided: { reason: CEASE_REASON_LABELS },
  PlanCeased: { reason: CEASE_REASON_LABELS },
  CeaseAppealDecided: { outcome: CEASE_APPEAL_OUTCOME_LABELS },
  PersonalBudgetDecided: { decision: BUDGET_DECISION_LABELS },
};

/** The label map for the options of one field of one event. */
export function optionLabels(eventType: string, field: string): Record<string, string> | undefined {
  return EVENT_FIELD_OPTION_LABELS[eventType]?.[field] ?? FIELD_OPTION_LABELS[field];
}
