// The statutory (and one guidance) time limits of an EHC needs assessment (docs/law.md#time-limits).
// Kept apart from deadlines.ts so that events.ts can name them in ExceptionRecorded.appliesTo.
export const DEADLINE_KINDS = [
  'decision-to-assess', // reg 5(1): 6 weeks from request
  'advice', // reg 8(1): 6 weeks from the body receiving the request for advice
  'no-plan-notice', // reg 10(1): 16 weeks from request, only if the LA decides not to issue
  'draft-period', // reg 13(1): 15 days beginning with the day the draft is served
  'setting-consultation', // CoP 9.83: setting should reply within 15 days (guidance, not statute)
  'final-plan', // reg 13(2): 20 weeks from request
  'tribunal-notify-assess', // reg 44(2)(b): 2 weeks from an order to assess
  'tribunal-no-plan', // reg 44(2)(b): 10 weeks from an order to assess
  'tribunal-final-plan', // reg 44(2)(b) 14 weeks / reg 44(2)(c) 11 weeks from the order
  'tribunal-draft', // reg 44(2)(c): 5 weeks from an order to make a plan (reg 45, refusal to issue, after an unopposed appeal)
  'mediation-agreed-action', // reg 42: anything agreed in mediation beyond an assessment or a plan, within 2 weeks
  'tribunal-amended-plan', // reg 44(2)(e)/(f) from an order, reg 45(4) and reg 45 (school only) from an unopposed appeal: 5 or 2 weeks
] as const;

export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/**
 * Calendar-day lengths of the time limits (docs/law.md#counting-days: the day of the triggering event is day 0, so
 * "within 6 weeks of receiving" means on or before received + 42).
 */
export const TIME_LIMIT_DAYS = {
  decisionToAssess: 42, // reg 5(1) "within 6 weeks"
  advice: 42, // reg 8(1) "within 6 weeks of the date on which they receive it"
  noPlanNotice: 112, // reg 10(1) "within 16 weeks"
  finalPlanDefault: 140, // reg 13(2) "within 20 weeks" — configurable boundary (docs/law.md#counting-days)
  draftPeriod: 15, // reg 13(1)(a) "at least 15 days, beginning with the day on which the draft plan was served"
  settingResponse: 15, // CoP 9.83 "should respond within 15 days" (guidance)
  tribunalNotifyAssess: 14, // reg 44(2)(b) 2 weeks
  tribunalNoPlan: 70, // reg 44(2)(b) 10 weeks
  tribunalFinalAfterAssess: 98, // reg 44(2)(b) 14 weeks
  tribunalDraft: 35, // reg 44(2)(c) 5 weeks
  tribunalFinalAfterMakePlan: 77, // reg 44(2)(c) 11 weeks
  tribunalAmendProvision: 35, // reg 44(2)(e) 5 weeks
  tribunalAmendSchool: 14, // reg 44(2)(f) 2 weeks
} as const;
