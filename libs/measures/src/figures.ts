/**
 * How counts become the published figures. Shared by the pure reference and the SQL path so that both round
 * the same way: the SQL computes counts, sums and medians; these functions only format them.
 */
import type { SeriesUnit, TimelinessBands, WeeksToIssue } from './timeliness-types.js';

/** DfE publishes percentages to 1 decimal place; no denominator, no figure. */
export function percent(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return Math.round((1000 * numerator) / denominator) / 10;
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Weeks to 1 decimal from calendar days. */
export function weeks(days: number): number {
  return round1(days / 7);
}

/** avg_weeks_issue_plan: mean and median of elapsed days, in weeks to 1 decimal. */
export function weeksToIssue(count: number, sumDays: number, medianDays: number | null): WeeksToIssue {
  if (count === 0) return { median: null, mean: null };
  return { median: medianDays === null ? null : round1(medianDays / 7), mean: round1(sumDays / count / 7) };
}

/** Median of numbers (mean of the middle two for an even count), like SQL percentile_cont(0.5). */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The band of a plan issued after `elapsedDays` (docs/law.md#the-boards-measure): within ⇔ ≤ boundary; 20–52 weeks ⇔ boundary < d ≤ 364;
 * over 52 weeks ⇔ d > 364 (and past the boundary, so the bands stay a partition whatever the boundary).
 */
export function band(elapsedDays: number, boundaryDays: number): keyof TimelinessBands {
  if (elapsedDays <= boundaryDays) return 'within20Weeks';
  if (elapsedDays <= 364) return 'from20To52Weeks';
  return 'over52Weeks';
}

/** Label of the series period containing a date: 2024-03, 2024-Q1, 2024. */
export function periodLabel(date: string, unit: SeriesUnit): string {
  const year = date.slice(0, 4);
  if (unit === 'year') return year;
  const month = Number(date.slice(5, 7));
  if (unit === 'quarter') return `${year}-Q${Math.ceil(month / 3)}`;
  return date.slice(0, 7);
}

/** Every series period from the one containing `from` to the one containing `to`, in order. */
export function periodLabels(from: string, to: string, unit: SeriesUnit): string[] {
  const labels: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const step = unit === 'year' ? 12 : unit === 'quarter' ? 3 : 1;
  if (unit === 'year') m = 1;
  if (unit === 'quarter') m = 3 * Math.floor((m - 1) / 3) + 1;
  const last = periodLabel(to, unit);
  for (let guard = 0; guard < 100_000; guard++) {
    const first = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
    const label = periodLabel(first, unit);
    labels.push(label);
    if (label === last) break;
    m += step;
    if (m > 12) {
      m -= 12;
      y += 1;
    }
  }
  return labels;
}
