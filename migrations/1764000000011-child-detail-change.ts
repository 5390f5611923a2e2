import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Corrections of a child's details (names, date of birth, UPN, school, postcode). Those details live on ehc_case,
 * outside the append-only event log (personal data is never put in an event). Each change is kept here with who made
 * it, when, the fields it changed, their previous values and the reason: the accountability record for personal data.
 * The audit log gets the fields' names only, never their values.
 */
export class ChildDetailChange1764000000011 implements MigrationInterface {
  name = 'ChildDetailChange1764000000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE child_detail_change (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id    uuid NOT NULL REFERENCES ehc_case(id),
        changed_at timestamptz NOT NULL,
        user_id    uuid REFERENCES app_user(id),
        fields     text[] NOT NULL CHECK (cardinality(fields) > 0),
        previous   jsonb NOT NULL,
        reason     text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000)
      )`);
    await q.query(`CREATE INDEX child_detail_change_case ON child_detail_change (case_id, changed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE child_detail_change`);
  }
}
