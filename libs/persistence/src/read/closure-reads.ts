import { rowsOf, type Sql } from '../sql.js';

// School closure calendars (school_closure): the LA-wide default (setting_id NULL) and settings' own term dates; the
// reads, and the admin's adds and deletes (the only writes of the table).

export interface ClosureRow {
  id: string;
  setting_id: string | null;
  /** YYYY-MM-DD: the first day closed. */
  closed_from: string;
  /** YYYY-MM-DD: the first day open again. */
  reopens_on: string;
  description: string;
}

export const CLOSURE_COLUMNS = `id, setting_id, to_char(closed_from, 'YYYY-MM-DD') AS closed_from, to_char(reopens_on, 'YYYY-MM-DD') AS reopens_on, description`;

/** The closures of a setting (with the default calendar's), or all; those open on some day of [from, to]. */
export async function closurePeriods(
  sql: Sql,
  f: { setting?: string; from?: string; to?: string } = {},
): Promise<ClosureRow[]> {
  const params: unknown[] = [];
  const conds: string[] = [];
  if (f.setting) {
    params.push(f.setting);
    conds.push(`(setting_id IS NULL OR setting_id = $${params.length})`);
  }
  if (f.from) {
    params.push(f.from);
    conds.push(`reopens_on > $${params.length}::date`);
  }
  if (f.to) {
    params.push(f.to);
    conds.push(`closed_from <= $${params.length}::date`);
  }
  return sql.query(
    `SELECT ${CLOSURE_COLUMNS} FROM school_closure ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''} ORDER BY closed_from, setting_id NULLS FIRST, id`,
    params,
  );
}

/** The default calendar's closures and those of the named school (matched in any case), earliest first. */
export async function closuresForSchool(sql: Sql, school: string | null): Promise<ClosureRow[]> {
  return sql.query(
    `SELECT ${CLOSURE_COLUMNS} FROM school_closure WHERE setting_id IS NULL OR lower(setting_id) = lower($1) ORDER BY closed_from, id`,
    [school],
  );
}

/** Adds a closure period; answers it. */
export async function insertClosure(
  tx: Sql,
  c: {
    settingId: string | null;
    closedFrom: string;
    reopensOn: string;
    description: string;
    createdBy: string;
    at: Date;
  },
): Promise<ClosureRow> {
  const [row] = await tx.query(
    `INSERT INTO school_closure (setting_id, closed_from, reopens_on, description, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${CLOSURE_COLUMNS}`,
    [c.settingId, c.closedFrom, c.reopensOn, c.description, c.createdBy, c.at],
  );
  return row;
}

/** Deletes a closure period; answers it, or undefined when there was none. */
export async function deleteClosure(tx: Sql, id: string): Promise<ClosureRow | undefined> {
  const [row] = rowsOf<ClosureRow>(
    await tx.query(`DELETE FROM school_closure WHERE id = $1 RETURNING ${CLOSURE_COLUMNS}`, [id]),
  );
  return row;
}
