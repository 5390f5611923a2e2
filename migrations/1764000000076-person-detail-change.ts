import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change of a child's details is kept with who, when, why and the previous values (docs/casework.md#the-person-record),
 * whichever page it was made from: a case's "Correct the child's details" (the case it was made on) or the child's
 * record (no case: a record can exist before any request). child_detail_change now names the person whose details
 * changed; the case is kept when the change was made on one.
 */
export class PersonDetailChange1764000000076 implements MigrationInterface {
  name = 'PersonDetailChange1764000000076';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE child_detail_change ADD COLUMN person_id uuid REFERENCES person(id);
      UPDATE child_detail_change d SET person_id = c.person_id FROM ehc_case c WHERE c.id = d.case_id;
      ALTER TABLE child_detail_change ALTER COLUMN person_id SET NOT NULL, ALTER COLUMN case_id DROP NOT NULL;
      CREATE INDEX child_detail_change_person ON child_detail_change (person_id, changed_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM child_detail_change WHERE case_id IS NULL;
      DROP INDEX child_detail_change_person;
      ALTER TABLE child_detail_change DROP COLUMN person_id, ALTER COLUMN case_id SET NOT NULL;
    `);
  }
}
