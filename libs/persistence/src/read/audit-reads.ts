import type { Sql } from '../sql.js';

// The admin's reads of the audit trail: typed rows, newest first. The trail's own id orders it (it only grows), so a
// page's cursor is the last id shown.

export interface AuditFilter {
  /** A user id (a UUID) or a username. */
  user?: string;
  caseId?: string;
  /** A case reference as typed, or in capitals. */
  caseReference?: string;
  /** Part of a username or display name. */
  name?: string;
  action?: string;
  /** London calendar days, inclusive. */
  from?: string;
  to?: string;
  /** Rows older than this id (the previous page's last). */
  beforeId?: string;
}

export interface AuditRow {
  id: string;
  at: Date;
  user_id: string | null;
  username: string | null;
  display_name: string | null;
  role: string | null;
  action: string;
  case_id: string | null;
  case_reference: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Newest first, at most `limit` rows. Dates are London calendar days: from the first instant of `from` to the end of `to`. */
export async function auditRows(sql: Sql, f: AuditFilter, limit: number): Promise<AuditRow[]> {
  const params: unknown[] = [];
  const conds: string[] = [];
  const add = (cond: string, value: unknown) => {
    params.push(value);
    conds.push(cond.replaceAll('?', `$${params.length}`));
  };
  if (f.user) add(UUID.test(f.user) ? 'a.user_id = ?' : 'a.username = ?', f.user.toLowerCase());
  if (f.caseId) add('a.case_id = ?', f.caseId);
  // As typed or in capitals (references are issued in capitals), so the unique index on reference finds it.
  if (f.caseReference) add(`a.case_id = (SELECT id FROM ehc_case WHERE reference IN (?, upper(?)))`, f.caseReference);
  // LIKE's own wildcards in the search text are matched literally.
  if (f.name)
    add(
      `(a.username ILIKE ? ESCAPE '\\' OR u.display_name ILIKE ? ESCAPE '\\')`,
      `%${f.name.replace(/[\\%_]/g, '\\$&')}%`,
    );
  if (f.action) add('a.action = ?', f.action);
  if (f.from) add(`a.at >= (?::date)::timestamp AT TIME ZONE 'Europe/London'`, f.from);
  if (f.to) add(`a.at < ((?::date + 1)::timestamp AT TIME ZONE 'Europe/London')`, f.to);
  if (f.beforeId) add('a.id < ?', f.beforeId);
  params.push(limit);
  return sql.query(
    `SELECT a.id::text, a.at, a.user_id, a.username, u.display_name, a.role, a.action, a.case_id, c.reference AS case_reference, a.detail, a.ip
       FROM audit_event a LEFT JOIN app_user u ON u.id = a.user_id LEFT JOIN ehc_case c ON c.id = a.case_id
      ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''}
      ORDER BY a.id DESC LIMIT $${params.length}`,
    params,
  );
}

/**
 * A page of the trail, newest first: at most `limit` rows, and the cursor of the next page when there is one. The
 * trail's cursor is the id of a page's last row (the id orders the trail, so the next page is the rows below it).
 */
export async function auditPage(
  sql: Sql,
  f: AuditFilter,
  limit: number,
): Promise<{ page: AuditRow[]; nextCursor: string | null }> {
  const rows = await auditRows(sql, f, limit + 1);
  const page = rows.slice(0, limit);
  return { page, nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
}
