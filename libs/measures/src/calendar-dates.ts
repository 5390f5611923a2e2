/**
 * Calendar-date arithmetic for legal dates ('YYYY-MM-DD', Europe/London calendar dates; docs/architecture.md invariant 7).
 * Dates are turned into day numbers (days since 1970-01-01) so a daylight-saving change can never shift a day.
 * Date.UTC only does arithmetic here: it never reads the clock.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const back = new Date(Date.UTC(y, mo - 1, d));
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d;
}

export function assertIsoDate(value: string, name: string): void {
  if (!isIsoDate(value)) throw new RangeError(`${name} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

/** Days since 1970-01-01 of a calendar date. */
export function dayNumber(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
}

export function fromDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). docs/law.md#counting-days: the start date is day 0. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** Day number of the last Sunday of a month (month 1-12). */
function lastSunday(year: number, month: number): number {
  const lastDay = Date.UTC(year, month, 0) / MS_PER_DAY; // day 0 of the next month = last day of this one
  const weekday = new Date(lastDay * MS_PER_DAY).getUTCDay(); // 0 = Sunday
  return lastDay - weekday;
}

/**
 * The UTC instant (ms) of 00:00 Europe/London on a calendar date.
 * UK summer time (Summer Time Order 2002, EU rule): BST (UTC+1) from 01:00 UTC on the last Sunday of March to
 * 01:00 UTC on the last Sunday of October. Local midnight is therefore in BST exactly when the date is after the
 * last Sunday of March and on or before the last Sunday of October.
 */
export function londonMidnightUtcMs(date: string): number {
  const day = dayNumber(date);
  const year = Number(date.slice(0, 4));
  const bst = day > lastSunday(year, 3) && day <= lastSunday(year, 10);
  return day * MS_PER_DAY - (bst ? 3_600_000 : 0);
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
  if (Number.isNaN(instant)) throw new RangeError(`asAt must be a date YYYY-MM-DD or an ISO timestamp, got ${JSON.stringify(asAt)}`);
  return (recordedAt) => Date.parse(recordedAt) <= instant;
}
