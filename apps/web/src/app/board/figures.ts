import type { TimelinessFigure, TimelinessResponse } from '@ehc/contracts';
import { addDays, addMonths, formatDate } from '../core/dates';
import { humanLabel } from '../core/labels';

/** "45.9%" (one decimal, as DfE publishes), or a dash when nothing was counted. */
export function percentText(p: number | null | undefined): string {
  return p === null || p === undefined || Number.isNaN(p) ? '–' : `${p.toFixed(1)}%`;
}

export function weeksText(w: number | null | undefined): string {
  return w === null || w === undefined ? '–' : `${w.toFixed(1)} weeks`;
}

/** The most recent national (England) figure the server sent, for comparison lines and text. */
export function latestNational(r: TimelinessResponse): TimelinessResponse['nationalReference'][number] | null {
  return [...r.nationalReference].sort((a, b) => b.year - a.year)[0] ?? null;
}

export const MONTHS = [
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
/** "2025-03" → "March 2025" (in full: a board paper is read, not scanned); anything else is shown as sent. */
export function periodLabel(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return m ? `${MONTHS[Number(m[2]) - 1]} ${m[1]}` : period;
}

/** The first and last day of a "YYYY-MM" month. */
function monthBounds(period: string): { first: string; last: string } {
  const first = `${period}-01`;
  return { first, last: addDays(addMonths(first, 1), -1) };
}

/**
 * The months of the trend that the period only partly covers, with the days it does cover ("5 to 31 March"): a
 * month cut short is not comparable with a whole one, so the chart and its table say so.
 */
export function partMonths(series: { period: string }[], from: string, to: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const { period } of series) {
    const { first, last } = monthBounds(period);
    if (!/^\d{4}-\d{2}$/.test(period) || (from <= first && to >= last)) continue;
    const start = from > first ? from : first,
      end = to < last ? to : last;
    const month = MONTHS[Number(period.slice(5, 7)) - 1];
    out.set(period, `${Number(start.slice(8, 10))} to ${Number(end.slice(8, 10))} ${month} only`);
  }
  return out;
}

/** What a late-plan cause code means, in the board's words ("Educational psychology advice late"). */
export function lateCauseLabel(cause: string): string {
  if (cause.startsWith('advice:')) return `${humanLabel(cause.slice('advice:'.length))} advice late`;
  if (cause.startsWith('exception:'))
    return `Exception allowed more time: ${humanLabel(cause.slice('exception:'.length)).toLowerCase()}`;
  switch (cause) {
    case 'decision-to-assess':
      return 'Decision whether to assess late (after 6 weeks)';
    case 'draft-after-16-weeks':
      return 'Draft plan sent after week 16';
    case 'draft-to-final':
      return 'Long gap between the draft and the final plan';
    case 'unattributed':
      return 'No single step overran';
    default:
      return humanLabel(cause);
  }
}

/** "52%": the sentence rounds to whole numbers, as people say them; the tables keep one decimal. */
function wholePercent(p: number): string {
  return `${Math.round(p)}%`;
}

/** "the year to March 2026", "the year to 4 March 2026" or "1 April 2025 to 31 January 2026". */
export function periodPhrase(from: string, to: string): string {
  if (addDays(addMonths(from, 12), -1) === to) {
    const monthEnd = addDays(to, 1).slice(8, 10) === '01';
    return `the year to ${monthEnd ? `${MONTHS[Number(to.slice(5, 7)) - 1]} ${to.slice(0, 4)}` : formatDate(to)}`;
  }
  return `${formatDate(from)} to ${formatDate(to)}`;
}

/**
 * The figure as one plain-English sentence for the board paper: "In the year to March 2026, 52% of new plans were
 * issued within 20 weeks, up from 45%." The comparison is with the period of the same length just before.
 */
export function headlineSentence(
  from: string,
  to: string,
  now: TimelinessFigure,
  before: TimelinessFigure | null,
): string {
  const phrase = periodPhrase(from, to);
  const lead = phrase.startsWith('the year') ? `In ${phrase}` : `From ${phrase}`;
  if (now.percent === null) return `${lead}, no new plans were issued.`;
  const main = `${lead}, ${wholePercent(now.percent)} of new plans were issued within 20 weeks`;
  if (!before || before.percent === null) return `${main}.`;
  const when = phrase.startsWith('the year') ? 'the year before' : 'the same length of time before';
  const a = Math.round(now.percent),
    b = Math.round(before.percent);
  if (a === b) return `${main}, the same as ${when}.`;
  return `${main}, ${a > b ? 'up' : 'down'} from ${wholePercent(before.percent)} ${when}.`;
}
