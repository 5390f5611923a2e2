import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditEntry } from '@ehc/contracts';
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
const COLUMNS = 'a.id::text, a.at, a.user_id, a.username, u.display_name, a.role, a.action, a.case_id, c.reference AS case_reference, a.detail, a.ip';
const FROM = 'FROM audit_event a LEFT JOIN app_user u ON u.id = a.user_id LEFT JOIN ehc_case c ON c.id = a.case_id';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class AuditQueryService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Newest first (the CSV too: an export is read from the top). Dates are London calendar days: from its first instant to the end of `to`. */
  private where(q: AuditQueryDto): { sql: string; params: unknown[] } {
    const params: unknown[] = [];
    const conds: string[] = [];
    const add = (cond: string, value: unknown) => { params.push(value); conds.push(cond.replace('?', `$${params.length}`)); };
    if (q.user) add(UUID.test(q.user) ? 'a.user_id = ?' : 'a.username = ?', q.user.toLowerCase());
    if (q.case) add('a.case_id = ?', q.case);
    // As typed or in capitals (references are issued in capitals), so the unique index on reference finds it.
    if (q.caseReference) add(`a.case_id = (SELECT id FROM ehc_case WHERE reference IN (?, upper($${params.length + 1})))`, q.caseReference);
    // LIKE's own wildcards in the search text are matched literally.
    if (q.name) add(`(a.username ILIKE ? ESCAPE '\\' OR u.display_name ILIKE $${params.length + 1} ESCAPE '\\')`, `%${q.name.replace(/[\\%_]/g, '\\$&')}%`);
    if (q.action) add('a.action = ?', q.action);
    if (q.from) add(`a.at >= (?::date)::timestamp AT TIME ZONE 'Europe/London'`, q.from);
    if (q.to) add(`a.at < ((?::date + 1)::timestamp AT TIME ZONE 'Europe/London')`, q.to);
    if (q.cursor) add('a.id < ?', q.cursor);
    return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
  }

  async page(q: AuditQueryDto): Promise<{ items: AuditEventView[]; nextCursor: string | null }> {
    const limit = q.limit ?? 200;
    const { sql, params } = this.where(q);
    const rows = await this.ds.query(
      `SELECT ${COLUMNS} ${FROM} ${sql} ORDER BY a.id DESC LIMIT ${limit + 1}`, params);
    const items: AuditEventView[] = rows.slice(0, limit).map((r: any) => ({
      id: r.id, at: new Date(r.at).toISOString(), userId: r.user_id, username: r.username, role: r.role,
      action: r.action, caseId: r.case_id, caseReference: r.case_reference, displayName: r.display_name, detail: r.detail, ip: r.ip,
    }));
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }

  async csv(q: AuditQueryDto): Promise<string> {
    const { sql, params } = this.where({ ...q, cursor: undefined });
    const rows = await this.ds.query(
      `SELECT ${COLUMNS} ${FROM} ${sql} ORDER BY a.id DESC LIMIT ${CSV_MAX_ROWS}`, params);
    let out = csvLine(['id', 'at', 'user_id', 'username', 'display_name', 'role', 'action', 'case_id', 'case_reference', 'ip', 'detail']);
    for (const r of rows) {
      out += csvLine([r.id, new Date(r.at).toISOString(), r.user_id, r.username, r.display_name, r.role, r.action, r.case_id, r.case_reference, r.ip, r.detail]);
    }
    return out;
  }
}
