import type { DataSource } from 'typeorm';
import type { SessionUser } from '../auth/session-user.js';
import { notFound } from '../common/domain-error.js';

type Runner = Pick<DataSource, 'query'>;

/** A case's casework is its team's: another team's case is "not found" (no existence leak), as for the case itself. */
export async function assertCaseVisible(
  db: Runner,
  user: SessionUser,
  caseId: string,
): Promise<{ reference: string; personId: string }> {
  const rows = await db.query(`SELECT reference, person_id FROM ehc_case WHERE id = $1 AND team_id = $2`, [
    caseId,
    user.teamId,
  ]);
  if (!rows[0]) throw notFound('The case');
  return { reference: rows[0].reference, personId: rows[0].person_id };
}
