/**
 * The shapes of the timeliness measure (docs/law.md#the-boards-measure). The same shapes are produced by the pure
 * reference (computeTimeliness) and by the SQL the API runs (libs/persistence/src/measures), which is tested
 * to be equal on generated histories (docs/architecture.md invariant 6).
 */

/** One raw case_event row, with the case's pseudonymous reference and team (from ehc_case). */
export interface MeasureEventRow {
  caseId: string;
  /** case_event.event_id: what an EventCorrected / EventRetracted names (`corrects` / `retracts`) */
  eventId?: string;
  reference: string;
  teamId: string;
  /** The case stream version (1, 2, 3 …): a later event of the same type supersedes an earlier one. */
  version: number;
  type: string;
  /** business_date: the legal date, YYYY-MM-DD */
  date: string;
  data: Record<string, unknown>;
  /** recorded_at as an ISO timestamp: when the system was told */
  recordedAt: string;
}

export type SeriesUnit = 'month' | 'quarter' | 'year';

export interface TimelinessQuery {
  /** first day of the period (inclusive), YYYY-MM-DD */
  from: string;
  /** last day of the period (inclusive), YYYY-MM-DD */
  to: string;
  team?: string;
  /** the figure as it was reported: only events recorded by the end of that day (Europe/London), or by that instant */
  asAt?: string;
  /** the day the open-case backlog and forecast are counted at */
  today: string;
  /** on time ⇔ elapsedDays ≤ boundaryDays (docs/law.md#counting-days: default 140, configurable) */
  boundaryDays?: number;
  groupBy?: SeriesUnit;
}

export interface TimelinessFigure {
  issued: number;
  within20Weeks: number;
  percent: number | null;
}
export interface TimelinessBands {
  within20Weeks: number;
  from20To52Weeks: number;
  over52Weeks: number;
}
export interface WeeksToIssue {
  median: number | null;
  mean: number | null;
}
export interface DecisionFigure {
  decided: number;
  within: number;
  percent: number | null;
}
export interface AdviceFigure {
  returned: number;
  within: number;
  percent: number | null;
}
export interface SeriesPoint {
  period: string;
  issued: number;
  within20Weeks: number;
  percent: number | null;
}

export interface TimelinessReport {
  period: [string, string];
  boundaryDays: number;
  /** the day-counting convention, recorded in every report (docs/law.md#counting-days) */
  convention: string;
  asAt: string | null;
  team: string | null;
  /** plans issued in the period, no mediation/tribunal (docs/law.md#the-boards-measure population P) */
  includingExceptions: TimelinessFigure;
  /** P without cases whose 20-week limit has an active exception (SEN2 Week20 = 1) */
  excludingExceptions: TimelinessFigure;
  bands: TimelinessBands;
  bandsExcludingExceptions: TimelinessBands;
  weeksToIssue: WeeksToIssue;
  weeksToIssueExcludingExceptions: WeeksToIssue;
  /** cases with a final plan in the period left out of P, and why (mediation/tribunal, no request date) */
  excludedFromPopulation: number;
  decisionWithin6Weeks: DecisionFigure;
  noPlanWithin16Weeks: DecisionFigure;
  adviceWithin6Weeks: Record<string, AdviceFigure>;
  openPastDeadline: number;
  openDueWithin4Weeks: number;
  lateByCause: { cause: string; count: number }[];
  series?: SeriesPoint[];
}

export type ExcludedReason =
  | 'no-request-received'
  | 'mediation'
  | 'tribunal'
  | 'mediation-and-tribunal'
  /** SEN2 keeps the LA's original refusal as the outcome: the plan issued after the LA reversed it is not "new" */
  | 'reversed-refusal-to-assess'
  | 'reversed-refusal-to-issue';

/** One row of the drill-down: every case with a final plan issued in the period. Pseudonymous: no child data. */
export interface MeasureCaseRow {
  reference: string;
  team: string;
  receivedOn: string | null;
  finalIssuedOn: string;
  elapsedDays: number | null;
  weeks: number | null;
  within20Weeks: boolean | null;
  /** kinds of the active exceptions to the 20-week limit (reg 13(3)) */
  exceptionKinds: string[];
  excludedReason: ExcludedReason | null;
  countedIncludingExceptions: boolean;
  countedExcludingExceptions: boolean;
  /** for a late plan: the stages that overran (see lateCauses in timeliness.ts); empty when on time */
  lateCauses: string[];
  /** days past the boundary (elapsed − boundary) for a late plan, else null */
  daysLate: number | null;
  /** for a late plan with an exception to the 20-week limit: how many days of the assessment its periods cover */
  exceptionCoversDays: number | null;
  /** the caseworker's reason why the exception made the 20-week limit impractical (reg 10(4), 13(3)), if given */
  reasonLimitImpractical: string | null;
}

/** The board's figure alone (docs/law.md#the-boards-measure views 1–3): what the headline statement computes, a part of TimelinessReport. */
export type TimelinessHeadline = Pick<
  TimelinessReport,
  | 'period'
  | 'boundaryDays'
  | 'convention'
  | 'asAt'
  | 'team'
  | 'includingExceptions'
  | 'excludingExceptions'
  | 'bands'
  | 'bandsExcludingExceptions'
  | 'weeksToIssue'
  | 'weeksToIssueExcludingExceptions'
  | 'excludedFromPopulation'
  | 'series'
>;
