/**
 * The calendar of legal dates ('YYYY-MM-DD', Europe/London calendar dates; docs/architecture.md invariant 7) is one
 * module, libs/workflow/src/dates.ts; the measure adds only what a query needs on top of it.
 */
import { addDays, isIsoDate, londonMidnightUtcMs } from '@ehc/workflow';

export { addDays, daysBetween, isIsoDate, londonMidnightUtcMs } from '@ehc/workflow';

export function assertIsoDate(value: string, name: string): void {
  if (!isIsoDate(value))
    throw new RangeError(`${name} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

/**
 * Whether an event recorded at `recordedAt` belongs to the figure "as at" `asAt`.
 * A date means "as reported at the end of that day in Europe/London" (recorded before the next London midnight);
 * a timestamp means "recorded at or before that instant".
 */
export function asAtCutoff(asAt: string): (recordedAt: string) => boolean {
  if (isIsoDate(asAt)) {
    const cutoff = londonMidnightUtcMs(addDays(asAt, 1));
    return (recordedAt) => Date.parse(recordedAt) < cutoff;
  }
  const instant = Date.parse(asAt);
  if (Number.isNaN(instant))
    throw new RangeError(`asAt must be a date YYYY-MM-DD or an ISO timestamp, got ${JSON.stringify(asAt)}`);
  return (recordedAt) => Date.parse(recordedAt) <= instant;
}
