import type { IsoDate, TimelinessFigure } from '@ehc/contracts';

/** GET /api/measures/timeliness/breakdown (apps/api/src/measures/timeliness-breakdown.ts). */
export interface TimelinessBreakdown {
  byTeam: {
    team: string;
    teamName: string;
    includingExceptions: TimelinessFigure;
    excludingExceptions: TimelinessFigure;
  }[];
  seriesExcludingExceptions: { period: string; issued: number; within20Weeks: number; percent: number | null }[];
  previousPeriod: {
    from: IsoDate;
    to: IsoDate;
    includingExceptions: TimelinessFigure;
    excludingExceptions: TimelinessFigure;
  };
}
