import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  eventsRecordedAfter,
  measureSnapshot,
  measureTeams,
  timelinessCasesFromSql,
  timelinessHeadlineFromSql,
  timelinessFromSql,
  type SqlQuery,
} from '@ehc/persistence';
import { daysBetween, type MeasureCaseRow, type TimelinessQuery, type TimelinessReport } from '@ehc/measures';
import { Clock, type AppConfig } from '@ehc/platform';
import { APP_CONFIG } from '../database/database.module.js';
import { DomainError } from '../common/domain-error.js';
import type { SessionUser } from '../auth/session-user.js';
import type { TimelinessQueryDto } from './timeliness.query.js';
import { previousPeriod, timelinessBreakdown, type TimelinessBreakdown } from './timeliness-breakdown.js';

/** Published figures the board compares with (docs/law.md#published-figures, DfE SEN2). */
export const NATIONAL_REFERENCE = [
  { year: 2022, percentIncludingExceptions: 47.7, percentExcludingExceptions: 49.2 },
  { year: 2023, percentIncludingExceptions: 49.1, percentExcludingExceptions: 50.3 },
  { year: 2024, percentIncludingExceptions: 45.9, percentExcludingExceptions: 46.4 },
];

/** A correction or retraction recorded after the as-at day: what it changed, who made it, when and why. */
export interface MeasureCorrection {
  type: 'EventCorrected' | 'EventRetracted';
  /** the type and legal date of the event it corrects or retracts, as first recorded */
  correctedType: string | null;
  correctedDate: string | null;
  /** the replaced date and fields (EventCorrected only) */
  correction: Record<string, unknown> | null;
  reason: string;
  /** who: the user's display name ('Import' / 'System' for those actors) */
  by: string;
  /** when it was recorded (ISO instant) and the day it was made (its legal date) */
  recordedAt: string;
  date: string;
}

export interface MeasureChange {
  reference: string;
  before: Pick<
    MeasureCaseRow,
    | 'within20Weeks'
    | 'exceptionKinds'
    | 'excludedReason'
    | 'countedIncludingExceptions'
    | 'countedExcludingExceptions'
    | 'finalIssuedOn'
    | 'receivedOn'
  > | null;
  after: MeasureChange['before'];
  /** the corrections recorded since the as-at day that explain the change (empty: new events, not corrections) */
  corrections: MeasureCorrection[];
  eventsRecordedSince: { type: string; date: string; recordedAt: string }[];
}

/**
 * The board's measure, computed by SQL (never from a counter kept by hand): as it stands now from the case facts that
 * every write of events refolds from the log (docs/measure-definitions.md#the-case-facts-table), as at a day straight
 * from case_event.
 */
@Injectable()
export class MeasuresService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private query(user: SessionUser, q: TimelinessQueryDto): TimelinessQuery {
    if (q.from > q.to)
      throw new DomainError(400, 'INVALID_REQUEST', 'from must be on or before to', {
        errors: [{ field: 'from', message: 'from must be on or before to' }],
      });
    if (daysBetween(q.from, q.to) > 3660)
      throw new DomainError(400, 'INVALID_REQUEST', 'the period may be at most 10 years', {
        errors: [{ field: 'to', message: 'at most 10 years after from' }],
      });
    // A team manager sees their own team's figures; the board sees the council's, optionally by team.
    if (user.role === 'team-manager' && q.team && q.team !== user.teamId)
      throw new DomainError(403, 'FORBIDDEN', 'A team manager sees their own team’s figures only');
    const team = user.role === 'team-manager' ? (user.teamId ?? undefined) : q.team;
    return {
      from: q.from,
      to: q.to,
      team,
      groupBy: q.groupBy,
      today: this.clock.today(),
      boundaryDays: this.config.finalPlanDays,
    };
  }

  async timeliness(
    user: SessionUser,
    q: TimelinessQueryDto,
  ): Promise<
    TimelinessReport & {
      nationalReference: typeof NATIONAL_REFERENCE;
      asAtComparison?: { date: string; report: TimelinessReport; changes: MeasureChange[] };
    }
  > {
    const base = this.query(user, q);
    // One read-only REPEATABLE READ snapshot: the headline, its companions, the as-at comparison and the drill-down
    // describe the same log even while caseworkers keep recording events.
    return measureSnapshot(this.ds, async (run) => {
      const now = await timelinessFromSql(run, base);
      if (!q.asAt) return { ...now, nationalReference: NATIONAL_REFERENCE };
      const asAtQuery = { ...base, asAt: q.asAt, today: q.asAt < base.today ? q.asAt : base.today };
      const then = await timelinessFromSql(run, asAtQuery);
      const changes = await this.changes(run, base, asAtQuery);
      return { ...now, nationalReference: NATIONAL_REFERENCE, asAtComparison: { date: q.asAt, report: then, changes } };
    });
  }

  async cases(user: SessionUser, q: TimelinessQueryDto): Promise<MeasureCaseRow[]> {
    const base = this.query(user, q);
    return measureSnapshot(this.ds, (run) => timelinessCasesFromSql(run, q.asAt ? { ...base, asAt: q.asAt } : base));
  }

  /**
   * The figure team by team (the board's whole council, or a team manager's own team), the "excluding exceptions"
   * trend line, and the figure for the period of the same length before, all in one snapshot.
   */
  async breakdown(user: SessionUser, q: TimelinessQueryDto): Promise<TimelinessBreakdown> {
    const base = this.query(user, q);
    return measureSnapshot(this.ds, async (run) => {
      const rows = await timelinessCasesFromSql(run, base);
      const teams = await measureTeams(run, base.team);
      const prev = previousPeriod(base.from, base.to);
      const before = await timelinessHeadlineFromSql(run, { ...base, ...prev, groupBy: undefined });
      return {
        ...timelinessBreakdown(rows, teams, base.from, base.to),
        previousPeriod: {
          ...prev,
          includingExceptions: before.includingExceptions,
          excludingExceptions: before.excludingExceptions,
        },
      };
    });
  }

  /** Why the figure changed since it was reported: the cases whose standing differs, with the events recorded later. */
  private async changes(run: SqlQuery, now: TimelinessQuery, then: TimelinessQuery): Promise<MeasureChange[]> {
    const a = await timelinessCasesFromSql(run, then);
    const b = await timelinessCasesFromSql(run, now);
    const pick = (r: MeasureCaseRow | undefined) =>
      r
        ? {
            within20Weeks: r.within20Weeks,
            exceptionKinds: r.exceptionKinds,
            excludedReason: r.excludedReason,
            receivedOn: r.receivedOn,
            countedIncludingExceptions: r.countedIncludingExceptions,
            countedExcludingExceptions: r.countedExcludingExceptions,
            finalIssuedOn: r.finalIssuedOn,
          }
        : null;
    const before = new Map(a.map((r) => [r.reference, r]));
    const after = new Map(b.map((r) => [r.reference, r]));
    const refs = [...new Set([...before.keys(), ...after.keys()])]
      .filter((ref) => JSON.stringify(pick(before.get(ref))) !== JSON.stringify(pick(after.get(ref))))
      .sort();
    if (!refs.length) return [];
    const events = await eventsRecordedAfter(run, refs, then.asAt!);
    const who = (e: (typeof events)[number]) =>
      e.display_name ?? (e.actor === 'system' ? 'System' : e.actor === 'import' ? 'Import' : 'Unknown user');
    return refs.map((reference) => {
      const mine = events.filter((e) => e.reference === reference);
      return {
        reference,
        before: pick(before.get(reference)),
        after: pick(after.get(reference)),
        corrections: mine
          .filter((e) => e.type === 'EventCorrected' || e.type === 'EventRetracted')
          .map((e) => ({
            type: e.type as MeasureCorrection['type'],
            correctedType: e.target_type,
            correctedDate: e.target_date,
            correction:
              e.type === 'EventCorrected' && typeof e.data['correction'] === 'object'
                ? (e.data['correction'] as Record<string, unknown>)
                : null,
            reason: typeof e.data['reason'] === 'string' ? e.data['reason'] : '',
            by: who(e),
            recordedAt: new Date(e.recorded_at).toISOString(),
            date: e.date,
          })),
        eventsRecordedSince: mine.map((e) => ({
          type: e.type,
          date: e.date,
          recordedAt: new Date(e.recorded_at).toISOString(),
        })),
      };
    });
  }
}
