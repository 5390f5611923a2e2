import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildCaseFacts } from '../libs/persistence/src/measures/case-facts.sql.js';

/**
 * The per-case facts of the board's companion measures (docs/measure-definitions.md#the-case-facts-table): one row
 * per case in case_facts, one per advice request in case_advice_facts, kept by every write of events in the same
 * statement and refolded by `npm run projections:rebuild`. Filled here from the log with the rebuild's own fold.
 * The indexes are the measure's ways in: plans issued in a period, requests received in a period, "no plan" notices in a period,
 * advice returned in a period, and the open cases (the backlog: the partial index states the same condition as the
 * measure's statement).
 */
export class CaseFacts1764000000100 implements MigrationInterface {
  name = 'CaseFacts1764000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_facts (
        case_id             uuid PRIMARY KEY,  -- ehc_case.id (no foreign key: cases are never deleted, and the rebuild writes a million rows)
        received            date,      -- the latest RequestReceived (corrected)
        first_decision      date,      -- the first decision whether to assess (reg 5(1))
        draft               date,      -- the latest DraftPlanIssued
        final               date,      -- the latest FinalPlanIssued
        first_no_plan       date,      -- the first "no plan" notice (reg 10(1))
        no_plan_ordered     date,      -- the latest order / unopposed appeal to assess on or before it (reg 44(2)(b), 45(3A)(a))
        ended               boolean NOT NULL,  -- a final plan, withdrawal or move out of area
        closed_not_assessed boolean NOT NULL,  -- a refusal to assess not followed by a decision to assess
        closed_not_issued   boolean NOT NULL,  -- a refusal to issue not followed by a decision to issue
        refused_to_assess   boolean NOT NULL,  -- a refusal to assess on record (SEN2 keeps it even when reversed)
        refused_to_issue    boolean NOT NULL,  -- a refusal to issue on record
        mediation_held      text,      -- the earliest meeting held of a mediation about this request or assessment
        tribunal_from       date,      -- the earliest appeal about it registered, or tribunal order made
        exception_kinds     text[] NOT NULL    -- the active exceptions to the final-plan limit (reg 13(3)), sorted
      )`);
    await q.query(`CREATE INDEX case_facts_received ON case_facts (received) INCLUDE (first_decision)`);
    await q.query(`CREATE INDEX case_facts_final ON case_facts (final) WHERE final IS NOT NULL`);
    await q.query(
      `CREATE INDEX case_facts_no_plan ON case_facts (first_no_plan) INCLUDE (received, no_plan_ordered) WHERE first_no_plan IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX case_facts_open ON case_facts (received) WHERE received IS NOT NULL AND NOT ended AND NOT closed_not_assessed AND NOT closed_not_issued`,
    );
    await q.query(`
      CREATE TABLE case_advice_facts (
        case_id   uuid NOT NULL,    -- ehc_case.id
        advice_id text NOT NULL,
        provider  text,             -- NULL: returned but never requested
        start     date,             -- when the provider received the request (reg 8(1))
        returned  date
      )`);
    await q.query(`CREATE INDEX case_advice_facts_case ON case_advice_facts (case_id)`);
    await q.query(
      `CREATE INDEX case_advice_facts_returned ON case_advice_facts (returned) INCLUDE (provider, start) WHERE provider IS NOT NULL`,
    );
    await rebuildCaseFacts(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_advice_facts`);
    await q.query(`DROP TABLE case_facts`);
  }
}
