import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { caseworkerWork } from '@ehc/persistence';
import { addDays, daysBetween } from '@ehc/workflow';
import { Clock } from '@ehc/platform';
import { DEADLINE_LABELS, STAGE_LABELS, type WorkItem } from '@ehc/contracts';
import type { SessionUser } from '../auth/session-user.js';

/** How far ahead "My work" looks: today, this week and next (and everything already overdue). */
export const MY_WORK_DAYS = 14;

/**
 * A caseworker's day: every open statutory deadline of the cases assigned to them that is overdue or due within two
 * weeks, soonest first. What to do about each is the web's wording; the deadlines are the projection's.
 */
@Injectable()
export class MyWorkService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(user: SessionUser): Promise<WorkItem[]> {
    const today = this.clock.today();
    const rows = await caseworkerWork(this.ds, user.username, user.teamId as string, addDays(today, MY_WORK_DAYS));
    return rows.map((r): WorkItem => ({
      caseId: r.case_id,
      reference: r.reference,
      childName: r.given || r.family ? `${r.given ?? ''} ${r.family ?? ''}`.trim() : null,
      stage: r.stage,
      stageLabel: STAGE_LABELS[r.stage] ?? r.stage,
      deadlineId: r.deadline_id,
      kind: r.kind,
      label: DEADLINE_LABELS[r.kind] ?? r.kind,
      due: r.due,
      daysLeft: daysBetween(today, r.due),
      status: r.status as WorkItem['status'],
      provider: r.provider ?? null,
      today,
    }));
  }
}
