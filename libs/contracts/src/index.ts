/**
 * The shapes the API serves and the web app reads. Types only (no runtime code), so the Angular app can
 * import them without pulling in the server. Dates are 'YYYY-MM-DD' calendar dates unless named *At.
 */
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

export interface LoginRequest { username: string; password: string }

export interface Page<T> { items: T[]; nextCursor: string | null }

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
  daysLeft?: number;   // pending: due - today (negative when overdue)
  daysLate?: number;   // missed/excepted
  exceptionIds: string[];
  provider?: string;
  rag?: Rag;
}

export interface CaseListItem {
  id: string;
  reference: string;
  childName: string | null;       // null for roles that may not see names (board)
  teamId: string;
  caseworker: string | null;
  caseworkerName: string | null;
  stage: string;
  stageLabel: string;
  closed: boolean;
  receivedOn: IsoDate;
  nextDeadline: { id: string; kind: string; label: string; due: IsoDate; daysLeft: number; rag: Rag } | null;
  version: number;
}

export interface CaseListQuery {
  stage?: string;
  caseworker?: string;      // user id, or 'me'
  team?: string;
  dueWithinDays?: number;
  overdue?: boolean;
  includeClosed?: boolean;
  q?: string;               // reference prefix
  sort?: 'next_due' | 'received_on' | 'reference';
  cursor?: string;
  limit?: number;
}

export interface FieldSpec {
  name: string;
  kind: 'date' | 'text' | 'enum' | 'ref';
  required: boolean;
  label: string;
  options?: readonly string[];
}

export interface AllowedEvent { type: string; label: string; fields: FieldSpec[]; earliest?: IsoDate }

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
  child: Child | null;            // null for roles that may not see personal data
  caseworker: string | null;
  caseworkerName: string | null;
  stage: string;
  stageLabel: string;
  closed: boolean;
  version: number;
  receivedOn: IsoDate;
  today: IsoDate;
  deadlines: DeadlineView[];
  allowedEvents: AllowedEvent[];
  flags: Record<string, boolean>;
  advice: { adviceId: string; provider: string; requestedOn: IsoDate; receivedByProvider: IsoDate; receivedOn?: IsoDate }[];
  consultations: { consultationId: string; setting: string; consultedOn: IsoDate; outcome?: string; respondedOn?: IsoDate }[];
  exceptions: { exceptionId: string; kind: string; from: IsoDate; to: IsoDate; appliesTo: string[]; evidence: string; familyInformedOn?: IsoDate }[];
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
}

export interface CreateCaseRequest {
  reference?: string;
  teamId: string;
  caseworker?: string;
  child?: Child;
  personId?: string;            // a request for a child already known (see POST /persons/matches)
  request: { date: IsoDate; source: string };
  eventId?: string;
}

export interface CaseEventInput { type: string; date: IsoDate; [field: string]: unknown }

export interface AppendEventRequest {
  expectedVersion: number;
  eventId?: string;          // client-chosen uuid: a retry with the same id is applied once
  event: CaseEventInput;
}

/** Every 4xx/5xx body. `code` is stable; `message` says what is wrong and what is allowed. */
export interface Problem {
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
  rejected: { line: number; reference: string | null; reason: string }[];
}

export interface AlertView {
  id: string;
  caseId: string;
  reference: string;
  deadlineId: string;
  kind: 'warning' | 'due' | 'missed';
  deadlineKind: string;
  due: IsoDate;
  daysBefore: number | null;
  lateByDays: number;
  raisedAt: string;
  readAt: string | null;
  message: string;
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

export interface TeamView { id: string; name: string }
export interface UserView { id: string; username: string; displayName: string; role: Role; teamId: string | null; disabled: boolean;
  /** Admin views only: where the alert digest goes (null: no e-mail). */
  email?: string | null }
export interface ClosurePeriodView { id: string; settingId: string | null; closedFrom: IsoDate; reopensOn: IsoDate; description: string }

export interface TimelinessFigure { issued: number; within20Weeks: number; percent: number | null }
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
  asAt?: { date: IsoDate; report: Omit<TimelinessResponse, 'asAt'> };
  nationalReference: { year: number; percentIncludingExceptions: number; percentExcludingExceptions: number }[];
}

export * from './labels.js';
export * from './casework.js';
