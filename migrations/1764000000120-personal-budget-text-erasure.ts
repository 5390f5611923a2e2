import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eraseEventTextFunction } from './1764000000080-retention-erasure.js';
import { ERASABLE_EVENT_TEXT as ERASABLE_BEFORE_PERSONAL_BUDGETS } from './1764000000093-plans-transferred-in.js';

/**
 * A personal budget's decision (docs/plan-life.md#personal-budgets) carries free text: the reasons a request was
 * refused, and the reasons direct payments asked for were not agreed. Erasure (docs/operations.md#retention-and-erasure)
 * blanks them with the person: erase_event_text is made again with them. The amount a year is not free text (the
 * plan's rules read it as a sum), so it stays.
 */
export const ERASABLE_EVENT_TEXT: Readonly<Record<string, readonly string[]>> = {
  ...ERASABLE_BEFORE_PERSONAL_BUDGETS,
  PersonalBudgetDecided: ['reasons', 'directPaymentsRefusedReasons'],
};

export class PersonalBudgetTextErasure1764000000120 implements MigrationInterface {
  name = 'PersonalBudgetTextErasure1764000000120';

  async up(q: QueryRunner): Promise<void> {
    await q.query(eraseEventTextFunction(ERASABLE_EVENT_TEXT, true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(eraseEventTextFunction(ERASABLE_BEFORE_PERSONAL_BUDGETS, true));
  }
}
