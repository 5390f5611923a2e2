import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  ERASABLE_EVENT_TEXT as ERASABLE_BEFORE_PLAN_EVENTS,
  eraseEventTextFunction,
} from './1764000000080-retention-erasure.js';

/**
 * The maintained plan's events are case events (docs/plan-life.md#one-log), and some carry free text: the settings a
 * plan names or a child attends, the reasons for dropping amendments, for not amending after a re-assessment or for
 * withdrawing a decision to cease, and the council a family moved to. Erasure (docs/operations.md#retention-and-erasure)
 * blanks them with the person, as it blanks the final plan's setting: erase_event_text is replaced with this map.
 */
export const ERASABLE_EVENT_TEXT: Readonly<Record<string, readonly string[]>> = {
  ...ERASABLE_BEFORE_PLAN_EVENTS,
  AmendmentsDropped: ['reasons'],
  PlacementNamed: ['setting'],
  PlacementStarted: ['setting'],
  ReassessmentNoAmendment: ['reasons'],
  CeaseWithdrawn: ['reason'],
  MoveNotified: ['toLa'],
  TransferredOut: ['toLa'],
};

export class PlanEventTextErasure1764000000092 implements MigrationInterface {
  name = 'PlanEventTextErasure1764000000092';

  async up(q: QueryRunner): Promise<void> {
    await q.query(eraseEventTextFunction(ERASABLE_EVENT_TEXT, true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(eraseEventTextFunction(ERASABLE_BEFORE_PLAN_EVENTS, true));
  }
}
