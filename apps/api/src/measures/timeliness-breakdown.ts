import { percent, periodLabel, periodLabels, type MeasureCaseRow, type SeriesPoint, type TimelinessFigure } from '@ehc/measures';

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
export function timelinessBreakdown(rows: MeasureCaseRow[], teams: { id: string; name: string }[], from: string, to: string): TimelinessBreakdown {
  const byTeam = teams.map(({ id, name }) => {
    const own = rows.filter((r) => r.team === id);
    return {
      team: id, teamName: name,
      includingExceptions: figure(own, (r) => r.countedIncludingExceptions),
      excludingExceptions: figure(own, (r) => r.countedExcludingExceptions),
    };
  });
  const seriesExcludingExceptions = periodLabels(from, to, 'month').map((period) => {
    const f = figure(rows.filter((r) => periodLabel(r.finalIssuedOn, 'month') === period), (r) => r.countedExcludingExceptions);
    return { period, issued: f.issued, within20Weeks: f.within20Weeks, percent: f.percent };
  });
  return { byTeam, seriesExcludingExceptions };
}
