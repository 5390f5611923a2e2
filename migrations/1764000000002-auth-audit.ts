import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may sign in, their sessions, the audit trail, and the school closure calendars.
 *
 * audit_event answers "who read or changed this child's case, and when" (docs/architecture.md invariant 9). Like case_event
 * it is append-only, enforced by a trigger so no code path can rewrite it. It holds ids, event types and query
 * filters only, never a child's name or date of birth.
 *
 * Sessions are server-side: the browser holds a random token in an httpOnly cookie, the database holds only its
 * SHA-256, so a leaked database dump cannot be replayed as a session and sign-out ends a session at once.
 */
export class AuthAudit1764000000002 implements MigrationInterface {
  name = 'AuthAudit1764000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username         text NOT NULL UNIQUE CHECK (username = lower(username) AND username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
        display_name     text NOT NULL,
        role             text NOT NULL CHECK (role IN ('caseworker', 'team-manager', 'board', 'admin')),
        team_id          text REFERENCES team(id),
        password_hash    text NOT NULL,                 -- argon2id PHC string
        disabled         boolean NOT NULL DEFAULT false,
        failed_attempts  integer NOT NULL DEFAULT 0,    -- consecutive failed sign-ins; reset on success
        locked_until     timestamptz,                   -- set after 5 consecutive failures
        created_at       timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX app_user_team ON app_user (team_id);

      CREATE TABLE user_session (
        id            text PRIMARY KEY,                 -- hex SHA-256 of the cookie's 32-byte random token
        user_id       uuid NOT NULL REFERENCES app_user(id),
        created_at    timestamptz NOT NULL,
        last_seen_at  timestamptz NOT NULL,             -- idle timeout counts from here
        expires_at    timestamptz NOT NULL,             -- absolute timeout
        revoked_at    timestamptz,                      -- sign-out, disable, password reset
        ip            text,
        user_agent    text
      );
      CREATE INDEX user_session_user_live ON user_session (user_id) WHERE revoked_at IS NULL;
      CREATE INDEX user_session_expires ON user_session (expires_at);

      -- Sign-in attempts per client address per minute: shared by every api replica and survives a restart.
      CREATE TABLE login_throttle (
        ip            text NOT NULL,
        window_start  timestamptz NOT NULL,
        attempts      integer NOT NULL,
        PRIMARY KEY (ip, window_start)
      );
      CREATE INDEX login_throttle_window ON login_throttle (window_start);

      CREATE TABLE audit_event (
        id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at        timestamptz NOT NULL,
        user_id   uuid,                                 -- null: not signed in (e.g. a failed sign-in of an unknown name)
        username  text,
        role      text,
        action    text NOT NULL,                        -- case.read, case.write, auth.login, admin.user.create …
        case_id   uuid,
        detail    jsonb NOT NULL DEFAULT '{}'::jsonb,   -- ids, event types, query filters; never a child's data
        ip        text
      );
      CREATE INDEX audit_event_at ON audit_event (at, id);
      CREATE INDEX audit_event_user ON audit_event (user_id, at) WHERE user_id IS NOT NULL;
      CREATE INDEX audit_event_case ON audit_event (case_id, at) WHERE case_id IS NOT NULL;

      CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$;
      CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();

      -- School closure calendars: the deadline engine proposes the school-closure exception (regs 5(4)(a), 10(4)(a)) from them.
      CREATE TABLE school_closure (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        setting_id   text,                              -- null: the local authority's default calendar
        closed_from  date NOT NULL,
        reopens_on   date NOT NULL,
        description  text NOT NULL,
        created_by   uuid,
        created_at   timestamptz NOT NULL DEFAULT now(),
        CHECK (reopens_on > closed_from)
      );
      CREATE INDEX school_closure_dates ON school_closure (closed_from, reopens_on);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE school_closure;
      DROP TABLE audit_event; DROP FUNCTION audit_event_is_append_only();
      DROP TABLE login_throttle; DROP TABLE user_session; DROP TABLE app_user;
    `);
  }
}
