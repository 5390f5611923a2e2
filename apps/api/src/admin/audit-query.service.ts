import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditEntry } from '@ehc/contracts';
import { auditPage, auditRows, type AuditFilter } from '@ehc/persistence';
import type { AuditQueryDto } from './dto/audit-query.dto.js';
import { csvLine } from './audit-csv.js';

/** The audit row as people read it (AuditEntry, which the web app and subject access exports share), with its ids and address. */
export interface AuditEventView extends AuditEntry {
  userId: string | null;
  caseId: string | null;
  ip: string | null;
}

/** Most rows one CSV export returns; narrow the dates for more. */
export const CSV_MAX_ROWS = 100_000;
const filterOf = (q: AuditQueryDto): AuditFilter => ({
  user: q.user,
  caseId: q.case,
  caseReference: q.caseReference,
  name: q.name,
  action: q.action,
  from: q.from,
  to: q.to,
  beforeId: q.cursor,
});

/** The audit trail for the admin, newest first (the CSV too: an export is read from the top); the rows are auditRows'. */
@Injectable()
export class AuditQueryService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async page(q: AuditQueryDto): Promise<{ items: AuditEventView[]; nextCursor: string | null }> {
    const limit = q.limit ?? 200;
    const { page, nextCursor } = await auditPage(this.ds, filterOf(q), limit);
    const items: AuditEventView[] = page.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      userId: r.user_id,
      username: r.username,
      role: r.role,
      action: r.action,
      caseId: r.case_id,
      caseReference: r.case_reference,
      displayName: r.display_name,
      detail: r.detail,
      ip: r.ip,
    }));
    return { items, nextCursor };
  }

  async csv(q: AuditQueryDto): Promise<string> {
    const rows = await auditRows(this.ds, { ...filterOf(q), beforeId: undefined }, CSV_MAX_ROWS);
    let out = csvLine([
      'id',
      'at',
      'user_id',
      'username',
      'display_name',
      'role',
      'action',
      'case_id',
      'case_reference',
      'ip',
      'detail',
    ]);
    for (const r of rows) {
      out += csvLine([
        r.id,
        new Date(r.at).toISOString(),
        r.user_id,
        r.username,
        r.display_name,
        r.role,
        r.action,
        r.case_id,
        r.case_reference,
        r.ip,
        r.detail,
      ]);
    }
    return out;
  }
}
