import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A person's own audit rows (person.read, person.update, person.export …) name the person in detail.personId, not in
 * case_id. A subject access export lists them (docs/subject-access.md): without this index that is a scan of the
 * whole audit trail. Partial, so rows about no person (sign-ins, case reads) cost nothing.
 */
export class AuditPersonIndex1764000000085 implements MigrationInterface {
  name = 'AuditPersonIndex1764000000085';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX audit_event_person ON audit_event ((detail->>'personId'), at) WHERE detail ? 'personId'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_event_person`);
  }
}
