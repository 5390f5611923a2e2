import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { deadlineQueueView } from '@ehc/persistence';
import { addDays, daysBetween } from '@ehc/workflow';
import { Clock } from '@ehc/platform';
import {
  DEADLINE_LABELS,
  STAGE_LABELS,
  type CaseloadCount,
  type DeadlineQueueItem,
  type DeadlineQueuePage,
} from '@ehc/contracts';
import { DomainError } from '../common/domain-error.js';
import type { SessionUser } from '../auth/session-user.js';
import type { DeadlineQueueQueryDto } from './deadline-queue.query.js';
import { AuditService } from '../audit/audit.service.js';
import type { PendingAudit } from '../audit/audited.decorator.js';

type Bucket = DeadlineQueueItem['bucket'];

export function bucketOf(daysLeft: number): Bucket {
  return daysLeft < 0 ? 'overdue' : daysLeft <= 7 ? 'within-7' : daysLeft <= 14 ? 'within-14' : 'later';
}

/**
 * The manager's queue: every open deadline of the team (pending, or missed/excepted and still not met: a
 * final plan 3 weeks late is still work to do), earliest due first, so overdue comes first, then due within
 * 7 and 14 days. Keyset-paged on (due, case_id, deadline_id) over the partial index case_deadline_open_due.
 */
@Injectable()
export class DeadlineQueueService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** The page; with `audit`, the audit row is written by the page's own statement (one round trip, one commit). */
  async list(user: SessionUser, q: DeadlineQueueQueryDto, audit?: PendingAudit): Promise<DeadlineQueuePage> {
    if (!user.teamId) throw new DomainError(403, 'FORBIDDEN', 'You are not in a team, so you have no deadline queue');
    if (q.page && q.cursor) {
      throw new DomainError(400, 'INVALID_REQUEST', 'Give either page or cursor, not both', {
        errors: [{ field: 'page', message: 'not allowed with cursor' }],
      });
    }
    const today = this.clock.today();
    const limit = q.limit ?? 50;
    const filter = { teamId: user.teamId, caseworker: q.caseworker, provider: q.provider };
    const due =
      q.bucket === 'overdue'
        ? { before: today }
        : q.bucket === 'within-7'
          ? { from: today, to: addDays(today, 7) }
          : q.bucket === 'within-14'
            ? { from: addDays(today, 8), to: addDays(today, 14) }
            : undefined;
    // The counts cover the whole queue under the caseworker/provider filters (every bucket, so each can be offered as
    // a filter with its true size), read by the page's own statement; they never depend on which page is shown.
    const { rows, nextCursor, counts, caseloads } = await deadlineQueueView(
      this.ds,
      { ...filter, due, cursor: q.cursor, limit, offset: q.page ? (q.page - 1) * limit : 0 },
      today,
      audit && ((first) => this.audit.cte(audit.record, first)),
    );
    if (audit) audit.written = true;
    const total =
      q.bucket === 'overdue'
        ? counts.overdue
        : q.bucket === 'within-7'
          ? counts.within7
          : q.bucket === 'within-14'
            ? counts.within14
            : counts.overdue + counts.within7 + counts.within14 + counts.later;
    return {
      counts: { ...counts, total },
      page: q.cursor ? null : (q.page ?? 1),
      pageCount: Math.max(1, Math.ceil(total / limit)),
      caseloads: caseloads.map((r): CaseloadCount => ({
        caseworker: r.caseworker,
        caseworkerName: r.display_name ?? null,
        openCases: r.open_cases,
        maintainedPlans: r.maintained_plans,
        overdueCases: r.overdue_cases,
      })),
      items: rows.map((r): DeadlineQueueItem => {
        const daysLeft = daysBetween(today, r.due);
        return {
          caseId: r.case_id,
          reference: r.reference,
          childName: r.given || r.family ? `${r.given ?? ''} ${r.family ?? ''}`.trim() : null,
          caseworker: r.caseworker,
          caseworkerName: r.display_name ?? null,
          stage: r.stage,
          stageLabel: STAGE_LABELS[r.stage] ?? r.stage,
          deadlineId: r.deadline_id,
          kind: r.kind,
          label: DEADLINE_LABELS[r.kind] ?? r.kind,
          due: r.due,
          daysLeft,
          bucket: bucketOf(daysLeft),
          provider: r.provider ?? r.outstanding ?? null,
          status: r.status as DeadlineQueueItem['status'],
        };
      }),
      nextCursor,
    };
  }
}
