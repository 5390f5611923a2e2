import type { Sql } from '../sql.js';

// The alerts a user may see, and their read state (per user). Typed rows; the api words them (alertMessage).

/** Who reads: their own alerts, and with `teamId` (a team manager) every alert of their team. */
export interface AlertViewer {
  userId: string;
  teamId: string | null;
}

export interface AlertRow {
  id: string;
  case_id: string;
  deadline_id: string;
  deadline_kind: string;
  kind: 'warning' | 'due' | 'missed';
  due: string;
  days_before: number | null;
  excepted: boolean;
  /** bigint, as text. */
  late_by_ms: string;
  raised_at: Date;
  reference: string;
  read_at: Date | null;
  closed_reason: string | null;
  closed_on: string | null;
  given: string | null;
  family: string | null;
}

/** The visibility condition, its parameters pushed onto `p` (the user id is the last but one). */
function visible(v: AlertViewer, p: unknown[]): string {
  p.push(v.userId, v.teamId);
  return `(a.recipient_user_ids @> ARRAY[$${p.length - 1}::uuid] OR a.team_id = $${p.length})`;
}

/** The viewer's alerts (all, unread only, or one by id): unread first, then newest first. */
export async function alertsFor(
  sql: Sql,
  v: AlertViewer,
  f: { unreadOnly?: boolean; id?: string },
  limit: number,
): Promise<AlertRow[]> {
  const p: unknown[] = [];
  const extra: string[] = [];
  if (f.id !== undefined) {
    p.push(f.id);
    extra.push(`a.id = $${p.length}::uuid`);
  }
  const vis = visible(v, p);
  if (f.unreadOnly) extra.push('r.read_at IS NULL');
  p.push(limit);
  return sql.query(
    `SELECT a.id, a.case_id, a.deadline_id, a.deadline_kind, a.kind, a.due::text AS due, a.days_before, a.excepted,
            a.late_by_ms, a.raised_at, c.reference, r.read_at, a.closed_reason, a.closed_on::text AS closed_on,
            c.child->>'givenName' AS given, c.child->>'familyName' AS family
       FROM alert a
       JOIN ehc_case c ON c.id = a.case_id
       LEFT JOIN alert_read r ON r.alert_id = a.id AND r.user_id = $${p.length - 2}::uuid
      WHERE ${[vis, ...extra].join(' AND ')}
      ORDER BY (r.read_at IS NOT NULL), a.raised_at DESC, a.id
      LIMIT $${p.length}`,
    p,
  );
}

/** Marks every alert the viewer can see read (for them only), in one statement; answers how many were unread. */
export async function markAllAlertsRead(sql: Sql, v: AlertViewer, at: Date): Promise<number> {
  const p: unknown[] = [at.toISOString()];
  const vis = visible(v, p);
  const rows: unknown[] = await sql.query(
    `INSERT INTO alert_read (alert_id, user_id, read_at)
     SELECT a.id, $${p.length - 1}::uuid, $1 FROM alert a WHERE ${vis}
     ON CONFLICT DO NOTHING RETURNING alert_id`,
    p,
  );
  return rows.length;
}

/** Marks one alert read for the viewer (the caller has checked they may see it). */
export async function markAlertRead(sql: Sql, alertId: string, userId: string, at: Date): Promise<void> {
  await sql.query(`INSERT INTO alert_read (alert_id, user_id, read_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
    alertId,
    userId,
    at.toISOString(),
  ]);
}
