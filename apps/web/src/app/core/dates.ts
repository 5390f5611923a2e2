import type { IsoDate } from '@ehc/contracts';
// The calendar is one module shared with the server; it is pure (no clock, no imports), so the web app takes it as it is.
import { addDays as addCalendarDays, isIsoDate, londonDate } from '../../../../../libs/workflow/src/dates';

/** The three boxes of a GOV.UK date input, as typed. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const emptyDate = (): DateParts => ({ day: '', month: '', year: '' });

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function isBlankDate(p: DateParts): boolean {
  return !p.day.trim() && !p.month.trim() && !p.year.trim();
}

/** 'YYYY-MM-DD' for a real calendar date (31 February is refused), otherwise null. */
export function toIsoDate(p: DateParts): IsoDate | null {
  if (!/^\d{1,2}$/.test(p.day.trim()) || !/^\d{1,2}$/.test(p.month.trim()) || !/^\d{4}$/.test(p.year.trim()))
    return null;
  const d = Number(p.day),
    m = Number(p.month),
    y = Number(p.year);
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null; // the calendar's own check: 31 February is not a date
}

export function fromIsoDate(iso: IsoDate | null | undefined): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] } : emptyDate();
}

/** GOV.UK style: "3 March 2026". Reads the string, so no time zone can shift the day. */
export function formatDate(iso: IsoDate | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  if (!m) return '';
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** "3 March 2026 at 2:05pm" for recorded times (timestamps), shown in the browser's (UK) time. */
export function formatDateTime(at: string | null | undefined): string {
  if (!at) return '';
  const t = new Date(at);
  if (Number.isNaN(t.getTime())) return '';
  const date = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  }).format(t);
  const time = new Intl.DateTimeFormat('en-GB', {
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
    timeZone: 'Europe/London',
  })
    .format(t)
    .replace(/\s/g, '')
    .toLowerCase();
  return `${date} at ${time}`;
}

/** Today's calendar date in Europe/London (the UI's default for "date received" and periods). */
export function londonToday(now: Date = new Date()): IsoDate {
  return londonDate(now);
}

/** Calendar arithmetic on 'YYYY-MM-DD' strings: the calendar's own (libs/workflow/src/dates.ts). */
export const addDays = (iso: IsoDate, days: number): IsoDate => addCalendarDays(iso, days);

export function addMonths(iso: IsoDate, months: number): IsoDate {
  const [y, m, d] = iso.split('-').map(Number);
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
