import type { Sql } from '../sql.js';

/** The case's reference and person when the case is the team's; undefined for another team's case or none. */
export async function caseOfTeam(
  sql: Sql,
  caseId: string,
  teamId: string | null,
): Promise<{ reference: string; personId: string } | undefined> {
  const [row] = await sql.query(`SELECT reference, person_id FROM ehc_case WHERE id = $1 AND team_id = $2`, [
    caseId,
    teamId,
  ]);
  return row ? { reference: row.reference, personId: row.person_id } : undefined;
}
