/**
 * The shapes the API serves and the web app reads. Types only (no runtime code), so the Angular app can
 * import them without pulling in the server. Dates are 'YYYY-MM-DD' calendar dates unless named *At.
 */
import type { PlanPersonalBudget } from './personal-budget.js';

export type IsoDate = string;

export type Role = 'caseworker' | 'team-manager' | 'board' | 'admin';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  teamId: string | null;
  teamName: string | null;
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Rag = 'red' | 'amber' | 'green';

export interface DeadlineView {
  id: string;
  kind: string;
  label: string;
  due: IsoDate;
  from: IsoDate;
  measuredFrom: string;
  regulation: string;
  statutory: boolean;
  status: 'pending' | 'met' | 'missed' | 'excepted' | 'not-applicable';
  metOn?: IsoDate;
  daysLeft?: number; // pending: due - today (negative when overdue)
  daysLate?: number; // missed/excepted
  exceptionIds: string[];
  provider?: string;
  rag?: Rag;
}

export interface CaseListItem {
  id: string;
  reference: string;
  childName: string | null; // null for roles that may not see names (board)
  teamId: string;
  caseworker: string | null;
  caseworkerName: string | null;
  stage: string;
  stageLabel: string;
  closed: boolean;
  /** null for a plan transferred in from another council (no request here: reg 15). */
  receivedOn: IsoDate | null;
  nextDeadline: { id: string; kind: string; label: string; due: IsoDate; daysLeft: number; rag: Rag } | null;
  version: number;
}

export interface CaseListQuery {
  stage?: string;
  caseworker?: string; // user id, or 'me'
  team?: string;
  dueWithinDays?: number;
  overdue?: boolean;
  includeClosed?: boolean;
  q?: string; // reference prefix
  sort?: 'next_due' | 'received_on' | 'reference';
  cursor?: string;
  limit?: number;
}

/** POST /cases/search: the list's filters and the child's identity, in the body (never in a URL). */
export interface CaseSearchRequest extends CaseListQuery {
  /** Each word must start the child's given or family name, in any case. */
  name?: string;
  dateOfBirth?: IsoDate;
  /** Unique pupil number, exactly. */
  upn?: string;
  /** The start of the case reference. */
  reference?: string;
}

/** A field of an event, as libs/workflow's EVENT_FIELDS declares it (the api sends those very specs). */
export interface FieldSpec {
  name: string;
  kind: 'date' | 'text' | 'enum' | 'ref' | 'object';
  required: boolean;
  label: string;
  options?: readonly string[];
  /** The value is a list (ExceptionRecorded.appliesTo): the form offers checkboxes. */
  many?: boolean;
  max?: number;
}

export interface AllowedEvent {
  type: string;
  label: string;
  fields: FieldSpec[];
  earliest?: IsoDate;
}

export interface Child {
  givenName: string;
  familyName: string;
  dateOfBirth: IsoDate;
  upn?: string;
  postcode?: string;
  school?: string;
}

export interface CaseDetail {
  id: string;
  reference: string;
  teamId: string;
  child: Child | null; // null for roles that may not see personal data
  caseworker: string | null;
  caseworkerName: string | null;
  stage: string;
  stageLabel: string;
  closed: boolean;
  version: number;
  /** Absent on a plan transferred in from another council (no request here: reg 15). */
  receivedOn?: IsoDate;
  /** reg 15(2)-(3): the case is a plan transferred in from another council. */
  transferredIn?: { on: IsoDate; fromLa: string; firstMadeOn: IsoDate; lastReviewedOn?: IsoDate };
  today: IsoDate;
  deadlines: DeadlineView[];
  allowedEvents: AllowedEvent[];
  flags: Record<string, boolean>;
  advice: {
    adviceId: string;
    provider: string;
    requestedOn: IsoDate;
    receivedByProvider: IsoDate;
    receivedOn?: IsoDate;
  }[];
  consultations: {
    consultationId: string;
    setting: string;
    consultedOn: IsoDate;
    outcome?: string;
    respondedOn?: IsoDate;
  }[];
  exceptions: {
    exceptionId: string;
    kind: string;
    from: IsoDate;
    to: IsoDate;
    appliesTo: string[];
    evidence: string;
    familyInformedOn?: IsoDate;
  }[];
  /** Set when the history up to `throughDate` was migrated from an older system as a summary (import "mode":"summary"). */
  migrated?: { mode: 'summary'; source: string; throughDate: IsoDate };
  /** Set when the retention policy's erasure removed the child's personal data (docs/operations.md#retention-and-erasure). */
  personalDataErasedOn?: IsoDate;
  /** After the final plan: the maintained plan (docs/plan-life.md#one-log). */
  plan?: CasePlan;
  /** Before the final plan: the personal budgets asked for while the plan is prepared (s49(1), PB reg 3). */
  personalBudgetsWhilePreparing?: PlanPersonalBudget[];
}

/** A setting named in the plan (section I) or attended, with its type and whether it is in the council's area. */
export interface PlanSetting {
  from: IsoDate;
  to?: IsoDate;
  placementId?: string;
  settingType: string;
  settingTypeLabel: string;
  /** null: not recorded (the final plan does not say whether its setting is in the area). */
  inArea: 'yes' | 'no' | null;
  setting?: string;
}

/** The maintained plan of a case, read from the plan's events (docs/plan-life.md). */
export interface CasePlan {
  stage: string;
  stageLabel: string;
  /** The day the plan began here: its issue, or the day it transferred in (reg 15). */
  issuedOn: IsoDate;
  /** The day the plan was first made (reg 15(3)(a): kept through a transfer in); the issue for a plan made here. */
  firstMadeOn: IsoDate;
  /** The annual review now due (its deadline is open), or null when the plan has ended here. */
  nextReviewDue: IsoDate | null;
  reviews: {
    reviewId: string;
    meetingOn: IsoDate;
    invitedOn: IsoDate;
    adviceCirculatedOn?: IsoDate;
    preparingForAdulthood?: string;
    reportOn?: IsoDate;
    decisionOn?: IsoDate;
    decision?: string;
    decisionLabel?: string;
  }[];
  amendments: {
    amendmentId: string;
    proposedOn: IsoDate;
    following: string;
    reviewId?: string;
    transferId?: string;
    issuedOn?: IsoDate;
    droppedOn?: IsoDate;
  }[];
  named: PlanSetting[];
  attended: PlanSetting[];
  phaseTransfers: {
    transferId: string;
    transfer: string;
    transferLabel: string;
    movesOn: IsoDate;
    due: IsoDate | null;
    status: string | null;
  }[];
  ceasing: {
    consideredOn?: IsoDate;
    decidedOn?: IsoDate;
    reason?: string;
    reasonLabel?: string;
    appealOn?: IsoDate;
    appealOutcome?: string;
  };
  endedOn?: IsoDate;
  endReason?: string;
  endReasonLabel?: string;
  /** s49: the requests for a personal budget, with their decisions (personal-budget.ts). */
  personalBudgets: PlanPersonalBudget[];
  /** reg 12(1)(a) section B: the latest list of needs recorded (docs/plan-life.md#sen-needs); absent when none is. */
  needs?: CasePlanNeeds;
}

/** The plan's special educational needs from `from`, ranked: 1 is the primary need (SEN2 module 5c). */
export interface CasePlanNeeds {
  from: IsoDate;
  ranked: { rank: number; code: string; label: string }[];
}

export interface TimelineEntry {
  eventId: string;
  version: number;
  type: string;
  label: string;
  date: IsoDate;
  recordedAt: string;
  actor: string;
  actorName: string | null;
  data: Record<string, unknown>;
  /** What the entry is about, in words: which adviser's advice, which setting, which exception or deadline. */
  about?: string | null;
  /** This entry as later corrected or retracted (docs/corrections.md): the record keeps it, marked. */
  correctionStatus?: 'corrected' | 'retracted' | null;
  /** The corrections of this entry, oldest first: who, when, why and what changed. */
  corrections?: CorrectionNote[];
  /** On an EventCorrected/EventRetracted entry: the entry it corrects. */
  correctsEventId?: string;
  /** The entry can be corrected (a person's entry, not retracted, not itself a correction or the system's). */
  correctable?: boolean;
  /** The entry as it now stands (its latest correction applied): the answers a Change page starts from. */
  current?: Record<string, unknown>;
  /** The entry's own fields, for the Change page. */
  fields?: FieldSpec[];
}

export interface CorrectionNote {
  eventId: string;
  type: 'EventCorrected' | 'EventRetracted';
  /** The day the correction was made. */
  date: IsoDate;
  recordedAt: string;
  actorName: string | null;
  reason: string;
  /** EventCorrected: the fields replaced, with their corrected values. */
  correction?: Record<string, unknown>;
}

export interface CreateCaseRequest {
  reference?: string;
  teamId: string;
  caseworker?: string;
  child?: Child;
  personId?: string; // a request for a child already known (see POST /persons/matches)
  // parentActsAs: regs 63-64, a parent for a young person; broughtBy: s24(1), who brought the child to the council's attention
  request: { date: IsoDate; source: string; parentActsAs?: string; broughtBy?: string };
  eventId?: string;
}

/** reg 15(2)-(3): a plan transferred in from another council opens a case of its own (POST /cases/transfers-in). */
export interface CreateTransferredInCaseRequest {
  reference?: string;
  teamId: string;
  caseworker?: string;
  child?: Child;
  personId?: string;
  transfer: {
    date: IsoDate;
    fromLa: string;
    firstMadeOn: IsoDate;
    lastReviewedOn?: IsoDate;
    named?: { settingType: string; inArea: 'yes' | 'no'; setting?: string };
  };
  eventId?: string;
}

export interface CaseEventInput {
  type: string;
  date: IsoDate;
  [field: string]: unknown;
}

export interface AppendEventRequest {
  expectedVersion: number;
  eventId?: string; // client-chosen uuid: a retry with the same id is applied once
  event: CaseEventInput;
}

/**
 * Every 4xx/5xx body: problem details (RFC 9457) with extensions. `code` is stable; `detail` (and `message`, the same
 * text) says what is wrong and what is allowed; `statusCode` repeats `status`.
 */
export interface Problem {
  /** urn:ehc:problem:<code in kebab case> */
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  /** The path that was called (no query string). */
  instance?: string;
  statusCode: number;
  code: string;
  message: string;
  errors?: { field: string; message: string }[];
  allowed?: string[];
  currentVersion?: number;
}

export interface ImportSummary {
  accepted: number;
  unchanged: number;
  /** The first 1000 rejections, by line. */
  rejected: { line: number; reference: string | null; reason: string }[];
  /** Present when more lines were rejected than are listed: how many in all. */
  rejectedTotal?: number;
}

export interface AlertView {
  id: string;
  caseId: string;
  reference: string;
  /** The child's name: alerts are shown only to the case's own team (never in e-mails or logs). */
  childName: string | null;
  deadlineId: string;
  kind: 'warning' | 'due' | 'missed';
  deadlineKind: string;
  due: IsoDate;
  daysBefore: number | null;
  lateByDays: number;
  /** How long after its intended time the alert was raised (a worker that was down catches up). */
  lateByMs?: number;
  raisedAt: string;
  readAt: string | null;
  message: string;
  /** A missed-deadline alert closed because the work was done late, an exception covers it, or a correction. */
  closed?: {
    reason: 'done-late' | 'excepted' | 'corrected-met' | 'no-longer-applies';
    on: IsoDate | null;
    text: string;
  } | null;
}

export interface DeadlineQueueItem {
  caseId: string;
  reference: string;
  childName: string | null;
  caseworker: string | null;
  caseworkerName: string | null;
  stage: string;
  stageLabel: string;
  deadlineId: string;
  kind: string;
  label: string;
  due: IsoDate;
  daysLeft: number;
  bucket: 'overdue' | 'within-7' | 'within-14' | 'later';
  provider: string | null;
  status: string;
}

/** GET /queues/my-work: one open deadline of one of my cases, overdue or due within two weeks. */
export interface WorkItem {
  caseId: string;
  reference: string;
  childName: string | null;
  stage: string;
  stageLabel: string;
  deadlineId: string;
  kind: string;
  label: string;
  due: IsoDate;
  /** Negative when overdue. */
  daysLeft: number;
  status: string;
  /** For advice: who was asked. */
  provider: string | null;
  /** The server's today (Europe/London), which "tomorrow" and "by Friday" are counted from. */
  today: IsoDate;
}

/** How many open deadlines of the (filtered) queue fall in each bucket, over the whole queue, not one page. */
export interface QueueCounts {
  overdue: number;
  within7: number;
  within14: number;
  later: number;
  /** Deadlines matching every filter, the bucket included: what the pages hold between them. */
  total: number;
}
/**
 * One caseworker's caseload in the team: open assessments, plans maintained (the final plan issued and not ended: its
 * reviews, amendments and transfers are their work), and how many of those have an overdue deadline.
 */
export interface CaseloadCount {
  caseworker: string | null;
  caseworkerName: string | null;
  openCases: number;
  maintainedPlans: number;
  overdueCases: number;
}
export interface DeadlineQueuePage extends Page<DeadlineQueueItem> {
  counts: QueueCounts;
  /** This page's number (1 = first; null when paged by `cursor`) and how many pages the filtered queue has. */
  page: number | null;
  pageCount: number;
  caseloads: CaseloadCount[];
}

export interface TeamView {
  id: string;
  name: string;
}
/** One row of the audit trail as people read it: GET /api/admin/audit, and a subject access export's `audit`. */
export interface AuditEntry {
  id: string;
  at: string;
  username: string | null;
  /** The person's name as the admin knows it (from their account), when the row has a user. */
  displayName: string | null;
  role: string | null;
  action: string;
  /** The case's reference (what people search by), when the row is about a case. */
  caseReference: string | null;
  detail: Record<string, unknown>;
}
/** The admin's teams page: a team with how many active users and cases it has. */
export interface TeamAdminView extends TeamView {
  activeUsers: number;
  cases: number;
}
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  teamId: string | null;
  disabled: boolean;
  /** Admin views only: where the alert digest goes (null: no e-mail). */
  email?: string | null;
}
export interface ClosurePeriodView {
  id: string;
  settingId: string | null;
  closedFrom: IsoDate;
  reopensOn: IsoDate;
  description: string;
}

export interface TimelinessFigure {
  issued: number;
  within20Weeks: number;
  percent: number | null;
}
export interface TimelinessResponse {
  period: [IsoDate, IsoDate];
  boundaryDays: number;
  includingExceptions: TimelinessFigure;
  excludingExceptions: TimelinessFigure;
  bands: { within20Weeks: number; from20To52Weeks: number; over52Weeks: number };
  weeksToIssue: { median: number | null; mean: number | null };
  decisionWithin6Weeks: { decided: number; within: number; percent: number | null };
  noPlanWithin16Weeks: { decided: number; within: number; percent: number | null };
  adviceWithin6Weeks: Record<string, { returned: number; within: number; percent: number | null }>;
  openPastDeadline: number;
  openDueWithin4Weeks: number;
  lateByCause: { cause: string; count: number }[];
  series?: { period: string; issued: number; within20Weeks: number; percent: number | null }[];
  /** the as-at day of this report (null: as it stands now) */
  asAt?: IsoDate | null;
  /** with ?asAt=: the figure as reported on that day, and the cases whose standing changed since */
  asAtComparison?: AsAtComparisonView;
  nationalReference: { year: number; percentIncludingExceptions: number; percentExcludingExceptions: number }[];
}

/** A case's standing in the measure (a drill-down row's counting fields). */
export interface MeasureStandingView {
  receivedOn: IsoDate | null;
  finalIssuedOn: IsoDate;
  within20Weeks: boolean | null;
  exceptionKinds: string[];
  excludedReason: string | null;
  countedIncludingExceptions: boolean;
  countedExcludingExceptions: boolean;
}
/** A correction or retraction recorded after the as-at day: who, when, why, and what it changed. */
export interface MeasureCorrectionView {
  type: 'EventCorrected' | 'EventRetracted';
  correctedType: string | null;
  correctedDate: IsoDate | null;
  correction: Record<string, unknown> | null;
  reason: string;
  by: string;
  recordedAt: string;
  date: IsoDate;
}
export interface AsAtComparisonView {
  date: IsoDate;
  report: Omit<TimelinessResponse, 'asAtComparison' | 'nationalReference'>;
  changes: {
    reference: string;
    before: MeasureStandingView | null;
    after: MeasureStandingView | null;
    corrections: MeasureCorrectionView[];
    eventsRecordedSince: { type: string; date: IsoDate; recordedAt: string }[];
  }[];
}

export * from './labels.js';
export * from './personal-budget.js';
export * from './queues.js';
export * from './casework.js';
export * from './retention.js';
