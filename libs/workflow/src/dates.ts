// Legal dates are calendar dates in Europe/London, written 'YYYY-MM-DD' (docs/law.md#counting-days).
// They are compared and counted as whole calendar days. Arithmetic runs on Date.UTC so that the
// host's time zone and daylight-saving changes can never shift a statutory due date.

/** A Europe/London calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;

// Day numbers (days since 1970-01-01) are computed with integer arithmetic on the proleptic Gregorian calendar
// (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"), not through Date objects and a regular expression:
// every command derives a case's deadlines, which is hundreds of date steps, and this was a quarter of `decide`'s
// CPU in a profile (addDays with its regex and Date round trip).
// dates.spec checks them against Date.UTC over a wide range of dates.

const ZERO = 48; // '0'
const DASH = 45; // '-'

/** 'YYYY-MM-DD' → day number, or NaN if it is not a real calendar date in that exact form. */
function dayNumber(d: string): number {
  if (d.length !== 10 || d.charCodeAt(4) !== DASH || d.charCodeAt(7) !== DASH) return NaN;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = d.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) return NaN;
    y = y * 10 + c;
  }
  const m1 = d.charCodeAt(5) - ZERO,
    m2 = d.charCodeAt(6) - ZERO,
    d1 = d.charCodeAt(8) - ZERO,
    d2 = d.charCodeAt(9) - ZERO;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return NaN;
  const m = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  if (m < 1 || m > 12 || day < 1 || day > daysInMonth(y, m)) return NaN;
  return daysFromCivil(y, m, day);
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function fromDayNumber(n: number): IsoDate {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) throw new RangeError('date out of range (years 0000-9999)');
  return `${y < 1000 ? String(y).padStart(4, '0') : y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Strict: 'YYYY-MM-DD', a real calendar date (no 2025-02-30), 4-digit year. */
export function isIsoDate(v: unknown): v is IsoDate {
  return typeof v === 'string' && !Number.isNaN(dayNumber(v));
}

/** d + n calendar days. */
export function addDays(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError('addDays: n must be a whole number of days');
  const day = dayNumber(d);
  if (Number.isNaN(day)) throw new RangeError('addDays: not a valid YYYY-MM-DD date');
  return fromDayNumber(day + n);
}

/** to − from in calendar days (negative if to is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (Number.isNaN(a) || Number.isNaN(b)) throw new RangeError('daysBetween: not a valid YYYY-MM-DD date');
  return b - a;
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

// ---------------------------------------------------------------------------------------------
// Instants and London wall-clock times: the one place that turns an instant into a legal date (for callers that
// own a clock: the api, the worker, the web app) and a London date and time into an instant (alert times).
// The time-zone database (Intl) is the authority; its answers are kept per UTC hour, because London's offset
// only ever changes on a whole UTC hour, and a sweep or relay asks about the same few hundred days again and again
// (Intl.formatToParts costs ≈ 10 µs a call; a Map lookup well under 1 µs). Nothing here reads the clock.
// ---------------------------------------------------------------------------------------------

const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

const HOUR_MS = 3_600_000;
/** Offsets by UTC hour; bounded (about 40 years of hours would never be reached in one process). */
const offsetByHour = new Map<number, number>();
const MAX_CACHED_HOURS = 50_000;

function offsetFromTzDatabase(instant: number): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const p = Object.fromEntries(LONDON_PARTS.formatToParts(new Date(whole)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(
    Number(p['year']),
    Number(p['month']) - 1,
    Number(p['day']),
    Number(p['hour']),
    Number(p['minute']),
    Number(p['second']),
  );
  return wall - whole;
}

/** London wall-clock time minus UTC at an instant, in ms (0 in winter, 3,600,000 in summer). */
export function londonOffsetMs(instant: number): number {
  const hour = Math.floor(instant / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    offset = offsetFromTzDatabase(hour * HOUR_MS);
    if (offsetByHour.size >= MAX_CACHED_HOURS) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/**
 * The calendar date in Europe/London of an instant. For callers that own a clock (the API, the
 * worker, the web app): 2025-03-30T23:30:00Z is already 2025-03-31 in London (BST), 2025-01-15T23:30:00Z is not.
 */
export function londonDate(instant: Date | number): IsoDate {
  const t = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(t)) throw new RangeError('londonDate: invalid Date');
  return new Date(t + londonOffsetMs(t)).toISOString().slice(0, 10);
}

/** The instant at which London clocks show `date` `hour:minute` (for a time skipped by the spring change, the instant after the gap). */
export function londonInstant(date: IsoDate, hour = 0, minute = 0): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour, minute);
  let t = wall - londonOffsetMs(wall);
  const again = wall - londonOffsetMs(t);
  if (again !== t) t = Math.max(t, again);
  return new Date(t);
}

/** The UTC instant (ms) of 00:00 Europe/London on a calendar date: where that London day begins. */
export function londonMidnightUtcMs(date: IsoDate): number {
  if (Number.isNaN(dayNumber(date))) throw new RangeError('londonMidnightUtcMs: not a valid YYYY-MM-DD date');
  return londonInstant(date).getTime();
}
