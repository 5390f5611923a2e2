import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Council sign-in over OpenID Connect. An account signed in through the identity provider is bound to the
 * provider's (issuer, subject) pair, never matched by username (a provider user named like a local account must
 * not take it over). Such an account has no usable password (password_hash '!'), so it signs in only through the
 * provider. oidc_login holds one sign-in in flight (state → PKCE verifier and nonce) for at most ten minutes.
 */
export class OidcSignIn1764000000042 implements MigrationInterface {
  name = 'OidcSignIn1764000000042';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN oidc_issuer text, ADD COLUMN oidc_subject text`);
    await q.query(
      `CREATE UNIQUE INDEX app_user_oidc ON app_user (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL`,
    );
    await q.query(`CREATE TABLE oidc_login (
        state          text PRIMARY KEY,
        code_verifier  text NOT NULL,
        nonce          text NOT NULL,
        created_at     timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX oidc_login_created ON oidc_login (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE oidc_login`);
    await q.query(`DROP INDEX app_user_oidc`);
    await q.query(`ALTER TABLE app_user DROP COLUMN oidc_issuer, DROP COLUMN oidc_subject`);
  }
}
