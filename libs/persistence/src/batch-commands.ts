import type { CaseEvent, CaseView, Deadline } from '@ehc/workflow';
import { toRow } from './case-events.codec.js';
import { EventIdReused, isEventIdTaken } from './command-errors.js';
import {
  deadlineRowsKey,
  openedProjectionCtes,
  projectionCtes,
  projectionValues,
  PROJECTION_RECORD,
  summaryOf,
  summaryOnlyCtes,
} from './projections.js';
import { queryPrepared, type Sql } from './sql.js';
import { caseFactsWriteCtes, isCaseFactEvent } from './measures/case-facts.sql.js';
import { liveSessionSql, type CallerCheck, type CheckedSession } from './session-check.js';

/** An event with the id it is stored under. */
export interface IdentifiedEvent {
  eventId: string;
  event: CaseEvent;
}

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
  /** case_event.actor: a user id, 'import', or 'system' for the deadline worker. */
  actor: string;
  /** Checked by the version bump itself (for a command decided on a cached state): a failed check writes nothing (stale). */
  pre?: CommandPreconditions;
  /** An audit row written with the event (not when it is stale). */
  audit?: CommandAudit;
  /** Answer the case's identity and child, and the display name of its caseworker after the event (the api's answer). */
  withCase?: boolean;
  /**
   * The case's deadline rows as this process wrote them (StoredDeadlines, kept by CaseStateCache). When the decision
   * leaves them as they are (the same deadlineRowsKey), a command's statement writes none and reads none: its bump then
   * requires the case row to be the one that write left (the same xmin), so nobody has rewritten them since.
   */
  storedDeadlines?: StoredDeadlines;
}

/**
 * A case's deadline rows as the transaction `xmin` left them: the deadlines it wrote (a committed command: after its
 * statement the stored rows hold exactly these, on every column projectionCtes compares), or the rows a read found
 * with the case row in one snapshot (the case page: loadCase with `storedDeadlines`). Every writer of a case's
 * deadline rows updates the case row first (projectionCtes), so while the case row's xmin is still `xmin`, the rows
 * are still these.
 */
export interface StoredDeadlines {
  /** ehc_case.xmin after that write, as text (a transaction id). */
  xmin: string;
  /** deadlineRowsKey of the rows. */
  rows: string;
}

/** Of a stored deadline row, what decides whether a command rewrites it (deadlineRowsKey). */
export type StoredDeadline = Pick<Deadline, 'id' | 'due' | 'status' | 'metOn' | 'from' | 'exceptionIds'>;

/**
 * Several events decided together on one case, appended in order at `expectedVersion` + 1, + 2, …: a history the
 * statechart replayed as a whole (checkHistory), with the view and deadlines after its last event. With `opens`, the
 * case is new (`expectedVersion` 0) and is opened by the same statement: an imported case with its whole history, or
 * a request opened through the api. A case that already exists (its id, or its reference in its team) is stale, and
 * nothing of it is written.
 */
export interface DecidedEvents extends Omit<DecidedEvent, 'eventId' | 'event'> {
  /** At least one. */
  events: readonly IdentifiedEvent[];
  opens?: {
    reference: string;
    teamId: string;
    child: Record<string, unknown>;
    /** The person the case is about; when absent a person is made from `child` (a trigger, see PersonRecord migration). */
    personId?: string;
  };
}

/** What appendDecidedEvents takes: one event on a case (a command), or many (a history; a new case). */
export type Decided = DecidedEvent | DecidedEvents;

/** How the statement commits. */
export interface AppendOptions {
  /**
   * false: the commit does not wait for its WAL flush (synchronous_commit off for this statement's transaction only).
   * Only for a rerunnable bulk load (the importer): losing the last commits in a crash is repaired by importing again.
   */
  synchronousCommit?: false;
}

/** Preconditions a command decided on a cached state has the database check (it has not read the case). */
export interface CommandPreconditions {
  /** The case must belong to this team (the caller's own: another team's case is not touched). */
  teamId?: string;
  /** The user the event names must be an active user of the case's team with one of these roles. */
  user?: { username: string; roles: readonly string[] };
  /**
   * The request's session, checked by this statement instead of one of its own before it (the api's command path):
   * still live, and still this user with this role and team. Read, never locked or touched: a sign-out committed
   * before the statement began refuses it; one committed while it runs comes after the command.
   */
  caller?: CallerCheck;
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

/**
 * committed: appended as `version` (with `withCase`, also by which transaction: `xmin`, the case row's xmin after it,
 * for StoredDeadlines); stale: the case was no longer at the expected version (or a precondition failed), nothing was
 * written.
 */
export type DecidedEventOutcome =
  | {
      outcome: 'committed';
      version: number;
      /** With `withCase`: the case's deadline rows as this statement left them (for CaseStateCache). */
      storedDeadlines?: StoredDeadlines;
      case?: AppendedCase;
      session?: CheckedSession;
    }
  | { outcome: 'stale' };

/** One statement either opens new cases or appends to stored ones: send the two kinds in separate batches. */
export class OpensAndAppends extends Error {
  constructor() {
    super('A batch of decided events both opens cases and appends to stored ones; send them in separate batches');
  }
}

/** Two events for one case in one batch: the second would be decided on a version the first replaces. */
export class SameCaseInBatch extends Error {
  constructor() {
    super('A batch of decided events names one case twice; send the second in a later batch');
  }
}

/** The columns of one item of $1 (an element of the jsonb array appendDecidedEvents sends). */
const ITEM_RECORD = `i int, case_id uuid, expected int, n int, events jsonb, actor text,
           team text, named_user text, named_roles text[], caller jsonb, audit jsonb, with_case boolean, reference text, child jsonb,
           person_id uuid, known_xmin xid, ${PROJECTION_RECORD}`;

// THE write of a command (docs/architecture.md "the flow of one command"), for one case or many, in ONE statement: one
// round trip and one durable commit for all of them. For each case: the conditional version bump (the optimistic
// lock, with the item's preconditions) or, for a new case, its row; its events; the projections (projectionCtes, or
// openedProjectionCtes for new cases); the
// measure's case facts refolded with the new events (caseFactsWriteCtes, only in the statement sent when an event
// the facts read is among them: `withFacts`); the outbox and the audit row. $1 = the items, one jsonb record each (i = the item's place in the batch, n = how many
// events it appends, events = those events in order); $2 = true for a commit that does not wait for its WAL flush
// (AppendOptions; set_config with is_local applies to the statement's own transaction). `written` is the cases
// written (bumped or opened): everything else of a case depends on it, so a stale item writes nothing.
const decidedStatement = (written: string, withFacts: boolean, newCases = false, one = false, known = false) => `WITH ${
  one
    ? // A command: one case, always synchronous; jsonb_to_record tells the planner it is one row.
      `items AS (
    SELECT x.* FROM jsonb_to_record($1::jsonb -> 0) AS x(${ITEM_RECORD})
  )`
    : `no_flush_wait AS (
    SELECT set_config('synchronous_commit', 'off', true) AS setting WHERE $2::boolean
  ), items AS (
    -- (the filter only makes no_flush_wait run: set_config never answers null)
    SELECT x.* FROM jsonb_to_recordset($1::jsonb) AS x(${ITEM_RECORD})
     WHERE NOT EXISTS (SELECT 1 FROM no_flush_wait WHERE setting IS NULL)
  )`
}, ${written}, appended AS (
    INSERT INTO case_event (event_id, case_id, version, type, business_date, data, actor)
    SELECT e.event_id, b.case_id, b.version - b.n + e.k::int, e.type, e.date, e.data, b.actor
      FROM written b CROSS JOIN LATERAL ROWS FROM (jsonb_to_recordset(b.events) AS (event_id uuid, type text, date date, data jsonb))
           WITH ORDINALITY AS e(event_id, type, date, data, k)
    RETURNING case_id, event_id, version, type, business_date, data
  ), ${
    newCases
      ? openedProjectionCtes('written')
      : known
        ? summaryOnlyCtes('written')
        : projectionCtes('written', '(SELECT array_agg(b.case_id) FROM written b)::uuid[]')
  },${withFacts ? ` ${caseFactsWriteCtes('appended', { newCases })},` : ''} audited AS (
    INSERT INTO audit_event (at, user_id, username, role, action, case_id, detail, ip)
    SELECT (b.audit->>'at')::timestamptz, (b.audit->>'userId')::uuid, b.audit->>'username', b.audit->>'role', b.audit->>'action',
           b.case_id, b.audit->'detail', b.audit->>'ip'
      FROM written b WHERE b.audit IS NOT NULL
  )
SELECT b.i, b.version, b.xmin, b.reference, b.team_id, b.child,
       CASE WHEN b.with_case THEN (SELECT u.display_name FROM app_user u WHERE u.username = b.caseworker) END AS display_name,
       s.last_seen_at AS session_last_seen_at, s.expires_at AS session_expires_at
  FROM written b LEFT JOIN user_session s ON s.id = b.session_id`;

// Events on stored cases: of N concurrent commands at one version, one bumps and the others wait for its commit,
// re-check, match nothing and write nothing. In a batch of several, the cases' rows are locked first in the order of
// their ids (`locked`, read to the end by the bump's filter before it updates anything), so two batches naming the
// same cases in another order queue behind each other instead of deadlocking; a batch of one (a command) has one row
// to lock, which its bump does. The bump then re-checks each case's version on the newest row: a stale item matches
// nothing and every write of that case depends on its bump, so it writes nothing, and the others go on. The cases are
// found through the primary key (ITEM_CASES, evaluated once), never by scanning ehc_case: the planner cannot know how
// many items the jsonb holds. An item with a caller (CommandPreconditions.caller) is bumped only while that caller's
// session is live and names the same user, role and team (liveSessionSql, the api's own definition), and answers the
// session's timers as the statement read them.
// The bump also requires the case row it updates to be the one the statement's snapshot saw (the same xmin): a row
// updated by a transaction that committed after the snapshot was taken (a command at the same version that wrote first
// is caught by the version already; the deadline worker's projection refresh writes the row without a new version)
// means the deadline rows this statement reads (projectionCtes' `stored`, read without row locks) may be older than
// that transaction's, so the item is stale and nothing of it is written. The snapshot's row is read by the primary key
// in a subquery over the item (EvalPlanQual re-checks the condition on the newest row, the subquery keeps the snapshot).
const ITEM_CASES = '(SELECT array_agg(x.case_id) FROM items x)::uuid[]';
// A command whose deadline rows are known (`known`: StoredDeadlines, unchanged by the decision) checks instead that the
// case row is still the one the write it knows them from left (x.known_xmin): that also means no transaction has
// written the row since the snapshot, so nothing this statement reads can be older than the row.
const appendDecided = (withFacts: boolean, one = false, known = false) =>
  decidedStatement(
    `${
      one
        ? ''
        : `locked AS (
    SELECT c.id FROM ehc_case c WHERE c.id = ANY(${ITEM_CASES}) AND (SELECT count(*) FROM items) > 1 ORDER BY c.id FOR NO KEY UPDATE
  ), `
    }written AS (
    UPDATE ehc_case c SET version = c.version + x.n
      FROM items x
     WHERE ${
       one
         ? 'c.id = x.case_id'
         : `c.id = ANY(${ITEM_CASES}) AND c.id = x.case_id
       AND ((SELECT count(*) FROM items) = 1 OR c.id = ANY((SELECT array_agg(l.id) FROM locked l)::uuid[]))`
     } AND c.version = x.expected
       AND ${known ? 'c.xmin = x.known_xmin' : 'c.xmin = (SELECT seen.xmin FROM ehc_case seen WHERE seen.id = x.case_id)'}
       AND (x.team IS NULL OR c.team_id = x.team)
       -- A case whose personal data was erased under the retention policy takes no more events (docs/operations.md#retention-and-erasure).
       AND c.personal_data_erased_on IS NULL
       AND (x.named_user IS NULL OR EXISTS (SELECT 1 FROM app_user u WHERE u.username = x.named_user AND u.team_id = c.team_id
                                                AND u.role = ANY(x.named_roles) AND NOT u.disabled))
       AND (x.caller IS NULL OR EXISTS (SELECT 1 FROM user_session s JOIN app_user u ON u.id = s.user_id
             WHERE s.id = x.caller->>'sessionId'
               AND ${liveSessionSql('s', 'u', "(x.caller->>'now')::timestamptz", "(x.caller->>'idleSince')::timestamptz")}
               AND u.id = (x.caller->>'userId')::uuid AND u.username = x.caller->>'username' AND u.role = x.caller->>'role'
               AND u.team_id IS NOT DISTINCT FROM x.caller->>'teamId'))
    RETURNING x.i, c.id AS case_id, c.version, c.xmin::text AS xmin, c.reference, c.team_id, CASE WHEN x.with_case THEN c.child END AS child,
              x.n, x.events, x.actor, x.audit, x.with_case, x.caller->>'sessionId' AS session_id, x.caseworker, x.stage,
              x.closed, x.received_on, x.final_issued_on, x.next_deadline_id, x.next_deadline_kind, x.next_due, x.flags,
              x.deadlines
  )`,
    withFacts,
    false,
    one,
    known,
  );

// New cases (expected 0, with their reference, team and child): each row inserted unless its id or its reference in
// its team is taken (then stale, as a bump that matched nothing; checked before the insert, so the person trigger
// makes no person for a case that is not opened). A case opened at the same moment by another statement is a unique
// violation (the caller re-runs its items alone to learn which).
const openDecided = (withFacts: boolean) =>
  decidedStatement(
    `opened AS (
    INSERT INTO ehc_case (id, reference, team_id, child, version, person_id)
    SELECT x.case_id, x.reference, x.team, x.child, x.n, x.person_id FROM items x
     WHERE NOT EXISTS (SELECT 1 FROM ehc_case c WHERE c.id = x.case_id)
       AND NOT EXISTS (SELECT 1 FROM ehc_case c WHERE c.team_id = x.team AND c.reference = x.reference)
    RETURNING id, version, xmin::text AS xmin, reference, team_id, child
  ), written AS (
    SELECT x.i, o.id AS case_id, o.version, o.xmin, o.reference, o.team_id, CASE WHEN x.with_case THEN o.child END AS child,
           x.n, x.events, x.actor, x.audit, x.with_case, NULL::text AS session_id, x.caseworker, x.stage, x.closed,
           x.received_on, x.final_issued_on, x.next_deadline_id, x.next_deadline_kind, x.next_due, x.flags, x.deadlines
      FROM opened o JOIN items x ON x.case_id = o.id
  )`,
    withFacts,
    true,
  );

const STATEMENTS = {
  append: ['ehc_append_decided', appendDecided(false)],
  appendWithFacts: ['ehc_append_decided_facts', appendDecided(true)],
  appendOne: ['ehc_append_one_decided', appendDecided(false, true)],
  appendOneWithFacts: ['ehc_append_one_decided_facts', appendDecided(true, true)],
  appendOneKnown: ['ehc_append_one_known', appendDecided(false, true, true)],
  appendOneKnownWithFacts: ['ehc_append_one_known_facts', appendDecided(true, true, true)],
  open: ['ehc_open_decided', openDecided(false)],
  openWithFacts: ['ehc_open_decided_facts', openDecided(true)],
} as const;

/**
 * Appends already-decided events to one case or many in ONE statement (one transaction), each under its own
 * optimistic lock: per item, committed (the case's new version) or stale (the case had moved on, a precondition
 * failed, or the new case's id or reference is taken: nothing of it was written). A single command is a batch of one
 * (executeCaseCommand, decideAndAppend); the deadline worker sends many at once through a StatementBatcher; the
 * importer sends its new cases with their whole histories (DecidedEvents with `opens`), a batch a statement.
 *
 * Items must name distinct cases (SameCaseInBatch otherwise, before anything is sent): split them across batches.
 * This path does not answer idempotent replays: an event id already stored fails the whole statement and nothing
 * is written; a batch of one then throws EventIdReused, a larger one the database's error (re-run each item alone
 * to learn which failed — StatementBatcher and the importer do).
 */
export async function appendDecidedEvents(
  sql: Sql,
  items: readonly Decided[],
  o: AppendOptions = {},
): Promise<DecidedEventOutcome[]> {
  if (!items.length) return [];
  if (items.length > 1 && new Set(items.map((d) => d.caseId)).size !== items.length) throw new SameCaseInBatch();
  const opening = 'opens' in items[0]! && !!items[0].opens;
  if (items.some((d) => ('opens' in d && !!d.opens) !== opening)) throw new OpensAndAppends();
  // A command (one stored case, synchronous) has a statement of its own: a smaller plan to start and end on every
  // execution (no batch locking, no switch of synchronous_commit), measured in docs/benchmarks.md. When its deadline
  // rows are known and the decision leaves them as they are, a smaller one still: no deadline rows read or written.
  const one = !opening && items.length === 1 && o.synchronousCommit !== false;
  const first = items[0]!;
  // Its deadline rows' key, made once: compared with the rows it knows, and kept for the cache after it commits.
  const firstKey = one && !('events' in first) && first.storedDeadlines ? deadlineRowsKey(first.deadlines) : undefined;
  const known = firstKey !== undefined && firstKey === first.storedDeadlines!.rows;
  const records = items.map((d, i) => {
    const events = 'events' in d ? d.events : [d];
    if (!events.length) throw new Error('appendDecidedEvents: an item without events');
    const opens = 'opens' in d ? d.opens : undefined;
    if (!!opens !== (d.expectedVersion === 0)) throw new Error('appendDecidedEvents: a new case is at version 0');
    const a = d.audit;
    return {
      i: i + 1,
      case_id: d.caseId,
      expected: d.expectedVersion,
      n: events.length,
      events: events.map(({ eventId, event }) => {
        const row = toRow(event);
        return { event_id: eventId, type: row.type, date: row.date, data: row.data };
      }),
      actor: d.actor,
      team: opens?.teamId ?? d.pre?.teamId ?? null,
      named_user: d.pre?.user?.username ?? null,
      named_roles: d.pre?.user ? [...d.pre.user.roles] : null,
      caller: d.pre?.caller
        ? { ...d.pre.caller, now: d.pre.caller.now.toISOString(), idleSince: d.pre.caller.idleSince.toISOString() }
        : null,
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
      reference: opens?.reference ?? null,
      child: opens?.child ?? null,
      person_id: opens?.personId ?? null,
      known_xmin: known ? d.storedDeadlines!.xmin : null,
      ...(known ? summaryOf(d.view, d.deadlines) : projectionValues(d.view, d.deadlines)),
    };
  });
  // Only the committed items come back; the others are stale.
  let rows: {
    i: number;
    version: number;
    xmin: string;
    reference: string;
    team_id: string;
    child: Record<string, unknown> | null;
    display_name: string | null;
    session_last_seen_at: Date | null;
    session_expires_at: Date | null;
  }[];
  try {
    // An event the measure's case facts do not read (an assignment, a missed deadline, a note…) leaves them as they
    // are: the shorter statement is sent, so such commands pay nothing for the facts.
    const withFacts = items.some((d) => ('events' in d ? d.events : [d]).some((e) => isCaseFactEvent(e.event.type)));
    const [name, text] =
      STATEMENTS[
        `${opening ? 'open' : known ? 'appendOneKnown' : one ? 'appendOne' : 'append'}${withFacts ? 'WithFacts' : ''}`
      ];
    rows = await queryPrepared(
      sql,
      name,
      text,
      one ? [JSON.stringify(records)] : [JSON.stringify(records), o.synchronousCommit === false],
    );
  } catch (e) {
    if (items.length === 1 && isEventIdTaken(e)) throw new EventIdReused();
    throw e;
  }
  const out: DecidedEventOutcome[] = items.map(() => ({ outcome: 'stale' }));
  for (const r of rows) {
    const item = items[r.i - 1]!;
    out[r.i - 1] = {
      outcome: 'committed',
      version: r.version,
      ...(item.withCase
        ? {
            // After the statement the stored rows are exactly the decision's (unchanged when known).
            storedDeadlines: {
              xmin: r.xmin,
              rows: item === first && firstKey !== undefined ? firstKey : deadlineRowsKey(item.deadlines),
            },
            case: { reference: r.reference, teamId: r.team_id, child: r.child ?? {}, caseworkerName: r.display_name },
          }
        : {}),
      ...(item.pre?.caller && r.session_last_seen_at && r.session_expires_at
        ? { session: { lastSeenAt: new Date(r.session_last_seen_at), expiresAt: new Date(r.session_expires_at) } }
        : {}),
    };
  }
  return out;
}
