/**
 * The one definition of a live session, as SQL over a `user_session` row `s` and its `app_user` row `u`: not signed
 * out or revoked, not past its absolute limit, not idle since before `idleSince`, and its account not disabled. The
 * api's session statements and a command statement that checks its own caller (CommandPreconditions.caller) use it.
 */
export const liveSessionSql = (s: string, u: string, now: string, idleSince: string): string =>
  `${s}.revoked_at IS NULL AND ${s}.expires_at > ${now} AND ${s}.last_seen_at > ${idleSince} AND NOT ${u}.disabled`;

/**
 * The caller a command statement checks for itself, instead of the api checking the session in a statement of its
 * own first: the session must still be live (liveSessionSql) at `now`, and its account must still be exactly this user
 * with this role and team. A failed check writes nothing.
 */
export interface CallerCheck {
  /** user_session.id (the hash of the cookie's token). */
  sessionId: string;
  userId: string;
  username: string;
  role: string;
  teamId: string | null;
  now: Date;
  idleSince: Date;
}

/** What a command statement that checked its caller read of the session: when it ends unless used again. */
export interface CheckedSession {
  lastSeenAt: Date;
  expiresAt: Date;
}
