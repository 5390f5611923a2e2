import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case event log and the projections kept beside it.
 *
 * case_event is the truth (docs/architecture.md invariant 1): append-only, enforced by a trigger so that no code path
 * (not even a mistaken migration or a psql session) can rewrite a child's history. Corrections are new events.
 * Personal data of the child lives in ehc_case.child (correctable, erasable), never in the immutable log.
 */
export class CaseEventLog1764000000000 implements MigrationInterface {
  name = 'CaseEventLog1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE team (
        id          text PRIMARY KEY,
        name        text NOT NULL
      );

      CREATE TABLE ehc_case (
        id          uuid PRIMARY KEY,
        reference   text NOT NULL UNIQUE,          -- pseudonymous case reference, safe for the board and URLs
        team_id     text NOT NULL REFERENCES team(id),
        child       jsonb NOT NULL,                -- personal data: given/family name, DOB, UPN, postcode, school
        version     integer NOT NULL DEFAULT 0,    -- stream version: the optimistic lock
        created_at  timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE case_event (
        position        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id        uuid NOT NULL UNIQUE,      -- idempotent retries: the same id is applied once
        case_id         uuid NOT NULL REFERENCES ehc_case(id),
        version         integer NOT NULL,          -- 1, 2, 3 … per case, gapless
        type            text NOT NULL,
        business_date   date NOT NULL,             -- when it happened (the legal date)
        data            jsonb NOT NULL,            -- the event's own fields (no personal data)
        actor           text NOT NULL,             -- user id, 'import', or 'system'
        recorded_at     timestamptz NOT NULL DEFAULT now(),   -- when we were told
        schema_version  integer NOT NULL DEFAULT 1,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        UNIQUE (case_id, version)
      );
      CREATE INDEX case_event_type_date ON case_event (type, business_date);
      CREATE INDEX case_event_recorded ON case_event (recorded_at);

      CREATE FUNCTION case_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_event is append-only: % is not allowed (record a correcting event instead)', TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$;
      CREATE TRIGGER case_event_no_update BEFORE UPDATE OR DELETE ON case_event
        FOR EACH ROW EXECUTE FUNCTION case_event_is_append_only();
      CREATE TRIGGER case_event_no_truncate BEFORE TRUNCATE ON case_event
        FOR EACH STATEMENT EXECUTE FUNCTION case_event_is_append_only();

      -- Projection: one row per case, rebuilt from events by npm run projections:rebuild.
      CREATE TABLE case_summary (
        case_id            uuid PRIMARY KEY REFERENCES ehc_case(id),
        reference          text NOT NULL,
        team_id            text NOT NULL,
        caseworker         text,
        stage              text NOT NULL,
        closed             boolean NOT NULL,
        received_on        date NOT NULL,
        final_issued_on    date,
        next_deadline_id   text,
        next_deadline_kind text,
        next_due           date,
        flags              jsonb NOT NULL DEFAULT '{}'::jsonb,
        version            integer NOT NULL
      );
      CREATE INDEX case_summary_team_next ON case_summary (team_id, next_due, case_id) WHERE NOT closed;
      CREATE INDEX case_summary_caseworker_next ON case_summary (caseworker, next_due, case_id) WHERE NOT closed;
      CREATE INDEX case_summary_stage ON case_summary (stage, next_due, case_id);

      -- Projection: every statutory deadline of every case (derived by libs/workflow deriveDeadlines).
      CREATE TABLE case_deadline (
        case_id        uuid NOT NULL REFERENCES ehc_case(id),
        deadline_id    text NOT NULL,
        kind           text NOT NULL,
        due            date NOT NULL,
        from_date      date NOT NULL,
        regulation     text NOT NULL,
        statutory      boolean NOT NULL,
        status         text NOT NULL,   -- pending | met | missed | excepted | not-applicable
        met_on         date,
        provider       text,             -- advice provider holding it up, for the manager's queue
        subject        jsonb,
        exception_ids  text[] NOT NULL DEFAULT '{}',
        generation     integer NOT NULL DEFAULT 1,   -- bumped when the due date or status changes; stale jobs are ignored
        PRIMARY KEY (case_id, deadline_id)
      );
      CREATE INDEX case_deadline_pending_due ON case_deadline (due, case_id) WHERE status = 'pending';

      -- Transactional outbox: written in the same transaction as the event; the worker relays it to BullMQ.
      CREATE TABLE deadline_outbox (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        case_id      uuid NOT NULL,
        deadline_id  text NOT NULL,
        generation   integer NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        relayed_at   timestamptz
      );
      CREATE INDEX deadline_outbox_unrelayed ON deadline_outbox (id) WHERE relayed_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE deadline_outbox; DROP TABLE case_deadline; DROP TABLE case_summary;
      DROP TABLE case_event; DROP FUNCTION case_event_is_append_only(); DROP TABLE ehc_case; DROP TABLE team;
    `);
  }
}
