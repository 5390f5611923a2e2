import type { TimelinessResponse } from '@ehc/contracts';

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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "2025-03" → "Mar 2025"; anything else is shown as sent. */
export function periodLabel(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return m ? `${MONTHS[Number(m[2]) - 1]} ${m[1]}` : period;
}
