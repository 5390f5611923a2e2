/** Human labels for the vocabulary, shared by the API (responses) and the web app. */
export const EVENT_LABELS: Record<string, string> = {
  RequestReceived: 'Request for assessment received',
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
  RequestWithdrawn: 'Request withdrawn',
  MovedOutOfArea: 'Moved out of area',
  CaseworkerAssigned: 'Caseworker assigned',
  DeadlineMissed: 'Statutory deadline missed',
  HistoryMigrated: 'History migrated from an older system (summary)',
};

export const STAGE_LABELS: Record<string, string> = {
  'awaiting-decision-to-assess': 'Deciding whether to assess',
  'not-assessing': 'Decided not to assess',
  assessing: 'Assessing (gathering advice)',
  'not-issuing': 'Decided not to issue a plan',
  drafting: 'Drafting the plan',
  'draft-period': 'Draft plan with family',
  'plan-issued': 'Final plan issued',
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
