import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The team's deadline queue and a caseworker's "My work" list the open deadlines of open cases and of maintained plans
 * (a case closed as an assessment by its final plan whose plan is still maintained here: stage plan-issued; the
 * condition is @ehc/persistence CASE_HAS_WORK_SQL, docs/plan-life.md#one-log). These partial indexes state that
 * condition, as case_summary_team_next and case_summary_caseworker_next state "not closed" for the open cases.
 */
export class WorkOfMaintainedPlans1764000000091 implements MigrationInterface {
  name = 'WorkOfMaintainedPlans1764000000091';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX case_summary_team_work ON case_summary (team_id, caseworker, case_id) WHERE (NOT closed OR stage = 'plan-issued');
      CREATE INDEX case_summary_caseworker_work ON case_summary (caseworker, team_id, case_id) WHERE (NOT closed OR stage = 'plan-issued');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_summary_caseworker_work; DROP INDEX case_summary_team_work;`);
  }
}
