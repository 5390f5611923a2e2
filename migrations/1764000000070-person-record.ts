import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The child or young person as a record of their own, with the family and professionals around them. One person
 * can have many cases over the years (a refused request, a later one, a plan reviewed): ehc_case.person_id.
 *
 * Until now the child lived only in ehc_case.child (jsonb, one copy per case). This migration moves it: one person
 * per case, except that cases whose child has the same UPN and date of birth become one person (the same child,
 * certainly). ehc_case.child stays as the copy the caseload and queue lists read; the person service rewrites it for
 * every case of a person whenever the person's names, date of birth, UPN, postcode or school change, so the two agree.
 *
 * A case inserted without a person (the importer, the demo data) gets one made from its child by a trigger, so
 * every path that opens a case keeps person_id filled without having to know about people.
 */
export class PersonRecord1764000000070 implements MigrationInterface {
  name = 'PersonRecord1764000000070';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS pg_trgm;

      CREATE TABLE person (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        given_name         text NOT NULL,
        family_name        text NOT NULL,
        date_of_birth      date,                 -- null only for a case whose child was never recorded or was erased
        upn                text,                 -- unique pupil number (13 characters)
        uln                text,                 -- unique learner number (10 digits), post-16
        address            text,
        postcode           text,
        school_urn         text,                 -- the setting's unique reference number (6 digits)
        school_name        text,
        home_language      text,
        interpreter_needed boolean NOT NULL DEFAULT false,
        created_by_team    text REFERENCES team(id),   -- the team that made it (may see it before any case exists)
        merged_into        uuid REFERENCES person(id), -- set when merged into another record; then read-only
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now(),
        -- Search keys: lower-case "given family" (trigram similarity ignores word order) and a spaceless postcode.
        name_key           text GENERATED ALWAYS AS (lower(given_name || ' ' || family_name)) STORED,
        postcode_key       text GENERATED ALWAYS AS (upper(replace(postcode, ' ', ''))) STORED
      );
      CREATE INDEX person_name_trgm ON person USING gin (name_key gin_trgm_ops);
      CREATE INDEX person_dob ON person (date_of_birth);
      CREATE INDEX person_upn ON person (upn) WHERE upn IS NOT NULL;
      CREATE INDEX person_postcode ON person (postcode_key) WHERE postcode_key IS NOT NULL;

      -- Parents, carers and professionals around the child. Rows are added and ended, never rewritten.
      CREATE TABLE person_contact (
        id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id               uuid NOT NULL REFERENCES person(id),
        kind                    text NOT NULL CHECK (kind IN ('parent-carer', 'professional')),
        name                    text NOT NULL,
        relationship            text NOT NULL,   -- mother, father, carer … / social-worker, health, senco …
        parental_responsibility boolean,         -- parents and carers only
        organisation            text,
        phone                   text,
        email                   text,
        address                 text,
        preferred_contact       text CHECK (preferred_contact IN ('phone', 'email', 'post', 'text-message')),
        created_by              text NOT NULL,
        created_at              timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX person_contact_person ON person_contact (person_id);

      ALTER TABLE ehc_case ADD COLUMN person_id uuid REFERENCES person(id);

      -- The data move: a person per case, with the case's id (unique, and traceable to where it came from) …
      INSERT INTO person (id, given_name, family_name, date_of_birth, upn, postcode, school_name, created_at)
        SELECT id, coalesce(child->>'givenName', ''), coalesce(child->>'familyName', ''), (child->>'dateOfBirth')::date,
               NULLIF(upper(btrim(child->>'upn')), ''), NULLIF(upper(btrim(child->>'postcode')), ''), NULLIF(btrim(child->>'school'), ''), created_at
          FROM ehc_case;
      UPDATE ehc_case SET person_id = id;
      -- … then cases of one child (same UPN and date of birth) share the earliest case's person.
      WITH same AS (
        SELECT id, first_value(id) OVER (PARTITION BY upper(btrim(child->>'upn')), child->>'dateOfBirth' ORDER BY created_at, id) AS keep
          FROM ehc_case WHERE NULLIF(btrim(child->>'upn'), '') IS NOT NULL)
      UPDATE ehc_case c SET person_id = same.keep FROM same WHERE same.id = c.id AND same.keep <> c.id;
      DELETE FROM person p WHERE NOT EXISTS (SELECT 1 FROM ehc_case c WHERE c.person_id = p.id);

      ALTER TABLE ehc_case ALTER COLUMN person_id SET NOT NULL;
      CREATE INDEX ehc_case_person ON ehc_case (person_id, team_id);

      -- A case opened without a person (importer, demo data) gets one from its child (blank names and no date of
      -- birth when the case holds none, e.g. pseudonymous test data, rather than refusing the case).
      CREATE FUNCTION ehc_case_person_from_child() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.person_id IS NULL THEN
          INSERT INTO person (given_name, family_name, date_of_birth, upn, postcode, school_name)
            VALUES (coalesce(NEW.child->>'givenName', ''), coalesce(NEW.child->>'familyName', ''), (NEW.child->>'dateOfBirth')::date,
                    NULLIF(upper(btrim(NEW.child->>'upn')), ''), NULLIF(upper(btrim(NEW.child->>'postcode')), ''), NULLIF(btrim(NEW.child->>'school'), ''))
            RETURNING id INTO NEW.person_id;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER ehc_case_person BEFORE INSERT ON ehc_case FOR EACH ROW EXECUTE FUNCTION ehc_case_person_from_child();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER ehc_case_person ON ehc_case; DROP FUNCTION ehc_case_person_from_child();
      ALTER TABLE ehc_case DROP COLUMN person_id;
      DROP TABLE person_contact; DROP TABLE person;
    `);
  }
}
