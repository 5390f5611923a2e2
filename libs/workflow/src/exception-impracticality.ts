// Reg 10(4) (applied to the 20-week limit by reg 13(3)), reg 5(4), reg 8(2)(a): the LA "need not comply with the
// time limit … if it is impractical to do so because" exceptional personal circumstances affect the child, parent
// or young person. The question is whether the circumstances made the limit impractical, not merely whether they
// happened. When a limit was missed by more days than the circumstances lasted, that is not self-evident: the
// caseworker must say why the exception still made the limit impractical (`reasonLimitImpractical`). Without that
// reason the exception does not excuse the lateness (the deadline shows as missed), and it cannot be recorded
// against a limit already missed by more than it covers.
import { daysBetween } from './dates.js';
import type { ExceptionRecorded } from './events.js';

/** The exception kinds this rule asks about (the issue of proportion arises for personal circumstances). */
const ASKS_WHY: readonly ExceptionRecorded['kind'][] = ['exceptional-personal-circumstances'];

/** Days the circumstance covers, counting both ends (from..to inclusive). */
export function exceptionDays(x: Pick<ExceptionRecorded, 'from' | 'to'>): number {
  return daysBetween(x.from, x.to) + 1;
}

/** A reason is needed: a personal-circumstances exception shorter than the lateness, with no reason given. */
export function needsImpracticalityReason(
  x: Pick<ExceptionRecorded, 'kind' | 'from' | 'to' | 'reasonLimitImpractical'>,
  daysLate: number,
): boolean {
  if (!ASKS_WHY.includes(x.kind)) return false;
  return daysLate > exceptionDays(x) && !(x.reasonLimitImpractical && x.reasonLimitImpractical.trim() !== '');
}

/** "exception covers N of M days late", for the case page and the measure's drill-down. */
export function coverageOfLateness(
  x: Pick<ExceptionRecorded, 'from' | 'to'>,
  daysLate: number,
): { coveredDays: number; daysLate: number; coversAll: boolean } {
  const coveredDays = exceptionDays(x);
  return { coveredDays, daysLate, coversAll: coveredDays >= daysLate };
}
