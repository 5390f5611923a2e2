// Europe/London wall-clock times as instants. Legal dates are London calendar dates (docs/architecture.md invariant 7), and alert
// times are London times (08:00 for a warning, 00:00 for the start of the day after a due date), so the
// conversion must follow the daylight-saving changes (last Sunday of March and of October, at 01:00 UTC).
// The time-zone database (Intl) stays the authority; its answers are kept per UTC hour, because London's offset
// only ever changes on a whole UTC hour, and a sweep or relay asks about the same few hundred days again and again
// (Intl.formatToParts costs ≈ 10 µs a call; a Map lookup well under 1 µs).
import type { IsoDate } from '@ehc/workflow';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

const HOUR_MS = 3_600_000;
/** Offsets by UTC hour; bounded (about 40 years of hours would never be reached in one process). */
const offsetByHour = new Map<number, number>();
const MAX_CACHED_HOURS = 50_000;

function offsetFromTzDatabase(instant: number): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const p = Object.fromEntries(parts.formatToParts(new Date(whole)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
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

/** The London calendar date of an instant (what londonDateOf of @ehc/platform answers, from the cached offsets). */
export function londonDate(instant: Date | number): IsoDate {
  const t = typeof instant === 'number' ? instant : instant.getTime();
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
