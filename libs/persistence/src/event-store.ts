import type { CaseEvent } from '@ehc/workflow';
import type { Sql } from './sql.js';
import { fromRow, toRow } from './case-events.codec.js';
import type { CaseIdentity } from './projections.js';

/** The expected version is stale: somebody else appended first. The client reloads and decides again. */
export class VersionConflict extends Error {
  constructor(readonly currentVersion: number) {
    super(`The case has changed since you loaded it (it is now at version ${currentVersion}); reload it and try again`);
  }
}

export interface CaseStream extends CaseIdentity {
  child: Record<string, unknown>;
  events: CaseEvent[];
}

export async function loadStream(sql: Sql, caseId: string, forUpdate = false): Promise<CaseStream | null> {
  const cases = await sql.query(
    `SELECT id, reference, team_id, child, version FROM ehc_case WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [caseId]);
  if (!cases.length) return null;
  const rows = await sql.query(
    `SELECT type, business_date::text AS business_date, data FROM case_event WHERE case_id = $1 ORDER BY version`, [caseId]);
  const c = cases[0];
  return { id: c.id, reference: c.reference, teamId: c.team_id, child: c.child, version: c.version, events: rows.map(fromRow) };
}

/**
 * Appends events at the expected version. The conditional UPDATE is the optimistic lock: of N concurrent
 * writers holding the same version exactly one matches; the others re-check the WHERE after it commits,
 * match nothing and get VersionConflict. Versions stay gapless because they come from that one row.
 */
export async function appendEvents(
  tx: Sql,
  caseId: string,
  expectedVersion: number,
  events: { eventId: string; event: CaseEvent }[],
  actor: string,
): Promise<number> {
  const updated = await tx.query(
    `UPDATE ehc_case SET version = version + $3 WHERE id = $1 AND version = $2 RETURNING version`,
    [caseId, expectedVersion, events.length]);
  const rows = Array.isArray(updated[0]) ? updated[0] : updated;
  if (!rows.length) {
    const cur = await tx.query(`SELECT version FROM ehc_case WHERE id = $1`, [caseId]);
    throw new VersionConflict(cur[0]?.version ?? 0);
  }
  await insertEvents(tx, caseId, expectedVersion, events, actor);
  return expectedVersion + events.length;
}

export async function insertEvents(tx: Sql, caseId: string, afterVersion: number, events: { eventId: string; event: CaseEvent }[], actor: string): Promise<void> {
  await tx.query(
    `INSERT INTO case_event (event_id, case_id, version, type, business_date, data, actor)
     SELECT x.event_id, $1, x.version, x.type, x.date::date, x.data, $2
       FROM jsonb_to_recordset($3::jsonb) AS x(event_id uuid, version int, type text, date text, data jsonb)`,
    [caseId, actor, JSON.stringify(events.map(({ eventId, event }, i) => {
      const r = toRow(event);
      return { event_id: eventId, version: afterVersion + i + 1, type: r.type, date: r.date, data: r.data };
    }))],
  );
}
