import type { CaseEvent, CaseView, Deadline } from '@ehc/workflow';
import { toRow } from './case-events.codec.js';
import { EventIdReused } from './case-commands.js';
import { batchProjectionCtes, projectionValues, PROJECTION_RECORD } from './projections.js';
import { queryPrepared, type Sql } from './sql.js';

/**
 * An event the statechart already accepted on a case at `expectedVersion`: the caller folded the history read at
 * that version and ran `decide` (@ehc/workflow) on the event as stored (asStored), as executeCaseCommand does.
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
}

/** committed: appended as `version`; stale: the case was no longer at the expected version, nothing was written. */
export type DecidedEventOutcome = { outcome: 'committed'; version: number } | { outcome: 'stale' };

/** Two events for one case in one batch: the second would be decided on a version the first replaces. */
export class SameCaseInBatch extends Error {
  constructor() {
    super('A batch of decided events names one case twice; send the second in a later batch');
  }
}

// Many commands in ONE statement, so one round trip and one durable commit for all of them: for each case the
// conditional version bump (the optimistic lock), the event, the projections and the outbox, exactly as the
// single-case COMMAND of case-commands.ts writes them (batchProjectionCtes keeps its rules), without the audit row
// (no command sent here has one). $1 = the items, one jsonb record each (i = the item's place in the batch).
// The cases' rows are locked first in the order of their ids (`locked`, read to the end by the bump's filter before
// it updates anything), so two batches naming the same cases in another order queue behind each other instead of
// deadlocking. The bump then re-checks each case's version on the newest row: a stale item matches nothing and
// every write of that case depends on its bump, so it writes nothing, and the others go on.
const BATCH_COMMAND = `WITH items AS (
    SELECT x.* FROM jsonb_to_recordset($1::jsonb) AS x(i int, case_id uuid, expected int, event_id uuid, type text, date date,
           data jsonb, actor text, ${PROJECTION_RECORD})
  ), locked AS (
    SELECT c.id FROM ehc_case c WHERE c.id IN (SELECT x.case_id FROM items x) ORDER BY c.id FOR NO KEY UPDATE
  ), bump AS (
    UPDATE ehc_case c SET version = c.version + 1
      FROM items x
     WHERE c.id = x.case_id AND c.version = x.expected AND c.id = ANY((SELECT array_agg(l.id) FROM locked l)::uuid[])
    RETURNING x.i, c.id AS case_id, c.version, c.reference, c.team_id
  ), appended AS (
    INSERT INTO case_event (event_id, case_id, version, type, business_date, data, actor)
    SELECT x.event_id, b.case_id, b.version, x.type, x.date, x.data, x.actor FROM bump b JOIN items x ON x.i = b.i
  ), written AS (
    SELECT b.case_id, b.version, b.reference, b.team_id, x.caseworker, x.stage, x.closed, x.received_on, x.final_issued_on,
           x.next_deadline_id, x.next_deadline_kind, x.next_due, x.flags, x.deadlines
      FROM bump b JOIN items x ON x.i = b.i
  ), ${batchProjectionCtes('written', '(SELECT array_agg(b.case_id) FROM bump b)::uuid[]')}
SELECT x.i, b.version FROM items x LEFT JOIN bump b ON b.i = x.i`;

const isEventIdTaken = (e: unknown) =>
  (e as { code?: string })?.code === '23505' && String((e as { constraint?: string }).constraint ?? (e as Error).message).includes('event_id');

/**
 * Appends already-decided events to many cases in ONE statement (one transaction), each under its own optimistic
 * lock: per item, committed (the case's new version) or stale (the case had moved on: nothing of it was written).
 * For a committed item the rows written are those executeCaseCommand writes for the same event: case_event,
 * case_summary, case_deadline (same generations and re-arms) and deadline_outbox.
 *
 * Items must name distinct cases (SameCaseInBatch otherwise, before anything is sent): split them across batches.
 * This path does not answer idempotent replays: an event id already stored fails the whole statement and nothing
 * is written; a batch of one then throws EventIdReused, a larger one the database's error (re-run each item alone
 * to learn which failed — StatementBatcher does).
 */
export async function appendDecidedEvents(sql: Sql, items: readonly DecidedEvent[]): Promise<DecidedEventOutcome[]> {
  if (!items.length) return [];
  const cases = new Set(items.map((d) => d.caseId));
  if (cases.size !== items.length) throw new SameCaseInBatch();
  const records = items.map((d, i) => {
    const row = toRow(d.event);
    return {
      i: i + 1, case_id: d.caseId, expected: d.expectedVersion, event_id: d.eventId, type: row.type, date: row.date, data: row.data,
      actor: d.actor, ...projectionValues(d.view, d.deadlines),
    };
  });
  let rows: { i: number; version: number | null }[];
  try {
    rows = await queryPrepared(sql, 'ehc_case_command_batch', BATCH_COMMAND, [JSON.stringify(records)]);
  } catch (e) {
    if (items.length === 1 && isEventIdTaken(e)) throw new EventIdReused();
    throw e;
  }
  const out: DecidedEventOutcome[] = items.map(() => ({ outcome: 'stale' }));
  for (const r of rows) if (r.version !== null) out[r.i - 1] = { outcome: 'committed', version: r.version };
  return out;
}
