import type { CaseEvent } from '@ehc/workflow';
import type { Sql } from '../sql.js';

/** Events only the system records (the deadline sweeper): never taken from a person, by the events API or an import. */
export const SYSTEM_ONLY_EVENTS: ReadonlySet<string> = new Set(['DeadlineMissed']);

/** Who may hold a case (CaseworkerAssigned), as in the events API: an active caseworker or team manager of its team. */
const ASSIGNABLE_ROLES = ['caseworker', 'team-manager'];

/** Usernames a case of `team` may be assigned to. */
export async function assignableUsernames(db: Sql, team: string): Promise<Set<string>> {
  const rows: { username: string }[] = await db.query(
    `SELECT username FROM app_user WHERE team_id = $1 AND role = ANY($2::text[]) AND NOT disabled`, [team, ASSIGNABLE_ROLES]);
  return new Set(rows.map((r) => r.username));
}

/**
 * What a signed-in manager's import line may not hold, because the events API would refuse it: a system-only event,
 * or a caseworker who is not an active caseworker or manager of the case's team (they would get alerts about a case
 * they cannot open). The reason names the event and the rule, never the person.
 */
export function refusedForUser(events: readonly CaseEvent[], team: string, assignable: ReadonlySet<string>): string | null {
  for (const [i, e] of events.entries()) {
    if (SYSTEM_ONLY_EVENTS.has(e.type)) return `events[${i}] (${e.type}): recorded by the system only, never imported`;
    if (e.type === 'CaseworkerAssigned' && !assignable.has((e as { caseworker: string }).caseworker)) {
      return `events[${i}] (CaseworkerAssigned): caseworker must be an active caseworker or manager of team ${team}`;
    }
  }
  return null;
}
