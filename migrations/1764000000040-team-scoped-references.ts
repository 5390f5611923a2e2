import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case reference is unique within its team, not across the council. With one council-wide namespace, the
 * answer to "open (or import) a case with reference X" told a manager whether another team already had a case X
 * (REFERENCE_TAKEN / "conflict"): each team's references are now its own, so no answer can reveal another team's.
 * The constraint keeps its name, which the code reads to recognise a taken reference.
 */
export class TeamScopedReferences1764000000040 implements MigrationInterface {
  name = 'TeamScopedReferences1764000000040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ehc_case DROP CONSTRAINT ehc_case_reference_key`);
    await q.query(`ALTER TABLE ehc_case ADD CONSTRAINT ehc_case_reference_key UNIQUE (team_id, reference)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ehc_case DROP CONSTRAINT ehc_case_reference_key`);
    await q.query(`ALTER TABLE ehc_case ADD CONSTRAINT ehc_case_reference_key UNIQUE (reference)`);
  }
}
