import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditQueryDto } from './dto/audit-query.dto.js';
import { csvLine } from './audit-csv.js';

export interface AuditEventView {
  id: string;
  at: string;
  userId: string | null;
  username: string | null;
  role: string | null;
  action: string;
  caseId: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
}

/** Most rows one CSV export returns; narrow the dates for more. */
export const CSV_MAX_ROWS = 100_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class AuditQueryService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Newest first. Dates are London calendar days: from its first instant to the end of `to`. */
  private where(q: AuditQueryDto): { sql: string; params: unknown[] } {
    const params: unknown[] = [];
    const conds: string[] = [];
    const add = (cond: string, value: unknown) => { params.push(value); conds.push(cond.replace('?', `$${params.length}`)); };
    if (q.user) add(UUID.test(q.user) ? 'user_id = ?' : 'username = ?', q.user.toLowerCase());
    if (q.case) add('case_id = ?', q.case);
    if (q.action) add('action = ?', q.action);
    if (q.from) add(`at >= (?::date)::timestamp AT TIME ZONE 'Europe/London'`, q.from);
    if (q.to) add(`at < ((?::date + 1)::timestamp AT TIME ZONE 'Europe/London')`, q.to);
    if (q.cursor) add('id < ?', q.cursor);
    return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
  }

  async page(q: AuditQueryDto): Promise<{ items: AuditEventView[]; nextCursor: string | null }> {
    const limit = q.limit ?? 200;
    const { sql, params } = this.where(q);
    const rows = await this.ds.query(
      `SELECT id::text, at, user_id, username, role, action, case_id, detail, ip FROM audit_event ${sql} ORDER BY id DESC LIMIT ${limit + 1}`, params);
    const items: AuditEventView[] = rows.slice(0, limit).map((r: any) => ({
      id: r.id, at: new Date(r.at).toISOString(), userId: r.user_id, username: r.username, role: r.role,
      action: r.action, caseId: r.case_id, detail: r.detail, ip: r.ip,
    }));
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }

  async csv(q: AuditQueryDto): Promise<string> {
    const { sql, params } = this.where({ ...q, cursor: undefined });
    const rows = await this.ds.query(
      `SELECT id::text, at, user_id, username, role, action, case_id, detail, ip FROM audit_event ${sql} ORDER BY id LIMIT ${CSV_MAX_ROWS}`, params);
    let out = csvLine(['id', 'at', 'user_id', 'username', 'role', 'action', 'case_id', 'ip', 'detail']);
    for (const r of rows) out += csvLine([r.id, new Date(r.at).toISOString(), r.user_id, r.username, r.role, r.action, r.case_id, r.ip, r.detail]);
    return out;
  }
}
