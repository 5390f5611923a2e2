import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A "missed" alert is closed when the case shows why it no longer needs acting on: the work was done late (the breach
 * stays on the record: the deadline shows "done late by N days"), a valid exception now covers the miss, or a
 * correction shows the deadline was met or no longer applies. Written by the same statement that writes the case's
 * deadlines (libs/persistence/src/projections.ts), so the alert and the deadline never disagree.
 */
export class AlertResolution1764000000010 implements MigrationInterface {
  name = 'AlertResolution1764000000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alert ADD COLUMN closed_at timestamptz,
                     ADD COLUMN closed_reason text CHECK (closed_reason IN ('done-late', 'excepted', 'corrected-met', 'no-longer-applies')),
                     ADD COLUMN closed_on date,
                     ADD CONSTRAINT alert_closed_together CHECK ((closed_at IS NULL) = (closed_reason IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE alert DROP CONSTRAINT alert_closed_together, DROP COLUMN closed_on, DROP COLUMN closed_reason, DROP COLUMN closed_at`,
    );
  }
}
