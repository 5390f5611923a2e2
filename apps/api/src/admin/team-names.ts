import type { Sql } from '@ehc/persistence';

/** Two teams naming themselves alike at the same moment: one waits for the other, then sees the name taken. */
const TEAM_NAMES_LOCK = 724003;

/** Names compare as people read them: case, surrounding and repeated spaces do not make a different team. */
export const tidyTeamName = (name: string): string => name.trim().replace(/\s+/g, ' ');

/**
 * The id of another team already called `name` (whatever its case and spacing), or null. Takes a transaction-scoped
 * lock first, so the caller's insert or rename cannot race another's: call it inside the transaction that writes.
 * Used by the admin's teams page and by `npm run admin:create -- --team-name` (docs/operations.md#teams).
 */
export async function teamCalled(tx: Sql, name: string, exceptId: string | null): Promise<string | null> {
  await tx.query(`SELECT pg_advisory_xact_lock(${TEAM_NAMES_LOCK})`);
  const [other] = await tx.query(
    `SELECT id FROM team WHERE lower(regexp_replace(btrim(name), '\\s+', ' ', 'g')) = lower($1) AND id IS DISTINCT FROM $2`,
    [tidyTeamName(name), exceptId],
  );
  return other?.id ?? null;
}
