import type { IsoDate } from './index.js';

/** Why a person is due for erasure (libs/workflow retentionDue; docs/operations.md#retention-and-erasure). */
export type RetentionReasonCode = 'plan-kept-until-25' | 'closed-without-plan' | 'record-without-request';

export const RETENTION_REASON_LABELS: Record<RetentionReasonCode, string> = {
  'plan-kept-until-25': 'A plan was made: kept until the 25th birthday plus the years the council keeps records',
  'closed-without-plan': 'Closed without a plan: kept for the council’s period after the last entry',
  'record-without-request': 'A record with no request: kept for the council’s period after it was made',
};

export type RetentionReviewStatus = 'due' | 'postponed' | 'approved' | 'erased';

/** GET /api/admin/retention: one person due for erasure, by their cases' references only (no name, no date of birth). */
export interface RetentionReviewItem {
  personId: string;
  caseReferences: string[];
  dueOn: IsoDate;
  reason: RetentionReasonCode;
  reasonLabel: string;
  status: RetentionReviewStatus;
  postponedUntil: IsoDate | null;
  postponeReason: string | null;
  /** Display name of the admin who approved or postponed it. */
  decidedBy: string | null;
  /** ISO instant */
  decidedAt: string | null;
}

/** POST /api/admin/retention/:personId/postpone */
export interface PostponeRetentionRequest {
  until: IsoDate;
  reason: string;
}
