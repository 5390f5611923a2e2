import type { Role } from '@ehc/contracts';
import { rowsOf, type Sql } from '../sql.js';

// Council sign-in (OpenID Connect): the pending logins (oidc_login, one use each) and the accounts bound to an
// (issuer, subject).

/** Keeps a pending login, first forgetting those started before `staleBefore`. */
export async function insertOidcLogin(
  sql: Sql,
  l: { state: string; codeVerifier: string; nonce: string; at: Date },
  staleBefore: Date,
): Promise<void> {
  await sql.query(`DELETE FROM oidc_login WHERE created_at < $1`, [staleBefore]);
  await sql.query(`INSERT INTO oidc_login (state, code_verifier, nonce, created_at) VALUES ($1, $2, $3, $4)`, [
    l.state,
    l.codeVerifier,
    l.nonce,
    l.at,
  ]);
}

/** Takes (deletes and answers) the pending login of `state` if it started at or after `since`; one use only. */
export async function takeOidcLogin(
  sql: Sql,
  state: string,
  since: Date,
): Promise<{ code_verifier: string; nonce: string } | undefined> {
  const [row] = rowsOf<{ code_verifier: string; nonce: string }>(
    await sql.query(`DELETE FROM oidc_login WHERE state = $1 AND created_at >= $2 RETURNING code_verifier, nonce`, [
      state,
      since,
    ]),
  );
  return row;
}

export interface OidcAccount {
  issuer: string;
  subject: string;
  username: string;
  displayName: string;
  role: Role;
  team: string | null;
}

/**
 * The account bound to (issuer, subject), its role, team and name updated to the provider's; else a new account
 * bound to it (no password). Undefined when there is none and the username is another account's (never taken over).
 */
export async function upsertOidcAccount(
  tx: Sql,
  a: OidcAccount,
  at: Date,
): Promise<{ id: string; disabled: boolean } | undefined> {
  const [known] = rowsOf<{ id: string; disabled: boolean }>(
    await tx.query(
      `UPDATE app_user SET role = $3, team_id = $4, display_name = $5 WHERE oidc_issuer = $1 AND oidc_subject = $2 RETURNING id, disabled`,
      [a.issuer, a.subject, a.role, a.team, a.displayName],
    ),
  );
  if (known) return known;
  const [created] = rowsOf<{ id: string; disabled: boolean }>(
    await tx.query(
      `INSERT INTO app_user (username, display_name, role, team_id, password_hash, created_at, oidc_issuer, oidc_subject)
         VALUES ($1, $2, $3, $4, '!', $5, $6, $7) ON CONFLICT (username) DO NOTHING RETURNING id, disabled`,
      [a.username, a.displayName, a.role, a.team, at, a.issuer, a.subject],
    ),
  );
  return created;
}
