// Legal dates are calendar dates in Europe/London, written 'YYYY-MM-DD' (statutory-reference §3.3).
// They are compared and counted as whole calendar days. Arithmetic runs on Date.UTC so that the
// host's time zone and daylight-saving changes can never shift a statutory due date.

/** A Europe/London calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtcMs(d: IsoDate): number {
  const m = ISO_DATE.exec(d);
  if (!m) throw new RangeError('not a YYYY-MM-DD date');
  const t = new Date(0);
  // setUTCFullYear keeps years 0000-0099 literal (Date.UTC would map them to 19xx).
  t.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return t.getTime();
}

function fromUtcMs(ms: number): IsoDate {
  const t = new Date(ms);
  const y = t.getUTCFullYear();
  if (y < 0 || y > 9999) throw new RangeError('date out of range (years 0000-9999)');
  return `${String(y).padStart(4, '0')}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

/** Strict: 'YYYY-MM-DD', a real calendar date (no 2025-02-30), 4-digit year. */
export function isIsoDate(v: unknown): v is IsoDate {
  if (typeof v !== 'string' || !ISO_DATE.test(v)) return false;
  return fromUtcMs(toUtcMs(v)) === v; // round trip rejects 2025-02-29, 2025-13-01, 2025-04-31
}

/** d + n calendar days. */
export function addDays(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError('addDays: n must be a whole number of days');
  if (!isIsoDate(d)) throw new RangeError('addDays: not a valid YYYY-MM-DD date');
  return fromUtcMs(toUtcMs(d) + n * DAY_MS);
}

/** to − from in calendar days (negative if to is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  if (!isIsoDate(from) || !isIsoDate(to)) throw new RangeError('daysBetween: not a valid YYYY-MM-DD date');
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** The later of two dates (ISO dates with 4-digit years sort as strings). */
export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

/** The earlier of two dates. */
export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

/** Days two closed intervals [aFrom, aTo] and [bFrom, bTo] have in common (0 if disjoint). */
export function overlapDays(aFrom: IsoDate, aTo: IsoDate, bFrom: IsoDate, bTo: IsoDate): number {
  const from = maxDate(aFrom, bFrom);
  const to = minDate(aTo, bTo);
  return from > to ? 0 : daysBetween(from, to) + 1;
}

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The calendar date in Europe/London of an instant. For callers that own a clock (the API, the
 * worker): 2025-03-30T23:30:00Z is already 2025-03-31 in London (BST), 2025-01-15T23:30:00Z is not.
 */
export function londonDate(instant: Date): IsoDate {
  if (Number.isNaN(instant.getTime())) throw new RangeError('londonDate: invalid Date');
  const parts = LONDON.formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`;
}
