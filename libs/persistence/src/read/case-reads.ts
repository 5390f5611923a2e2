import { keysetAfter, keysetOrderBy, keysetPage, type KeysetOrder } from './keyset.js';
import type { ReadAudit } from '../read-audit.js';
import type { CasePerson } from '../event-store.js';
import { queryPrepared, type Sql } from '../sql.js';

// The api's reads of cases: typed rows, the SQL beside the persistence layer. Every read of a case names the team it
// is read for (another team's case reads as nothing) and takes the audit row of the read into its own statement.

/** A user by username (an assignment's caseworker, a case page's caseworker name). */
export async function userByUsername(sql: Sql, username: string): Promise<CasePerson | undefined> {
  const rows: CasePerson[] = await queryPrepared(
    sql,
    'ehc_user_by_username',
    `SELECT username, display_name AS "displayName", team_id AS "teamId", role, disabled FROM app_user WHERE username = $1`,
    [username],
  );
  return rows[0];
}

/** One stored event of a case's timeline, with the display name of whoever recorded it. */
export interface TimelineEventRow {
  event_id: string;
  version: number;
  type: string;
  date: string;
  recorded_at: Date;
  actor: string;
  data: Record<string, unknown>;
  display_name: string | null;
}

/**
 * The case's events, newest first, in ONE statement: the visibility check (the case belongs to `teamId`), the events
 * and, with `audit`, the audit row, written only when the case was visible. A case always has its first event, so
 * no rows means not visible (and nothing was audited).
 */
export async function caseTimeline(
  sql: Sql,
  caseId: string,
  teamId: string,
  audit?: ReadAudit,
): Promise<TimelineEventRow[]> {
  const audited = audit?.(3, 'visible');
  return queryPrepared(
    sql,
    audited ? 'ehc_case_timeline_audited' : 'ehc_case_timeline',
    `WITH visible AS (SELECT c.id FROM ehc_case c WHERE c.id = $1::uuid AND c.team_id = $2::text)${audited ? `, ${audited.sql}` : ''}
     SELECT e.event_id, e.version, e.type, e.business_date::text AS date, e.recorded_at, e.actor, e.data, u.display_name
       FROM visible v JOIN case_event e ON e.case_id = v.id LEFT JOIN app_user u ON u.id::text = e.actor
      ORDER BY e.version DESC`,
    [caseId, teamId, ...(audited?.params ?? [])],
  );
}

/** The case list's filters, all within one team (the caller's). */
export interface CaseListFilter {
  teamId: string;
  includeClosed?: boolean;
  stage?: string;
  caseworker?: string;
  /** Cases whose next deadline is before this date. */
  dueBefore?: string;
  /** Cases whose next deadline is on or before this date. */
  dueBy?: string;
  /** The start of the reference (any case). */
  referencePrefixes?: string[];
  /** Each word must start the child's given or family name (or a part of a hyphenated or two-word family name). */
  nameWords?: string[];
  dateOfBirth?: string;
  upn?: string;
  sort: 'next_due' | 'received_on' | 'reference';
  cursor?: string;
  limit: number;
}

/** A row of the case list (the case_summary projection, the child's name, the caseworker's display name). */
export interface CaseListRow {
  case_id: string;
  reference: string;
  team_id: string;
  caseworker: string | null;
  stage: string;
  closed: boolean;
  received_on: string;
  next_deadline_id: string | null;
  next_deadline_kind: string | null;
  next_due: string | null;
  version: number;
  given: string;
  family: string;
  display_name: string | null;
  sort_key: string;
}

/** Sort key: next_due (nulls last), received_on or reference, then case_id for a total order. */
const SORT_KEYS = {
  next_due: `COALESCE(s.next_due, '9999-12-31'::date)::text`,
  received_on: 's.received_on::text',
  reference: 's.reference',
} as const;
const listOrder = (sort: CaseListFilter['sort']): KeysetOrder<CaseListRow> => ({
  columns: [{ sql: SORT_KEYS[sort] }, { sql: 's.case_id::text' }],
  keyOf: (r) => [r.sort_key, String(r.case_id)],
});

/**
 * A keyset page of the case list from the case_summary projection (indexed by team/caseworker and next due date), and
 * with `audit` the list's audit row written by the page's own statement (one round trip, one commit).
 */
export async function caseListPage(
  sql: Sql,
  f: CaseListFilter,
  audit?: ReadAudit,
): Promise<{ rows: CaseListRow[]; nextCursor: string | null }> {
  const where: string[] = ['s.team_id = $1'];
  const p: unknown[] = [f.teamId];
  const add = (text: string, v: unknown) => {
    p.push(v);
    where.push(text.replaceAll('?', `$${p.length}`));
  };
  if (!f.includeClosed) where.push('NOT s.closed');
  if (f.stage) add('s.stage = ?', f.stage);
  if (f.caseworker) add('s.caseworker = ?', f.caseworker);
  if (f.dueBefore) add('s.next_due < ?::date', f.dueBefore);
  if (f.dueBy) add('s.next_due <= ?::date', f.dueBy);
  for (const prefix of f.referencePrefixes ?? []) add(`s.reference LIKE ? || '%'`, prefix.toUpperCase());
  // The child's identity lives in ehc_case.child, outside the event log; within one team, a scan.
  for (const word of f.nameWords ?? []) {
    add(
      `(lower(c.child->>'givenName') LIKE ? || '%' OR lower(c.child->>'familyName') LIKE ? || '%'
           OR lower(c.child->>'familyName') LIKE '% ' || ? || '%' OR lower(c.child->>'familyName') LIKE '%-' || ? || '%')`,
      word.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`),
    );
  }
  if (f.dateOfBirth) add(`c.child->>'dateOfBirth' = ?`, f.dateOfBirth);
  if (f.upn) add(`upper(c.child->>'upn') = ?`, f.upn.toUpperCase());
  const order = listOrder(f.sort);
  if (f.cursor) where.push(keysetAfter(order, f.cursor, p));
  p.push(f.limit + 1);
  const limitParam = p.length;
  const audited = audit?.(p.length + 1);
  if (audited) p.push(...audited.params);
  const rows: CaseListRow[] = await sql.query(
    `${audited ? `WITH ${audited.sql}\n` : ''}SELECT s.case_id, s.reference, s.team_id, s.caseworker, s.stage, s.closed, s.received_on::text AS received_on,
            s.next_deadline_id, s.next_deadline_kind, s.next_due::text AS next_due, s.version,
            c.child->>'givenName' AS given, c.child->>'familyName' AS family, u.display_name, ${SORT_KEYS[f.sort]} AS sort_key
       FROM case_summary s JOIN ehc_case c ON c.id = s.case_id LEFT JOIN app_user u ON u.username = s.caseworker
      WHERE ${where.join(' AND ')}
      ORDER BY ${keysetOrderBy(order)}
      LIMIT $${limitParam}`,
    p,
  );
  const { page, nextCursor } = keysetPage(order, rows, f.limit);
  return { rows: page, nextCursor };
}

/** The stored event with this id and the case it opened or belongs to (a retried POST /cases looks its first event up). */
export interface EventWithCaseRow {
  case_id: string;
  team_id: string;
  type: string;
  version: number;
  date: string;
  data: Record<string, unknown>;
  child: object;
}

export async function eventWithCase(sql: Sql, eventId: string): Promise<EventWithCaseRow | undefined> {
  const [row] = await sql.query(
    `SELECT e.case_id, c.team_id, e.type, e.version, e.business_date::text AS date, e.data, c.child
       FROM case_event e JOIN ehc_case c ON c.id = e.case_id WHERE e.event_id = $1`,
    [eventId],
  );
  return row;
}
