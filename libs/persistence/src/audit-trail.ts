import { queryPrepared, type Sql } from './sql.js';

// The audit trail (audit_event, append-only: the table refuses UPDATE, DELETE and TRUNCATE). The api decides what a
// row says (AuditService: who, the action, a detail stripped of personal data); these write it.

export interface AuditEventRow {
  at: Date;
  userId: string | null;
  username: string | null;
  role: string | null;
  action: string;
  /** A case id (a UUID), or null. */
  caseId: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
}

const params = (r: AuditEventRow): unknown[] => [
  r.at,
  r.userId,
  r.username,
  r.role,
  r.action,
  r.caseId,
  JSON.stringify(r.detail),
  r.ip,
];

/** Writes one audit row (in the caller's transaction when `sql` is one). */
export async function insertAuditEvent(sql: Sql, r: AuditEventRow): Promise<void> {
  await queryPrepared(
    sql,
    'ehc_audit_event',
    `INSERT INTO audit_event (at, user_id, username, role, action, case_id, detail, ip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    params(r),
  );
}

/**
 * The audit row as a common table expression `audited` of the caller's own statement (a ReadAudit's answer): its
 * parameters numbered from `first`; with `onlyIf` (the name of an earlier CTE) written only when that CTE returned a
 * row; `addToDetail`, an SQL jsonb expression over that CTE's row, added to the detail.
 */
export function auditEventCte(
  r: AuditEventRow,
  first: number,
  onlyIf?: string,
  addToDetail?: string,
): { sql: string; params: unknown[] } {
  const p = (i: number, type: string) => `$${first + i}::${type}`;
  return {
    sql: `audited AS (INSERT INTO audit_event (at, user_id, username, role, action, case_id, detail, ip)
        SELECT ${p(0, 'timestamptz')}, ${p(1, 'uuid')}, ${p(2, 'text')}, ${p(3, 'text')}, ${p(4, 'text')}, ${p(5, 'uuid')}, ${p(6, 'jsonb')}${addToDetail ? ` || ${addToDetail}` : ''}, ${p(7, 'text')}${onlyIf ? ` FROM ${onlyIf}` : ''})`,
    params: params(r),
  };
}
