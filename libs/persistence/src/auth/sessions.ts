import { queryPrepared, rowsOf, type Sql } from '../sql.js';
import { liveSessionSql } from '../session-check.js';

// Sessions (user_session): started at sign-in, checked on every request, ended at sign-out or when the account is
// disabled or its password reset. A case command checks its session in its own statement instead (batch-commands.ts).

/** A live session's account and timers. */
export interface LiveSessionRow {
  id: string;
  username: string;
  display_name: string;
  role: string;
  team_id: string | null;
  session_id: string;
  last_seen_at: Date;
  expires_at: Date;
}

/**
 * The account of a live session (liveSessionSql: not revoked, idle since no earlier than `idleSince`, not past its
 * absolute limit, the account not disabled), touching its idle timer to `now` when it was last seen before
 * `touchBefore` (at most once a minute, so most requests make no durable write). One prepared statement: it runs on
 * every request.
 */
export async function authenticateSession(
  sql: Sql,
  sessionId: string,
  now: Date,
  idleSince: Date,
  touchBefore: Date,
): Promise<LiveSessionRow | undefined> {
  const [row] = await queryPrepared(
    sql,
    'ehc_authenticate_ends',
    `WITH live AS (
       SELECT s.id AS session_id, s.last_seen_at, s.expires_at, u.id, u.username, u.display_name, u.role, u.team_id
         FROM user_session s JOIN app_user u ON u.id = s.user_id
        WHERE s.id = $1 AND ${liveSessionSql('s', 'u', '$2', '$3')}
     ), touch AS (
       UPDATE user_session SET last_seen_at = $2 FROM live
        WHERE user_session.id = live.session_id AND live.last_seen_at < $4
     )
     SELECT id, username, display_name, role, team_id, session_id, last_seen_at, expires_at FROM live`,
    [sessionId, now, idleSince, touchBefore],
  );
  return row;
}

/** The account of a live session, without touching its idle timer (a long-lived connection re-checking it). */
export async function liveSession(
  sql: Sql,
  sessionId: string,
  now: Date,
  idleSince: Date,
): Promise<Omit<LiveSessionRow, 'last_seen_at' | 'expires_at'> | undefined> {
  const [row] = await queryPrepared(
    sql,
    'ehc_session_still_live',
    `SELECT u.id, u.username, u.display_name, u.role, u.team_id, s.id AS session_id
       FROM user_session s JOIN app_user u ON u.id = s.user_id
      WHERE s.id = $1 AND ${liveSessionSql('s', 'u', '$2', '$3')}`,
    [sessionId, now, idleSince],
  );
  return row;
}

export interface NewSession {
  id: string;
  userId: string;
  at: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export async function insertSession(sql: Sql, s: NewSession): Promise<void> {
  await sql.query(
    `INSERT INTO user_session (id, user_id, created_at, last_seen_at, expires_at, ip, user_agent) VALUES ($1, $2, $3, $3, $4, $5, $6)`,
    [s.id, s.userId, s.at, s.expiresAt, s.ip, s.userAgent],
  );
}

/** Ends one session for good; answers its user id when it was live. */
export async function revokeSession(sql: Sql, sessionId: string, at: Date): Promise<string | null> {
  const rows = rowsOf<{ user_id: string }>(
    await sql.query(`UPDATE user_session SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING user_id`, [
      sessionId,
      at,
    ]),
  );
  return rows[0]?.user_id ?? null;
}

/** Ends every live session of a user. */
export async function revokeSessionsOf(sql: Sql, userId: string, at: Date): Promise<void> {
  await sql.query(`UPDATE user_session SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [userId, at]);
}
