import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addDays, daysBetween } from '@ehc/workflow';
import { Clock } from '@ehc/platform';
import { DEADLINE_IS_WORK_SQL } from '@ehc/persistence';
import { DEADLINE_LABELS, STAGE_LABELS, type WorkItem } from '@ehc/contracts';
import type { SessionUser } from '../auth/session-user.js';

/** How far ahead "My work" looks: today, this week and next (and everything already overdue). */
export const MY_WORK_DAYS = 14;

/**
 * A caseworker's day: every open statutory deadline of the cases assigned to them (open cases, and the plan's work on
 * maintained plans: DEADLINE_IS_WORK_SQL) that is overdue or due within two weeks, soonest first. What to do about
 * each is the web's wording; the deadlines are the projection's.
 */
@Injectable()
export class MyWorkService {
  constructor(@Inject(DataSource) private readonly ds: DataSource, @Inject(Clock) private readonly clock: Clock) {}

  async list(user: SessionUser): Promise<WorkItem[]> {
    const today = this.clock.today();
    const rows = await this.ds.query(
      `SELECT d.case_id, d.deadline_id, d.kind, d.due::text AS due, d.status, d.provider, s.reference, s.stage,
              c.child->>'givenName' AS given, c.child->>'familyName' AS family
         FROM case_summary s
         JOIN case_deadline d ON d.case_id = s.case_id
         JOIN ehc_case c ON c.id = s.case_id
        WHERE s.caseworker = $1 AND s.team_id = $2 AND ${DEADLINE_IS_WORK_SQL}
          AND d.met_on IS NULL AND d.status IN ('pending', 'missed', 'excepted') AND d.due <= $3::date
        ORDER BY d.due, s.reference, d.deadline_id
        LIMIT 500`, [user.username, user.teamId, addDays(today, MY_WORK_DAYS)]);
    return rows.map((r: any): WorkItem => ({
      caseId: r.case_id, reference: r.reference, childName: r.given || r.family ? `${r.given ?? ''} ${r.family ?? ''}`.trim() : null,
      stage: r.stage, stageLabel: STAGE_LABELS[r.stage] ?? r.stage,
      deadlineId: r.deadline_id, kind: r.kind, label: DEADLINE_LABELS[r.kind] ?? r.kind, due: r.due, daysLeft: daysBetween(today, r.due),
      status: r.status, provider: r.provider ?? null, today,
    }));
  }
}
