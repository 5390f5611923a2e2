import { maxDate, type IsoDate } from './dates.js';
import { addMonths } from './plan-periods.js';
import { twentyFifthBirthday } from './who-may-request.js';

/**
 * How long a child's personal data is kept (UK GDPR art. 5(1)(e): no longer than is necessary), as a pure rule: no
 * clock, "today" is a parameter. The policy and its defaults are explained in docs/operations.md#retention-and-erasure.
 *
 * - A request that led to a plan: kept until the young person's 25th birthday (the last day a plan can be maintained,
 *   Children and Families Act 2014 s46) plus `yearsAfter25` years.
 * - A request closed without a plan (not assessed, no plan issued, withdrawn, moved away): kept for
 *   `yearsAfterClosedWithoutPlan` years from the case's last recorded event.
 * - A person is due when every one of their cases is: the latest of the cases' dates. While any case is open, never.
 * - A person record made for a request that was never opened (no case at all): `yearsAfterClosedWithoutPlan` years
 *   from the day it was made.
 */
export interface RetentionPolicy {
  /** Years after the 25th birthday that a person with a plan is kept (RETENTION_YEARS_AFTER_25). */
  yearsAfter25: number;
  /** Years after the last event that a case closed without a plan is kept (RETENTION_YEARS_AFTER_CLOSE). */
  yearsAfterClosedWithoutPlan: number;
}

/** The date of birth + 31 years for plans, six years after closing for the rest (docs/operations.md#retention-and-erasure). */
export const DEFAULT_RETENTION_POLICY: RetentionPolicy = { yearsAfter25: 6, yearsAfterClosedWithoutPlan: 6 };

/** What became of one case, as far as retention is concerned. */
export type RetentionOutcome = 'open' | 'plan' | 'no-plan';

export interface RetentionCase {
  caseId: string;
  outcome: RetentionOutcome;
  /** The business date of the case's latest event. */
  lastEventOn: IsoDate;
}

export interface RetentionSubject {
  /** Null when none was recorded (then a case with a plan cannot be dated, and is never listed by itself). */
  dateOfBirth: IsoDate | null;
  cases: readonly RetentionCase[];
  /** The London date the person's record was made: dates a record that has no case. */
  recordedOn?: IsoDate;
}

/** Why a person is (or is not yet) due: the codes the admin page explains (libs/contracts RETENTION_REASON_LABELS). */
export type RetentionReason =
  | 'plan-kept-until-25'
  | 'closed-without-plan'
  | 'record-without-request'
  | 'open-case'
  | 'no-date-of-birth'
  | 'no-cases';

export type RetentionDue =
  | { dueOn: IsoDate; reason: 'plan-kept-until-25' | 'closed-without-plan' | 'record-without-request' }
  | { dueOn: null; reason: 'open-case' | 'no-date-of-birth' | 'no-cases' };

/** `years` calendar years after `d` (29 February forwards to 1 March in a common year, as the 25th birthday does). */
export function addYears(d: IsoDate, years: number): IsoDate {
  if (!Number.isInteger(years)) throw new RangeError('addYears: years must be a whole number');
  return addMonths(d, years * 12);
}

/** The date one case's personal data may be erased. */
export function caseRetentionDue(c: RetentionCase, dateOfBirth: IsoDate | null, policy: RetentionPolicy): RetentionDue {
  if (c.outcome === 'open') return { dueOn: null, reason: 'open-case' };
  const afterClose = addYears(c.lastEventOn, policy.yearsAfterClosedWithoutPlan);
  if (c.outcome === 'no-plan') return { dueOn: afterClose, reason: 'closed-without-plan' };
  if (dateOfBirth === null) return { dueOn: null, reason: 'no-date-of-birth' };
  // Never sooner than a case closed without a plan would be kept (a plan recorded late in life, or an odd history).
  return {
    dueOn: maxDate(addYears(twentyFifthBirthday(dateOfBirth), policy.yearsAfter25), afterClose),
    reason: 'plan-kept-until-25',
  };
}

/**
 * The date a person's record (and all of their cases) becomes due for erasure: the latest of their cases' dates, so
 * that nothing is erased while one of their cases must still be kept. Null while any case is open or undatable.
 * When two cases give the same latest date, a plan's reason is given.
 */
export function retentionDue(subject: RetentionSubject, policy: RetentionPolicy): RetentionDue {
  if (subject.cases.length === 0) {
    return subject.recordedOn
      ? { dueOn: addYears(subject.recordedOn, policy.yearsAfterClosedWithoutPlan), reason: 'record-without-request' }
      : { dueOn: null, reason: 'no-cases' };
  }
  let latest: RetentionDue | undefined;
  for (const c of subject.cases) {
    const d = caseRetentionDue(c, subject.dateOfBirth, policy);
    if (d.dueOn === null) return d;
    if (
      !latest ||
      latest.dueOn === null ||
      d.dueOn > latest.dueOn ||
      (d.dueOn === latest.dueOn && d.reason === 'plan-kept-until-25')
    )
      latest = d;
  }
  return latest!;
}

/** Due for erasure on `today`: the due date has come (on the due date itself, not the day after). */
export function isDueForErasure(subject: RetentionSubject, policy: RetentionPolicy, today: IsoDate): boolean {
  const d = retentionDue(subject, policy);
  return d.dueOn !== null && d.dueOn <= today;
}
