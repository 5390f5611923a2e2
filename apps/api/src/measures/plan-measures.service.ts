import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  daysBetween,
  PLAN_READ_TYPES,
  planReport,
  planRowsFromCaseRows,
  type PlanFoldCache,
  type PlanReport,
} from '@ehc/measures';
import { measureSnapshot, readCaseRows } from '@ehc/persistence';
import { Clock } from '@ehc/platform';
import { DomainError } from '../common/domain-error.js';
import type { SessionUser } from '../auth/session-user.js';
import type { PlanMeasuresQueryDto } from './plan-measures.query.js';

/**
 * The board's plan measures (docs/plan-life.md#the-boards-measures), computed from case_event by the pure reference
 * itself: the plan's events are folded per case (docs/sen2.md#performance for the timing on a national-size log).
 */
@Injectable()
export class PlanMeasuresService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /**
   * Plans folded earlier today, by case, reused while the case's stream has not moved (its last version is the
   * stamp): the board's page and its drill-down read the same plans, and only the cases changed since are folded
   * again. Emptied when the day changes (every deadline's status depends on it). Not used for an as-at figure.
   */
  private cache: { day: string; plans: PlanFoldCache } = { day: '', plans: new Map() };

  async report(user: SessionUser, q: PlanMeasuresQueryDto): Promise<PlanReport> {
    if (q.from > q.to)
      throw new DomainError(400, 'INVALID_REQUEST', 'from must be on or before to', {
        errors: [{ field: 'from', message: 'from must be on or before to' }],
      });
    const trendFrom = q.trendFrom ?? `${Number(q.on.slice(0, 4)) - 1}${q.on.slice(4, 7)}-01`;
    if (trendFrom > q.on)
      throw new DomainError(400, 'INVALID_REQUEST', 'trendFrom must be on or before on', {
        errors: [{ field: 'trendFrom', message: 'trendFrom must be on or before on' }],
      });
    if (daysBetween(trendFrom, q.on) > 3660 || daysBetween(q.from, q.to) > 3660) {
      throw new DomainError(400, 'INVALID_REQUEST', 'a period or trend may be at most 10 years', {
        errors: [{ field: 'from', message: 'at most 10 years' }],
      });
    }
    // A team manager sees their own team's figures; the board sees the council's, optionally by team.
    if (user.role === 'team-manager' && q.team && q.team !== user.teamId)
      throw new DomainError(403, 'FORBIDDEN', 'A team manager sees their own team’s figures only');
    const team = user.role === 'team-manager' ? (user.teamId ?? undefined) : q.team;
    const today = this.clock.today();
    const rows = await measureSnapshot(this.ds, (run) => readCaseRows(run, { types: PLAN_READ_TYPES, team }));
    const asAt = q.asAt;
    if (this.cache.day !== today) this.cache = { day: today, plans: new Map() };
    return planReport(
      planRowsFromCaseRows(rows, { asAt }),
      {
        on: q.on,
        from: q.from,
        to: q.to,
        year: q.year,
        trendFrom,
        basis: q.basis ?? 'attended',
        today: asAt !== undefined && asAt < today ? asAt : today,
        ...(team ? { team } : {}),
        ...(asAt ? { asAt } : {}),
      },
      this.cache.plans,
    );
  }
}
