import type { CaseEvent } from '@ehc/workflow';
import type { Sql } from '../sql.js';

/** Events only the system records (the deadline sweeper): never taken from a person, by the events API or an import. */
export const SYSTEM_ONLY_EVENTS: ReadonlySet<string> = new Set(['DeadlineMissed']);

/** Who may hold a case (CaseworkerAssigned), as in the events API: an active caseworker or team manager of its team. */
const ASSIGNABLE_ROLES = ['caseworker', 'team-manager'];

// JSON.stringify writes NUL and lone surrogates as \u escapes (and a typed backslash as two): find those escapes.
const BAD_TEXT = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2}(?!\\ud[c-f])|d[c-f][0-9a-f]{2})/i;

/** Usernames a case of `team` may be assigned to. */
export async function assignableUsernames(db: Sql, team: string): Promise<Set<string>> {
  const rows: { username: string }[] = await db.query(
    `SELECT username FROM app_user WHERE team_id = $1 AND role = ANY($2::text[]) AND NOT disabled`,
    [team, ASSIGNABLE_ROLES],
  );
  return new Set(rows.map((r) => r.username));
}

/**
 * What a signed-in manager's import line may not hold, because the events API would refuse it: a system-only event,
 * or a caseworker who is not an active caseworker or manager of the case's team (they would get alerts about a case
 * they cannot open). The reason names the event and the rule, never the person.
 */
export function refusedForUser(
  line: { events: readonly CaseEvent[]; child: object },
  team: string,
  assignable: ReadonlySet<string>,
): string | null {
  const events = line.events;
  // Text no field can hold (PostgreSQL refuses NUL; a lone surrogate is no character) and dates outside the EHC
  // system (Part 3 of the Children and Families Act 2014 began on 2014-09-01): refused, like the api's own checks.
  if (BAD_TEXT.test(JSON.stringify(line)))
    return 'the line contains a NUL character or a broken (lone surrogate) character';
  const dob = (line.child as { dateOfBirth?: string }).dateOfBirth;
  if (typeof dob === 'string' && (dob < '1900-01-01' || dob > '2199-12-31'))
    return 'child.dateOfBirth must be from 1900-01-01 to 2199-12-31';
  for (const [i, e] of events.entries()) {
    if (e.date < '2014-09-01' || e.date > '2199-12-31')
      return `events[${i}] (${e.type}): date must be from 2014-09-01 (the start of EHC plans) to 2199-12-31`;
    if (SYSTEM_ONLY_EVENTS.has(e.type)) return `events[${i}] (${e.type}): recorded by the system only, never imported`;
    if (e.type === 'CaseworkerAssigned' && !assignable.has((e as { caseworker: string }).caseworker)) {
      return `events[${i}] (CaseworkerAssigned): caseworker must be an active caseworker or manager of team ${team}`;
    }
  }
  return null;
}
