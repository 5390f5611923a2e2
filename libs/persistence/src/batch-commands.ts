import type { CaseEvent, CaseView, Deadline } from '@ehc/workflow';
import { toRow } from './case-events.codec.js';
import { EventIdReused } from './command-errors.js';
import { projectionCtes, projectionValues, PROJECTION_RECORD } from './projections.js';
import { queryPrepared, type Sql } from './sql.js';

/**
 * An event the statechart already accepted on a case at `expectedVersion`: the caller folded the history read at
 * that version and ran `decide` (@ehc/workflow) on the event as stored (asStored); decideAndAppend (case-commands.ts)
 * does both for the api and the worker.
 */
export interface DecidedEvent {
  caseId: string;
  /** The version the event was decided at: it is appended only if the case is still at this version. */
  expectedVersion: number;
  eventId: string;
  event: CaseEvent;
  /** The case after the event, from the same decision: its view and its deadlines as of the command's today. */
  view: CaseView;
  deadlines: readonly Deadline[];
  /** case_event.actor: a user id, or 'system' for the deadline worker. */
  actor: string;
  /** Checked by the version bump itself (for a command decided on a cached state): a failed check writes nothing (stale). */
  pre?: CommandPreconditions;
  /** An audit row written with the event (not when it is stale). */
  audit?: CommandAudit;
  /** Answer the case's identity and child, and the display name of its caseworker after the event (the api's answer). */
  withCase?: boolean;
}

/** Preconditions a command decided on a cached state has the database check (it has not read the case). */
export interface CommandPreconditions {
  /** The case must belong to this team (the caller's own: another team's case is not touched). */
  teamId?: string;
  /** The user the event names must be an active user of the case's team with one of these roles. */
  user?: { username: string; roles: readonly string[] };
}

/** An audit_event row written by the command's own statement, so the change and its audit commit together. */
export interface CommandAudit {
  at: Date;
  userId: string | null;
  username: string | null;
  role: string | null;
  action: string;
  /** Already stripped of personal data (AuditService.row). */
  detail: Record<string, unknown>;
  ip: string | null;
}

/** What a committed item asked with `withCase` answers: the case as the statement wrote it. */
export interface AppendedCase {
  reference: string;
  teamId: string;
  child: Record<string, unknown>;
  caseworkerName: string | null;
}

/** committed: appended as `version`; stale: the case was no longer at the expected version (or a precondition failed), nothing was written. */
export type DecidedEventOutcome = { outcome: 'committed'; version: number; case?: AppendedCase } | { outcome: 'stale' };

/** Two events for one case in one batch: the second would be decided on a version the first replaces. */
export class SameCaseInBatch extends Error {
  constructor() {
    super('A batch of decided events names one case twice; send the second in a later batch');
  }
}

// THE write of a command (docs/architecture.md "the flow of one command"), for one case or many, in ONE statement: one
// round trip and one durable commit for all of them. For each case: the conditional version bump (the optimistic
// lock, with the item's preconditions), the event, the projections (projectionCtes), the outbox and the audit row.
// Every write of a case depends on its bump: of N concurrent commands at one version, one bumps and the others wait
// for its commit, re-check, match nothing and write nothing. $1 = the items, one jsonb record each (i = the item's
// place in the batch). In a batch of several, the cases' rows are locked first in the order of their ids (`locked`,
// read to the end by the bump's filter before it updates anything), so two batches naming the same cases in another
// order queue behind each other instead of deadlocking; a batch of one (a command) has one row to lock, which its
// bump does. The bump then re-checks each case's version on the newest row: a stale item matches nothing and every
// write of that case depends on its bump, so it writes nothing, and the others go on. The cases are found through
// the primary key (ITEM_CASES, evaluated once), never by scanning ehc_case: the planner cannot know how many items
// the jsonb holds.
const ITEM_CASES = '(SELECT array_agg(x.case_id) FROM items x)::uuid[]';
const APPEND_DECIDED = `WITH items AS (
    SELECT x.* FROM jsonb_to_recordset($1::jsonb) AS x(i int, case_id uuid, expected int, event_id uuid, type text, date date,
           data jsonb, actor text, team text, named_user text, named_roles text[], audit jsonb, with_case boolean, ${PROJECTION_RECORD})
  ), locked AS (
    SELECT c.id FROM ehc_case c WHERE c.id = ANY(${ITEM_CASES}) AND (SELECT count(*) FROM items) > 1 ORDER BY c.id FOR NO KEY UPDATE
  ), bump AS (
    UPDATE ehc_case c SET version = c.version + 1
      FROM items x
     WHERE c.id = ANY(${ITEM_CASES}) AND c.id = x.case_id AND c.version = x.expected
       AND ((SELECT count(*) FROM items) = 1 OR c.id = ANY((SELECT array_agg(l.id) FROM locked l)::uuid[]))
       AND (x.team IS NULL OR c.team_id = x.team)
       -- A case whose personal data was erased under the retention policy takes no more events (docs/operations.md#retention-and-erasure).
       AND c.personal_data_erased_on IS NULL
       AND (x.named_user IS NULL OR EXISTS (SELECT 1 FROM app_user u WHERE u.username = x.named_user AND u.team_id = c.team_id
                                                AND u.role = ANY(x.named_roles) AND NOT u.disabled))
    RETURNING x.i, c.id AS case_id, c.version, c.reference, c.team_id, CASE WHEN x.with_case THEN c.child END AS child,
              x.event_id, x.type, x.date, x.data, x.actor, x.audit, x.with_case, x.caseworker, x.stage, x.closed, x.received_on,
              x.final_issued_on, x.next_deadline_id, x.next_deadline_kind, x.next_due, x.flags, x.deadlines
  ), appended AS (
    INSERT INTO case_event (event_id, case_id, version, type, business_date, data, actor)
    SELECT b.event_id, b.case_id, b.version, b.type, b.date, b.data, b.actor FROM bump b
  ), ${projectionCtes('bump', '(SELECT array_agg(b.case_id) FROM bump b)::uuid[]')}, audited AS (
    INSERT INTO audit_event (at, user_id, username, role, action, case_id, detail, ip)
    SELECT (b.audit->>'at')::timestamptz, (b.audit->>'userId')::uuid, b.audit->>'username', b.audit->>'role', b.audit->>'action',
           b.case_id, b.audit->'detail', b.audit->>'ip'
      FROM bump b WHERE b.audit IS NOT NULL
  )
SELECT b.i, b.version, b.reference, b.team_id, b.child,
       CASE WHEN b.with_case THEN (SELECT u.display_name FROM app_user u WHERE u.username = b.caseworker) END AS display_name
  FROM bump b`;

const isEventIdTaken = (e: unknown) =>
  (e as { code?: string })?.code === '23505' &&
  String((e as { constraint?: string }).constraint ?? (e as Error).message).includes('event_id');

/**
 * Appends already-decided events to one case or many in ONE statement (one transaction), each under its own
 * optimistic lock: per item, committed (the case's new version) or stale (the case had moved on, or a precondition
 * failed: nothing of it was written). A single command is a batch of one (executeCaseCommand, decideAndAppend); the
 * deadline worker sends many at once through a StatementBatcher.
 *
 * Items must name distinct cases (SameCaseInBatch otherwise, before anything is sent): split them across batches.
 * This path does not answer idempotent replays: an event id already stored fails the whole statement and nothing
 * is written; a batch of one then throws EventIdReused, a larger one the database's error (re-run each item alone
 * to learn which failed — StatementBatcher does).
 */
export async function appendDecidedEvents(sql: Sql, items: readonly DecidedEvent[]): Promise<DecidedEventOutcome[]> {
  if (!items.length) return [];
  if (items.length > 1 && new Set(items.map((d) => d.caseId)).size !== items.length) throw new SameCaseInBatch();
  const records = items.map((d, i) => {
    const row = toRow(d.event);
    const a = d.audit;
    return {
      i: i + 1,
      case_id: d.caseId,
      expected: d.expectedVersion,
      event_id: d.eventId,
      type: row.type,
      date: row.date,
      data: row.data,
      actor: d.actor,
      team: d.pre?.teamId ?? null,
      named_user: d.pre?.user?.username ?? null,
      named_roles: d.pre?.user ? [...d.pre.user.roles] : null,
      audit: a
        ? {
            at: a.at.toISOString(),
            userId: a.userId,
            username: a.username,
            role: a.role,
            action: a.action,
            detail: a.detail,
            ip: a.ip,
          }
        : null,
      with_case: !!d.withCase,
      ...projectionValues(d.view, d.deadlines),
    };
  });
  // Only the committed items come back; the others are stale.
  let rows: {
    i: number;
    version: number;
    reference: string;
    team_id: string;
    child: Record<string, unknown> | null;
    display_name: string | null;
  }[];
  try {
    rows = await queryPrepared(sql, 'ehc_append_decided', APPEND_DECIDED, [JSON.stringify(records)]);
  } catch (e) {
    if (items.length === 1 && isEventIdTaken(e)) throw new EventIdReused();
    throw e;
  }
  const out: DecidedEventOutcome[] = items.map(() => ({ outcome: 'stale' }));
  for (const r of rows) {
    out[r.i - 1] = items[r.i - 1]!.withCase
      ? {
          outcome: 'committed',
          version: r.version,
          case: { reference: r.reference, teamId: r.team_id, child: r.child ?? {}, caseworkerName: r.display_name },
        }
      : { outcome: 'committed', version: r.version };
  }
  return out;
}
