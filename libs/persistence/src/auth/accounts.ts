import type { Role } from '@ehc/contracts';
import { rowsOf, type Sql } from '../sql.js';

// Staff accounts (app_user): who is who, sign-in's failure count and pause, the admin's changes.

/** An account as the directory shows it; `email` only where asked for (staff addresses are for admins). */
export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  team_id: string | null;
  disabled: boolean;
  email?: string | null;
}

const USER_COLUMNS = 'u.id, u.username, u.display_name, u.role, u.team_id, u.disabled';
/** Staff e-mail addresses are for admins (and the digest) only: team lists show names, not addresses. */
const ADMIN_COLUMNS = `${USER_COLUMNS}, u.email`;

/** The signed-in user with their team's name. */
export async function userWithTeamName(
  sql: Sql,
  userId: string,
): Promise<(UserRow & { team_name: string | null }) | undefined> {
  const [row] = await sql.query(
    `SELECT ${USER_COLUMNS}, t.name AS team_name FROM app_user u LEFT JOIN team t ON t.id = u.team_id WHERE u.id = $1`,
    [userId],
  );
  return row;
}

export async function userById(sql: Sql, userId: string, withEmail = false): Promise<UserRow | undefined> {
  const [row] = await sql.query(`SELECT ${withEmail ? ADMIN_COLUMNS : USER_COLUMNS} FROM app_user u WHERE u.id = $1`, [
    userId,
  ]);
  return row;
}

/** Users of one team, or everyone (teamId null); sorted by display name. */
export function usersOf(sql: Sql, teamId: string | null, withEmail = false): Promise<UserRow[]> {
  const columns = withEmail ? ADMIN_COLUMNS : USER_COLUMNS;
  return teamId
    ? sql.query(`SELECT ${columns} FROM app_user u WHERE u.team_id = $1 ORDER BY u.display_name, u.username`, [teamId])
    : sql.query(`SELECT ${columns} FROM app_user u ORDER BY u.display_name, u.username`);
}

/** The account with its email, locked for update (an admin's change). */
export async function userForUpdate(tx: Sql, id: string): Promise<UserRow | undefined> {
  const [row] = await tx.query(
    `SELECT id, username, display_name, role, team_id, disabled, email FROM app_user WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return row;
}

export interface NewAccountRow {
  username: string;
  displayName: string;
  role: Role;
  teamId: string | null;
  /** null: no password (an account that signs in another way, or a demo account seeded later). */
  passwordHash: string | null;
  /** Default: the database's now(). */
  createdAt?: Date;
  email?: string | null;
}

/** Adds an account; undefined when the username is taken (nothing written). */
export async function insertAccount(sql: Sql, a: NewAccountRow): Promise<UserRow | undefined> {
  const [row] = await sql.query(
    `INSERT INTO app_user (username, display_name, role, team_id, password_hash, created_at, email) VALUES ($1, $2, $3, $4, $5, COALESCE($6, now()), $7)
         ON CONFLICT (username) DO NOTHING
         RETURNING id, username, display_name, role, team_id, disabled`,
    [a.username, a.displayName, a.role, a.teamId, a.passwordHash, a.createdAt ?? null, a.email ?? null],
  );
  return row;
}

/** Which of these usernames have an account. */
export async function existingUsernames(sql: Sql, usernames: string[]): Promise<Set<string>> {
  const rows: { username: string }[] = await sql.query(`SELECT username FROM app_user WHERE username = ANY($1)`, [
    usernames,
  ]);
  return new Set(rows.map((r) => r.username));
}

/** The number of active admins other than this account (an admin's change must leave one); serialised with others. */
export async function otherActiveAdmins(tx: Sql, id: string): Promise<number> {
  // Serialise admin changes so two admins cannot demote each other at the same moment.
  await tx.query(`SELECT pg_advisory_xact_lock(724002)`);
  const [{ n }] = await tx.query(
    `SELECT count(*)::int AS n FROM app_user WHERE role = 'admin' AND NOT disabled AND id <> $1`,
    [id],
  );
  return n;
}

export interface AccountChange {
  displayName: string;
  role: Role;
  teamId: string | null;
  disabled: boolean;
  /** A new password's hash, or null to keep the password. */
  passwordHash: string | null;
  /** Clears the failure count and any pause. */
  unlock: boolean;
  email: string | null;
}

export async function updateAccount(tx: Sql, id: string, c: AccountChange): Promise<void> {
  await tx.query(
    `UPDATE app_user SET display_name = $2, role = $3, team_id = $4, disabled = $5,
                password_hash = COALESCE($6, password_hash),
                failed_attempts = CASE WHEN $7 THEN 0 ELSE failed_attempts END,
                locked_until = CASE WHEN $7 THEN NULL ELSE locked_until END,
                email = $8
          WHERE id = $1`,
    [id, c.displayName, c.role, c.teamId, c.disabled, c.passwordHash, c.unlock, c.email],
  );
}

/** What signing in with a password needs of an account. */
export interface SignInAccountRow {
  id: string;
  username: string;
  role: Role;
  password_hash: string;
  disabled: boolean;
  locked_until: Date | null;
}

export async function signInAccount(sql: Sql, username: string): Promise<SignInAccountRow | undefined> {
  const [row] = await sql.query(
    `SELECT id, username, role, password_hash, disabled, locked_until FROM app_user WHERE username = $1`,
    [username],
  );
  return row;
}

/** The rules of the slow-down after failed sign-ins (the api's constants; the pause is computed here, in SQL). */
export interface SlowDown {
  maxFailedAttempts: number;
  firstPauseSeconds: number;
  maxPauseSeconds: number;
  forgetFailuresMinutes: number;
}

/**
 * Counts a failed sign-in, atomically (parallel guesses cannot slip past the count): a count quiet for
 * forgetFailuresMinutes starts afresh; from maxFailedAttempts on, each failure pauses the account's sign-in for
 * min(maxPauseSeconds, firstPauseSeconds * 2^(failures - maxFailedAttempts)).
 */
export async function countFailedSignIn(
  sql: Sql,
  accountId: string,
  now: Date,
  r: SlowDown,
): Promise<{ failed_attempts: number; locked_until: Date | null } | undefined> {
  const [after] = rowsOf<{ failed_attempts: number; locked_until: Date | null }>(
    await sql.query(
      `WITH n AS (
           SELECT CASE WHEN locked_until IS NOT NULL AND locked_until <= $2::timestamptz - make_interval(mins => $5::int)
                       THEN 1 ELSE failed_attempts + 1 END AS failures
             FROM app_user WHERE id = $1 FOR UPDATE
         )
         UPDATE app_user SET
           failed_attempts = n.failures,
           locked_until = CASE WHEN n.failures >= $3::int
             THEN $2::timestamptz + make_interval(secs => least($4::int, $6::int * power(2, n.failures - $3::int)))
             ELSE locked_until END
         FROM n WHERE id = $1 RETURNING failed_attempts, locked_until`,
      [accountId, now, r.maxFailedAttempts, r.maxPauseSeconds, r.forgetFailuresMinutes, r.firstPauseSeconds],
    ),
  );
  return after;
}

/** A successful sign-in clears the failure count, unless a parallel failure paused the account meanwhile (false). */
export async function clearFailedSignIns(sql: Sql, accountId: string, now: Date): Promise<boolean> {
  const cleared = rowsOf(
    await sql.query(
      `UPDATE app_user SET failed_attempts = 0, locked_until = NULL
        WHERE id = $1 AND NOT disabled AND (locked_until IS NULL OR locked_until <= $2) RETURNING id`,
      [accountId, now],
    ),
  );
  return cleared.length > 0;
}

/** Counts one sign-in attempt from an address in its minute's window; answers the window's count so far. */
export async function countSignInAttempt(sql: Sql, ip: string, windowStart: Date): Promise<number> {
  const [row]: { attempts: number }[] = await sql.query(
    `INSERT INTO login_throttle (ip, window_start, attempts) VALUES ($1, $2, 1)
       ON CONFLICT (ip, window_start) DO UPDATE SET attempts = login_throttle.attempts + 1
       RETURNING attempts`,
    [ip, windowStart],
  );
  return row!.attempts;
}

/** Forgets sign-in attempt windows that started before `before`. */
export async function forgetSignInAttempts(sql: Sql, before: Date): Promise<void> {
  await sql.query(`DELETE FROM login_throttle WHERE window_start < $1`, [before]);
}

/** An audit row written by a command run from the server's shell (no signed-in user). */
export async function auditCommand(sql: Sql, at: Date, action: string, detail: Record<string, unknown>): Promise<void> {
  await sql.query(`INSERT INTO audit_event (at, action, detail) VALUES ($1, $2, $3)`, [
    at,
    action,
    JSON.stringify(detail),
  ]);
}
