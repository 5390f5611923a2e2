/**
 * Appends events to cases' streams straight in SQL (case_event is append-only: INSERT only), for tests that need
 * many corrections at once (the plan's own events are recorded through the api: POST /api/cases/:id/events).
 */
import { caseFactsWriteCtes } from '@ehc/persistence';

export type Run = (sql: string, params?: unknown[]) => Promise<any[]>;

export async function appendEvent(
  run: Run,
  caseId: string,
  type: string,
  date: string,
  data: Record<string, unknown>,
): Promise<void> {
  // in one statement with the measure's case facts, as the write paths append (docs/measure-definitions.md#the-case-facts-table)
  await run(
    `WITH appended AS (
       INSERT INTO case_event (event_id, case_id, version, type, business_date, data, actor)
       SELECT gen_random_uuid(), $1, coalesce(max(version), 0) + 1, $2, $3::date, $4::jsonb, 'import' FROM case_event WHERE case_id = $1
       RETURNING case_id, event_id, version, type, business_date, data
     ), ${caseFactsWriteCtes('appended')}
     SELECT 1`,
    [caseId, type, date, JSON.stringify(data)],
  );
}

/**
 * Gives every setting a plan names or a child attends (the final plan's, and the plan's PlacementNamed and
 * PlacementStarted) a URN by a correction (EventCorrected), as a council adds them when it prepares its SEN2 return:
 * a setting without a URN, UKPRN or setting code fails SEN2's plan detail.
 */
export async function addUrnsToSettings(run: Run): Promise<number> {
  const settings: { caseId: string; eventId: string; date: string }[] = await run(
    `SELECT case_id AS "caseId", event_id::text AS "eventId", business_date::text AS date FROM case_event
      WHERE type IN ('FinalPlanIssued', 'PlacementNamed', 'PlacementStarted') ORDER BY position`,
  );
  let n = 0;
  for (const f of settings) {
    await appendEvent(run, f.caseId, 'EventCorrected', f.date, {
      corrects: f.eventId,
      correction: { setting: `School ${String(100001 + n++)}` },
      reason: 'URN added for the SEN2 return',
    });
  }
  return n;
}
