import { rowsOf, type Sql } from '../sql.js';

// Sessions (user_session): started at sign-in, ended at sign-out or when the account is disabled or its password reset.
// The per-request check of a session is the api's own statement (auth/session.service.ts), kept with its hot path.

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
