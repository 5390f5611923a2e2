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

/** The teams the board sees (one, for a team manager), by name. */
export function measureTeams(run: SqlQuery, team: string | undefined): Promise<{ id: string; name: string }[]> {
  return run(`SELECT id, name FROM team WHERE $1::text IS NULL OR id = $1 ORDER BY name`, [team ?? null]);
}

/** An event recorded after an as-at day, of a case whose standing in the measure changed since then. */
export interface LaterEventRow {
  reference: string;
  type: string;
  date: string;
  recorded_at: Date;
  data: Record<string, unknown>;
  actor: string;
  display_name: string | null;
  /** For a correction or retraction: the type and date of the event it names. */
  target_type: string | null;
  target_date: string | null;
}

/**
 * What was recorded for these cases after the end of the as-at day (Europe/London: the measure's own cut-off), in
 * each case's order, with the user who recorded it and what a correction names.
 */
export function eventsRecordedAfter(
  run: SqlQuery,
  references: readonly string[],
  asAt: string,
): Promise<LaterEventRow[]> {
  return run(
    `SELECT c.reference, e.type, e.business_date::text AS date, e.recorded_at, e.data, e.actor, u.display_name,
            t.type AS target_type, t.business_date::text AS target_date
       FROM case_event e JOIN ehc_case c ON c.id = e.case_id
       LEFT JOIN app_user u ON u.id::text = e.actor
       LEFT JOIN case_event t ON t.case_id = e.case_id AND e.type IN ('EventCorrected', 'EventRetracted')
         AND t.event_id::text = lower(coalesce(e.data->>'corrects', e.data->>'retracts'))
      WHERE c.reference = ANY($1) AND e.recorded_at >= ($2::date + 1)::timestamp AT TIME ZONE 'Europe/London'
      ORDER BY c.reference, e.version`,
    [references, asAt],
  );
}
