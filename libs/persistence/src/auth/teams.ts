import type { TeamAdminView, TeamView } from '@ehc/contracts';
import type { Sql } from '../sql.js';

// The council's teams (team): ids never change, names are unique whatever their case and spacing.

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

export async function teamExists(sql: Sql, teamId: string): Promise<boolean> {
  return (await sql.query(`SELECT 1 FROM team WHERE id = $1`, [teamId])).length > 0;
}

/** Every team's id. */
export async function teamIds(sql: Sql): Promise<string[]> {
  return (await sql.query(`SELECT id FROM team`)).map((r: { id: string }) => r.id);
}

/** Every team, by name. */
export function teams(sql: Sql): Promise<TeamView[]> {
  return sql.query(`SELECT id, name FROM team ORDER BY name, id`);
}

/** Adds a team; false when the id is taken (nothing written). */
export async function insertTeam(sql: Sql, id: string, name: string): Promise<boolean> {
  const rows: unknown[] = await sql.query(
    `INSERT INTO team (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [id, name],
  );
  return rows.length > 0;
}

/** The team's name, its row locked for update (a rename); undefined when there is no such team. */
export async function teamNameForUpdate(tx: Sql, id: string): Promise<string | undefined> {
  const [row] = await tx.query(`SELECT name FROM team WHERE id = $1 FOR UPDATE`, [id]);
  return row?.name;
}

export async function renameTeam(tx: Sql, id: string, name: string): Promise<void> {
  await tx.query(`UPDATE team SET name = $2 WHERE id = $1`, [id, name]);
}

const TEAMS = `SELECT t.id, t.name,
    (SELECT count(*)::int FROM app_user u WHERE u.team_id = t.id AND NOT u.disabled) AS "activeUsers",
    (SELECT count(*)::int FROM ehc_case c WHERE c.team_id = t.id) AS cases
  FROM team t`;

/** The admin's teams list: each team with its active users and cases, by name. */
export function teamsForAdmin(sql: Sql): Promise<TeamAdminView[]> {
  return sql.query(`${TEAMS} ORDER BY t.name, t.id`);
}

/** One team of the admin's list. */
export async function teamForAdmin(sql: Sql, id: string): Promise<TeamAdminView | undefined> {
  const [row] = await sql.query(`${TEAMS} WHERE t.id = $1`, [id]);
  return row;
}
