import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The free-text fields of each event type that a person may have written personal data into (names of family
 * members, a hospital stay, a school), as they were when this migration was written. Every other field of an event is
 * a date, an enumerated value or a reference the system chose, and those are what the board's measure and the
 * statechart read, so erasing these leaves every figure as it was (docs/operations.md#retention-and-erasure).
 * `test/retention-event-text.spec.ts` fails when EVENT_FIELDS gains a text field this list does not name: a later
 * migration must then add it.
 * HistoryMigrated.source names the old system (never a person) and is kept.
 */
export const ERASABLE_EVENT_TEXT: Readonly<Record<string, readonly string[]>> = {
  DecidedNotToAssess: ['reasons'],
  ExistingAdviceAgreed: ['evidence'],
  AdviceAskedByFamily: ['from'],
  AdviceAskRefused: ['reasons'],
  DecidedNotToIssue: ['reasons'],
  SettingRequested: ['setting'],
  SettingConsulted: ['setting'],
  FinalPlanIssued: ['setting'],
  ExceptionRecorded: ['evidence', 'reasonLimitImpractical'],
  ExceptionWithdrawn: ['reason'],
  RequestWithdrawn: ['reason'],
  EventCorrected: ['reason'],
  EventRetracted: ['reason'],
};

/**
 * erase_event_text(type, data): an event's data with the free-text fields `fields` names erased (an EventCorrected's
 * correction by the corrected event's type). A later migration that names more fields replaces it with its own map.
 */
export function eraseEventTextFunction(fields: Readonly<Record<string, readonly string[]>>, orReplace = false): string {
  const map = JSON.stringify(fields).replace(/'/g, "''");
  return `
      -- An event's data with its free-text fields erased (an EventCorrected's correction by the corrected event's type).
      ${orReplace ? 'CREATE OR REPLACE' : 'CREATE'} FUNCTION erase_event_text(p_type text, p_data jsonb) RETURNS jsonb LANGUAGE plpgsql STABLE
        SET search_path = public, pg_temp AS $$
      DECLARE
        fields jsonb := '${map}'::jsonb;
        f text;
        out jsonb := p_data;
        corrected text;
      BEGIN
        FOR f IN SELECT jsonb_array_elements_text(coalesce(fields->p_type, '[]'::jsonb)) LOOP
          IF jsonb_typeof(out->f) = 'string' THEN out := jsonb_set(out, ARRAY[f], to_jsonb('${ERASED_TEXT}'::text)); END IF;
        END LOOP;
        IF p_type = 'EventCorrected' AND jsonb_typeof(out->'correction') = 'object' THEN
          SELECT type INTO corrected FROM case_event WHERE event_id = (p_data->>'corrects')::uuid;
          FOR f IN SELECT jsonb_array_elements_text(coalesce(fields->corrected, '[]'::jsonb)) LOOP
            IF jsonb_typeof(out->'correction'->f) = 'string' THEN
              out := jsonb_set(out, ARRAY['correction', f], to_jsonb('${ERASED_TEXT}'::text));
            END IF;
          END LOOP;
        END IF;
        RETURN out;
      END $$;
`;
}

/**
 * An append-only trigger function as its first migration made it (refuse every change), or with `allow` (a plpgsql
 * statement) run first: the erasure's exception.
 */
const appendOnly = (table: string, instead: string, allow = '') => `
      CREATE OR REPLACE FUNCTION ${table}_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${allow}
        RAISE EXCEPTION '${table} is append-only: % is not allowed (${instead})', TG_OP USING ERRCODE = 'restrict_violation';
      END $$;`;
const EVENT_INSTEAD = 'record a correcting event instead';
const NOTE_INSTEAD = 'add a correcting note instead';
const LETTER_INSTEAD = 'send a new letter instead';
/** Inside erase_personal_data only: a note or letter of the case being erased may be deleted. */
const ERASURE_DELETE = `IF TG_OP = 'DELETE' AND erasing_case(OLD.case_id, TG_RELID) THEN RETURN OLD; END IF;`;

/** What an erased text field reads afterwards. */
export const ERASED_TEXT = '(erased)';

/**
 * The erasure function's text (see its comment below). Later migrations replace the function with `later`'s statements
 * added (plpgsql run with `c` the case and `people` the person's records): `beforeDocuments`, in each case's loop before
 * its documents' rows are deleted; `beforePerson`, once after the loop, before the person's contacts and details go.
 */
export const erasePersonalDataSql = (
  create: 'CREATE' | 'CREATE OR REPLACE',
  later: { beforeDocuments?: string; beforePerson?: string } = {},
) => `
      /*
       * Erases the personal data of an approved person and of every case of theirs; returns the case ids. Kept: the
       * cases' references, teams and events (free text erased), the projections, deadlines and alerts (ids and dates),
       * the audit trail. Removed: the person's details (the row stays, blank, because cases point at it), the person
       * records merged into it, contacts, the copy of the child on each case, corrections of the child's details,
       * notes, letters and documents. One audit row per case (who approved, when, which cases: no personal data).
       */
      ${create} FUNCTION erase_personal_data(p_person uuid, p_on date) RETURNS uuid[] LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = public, pg_temp AS $$
      DECLARE
        r retention_review%ROWTYPE;
        c uuid;
        cases uuid[];
        people uuid[];
      BEGIN
        SELECT * INTO r FROM retention_review WHERE person_id = p_person FOR UPDATE;
        IF NOT FOUND OR r.status <> 'approved' OR r.decided_by IS NULL THEN
          RAISE EXCEPTION 'erase_personal_data: person % is not approved for erasure', p_person USING ERRCODE = 'insufficient_privilege';
        END IF;
        -- The person and every record merged into it (at any depth).
        WITH RECURSIVE chain(id) AS (SELECT p_person UNION SELECT p.id FROM person p JOIN chain ON p.merged_into = chain.id)
        SELECT array_agg(id) INTO people FROM chain;
        SELECT coalesce(array_agg(id ORDER BY id), '{}') INTO cases FROM ehc_case WHERE person_id = ANY(people);
        IF cases IS DISTINCT FROM (SELECT coalesce(array_agg(x ORDER BY x), '{}') FROM unnest(r.case_ids) x) THEN
          RAISE EXCEPTION 'erase_personal_data: the person''s cases changed since they were listed; list them again' USING ERRCODE = 'serialization_failure';
        END IF;
        IF EXISTS (SELECT 1 FROM case_summary s WHERE s.case_id = ANY(cases) AND NOT s.closed) THEN
          RAISE EXCEPTION 'erase_personal_data: a case of this person is open' USING ERRCODE = 'object_in_use';
        END IF;
        FOREACH c IN ARRAY cases LOOP
          PERFORM set_config('ehc.erasing_case', c::text, true);
          UPDATE case_event SET data = erase_event_text(type, data)
            WHERE case_id = c AND data IS DISTINCT FROM erase_event_text(type, data);
          DELETE FROM case_letter WHERE case_id = c;
${later.beforeDocuments ?? ''}          DELETE FROM case_document_chunk WHERE document_id IN (SELECT id FROM case_document WHERE case_id = c);
          DELETE FROM case_document WHERE case_id = c;
          DELETE FROM case_note WHERE case_id = c;
          DELETE FROM child_detail_change WHERE case_id = c;
          UPDATE ehc_case SET child = '{}'::jsonb, personal_data_erased_on = p_on WHERE id = c;
          INSERT INTO audit_event (at, user_id, action, case_id, detail)
            VALUES (now(), r.decided_by, 'retention.erase', c,
                    jsonb_build_object('personId', p_person, 'caseIds', to_jsonb(cases), 'approvedBy', r.decided_by, 'approvedAt', r.decided_at, 'erasedOn', p_on));
        END LOOP;
        PERFORM set_config('ehc.erasing_case', '', true);
        IF cardinality(cases) = 0 THEN   -- a record with no case: its audit row names the person only
          INSERT INTO audit_event (at, user_id, action, case_id, detail)
            VALUES (now(), r.decided_by, 'retention.erase', NULL,
                    jsonb_build_object('personId', p_person, 'caseIds', '[]'::jsonb, 'approvedBy', r.decided_by, 'approvedAt', r.decided_at, 'erasedOn', p_on));
        END IF;
${later.beforePerson ?? ''}        DELETE FROM person_contact WHERE person_id = ANY(people);
        UPDATE person SET given_name = '', family_name = '', date_of_birth = NULL, upn = NULL, uln = NULL, address = NULL,
               postcode = NULL, school_urn = NULL, school_name = NULL, home_language = NULL, interpreter_needed = false, updated_at = now()
         WHERE id = ANY(people);
        UPDATE retention_review SET status = 'erased', erased_at = now() WHERE person_id = p_person;
        RETURN cases;
      END $$;`;

/**
 * Retention and erasure (UK GDPR art. 5(1)(e) and art. 17): the people due for erasure, listed each night by the
 * worker for an admin to approve or postpone, and the one privileged path that erases an approved person's data.
 *
 * Erasure runs in `erase_personal_data`, a SECURITY DEFINER function owned by the migrations' owner: the runtime
 * role ehc_app keeps no UPDATE or DELETE on the logs (migration LeastPrivilegeRole) and may only EXECUTE this one
 * function, which refuses anyone not approved by an admin. The append-only triggers of case_event, case_note and
 * case_letter make one exception, checked row by row: inside that function (the table owner, with the transaction's
 * `ehc.erasing_case` set to the row's case), a note or letter of that case may be deleted, and an event's row may be
 * rewritten only to itself with its free-text fields replaced by ERASED_TEXT — its id, version, type, dates,
 * enumerated values and recorded time cannot change, so the measure computed from the log is the same before and after.
 */
export class RetentionErasure1764000000080 implements MigrationInterface {
  name = 'RetentionErasure1764000000080';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE ehc_case ADD COLUMN personal_data_erased_on date;

      CREATE TABLE retention_review (
        person_id        uuid PRIMARY KEY REFERENCES person(id),
        case_ids         uuid[] NOT NULL,
        case_references  text[] NOT NULL,              -- pseudonymous case references, for the admin's list
        due_on           date NOT NULL,
        reason           text NOT NULL CHECK (reason IN ('plan-kept-until-25', 'closed-without-plan', 'record-without-request')),
        status           text NOT NULL DEFAULT 'due' CHECK (status IN ('due', 'postponed', 'approved', 'erased')),
        listed_at        timestamptz NOT NULL DEFAULT now(),
        postponed_until  date,
        postpone_reason  text CHECK (length(postpone_reason) BETWEEN 1 AND 1000),
        decided_by       uuid REFERENCES app_user(id),
        decided_at       timestamptz,
        erased_at        timestamptz,
        CHECK (status <> 'postponed' OR (postponed_until IS NOT NULL AND postpone_reason IS NOT NULL)),
        CHECK (status NOT IN ('approved', 'erased') OR decided_by IS NOT NULL)
      );
      CREATE INDEX retention_review_open ON retention_review (due_on) WHERE status IN ('due', 'approved');
    `);

    await q.query(`
      ${eraseEventTextFunction(ERASABLE_EVENT_TEXT)}

      -- True only inside erase_personal_data for this case: the table's owner, with the case named for this transaction.
      CREATE FUNCTION erasing_case(p_case uuid, p_table oid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT current_setting('ehc.erasing_case', true) = p_case::text
           AND current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = p_table)
      $$;

      ${appendOnly(
        'case_event',
        EVENT_INSTEAD,
        `IF TG_OP = 'UPDATE' AND erasing_case(OLD.case_id, TG_RELID)
           AND (NEW.position, NEW.event_id, NEW.case_id, NEW.version, NEW.type, NEW.business_date, NEW.actor, NEW.recorded_at, NEW.schema_version, NEW.transaction_id)
               IS NOT DISTINCT FROM (OLD.position, OLD.event_id, OLD.case_id, OLD.version, OLD.type, OLD.business_date, OLD.actor, OLD.recorded_at, OLD.schema_version, OLD.transaction_id)
           AND NEW.data = erase_event_text(OLD.type, OLD.data) THEN
          RETURN NEW;
        END IF;`,
      )}
      ${appendOnly('case_note', NOTE_INSTEAD, ERASURE_DELETE)}
      ${appendOnly('case_letter', LETTER_INSTEAD, ERASURE_DELETE)}

      ${erasePersonalDataSql('CREATE')}
      REVOKE ALL ON FUNCTION erase_personal_data(uuid, date) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION erase_personal_data(uuid, date) TO ehc_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION erase_personal_data(uuid, date);
      ${appendOnly('case_event', EVENT_INSTEAD)}
      ${appendOnly('case_note', NOTE_INSTEAD)}
      ${appendOnly('case_letter', LETTER_INSTEAD)}
      DROP FUNCTION erasing_case(uuid, oid); DROP FUNCTION erase_event_text(text, jsonb);
      DROP TABLE retention_review;
      ALTER TABLE ehc_case DROP COLUMN personal_data_erased_on;
    `);
  }
}
