import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@ehc/platform';
import {
  decideRetention,
  retentionReview,
  retentionReviewForUpdate,
  retentionReviewList,
  type RetentionDecision,
  type RetentionReviewRow,
} from '@ehc/persistence';
import { RETENTION_REASON_LABELS, type RetentionReviewItem } from '@ehc/contracts';
import { badRequest, DomainError, notFound } from '../../common/domain-error.js';
import { AuditService } from '../../audit/audit.service.js';
import type { SessionUser } from '../../auth/session-user.js';
import type { PostponeRetentionDto } from './retention.dto.js';

const toView = (r: RetentionReviewRow): RetentionReviewItem => ({
  personId: r.person_id,
  caseReferences: r.case_references,
  dueOn: r.due_on,
  reason: r.reason,
  reasonLabel: RETENTION_REASON_LABELS[r.reason] ?? r.reason,
  status: r.status,
  postponedUntil: r.postponed_until,
  postponeReason: r.postpone_reason,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
});

/**
 * The admin's side of the retention review (docs/operations.md#retention-and-erasure): the people the nightly job
 * listed as due for erasure, approved or postponed here. Approval only marks the person; the worker's erasure job
 * erases them through the privileged database function. Every decision is audited with the case ids, never a
 * child's details.
 */
@Injectable()
export class RetentionService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** Everyone listed and not yet erased: due first, then approved (waiting for tonight's erasure), then postponed. */
  async list(): Promise<RetentionReviewItem[]> {
    return (await retentionReviewList(this.ds)).map(toView);
  }

  async approve(admin: SessionUser, personId: string, ip: string): Promise<RetentionReviewItem> {
    return this.decide(admin, personId, ip, 'retention.approve', ['due', 'postponed'], { approve: true });
  }

  /** Postpones a due or approved person (the way to take back an approval before the erasure runs). */
  async postpone(
    admin: SessionUser,
    personId: string,
    dto: PostponeRetentionDto,
    ip: string,
  ): Promise<RetentionReviewItem> {
    const today = this.clock.today();
    if (!(dto.until > today))
      throw badRequest('until must be a date after today', [{ field: 'until', message: `must be after ${today}` }]);
    return this.decide(
      admin,
      personId,
      ip,
      'retention.postpone',
      ['due', 'approved', 'postponed'],
      { approve: false, until: dto.until, reason: dto.reason.trim() },
      { until: dto.until },
    );
  }

  private async decide(
    admin: SessionUser,
    personId: string,
    ip: string,
    action: string,
    from: string[],
    decision: RetentionDecision,
    detail: Record<string, unknown> = {},
  ): Promise<RetentionReviewItem> {
    return this.ds.transaction(async (tx) => {
      const row = await retentionReviewForUpdate(tx, personId);
      if (!row) throw notFound('Retention review');
      if (!from.includes(row.status)) {
        throw new DomainError(
          409,
          'RETENTION_STATUS',
          `This record is ${row.status}; only a record that is ${from.join(' or ')} can be changed this way`,
        );
      }
      await decideRetention(tx, personId, admin.id, this.clock.now(), decision);
      // One row per case, so each case's own audit trail shows the decision; the detail names the other cases by id.
      // A record with no case gets one row naming the person only.
      const caseIds: (string | null)[] = row.case_ids.length ? row.case_ids : [null];
      for (const caseId of caseIds) {
        await this.audit.record({
          tx,
          user: admin,
          action,
          caseId,
          detail: { personId, caseIds: row.case_ids, ...detail },
          ip,
        });
      }
      return toView((await retentionReview(tx, personId))!);
    });
  }
}
