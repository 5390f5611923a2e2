// Europe/London wall-clock times as instants. Legal dates are London calendar dates (invariant 7), and alert
// times are London times (08:00 for a warning, 00:00 for the start of the day after a due date), so the
// conversion must follow the daylight-saving changes (last Sunday of March and of October, at 01:00 UTC).
import type { IsoDate } from '@ehc/workflow';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

/** London wall-clock time minus UTC at an instant, in ms (0 in winter, 3,600,000 in summer). */
export function londonOffsetMs(instant: number): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const p = Object.fromEntries(parts.formatToParts(new Date(whole)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - whole;
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
