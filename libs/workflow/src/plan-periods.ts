// The maintained plan's periods in calendar months, calendar years and working days (docs/plan-life.md#counting).
// The assessment's limits are in days and weeks (dates.ts); a plan's are "12 months", "5 months", "before 15
// February in the calendar year of the transfer" and "15 working days". Pure: no clock.
import { addDays, isIsoDate, type IsoDate } from './dates.js';
import type { PhaseTransfer } from './plan-events.js';

const digit = (d: string, i: number) => d.charCodeAt(i) - 48; // '0'

function parts(d: IsoDate): [number, number, number] {
  if (!isIsoDate(d)) throw new RangeError('not a valid YYYY-MM-DD date');
  // Read from the digits isIsoDate checked: split and map(Number) allocated on each of the many calls per command.
  return [
    digit(d, 0) * 1000 + digit(d, 1) * 100 + digit(d, 2) * 10 + digit(d, 3),
    digit(d, 5) * 10 + digit(d, 6),
    digit(d, 8) * 10 + digit(d, 9),
  ];
}

const pad = (n: number) => String(n).padStart(2, '0');

function lastDayOfMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * The corresponding date `n` months later (n may be negative). Where that month has no such day (31 August + 6
 * months; 29 February + 12 months), forwards it is the first day of the following month, so that a period "of n
 * months starting with" d always holds n whole months; backwards it is the last day of that month, so that "at
 * least n months before" d is never less than n months.
 */
export function addMonths(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError('addMonths: n must be a whole number of months');
  const [y, m, day] = parts(d);
  const index = y * 12 + (m - 1) + n;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  if (day > lastDayOfMonth(ny, nm)) {
    const last = `${ny}-${pad(nm)}-${pad(lastDayOfMonth(ny, nm))}`;
    return n >= 0 ? addDays(last, 1) : last;
  }
  return `${ny}-${pad(nm)}-${pad(day)}`;
}

/**
 * Last day of "the period of n months starting with" d (CFA s44(1)): the period includes d, so it ends the day
 * before the corresponding date. 12 months starting with 2025-03-10 end on 2026-03-09.
 */
export function lastDayOfMonthsStartingWith(d: IsoDate, n: number): IsoDate {
  return addDays(addMonths(d, n), -1);
}

/** Monday to Friday, and not one of the given bank holidays (England and Wales; the caller's calendar). */
export function isWorkingDay(d: IsoDate, holidays: ReadonlySet<IsoDate>): boolean {
  const [y, m, day] = parts(d);
  const dow = new Date(Date.UTC(y, m - 1, day)).getUTCDay();
  return dow !== 0 && dow !== 6 && !holidays.has(d);
}

/** Working days d with from ≤ d < to. */
export function workingDaysBefore(from: IsoDate, to: IsoDate, holidays: ReadonlySet<IsoDate>): number {
  let n = 0;
  for (let d = from; d < to; d = addDays(d, 1)) if (isWorkingDay(d, holidays)) n++;
  return n;
}

/** The last day of "n working days beginning with" d: d counts if it is a working day. */
export function lastOfWorkingDaysBeginningWith(d: IsoDate, n: number, holidays: ReadonlySet<IsoDate>): IsoDate {
  let count = 0;
  let cur = d;
  for (;;) {
    if (isWorkingDay(cur, holidays)) count++;
    if (count === n) return cur;
    cur = addDays(cur, 1);
  }
}

/** reg 15(2): how many working days' notice lets the old council transfer the plan on the day of the move. */
export const TRANSFER_NOTICE_WORKING_DAYS = 15;

/**
 * reg 15(2): the old council transfers the plan on the day of the move, or — where it did not become aware of the
 * move at least 15 working days before it — within 15 working days beginning with the day it became aware.
 */
export function transferOutDue(
  awareOn: IsoDate,
  movesOn: IsoDate,
  holidays: ReadonlySet<IsoDate> = new Set(),
): IsoDate {
  if (workingDaysBefore(awareOn, movesOn, holidays) >= TRANSFER_NOTICE_WORKING_DAYS) return movesOn;
  return lastOfWorkingDaysBeginningWith(awareOn, TRANSFER_NOTICE_WORKING_DAYS, holidays);
}

/**
 * reg 18: the last day by which the plan must have been reviewed and amended to name the setting after the move.
 * - reg 18(1): "before 15 February in the calendar year of the transfer", so 14 February is the last day; for a
 *   transfer from secondary school to a post-16 institution, before 31 March, so 30 March.
 * - reg 18(2): a move between post-16 institutions at any other time: at least 5 months before the move.
 * - a move from Year 11 into a school sixth form (the same school's or another's) is not a transfer between phases:
 *   reg 2 lists "secondary school to a post-16 institution", and a school is not a post-16 institution (CFA s83(2)).
 *   No reg 18 date applies (undefined); the ordinary annual review covers it.
 */
export function phaseTransferDue(
  transfer: PhaseTransfer,
  movesOn: IsoDate,
): { due: IsoDate; regulation: string } | undefined {
  const [y] = parts(movesOn);
  switch (transfer) {
    case 'secondary-to-school-sixth-form':
      return undefined;
    case 'secondary-to-post-16-institution':
      return { due: `${y}-03-30`, regulation: 'reg 18(1)' };
    case 'post-16-to-post-16':
      return { due: addMonths(movesOn, -5), regulation: 'reg 18(2)' };
    default:
      return { due: `${y}-02-14`, regulation: 'reg 18(1)' };
  }
}
