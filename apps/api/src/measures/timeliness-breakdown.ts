import {
  addDays,
  daysBetween,
  percent,
  periodLabel,
  periodLabels,
  type MeasureCaseRow,
  type SeriesPoint,
  type TimelinessFigure,
} from '@ehc/measures';

/** One team's share of the board's figure: the same population and rule as the headline, for that team only. */
export interface TeamFigure {
  team: string;
  teamName: string;
  includingExceptions: TimelinessFigure;
  excludingExceptions: TimelinessFigure;
}

export interface TimelinessBreakdown {
  byTeam: TeamFigure[];
  /** Month by month, the figure that leaves out plans with an exception to the 20-week limit (the DfE headline). */
  seriesExcludingExceptions: SeriesPoint[];
  /** The same figure for the period of the same length just before, for "up from 45%" in the board's sentence. */
  previousPeriod: {
    from: string;
    to: string;
    includingExceptions: TimelinessFigure;
    excludingExceptions: TimelinessFigure;
  };
}

/** `iso` moved by whole calendar months, the day clamped to the month's length (31 March - 1 month = 28/29 February). */
function addMonths(iso: string, months: number): string {
  const total = Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1 + months;
  const y = Math.floor(total / 12),
    m = (total % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(Number(iso.slice(8, 10)), last)).padStart(2, '0')}`;
}

/**
 * The period just before, of the same length: the same number of whole months when the period is whole months
 * (a year to 4 March 2026 → the year to 4 March 2025, leap days or not), else the same number of days.
 */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const prevTo = addDays(from, -1);
  for (let n = 1; n <= 120; n++) {
    if (addDays(addMonths(from, n), -1) === to) return { from: addMonths(from, -n), to: prevTo };
  }
  return { from: addDays(prevTo, -daysBetween(from, to)), to: prevTo };
}

function figure(rows: MeasureCaseRow[], counted: (r: MeasureCaseRow) => boolean): TimelinessFigure {
  const c = rows.filter(counted);
  const within = c.filter((r) => r.within20Weeks === true).length;
  return { issued: c.length, within20Weeks: within, percent: percent(within, c.length) };
}

/**
 * The team breakdown and the "excluding exceptions" trend, from the drill-down rows of one snapshot (so they add up
 * to the headline computed in the same snapshot). Every team asked about is listed, even with no plans.
 */
export function timelinessBreakdown(
  rows: MeasureCaseRow[],
  teams: { id: string; name: string }[],
  from: string,
  to: string,
): Omit<TimelinessBreakdown, 'previousPeriod'> {
  const byTeam = teams.map(({ id, name }) => {
    const own = rows.filter((r) => r.team === id);
    return {
      team: id,
      teamName: name,
      includingExceptions: figure(own, (r) => r.countedIncludingExceptions),
      excludingExceptions: figure(own, (r) => r.countedExcludingExceptions),
    };
  });
  const seriesExcludingExceptions = periodLabels(from, to, 'month').map((period) => {
    const f = figure(
      rows.filter((r) => periodLabel(r.finalIssuedOn, 'month') === period),
      (r) => r.countedExcludingExceptions,
    );
    return { period, issued: f.issued, within20Weeks: f.within20Weeks, percent: f.percent };
  });
  return { byTeam, seriesExcludingExceptions };
}
