import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The api and the worker run as `ehc_app`, a role that can read and write the tables but can only SELECT and
 * INSERT on the two logs (case_event, audit_event): it cannot UPDATE or DELETE either, cannot TRUNCATE anything,
 * and, not being their owner nor a superuser, cannot disable their append-only triggers (ALTER TABLE … DISABLE
 * TRIGGER) nor bypass them (SET session_replication_role = replica). Migrations run as the owner (DATABASE_URL).
 *
 * The role is cluster-wide and NOLOGIN: the app reaches it with SET ROLE on each connection (a developer's
 * trust-auth PostgreSQL needs nothing more), or a council's DBA gives it (or a login role granted it) a password
 * and sets DATABASE_APP_URL (docs/security.md). Tables created by later migrations get the same grants by default.
 */
export class LeastPrivilegeRole1764000000041 implements MigrationInterface {
  name = 'LeastPrivilegeRole1764000000041';

  async up(q: QueryRunner): Promise<void> {
    // Several databases of one cluster (tests, councils) may create it at once: "already there" is fine.
    await q.query(`DO $$ BEGIN
        CREATE ROLE ehc_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO ehc_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ehc_app`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ehc_app`);
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ehc_app`,
    );
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ehc_app`);
    // The logs are append-only for the app; the migrations' own record is not the app's at all.
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON case_event, audit_event FROM ehc_app`);
    await q.query(`REVOKE ALL ON schema_migration FROM ehc_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ehc_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ehc_app`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ehc_app`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ehc_app`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM ehc_app`);
    // The role itself stays: other databases of the cluster may use it.
  }
}
