import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { closuresForSchool, loadStream } from '@ehc/persistence';
import {
  activeExceptions,
  addDays,
  checkException,
  closureWindow,
  EXCEPTION_LIMBS,
  overlapDays,
  proposeSchoolClosureException,
  TIME_LIMIT_DAYS,
  type AdviceRequested,
  type CaseEvent,
  type ClosurePeriod,
  type DeadlineKind,
  type ExceptionRecorded,
} from '@ehc/workflow';
import { Clock, type AppConfig } from '@ehc/platform';
import { APP_CONFIG } from '../database/database.module.js';
import { notFound } from '../common/domain-error.js';
import type { SessionUser } from '../auth/session-user.js';

export interface ExceptionProposal {
  kind: 'school-closure';
  regulation: string;
  from: string;
  to: string;
  appliesTo: DeadlineKind[];
  adviceId: string;
  adviceRequestedOn: string;
  closure: {
    id: string;
    settingId: string | null;
    closedFrom: string;
    reopensOn: string;
    description: string;
    adviceWindow: { from: string; to: string };
  };
  /** The event to POST to /api/cases/:id/events (fill in evidence and familyInformedOn) for a one-click record. */
  event: Omit<ExceptionRecorded, 'evidence'> & { evidence: string };
}

/**
 * Regs 5(4)(a), 10(4)(a), 13(3): when advice was requested from a head teacher (provider 'education') from one
 * week before a closure of at least 4 weeks until one week before it re-opens, the LA need not meet the 6-week,
 * 16-week and 20-week limits. This finds such requests on a case and proposes the exception; recording it stays
 * a caseworker's decision through the case events API (checked again there by checkException).
 */
@Injectable()
export class ExceptionProposalsService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async forCase(user: SessionUser, caseId: string): Promise<ExceptionProposal[]> {
    const s = await loadStream(this.ds, caseId);
    if (!s || s.teamId !== user.teamId) throw notFound('The case');
    const history = s.events;
    const d0 = history[0]?.type === 'RequestReceived' ? history[0].date : undefined;
    if (!d0) return [];
    // The head teacher asked is the child's own school's (reg 6(1)(b)): when that school has term dates of its own
    // (school_closure.setting_id = the child's school, as the admin entered it), they replace the LA-wide default
    // calendar (setting_id NULL) for this case; otherwise the default applies.
    const school = typeof s.child?.school === 'string' && s.child.school.trim() ? s.child.school.trim() : null;
    const rows = await closuresForSchool(this.ds, school);
    const own = rows.filter((r) => r.setting_id !== null);
    const closures: (ClosurePeriod & { id: string; description: string })[] = (own.length ? own : rows).map((r) => ({
      id: r.id,
      closedFrom: r.closed_from,
      reopensOn: r.reopens_on,
      description: r.description,
      ...(r.setting_id === null ? {} : { settingId: r.setting_id }),
    }));
    const covered = new Set(
      activeExceptions(history)
        .filter((x) => x.kind === 'school-closure')
        .map((x) => x.adviceId),
    );
    const today = this.clock.today();
    const finalPlanDays = this.config.finalPlanDays;
    const periods: Record<string, [string, string]> = {
      'decision-to-assess': [d0, addDays(d0, TIME_LIMIT_DAYS.decisionToAssess)],
      'no-plan-notice': [d0, addDays(d0, TIME_LIMIT_DAYS.noPlanNotice)],
      'final-plan': [d0, addDays(d0, finalPlanDays)],
    };
    const out: ExceptionProposal[] = [];
    for (const a of history.filter(
      (e): e is AdviceRequested => e.type === 'AdviceRequested' && e.provider === 'education',
    )) {
      if (covered.has(a.adviceId)) continue;
      const c = proposeSchoolClosureException(a.date, closures) as (typeof closures)[number] | undefined;
      if (!c) continue;
      // Only the limits whose period the closure overlaps ("during that time period").
      // (The limits of the original request only; tribunal-order limits (reg 44(3)) are not proposed here.)
      const appliesTo = EXCEPTION_LIMBS['school-closure'].appliesTo.filter(
        (k) => periods[k] && overlapDays(c.closedFrom, c.reopensOn, periods[k][0], periods[k][1]) > 0,
      );
      if (!appliesTo.length) continue;
      const event = {
        type: 'ExceptionRecorded' as const,
        date: today,
        exceptionId: `school-closure-${a.adviceId}`,
        kind: 'school-closure' as const,
        from: c.closedFrom,
        to: c.reopensOn,
        appliesTo: [...appliesTo],
        adviceId: a.adviceId,
        evidence: `Advice ${a.adviceId} requested from the head teacher on ${a.date}, within one week before the closure ${c.closedFrom} to ${c.reopensOn} (${c.description}).`,
      };
      if (!checkException(event as ExceptionRecorded, history as CaseEvent[], { closures, finalPlanDays }).ok) continue;
      out.push({
        kind: 'school-closure',
        regulation: EXCEPTION_LIMBS['school-closure'].regulation,
        from: c.closedFrom,
        to: c.reopensOn,
        appliesTo: [...appliesTo],
        adviceId: a.adviceId,
        adviceRequestedOn: a.date,
        closure: {
          id: c.id,
          settingId: c.settingId ?? null,
          closedFrom: c.closedFrom,
          reopensOn: c.reopensOn,
          description: c.description,
          adviceWindow: closureWindow(c),
        },
        event,
      });
    }
    return out;
  }
}
