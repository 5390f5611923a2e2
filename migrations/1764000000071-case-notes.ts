import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case notes and the contact log (calls, emails, meetings, letters: with whom, a summary). Append-only like the event
 * log: a trigger refuses UPDATE, DELETE and TRUNCATE, and a mistake is put right by a new note that `corrects` the
 * earlier one (each note is corrected at most once, so corrections form a chain and the newest is the one that
 * stands). Searchable within the case: English full text over who and the summary.
 */
export class CaseNotes1764000000071 implements MigrationInterface {
  name = 'CaseNotes1764000000071';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_note (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id      uuid NOT NULL REFERENCES ehc_case(id),
        kind         text NOT NULL CHECK (kind IN ('note', 'call', 'email', 'meeting', 'letter')),
        occurred_on  date NOT NULL,                 -- when the call or meeting happened (a London date)
        with_whom    text,
        summary      text NOT NULL,
        corrects     uuid REFERENCES case_note(id),
        author       text NOT NULL,                 -- username
        recorded_at  timestamptz NOT NULL DEFAULT now(),   -- when it was written down
        search       tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(with_whom, '') || ' ' || summary)) STORED
      );
      CREATE INDEX case_note_case ON case_note (case_id, occurred_on DESC, recorded_at DESC);
      CREATE UNIQUE INDEX case_note_corrected_once ON case_note (corrects) WHERE corrects IS NOT NULL;
      CREATE INDEX case_note_search ON case_note USING gin (search);

      CREATE FUNCTION case_note_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_note is append-only: % is not allowed (add a correcting note instead)', TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$;
      CREATE TRIGGER case_note_no_update BEFORE UPDATE OR DELETE ON case_note FOR EACH ROW EXECUTE FUNCTION case_note_is_append_only();
      CREATE TRIGGER case_note_no_truncate BEFORE TRUNCATE ON case_note FOR EACH STATEMENT EXECUTE FUNCTION case_note_is_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_note; DROP FUNCTION case_note_is_append_only();`);
  }
}
