import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eraseEventTextFunction } from './1764000000080-retention-erasure.js';
import { ERASABLE_EVENT_TEXT as ERASABLE_BEFORE_TRANSFERS_IN } from './1764000000092-plan-event-text-erasure.js';

/**
 * A plan transferred in from another council (reg 15(2)-(3)) opens a case of its own with TransferredPlanReceived, not
 * with a request (docs/plan-life.md#a-plan-transferred-in): such a case has no request received date, so
 * case_summary.received_on may be null. Its free text, the council the plan came from, is erased with the person
 * (docs/operations.md#retention-and-erasure), as the council a family moved to is.
 */
export const ERASABLE_EVENT_TEXT: Readonly<Record<string, readonly string[]>> = {
  ...ERASABLE_BEFORE_TRANSFERS_IN,
  TransferredPlanReceived: ['fromLa'],
};

export class PlansTransferredIn1764000000093 implements MigrationInterface {
  name = 'PlansTransferredIn1764000000093';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_summary ALTER COLUMN received_on DROP NOT NULL`);
    await q.query(eraseEventTextFunction(ERASABLE_EVENT_TEXT, true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(eraseEventTextFunction(ERASABLE_BEFORE_TRANSFERS_IN, true));
    // Only possible while no plan transferred in is recorded.
    await q.query(`ALTER TABLE case_summary ALTER COLUMN received_on SET NOT NULL`);
  }
}
