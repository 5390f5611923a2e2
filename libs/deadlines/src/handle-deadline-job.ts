// The deadline job handler: a BullMQ job is only a wake-up call (docs/architecture.md invariant 5). The truth is the
// case_deadline row and the case's history, judged by the database clock. Safe to run twice or in parallel (BullMQ
// delivers at least once): the alert's unique key, the statechart's "already recorded" guard and the case's version
// make the second run record nothing.
//
// Few statements, because a burst of misses (1,000 deadlines ending at one midnight) is paid per statement: a warning
// is one read and one insert; a miss is one read (deadline, clock, history), the DeadlineMissed command and one
// insert. The command is decided here, by the statechart on the history read, and appended as the api's commands are
// (decideAndAppend): the event, the version lock, the projections and the outbox of a command, in a statement shared
// with other jobs' misses (appendDecidedEvents, each case under its own version check). The
// reads, the commands and the inserts of jobs running at the same time share statements (StatementBatcher); every
// statement is a named prepared statement on the pool, outside TypeORM.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  appendDecidedEvents,
  asStored,
  CommandRejected,
  decideAndAppend,
  demoHistory,
  fromRow,
  idsOf,
  inTransaction,
  projectionValues,
  queryPrepared,
  rowsOf,
  StatementBatcher,
  SYSTEM_ACTOR,
  toRow,
  writeProjections,
  type DecidedEvent,
  type DecidedEventOutcome,
  type EventRow,
} from '@ehc/persistence';
import {
  decide,
  deriveDeadlines,
  foldCase,
  foldMore,
  hasCorrections,
  type CaseEvent,
  type CaseState,
  type DeadlineStatus,
} from '@ehc/workflow';
import { intendedAt, leadDaysFor, parseAlertKey, type AlertKind, type DeadlineJobData } from './alert-schedule.js';
import { insertAlerts, type AlertCondition, type NewAlert } from './alerts.js';
import type { DeadlineClock } from './deadline-clock.js';
import { londonDate } from './london-time.js';

export interface DeadlineEngineDeps {
  ds: DataSource;
  clock: DeadlineClock;
  leadDays: Record<string, number[]>;
  finalPlanDays: number;
}

export type MissRecording = 'recorded' | 'already-recorded' | 'not-applicable';

export type DeadlineJobOutcome =
  | { kind: 'stale'; reason: string }
  /** Woken before its time (clock skew, a compressed clock): wait `remainingMs` more of the deadline clock. */
  | { kind: 'early'; remainingMs: number }
  | { kind: 'raised'; alertId: string | null; lateByMs: number; missed?: MissRecording };

const OPEN_AFTER_DUE = ['missed', 'excepted'];
const MISSED: readonly DeadlineStatus[] = ['missed', 'excepted'];
/** Concurrent changes to one case a miss waits out before giving up (BullMQ then retries the job). */
const MAX_CONFLICTS = 10;

// The deadline, whom its alerts go to and the database clock; for a miss, also the case's identity and history from
// the same snapshot (the command's optimistic lock needs the version the history was read at). Not the child: the
// worker has no use for personal data. Any number of jobs at once: k.i says which.
const READ_DEADLINES = `SELECT k.i, d.kind, d.due::text AS due, d.status, d.generation, s.team_id, s.caseworker, clock_timestamp() AS db_now,
       c.reference, c.team_id AS case_team_id, c.version,
       CASE WHEN k.history THEN (
         SELECT json_agg(json_build_object('event_id', e.event_id, 'type', e.type, 'business_date', e.business_date::text, 'data', e.data) ORDER BY e.version)
           FROM case_event e WHERE e.case_id = c.id) END AS events
  FROM unnest($1::uuid[], $2::text[], $3::boolean[]) WITH ORDINALITY AS k(case_id, deadline_id, history, i)
  JOIN case_deadline d ON d.case_id = k.case_id AND d.deadline_id = k.deadline_id
  JOIN case_summary s ON s.case_id = d.case_id
  JOIN ehc_case c ON c.id = d.case_id`;

interface DeadlineRead {
  caseId: string;
  deadlineId: string;
  history: boolean;
}

interface DeadlineRow {
  kind: string;
  due: string;
  status: string;
  generation: number;
  team_id: string;
  caseworker: string | null;
  db_now: Date;
  reference: string;
  case_team_id: string;
  version: number;
  events: EventRow[] | null;
}

async function readDeadlines(ds: DataSource, reads: DeadlineRead[]): Promise<(DeadlineRow | undefined)[]> {
  const rows = await queryPrepared(ds, 'ehc_deadline_jobs_read', READ_DEADLINES, [
    reads.map((r) => r.caseId),
    reads.map((r) => r.deadlineId),
    reads.map((r) => r.history),
  ]);
  const out: (DeadlineRow | undefined)[] = new Array(reads.length);
  for (const r of rows) out[Number(r.i) - 1] = r;
  return out;
}

type AlertToRaise = NewAlert & { condition: AlertCondition };

interface Batchers {
  read: StatementBatcher<DeadlineRead, DeadlineRow | undefined>;
  /** Two misses of one case never share a statement (appendDecidedEvents refuses it): the second waits for the next. */
  append: StatementBatcher<DecidedEvent, DecidedEventOutcome>;
  raise: StatementBatcher<AlertToRaise, string | null>;
}

/** The statements jobs share, per connection pool. */
const batchersByPool = new WeakMap<DataSource, Batchers>();
function batchers(ds: DataSource): Batchers {
  let b = batchersByPool.get(ds);
  if (!b) {
    const read = new StatementBatcher((reads: DeadlineRead[]) => readDeadlines(ds, reads));
    b = {
      read,
      // Waits for the reads in flight (feeder): the misses of a wave of jobs go out in one append, not in two (the
      // job BullMQ hands over alone, then the rest of the wave).
      append: new StatementBatcher(
        (decided: DecidedEvent[]) => appendDecidedEvents(ds, decided),
        100,
        1,
        (d) => d.caseId,
        read,
      ),
      raise: new StatementBatcher((alerts: AlertToRaise[]) => insertAlerts(ds, alerts)),
    };
    batchersByPool.set(ds, b);
  }
  return b;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const stale = (reason: string): DeadlineJobOutcome => ({ kind: 'stale', reason });

// The statechart before any event, made once per reg 13(2) boundary: a CaseState never changes (workflow.ts), so every
// history can be folded onto it, which spares each job XState's initial transition (most of a short case's fold).
const emptyStates = new Map<number, CaseState>();
function foldHistory(
  events: readonly CaseEvent[],
  finalPlanDays: number,
  ids: readonly (string | undefined)[],
): CaseState {
  let empty = emptyStates.get(finalPlanDays);
  if (!empty) {
    empty = foldCase([], { finalPlanDays });
    emptyStates.set(finalPlanDays, empty);
  }
  return foldMore(empty, events, ids);
}

/**
 * Runs the handler's pure work — fold a history, decide DeadlineMissed on it, derive its deadlines, the append's row
 * and projection values — on generated histories (no database, nothing kept), so that a freshly started worker has
 * that code compiled before its first burst: cold, the statechart's fold ran several times slower during the first
 * rounds of a burst of misses (docs/benchmarks.md, alerts). A few hundred milliseconds of CPU at start.
 */
export function warmDeadlineHandler(finalPlanDays: number, today: string, rounds = 2): number {
  const lines = [
    ...demoHistory({
      from: '2025-01-01',
      today,
      requestsPerMonth: 3,
      teams: [{ id: 'warm-up', caseworkers: ['warm-up'] }],
      seed: 1,
    }),
  ];
  let decided = 0;
  for (let r = 0; r < rounds; r++) {
    for (const line of lines) {
      const rows: EventRow[] = line.events.map((e, i) => {
        const { type, date, data } = toRow(e);
        return { event_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, type, business_date: date, data };
      });
      const events = rows.map(fromRow);
      const ids = idsOf(rows);
      const state = foldHistory(events, finalPlanDays, ids);
      for (const d of deriveDeadlines(events, { today, finalPlanDays })) {
        const event = asStored({ type: 'DeadlineMissed', date: today, deadline: d.id, due: d.due } as CaseEvent);
        const decision = decide(state, event, {
          today,
          finalPlanDays,
          eventId: '00000000-0000-4000-8000-ffffffffffff',
        });
        if (decision.ok) {
          projectionValues(decision.view, decision.deadlines);
          decided++;
        }
      }
    }
  }
  return decided;
}

export async function handleDeadlineJob(deps: DeadlineEngineDeps, job: DeadlineJobData): Promise<DeadlineJobOutcome> {
  const key = parseAlertKey(job.alert);
  if (!key) return stale(`unknown alert ${job.alert}`);
  if (typeof job.caseId !== 'string' || !UUID.test(job.caseId)) return stale('the job does not name a case');
  if (job.alert !== 'due') return raiseWarning(deps, job, key.kind, key.daysBefore!);
  for (let attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
    const outcome = await raiseMiss(deps, job);
    if (outcome !== 'changed') return outcome;
  }
  throw new Error(
    `Could not record the missed deadline ${job.deadlineId} after ${MAX_CONFLICTS} concurrent changes to the case`,
  );
}

/** A warning n days before the due date (or on it): raised while the deadline is still pending at the job's generation. */
async function raiseWarning(
  deps: DeadlineEngineDeps,
  job: DeadlineJobData,
  kind: AlertKind,
  daysBefore: number,
): Promise<DeadlineJobOutcome> {
  const row = await batchers(deps.ds).read.call({ caseId: job.caseId, deadlineId: job.deadlineId, history: false });
  if (!row) return stale('the deadline no longer exists');
  if (row.status !== 'pending') return stale(`the deadline is ${row.status}`);
  if (row.generation !== job.generation) return stale(`superseded by generation ${row.generation}`);
  if (!leadDaysFor(row.kind, deps.leadDays).includes(daysBefore)) return stale('this warning is no longer configured');
  const now = deps.clock.fromDbNow(new Date(row.db_now));
  const at = intendedAt(job.alert, row.due);
  if (now.getTime() < at.getTime()) return { kind: 'early', remainingMs: at.getTime() - now.getTime() };
  const alertId = await batchers(deps.ds).raise.call({
    caseId: job.caseId,
    teamId: row.team_id,
    caseworker: row.caseworker,
    deadlineId: job.deadlineId,
    deadlineKind: row.kind,
    generation: row.generation,
    key: job.alert,
    kind,
    daysBefore,
    due: row.due,
    excepted: false,
    intendedAt: at,
    raisedAt: now,
    condition: { statuses: ['pending'], generation: row.generation },
  });
  return { kind: 'raised', alertId, lateByMs: now.getTime() - at.getTime() };
}

const hasMiss = (events: readonly CaseEvent[], deadlineId: string, due: string) =>
  events.some((e) => e.type === 'DeadlineMissed' && e.deadline === deadlineId && e.due === due);

/**
 * The miss: once the due date has passed, ask the statechart. If the deadline is missed (or excepted), append
 * DeadlineMissed as a command would (the statechart decides it on the history read; the append carries the optimistic
 * lock at that version, the projections and the outbox) as the 'system' actor, then raise the "missed" alert. A limit
 * that lapsed instead (the 16-week "no plan" notice of reg 10(1) binds only a decision not to issue: passed undecided
 * it becomes not-applicable, docs/law.md#time-limits) or was met is not missed: no event, no alert,
 * and the deadline's projection is brought up to date so the sweeper stops waking it. 'changed' = the case changed
 * under us: read again.
 */
async function raiseMiss(deps: DeadlineEngineDeps, job: DeadlineJobData): Promise<DeadlineJobOutcome | 'changed'> {
  const row = await batchers(deps.ds).read.call({ caseId: job.caseId, deadlineId: job.deadlineId, history: true });
  if (!row) return stale('the deadline no longer exists');
  if (row.status === 'pending') {
    if (row.generation !== job.generation) return stale(`superseded by generation ${row.generation}`);
  } else if (!OPEN_AFTER_DUE.includes(row.status)) {
    // met or not-applicable: nothing was missed.
    return stale(`the deadline is ${row.status}`);
  }
  // A 'due' job may find the deadline already projected as missed/excepted under a newer generation (another
  // event was recorded after the due date passed): the miss still needs its alert and event, once per due date.
  const now = deps.clock.fromDbNow(new Date(row.db_now));
  const at = intendedAt('due', row.due);
  if (now.getTime() < at.getTime()) return { kind: 'early', remainingMs: at.getTime() - now.getTime() };

  const today = londonDate(now);
  const events = (row.events ?? []).map(fromRow);
  if (events.length !== row.version)
    throw new Error(`case ${job.caseId} is at version ${row.version} but has ${events.length} events`);
  const ids = idsOf(row.events ?? []);
  const opts = { today, finalPlanDays: deps.finalPlanDays };
  // Derived from the history as corrected (corrections.ts; the same as the log when it holds no correction). The
  // statechart is folded only when a decision needs it.
  const history = hasCorrections(events) ? foldHistory(events, deps.finalPlanDays, ids).history : events;
  const statusToday = () => deriveDeadlines(history, opts).find((d) => d.id === job.deadlineId)?.status;

  let missed: MissRecording;
  let status: DeadlineStatus | undefined;
  if (hasMiss(events, job.deadlineId, row.due)) {
    missed = 'already-recorded';
    status = statusToday();
  } else {
    // As stored (jsonb keeps no undefined fields), so the decision is the one a replay of the stored history gives.
    const event = asStored({
      type: 'DeadlineMissed',
      date: today,
      deadline: job.deadlineId,
      due: row.due,
    } as CaseEvent);
    // Decided and appended as a command is (decideAndAppend), in a statement shared with other jobs' misses.
    const append = batchers(deps.ds).append;
    const decided = await decideAndAppend(
      (d) => append.call(d),
      { caseId: job.caseId, version: row.version, state: foldHistory(events, deps.finalPlanDays, ids) },
      { eventId: randomUUID(), event },
      { ...opts, actor: SYSTEM_ACTOR },
    );
    if (decided.ok) {
      // The case is no longer at the version read (another event, or another miss of this case, came first).
      if (decided.outcome.outcome === 'stale') return 'changed';
      missed = 'recorded';
      status = decided.decision.deadlines.find((d) => d.id === job.deadlineId)?.status;
    } else {
      // "due on …; can only be recorded as missed from …" means our clock and the workflow disagree: let the job retry.
      if (decided.error.code === 'DATE_ORDER') throw new CommandRejected(decided.error);
      // Lapsed, met, withdrawn, or recorded in the meantime under another due date: no event to record.
      missed = 'not-applicable';
      status = statusToday();
    }
  }

  // Nothing was written for this case by the command: if time alone has changed the deadline's status since it was
  // last projected (a limit lapsed, or was missed when DeadlineMissed cannot be appended), project it as of today.
  if (missed !== 'recorded' && status !== row.status) {
    if (!(await refreshProjection(deps, job.caseId, row, events, today, ids))) return 'changed';
  }
  if (!status || !MISSED.includes(status))
    return stale(
      `${job.deadlineId} is ${status ?? 'no longer a deadline of the case'} on ${today}: nothing was missed`,
    );

  const alertId = await batchers(deps.ds).raise.call({
    caseId: job.caseId,
    teamId: row.team_id,
    caseworker: row.caseworker,
    deadlineId: job.deadlineId,
    deadlineKind: row.kind,
    generation: row.generation,
    key: 'due',
    kind: 'missed',
    daysBefore: null,
    due: row.due,
    excepted: status === 'excepted',
    intendedAt: at,
    raisedAt: now,
    condition: { statuses: MISSED },
  });
  return { kind: 'raised', alertId, lateByMs: now.getTime() - at.getTime(), missed };
}

/**
 * Writes the case's projections as of `today` from the history read at `row.version`, under the case row's lock
 * (the same rows a command would write: an event written meanwhile wins, and then this returns false). The case row
 * is updated to itself, not only locked: a command whose statement began before this commits then finds the row
 * changed since its snapshot and writes nothing (it is decided again), instead of diffing its deadlines against the
 * rows from before this refresh (projectionCtes in @ehc/persistence reads them without locks).
 */
async function refreshProjection(
  deps: DeadlineEngineDeps,
  caseId: string,
  row: DeadlineRow,
  events: CaseEvent[],
  today: string,
  ids: readonly (string | undefined)[],
): Promise<boolean> {
  return inTransaction(deps.ds, async (tx) => {
    const locked = rowsOf(
      await tx.query(`UPDATE ehc_case SET version = version WHERE id = $1 AND version = $2 RETURNING 1`, [
        caseId,
        row.version,
      ]),
    );
    if (!locked.length) return false;
    await writeProjections(
      tx,
      { id: caseId, reference: row.reference, teamId: row.case_team_id, version: row.version },
      events,
      { today, finalPlanDays: deps.finalPlanDays },
      undefined,
      ids,
    );
    return true;
  });
}
