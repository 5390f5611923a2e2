import type { DataSource } from 'typeorm';
import type { MeasureEventRow, Sen2PersonInput } from '@ehc/measures';
import { MEASURE_SESSION_SETTINGS, type SqlQuery } from './timeliness.sql.js';

// The measures' reads of the event log, for the pure measures (libs/measures) to compute from: the plan measures and
// the SEN2 return. The timeliness measure's own statements are timeliness.sql.ts.

/** Runs `fn` in one read-only REPEATABLE READ snapshot (the figures and their lists describe the same log). */
export function measureSnapshot<T>(ds: DataSource, fn: (run: SqlQuery) => Promise<T>): Promise<T> {
  return ds.transaction('REPEATABLE READ', async (m) => {
    await m.query('SET TRANSACTION READ ONLY');
    for (const setting of MEASURE_SESSION_SETTINGS) await m.query(setting);
    return fn((sql, params) => m.query(sql, params));
  });
}

/**
 * case_event rows, as the pure measures read them. `types`: only these event types (the (type, business_date)
 * index); `team`: only that team's cases. Corrections are read with them and applied by the caller (a correction of
 * an event of another type names nothing among the rows and is ignored).
 */
export async function readCaseRows(
  run: SqlQuery,
  opts: { types?: readonly string[]; team?: string },
): Promise<MeasureEventRow[]> {
  const rows: {
    caseId: string;
    eventId: string;
    reference: string;
    teamId: string;
    version: number;
    type: string;
    date: string;
    data: Record<string, unknown>;
    recordedAt: Date;
  }[] = await run(
    `SELECT e.case_id AS "caseId", e.event_id::text AS "eventId", c.reference, c.team_id AS "teamId", e.version, e.type,
            e.business_date::text AS date, e.data, e.recorded_at AS "recordedAt"
       FROM case_event e JOIN ehc_case c ON c.id = e.case_id
      WHERE ($1::text[] IS NULL OR e.type = ANY($1)) AND ($2::text IS NULL OR c.team_id = $2)`,
    [opts.types ?? null, opts.team ?? null],
  );
  return rows.map((r) => ({ ...r, recordedAt: new Date(r.recordedAt).toISOString() }));
}

/**
 * The child of each case (of `team`, or every case), as the SEN2 return identifies them: a merged person's cases go
 * under the person they were merged into.
 */
export function sen2People(run: SqlQuery, team: string | undefined): Promise<(Sen2PersonInput & { caseId: string })[]> {
  return run(
    `SELECT c.id AS "caseId", t.id AS "personKey", t.given_name AS "givenName", t.family_name AS "familyName",
                t.date_of_birth::text AS "dateOfBirth", t.upn, t.uln, t.postcode, t.sex, t.ethnicity
           FROM ehc_case c JOIN person p ON p.id = c.person_id JOIN person t ON t.id = coalesce(p.merged_into, p.id)
          WHERE $1::text IS NULL OR c.team_id = $1`,
    [team ?? null],
  );
}
