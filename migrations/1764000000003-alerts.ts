import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadline alerts raised by the worker, who has read them, and the e-mail digests sent.
 *
 * An alert is raised once per (case, deadline, generation, alert key): the unique index is what makes the
 * deadline job handler idempotent (docs/architecture.md invariant 5) even when BullMQ runs a job twice. Alerts name the case
 * reference and the deadline only, never the child (docs/architecture.md invariant 9).
 */
export class Alerts1764000000003 implements MigrationInterface {
  name = 'Alerts1764000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id            uuid NOT NULL REFERENCES ehc_case(id),
        team_id            text NOT NULL,
        deadline_id        text NOT NULL,
        deadline_kind      text NOT NULL,
        generation         integer NOT NULL,
        alert_key          text NOT NULL CHECK (alert_key ~ '^(warn[0-9]{1,3}|due)$'),   -- the job that raised it
        kind               text NOT NULL CHECK (kind IN ('warning', 'due', 'missed')),
        days_before        integer,                       -- warnings: how many days before the due date
        due                date NOT NULL,
        excepted           boolean NOT NULL DEFAULT false, -- missed, but a recorded exception makes it lawful
        intended_at        timestamptz NOT NULL,          -- when it should have been raised
        raised_at          timestamptz NOT NULL,          -- when it was raised (database clock)
        late_by_ms         bigint NOT NULL,               -- raised_at - intended_at, never negative
        recipient_user_ids uuid[] NOT NULL,               -- the caseworker and the team's managers when raised
        CHECK (late_by_ms >= 0)
      );
      CREATE UNIQUE INDEX alert_once ON alert (case_id, deadline_id, generation, alert_key);
      CREATE INDEX alert_deadline_due ON alert (case_id, deadline_id, alert_key, due);
      CREATE INDEX alert_recipients ON alert USING gin (recipient_user_ids);
      CREATE INDEX alert_team_raised ON alert (team_id, raised_at DESC);

      -- Read tracking per user (a manager reading a team alert does not mark it read for the caseworker).
      CREATE TABLE alert_read (
        alert_id  uuid NOT NULL REFERENCES alert(id),
        user_id   uuid NOT NULL REFERENCES app_user(id),
        read_at   timestamptz NOT NULL,
        PRIMARY KEY (user_id, alert_id)
      );

      -- One e-mail digest per user per day: the primary key makes a re-run of the digest job send nothing twice.
      CREATE TABLE alert_digest (
        user_id    uuid NOT NULL REFERENCES app_user(id),
        sent_on    date NOT NULL,
        sent_at    timestamptz NOT NULL,
        alert_ids  uuid[] NOT NULL,
        PRIMARY KEY (user_id, sent_on)
      );

      -- Where the daily digest goes (nullable: users without an address get alerts in the app only).
      ALTER TABLE app_user ADD COLUMN IF NOT EXISTS email text;

      -- The sweeper finds when a deadline was first scheduled, and which missed deadlines the live system knew.
      CREATE INDEX deadline_outbox_deadline ON deadline_outbox (case_id, deadline_id, generation);
      -- Recently missed deadlines whose miss may still need recording (sweeper), and the manager's queue of open work.
      CREATE INDEX case_deadline_missed_due ON case_deadline (due) WHERE status IN ('missed', 'excepted');
      CREATE INDEX case_deadline_open_due ON case_deadline (due, case_id, deadline_id)
        WHERE met_on IS NULL AND status IN ('pending', 'missed', 'excepted');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX case_deadline_open_due; DROP INDEX case_deadline_missed_due; DROP INDEX deadline_outbox_deadline;
      -- app_user.email is left in place: it may be owned by a later auth migration.
      DROP TABLE alert_digest; DROP TABLE alert_read; DROP TABLE alert;
    `);
  }
}
