import { caseOfTeam, type Sql } from '@ehc/persistence';
import type { SessionUser } from '../auth/session-user.js';
import { notFound } from '../common/domain-error.js';

/** A case's casework is its team's: another team's case is "not found" (no existence leak), as for the case itself. */
export async function assertCaseVisible(
  db: Sql,
  user: SessionUser,
  caseId: string,
): Promise<{ reference: string; personId: string }> {
  const c = await caseOfTeam(db, caseId, user.teamId);
  if (!c) throw notFound('The case');
  return c;
}
