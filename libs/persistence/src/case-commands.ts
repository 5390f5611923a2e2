import type { DataSource } from 'typeorm';
import {
  checkHistory as checkWorkflowHistory,
  decide,
  inspectState,
  inspectStateWithDeadlines,
  TIME_LIMIT_DAYS,
  year9AdviceForOldHistory,
  type AllowedEvent,
  type CaseEvent,
  type CaseState,
  type CaseView,
  type Deadline,
  type WorkflowError,
} from '@ehc/workflow';
import { loadCase, VersionConflict, type CaseStream, type LoadedCase } from './event-store.js';
import { project } from './projections.js';
import { asStored, canonical, fromRow } from './case-events.codec.js';
import {
  appendDecidedEvents,
  type CommandAudit,
  type CommandPreconditions,
  type DecidedEvent,
  type DecidedEventOutcome,
} from './batch-commands.js';
import { CaseNotFound, CommandRejected, EventIdReused, ReferenceTaken } from './command-errors.js';
import { queryPrepared, type Sql } from './sql.js';
import type { CaseStateCache } from './case-state-cache.js';
import type { CheckedSession } from './session-check.js';

/** case_event.actor of events the deadline worker writes (DeadlineMissed). */
export const SYSTEM_ACTOR = 'system';

export interface CommandContext {
  actor: string;
  today: string;
  finalPlanDays?: number;
}

export interface CommandResult {
  caseId: string;
  version: number;
  view: CaseView;
  deadlines: Deadline[];
  idempotentReplay: boolean;
  /** The case after the command: identity, child and the whole history (saves the caller a reload). */
  stream: CaseStream;
  /** What may be recorded next, from the same statechart pass. */
  allowed?: AllowedEvent[];
  /** The options' audit row was written with the event (false on an idempotent replay: nothing was written). */
  audited?: boolean;
  /** The display name of the caseworker after the event, when the command wrote it (null: no such user). */
  caseworkerName?: string | null;
}

const isUniqueViolation = (e: unknown, constraint?: string) =>
  (e as { code?: string })?.code === '23505' &&
  (!constraint || String((e as { constraint?: string }).constraint ?? (e as Error).message).includes(constraint));

/** A retry of an event that is already stored: same id, same case, same content → answer as if applied now. */
function isRetryOf(
  prior: { caseId: string; event: CaseEvent } | null | undefined,
  caseId: string,
  event: CaseEvent,
): boolean {
  if (!prior) return false;
  if (prior.caseId !== caseId || canonical(prior.event) !== canonical(event)) throw new EventIdReused();
  return true;
}

async function priorEvent(ds: Sql, eventId: string): Promise<{ caseId: string; event: CaseEvent } | null> {
  const prior = await ds.query(
    `SELECT case_id, type, business_date::text AS business_date, data FROM case_event WHERE event_id = $1`,
    [eventId],
  );
  return prior.length ? { caseId: prior[0].case_id, event: fromRow(prior[0]) } : null;
}

export interface CommandOptions {
  /** The case as the caller loaded it for this request (loadCase with the command's eventId): saves a reload. */
  loaded?: LoadedCase;
  /** Folded cases by version: the command starts from the cached state and caches its result once committed. */
  cache?: CaseStateCache;
  /** Written in the command's statement when the event is appended (not on an idempotent replay or a refusal). */
  audit?: CommandAudit;
}

/** A case folded through the statechart at `version`: what an event is decided on. */
export interface FoldedCase {
  caseId: string;
  version: number;
  state: CaseState;
}

/** Appends one decided event: a batch of one (appendOne), or a call of a StatementBatcher that shares statements. */
export type Appender = (d: DecidedEvent) => Promise<DecidedEventOutcome>;

/** The appender of a single command: its own statement. */
export const appendOne =
  (sql: Sql): Appender =>
  async (d) =>
    (await appendDecidedEvents(sql, [d]))[0]!;

export type Decision = Extract<ReturnType<typeof decide>, { ok: true }>;

/**
 * fold → decide → append, the one way an event joins a case's log (the api's commands and the deadline worker's
 * DeadlineMissed; an import checks whole histories with checkHistory instead): the statechart decides the event (as
 * stored, asStored) on the case folded at `at.version`, and an accepted event is appended under the optimistic lock
 * at that version, with its projections, outbox and audit row, in one statement (appendDecidedEvents). A refusal
 * writes nothing; so does a stale version (outcome 'stale': the caller reads again or answers 409).
 */
export async function decideAndAppend(
  append: Appender,
  at: FoldedCase,
  cmd: { eventId: string; event: CaseEvent },
  ctx: CommandContext,
  extra: Pick<DecidedEvent, 'pre' | 'audit' | 'withCase' | 'storedDeadlines'> = {},
): Promise<{ ok: false; error: WorkflowError } | { ok: true; decision: Decision; outcome: DecidedEventOutcome }> {
  const decision = decide(at.state, cmd.event, {
    today: ctx.today,
    finalPlanDays: ctx.finalPlanDays,
    eventId: cmd.eventId,
  });
  if (!decision.ok) return decision;
  const outcome = await append({
    caseId: at.caseId,
    expectedVersion: at.version,
    eventId: cmd.eventId,
    event: cmd.event,
    view: decision.view,
    deadlines: decision.deadlines,
    actor: ctx.actor,
    ...extra,
  });
  return { ok: true, decision, outcome };
}

/** The audit row of a command written at `version` (a command decided again after system events is later than the one asked). */
const auditAt = (a: CommandAudit | undefined, version: number): CommandAudit | undefined =>
  a && 'version' in a.detail ? { ...a, detail: { ...a.detail, version } } : a;

/** The answer of a committed command, cached as the case at its new version. */
function committed(
  caseId: string,
  decision: Decision,
  outcome: Extract<DecidedEventOutcome, { outcome: 'committed' }>,
  o: CommandOptions,
): { result: CommandResult; caseworkerName: string | null; session?: CheckedSession } {
  const { version } = outcome;
  const c = outcome.case!;
  // Committed: the case at `version` is exactly the decision's log, whoever reads it next; its deadline rows are the
  // decision's, written by the transaction `xmin`.
  o.cache?.put(caseId, {
    version,
    state: decision.state,
    ...(outcome.storedDeadlines ? { storedDeadlines: outcome.storedDeadlines } : {}),
  });
  const result: CommandResult = {
    caseId,
    version,
    view: decision.view,
    deadlines: decision.deadlines,
    idempotentReplay: false,
    stream: {
      id: caseId,
      reference: c.reference,
      teamId: c.teamId,
      child: c.child,
      version,
      events: decision.state.entries,
    },
    allowed: decision.allowed,
    audited: !!o.audit,
  };
  return { result, caseworkerName: c.caseworkerName, ...(outcome.session ? { session: outcome.session } : {}) };
}

/**
 * The command decided on the cached state at the expected version, without reading the case: ONE round trip for
 * the whole command. Null when it cannot answer by itself (the cache does not hold that version, the statechart
 * refuses, the database is at another version, a precondition fails, or the event id is taken): nothing was
 * written, and the caller runs the full path (load, checks, executeCaseCommand), which gives the precise answer.
 * With `pre.caller` the statement also checks the request's session (a failed check is one more reason for null) and
 * answers what it read of it (`session`).
 */
export async function executeCachedCommand(
  ds: DataSource,
  cmd: { caseId: string; expectedVersion: number; eventId: string; event: CaseEvent },
  ctx: CommandContext,
  o: CommandOptions & { cache: CaseStateCache; pre: CommandPreconditions & { teamId: string } },
): Promise<{ result: CommandResult; caseworkerName: string | null; session?: CheckedSession } | null> {
  const held = o.cache.peek(cmd.caseId);
  const finalPlanDays = ctx.finalPlanDays ?? TIME_LIMIT_DAYS.finalPlanDefault;
  if (!held || held.version !== cmd.expectedVersion || held.state.finalPlanDays !== finalPlanDays) return null;
  const event = asStored(cmd.event);
  // reg 6(1)(g) on a history stored without year9From needs the child's date of birth: the full path reads it.
  if (needsYear9FromTheCase(held.state.history, event)) return null;
  try {
    const r = await decideAndAppend(
      appendOne(ds),
      { caseId: cmd.caseId, version: cmd.expectedVersion, state: held.state },
      { eventId: cmd.eventId, event },
      { ...ctx, finalPlanDays },
      {
        pre: o.pre,
        audit: auditAt(o.audit, cmd.expectedVersion + 1),
        withCase: true,
        storedDeadlines: held.storedDeadlines,
      },
    );
    if (!r.ok || r.outcome.outcome === 'stale') return null;
    o.cache.stats.direct++;
    return committed(cmd.caseId, r.decision, r.outcome, o);
  } catch (e) {
    if (e instanceof EventIdReused) return null;
    throw e;
  }
}

/**
 * One command on one case: validate against the statechart, then in ONE statement (one transaction) append the
 * event at the expected version, update the projections, write the outbox and the audit row (docs/architecture.md "the flow
 * of one command"). Nothing of a rejected command is stored.
 */
export async function executeCaseCommand(
  ds: DataSource,
  cmd: { caseId: string; expectedVersion: number; eventId: string; event: CaseEvent },
  ctx: CommandContext,
  o: CommandOptions = {},
): Promise<CommandResult> {
  let loaded =
    o.loaded ??
    (await loadCase(ds, cmd.caseId, { cache: o.cache, finalPlanDays: ctx.finalPlanDays, eventId: cmd.eventId }));
  if (!loaded) throw new CaseNotFound();
  const prior = loaded.prior !== undefined ? loaded.prior : await priorEvent(ds, cmd.eventId);
  if (isRetryOf(prior, cmd.caseId, cmd.event)) return current(ds, cmd.caseId, ctx, true, o.cache);
  const event = asStored(cmd.event);
  // The version the person decided on. Events the system wrote after it (DeadlineMissed) do not change what the
  // person saw of the case, so the command is decided again on the newer state; a person's event in between is a
  // real conflict (they must see it first): 409.
  let at = cmd.expectedVersion;
  for (let attempt = 0; ; attempt++) {
    const stream = loaded.stream;
    if (stream.version !== at) {
      if (
        stream.version < at ||
        attempt >= MAX_SYSTEM_CATCH_UPS ||
        !(await onlySystemSince(ds, cmd.caseId, cmd.expectedVersion))
      ) {
        throw new VersionConflict(stream.version);
      }
      at = stream.version;
    }
    // reg 6(1)(g) on a history stored without year9From: checked once the statechart would accept the decision, so
    // its own refusal (a decision in the wrong state) keeps its own message.
    const year9 = year9AdviceForOldHistory(loaded.state.history, event, dateOfBirthOf(stream.child));
    if (
      year9 &&
      decide(loaded.state, event, { today: ctx.today, finalPlanDays: ctx.finalPlanDays, eventId: cmd.eventId }).ok
    ) {
      const allowed = inspectState(loaded.state, { today: ctx.today, finalPlanDays: ctx.finalPlanDays }).allowed.map(
        (a) => a.type,
      );
      throw new CommandRejected({ ...year9, allowed });
    }
    let r;
    try {
      r = await decideAndAppend(
        appendOne(ds),
        { caseId: cmd.caseId, version: at, state: loaded.state },
        { eventId: cmd.eventId, event },
        ctx,
        { audit: auditAt(o.audit, at + 1), withCase: true },
      );
    } catch (e) {
      // A concurrent retry with the same event id committed first.
      if (e instanceof EventIdReused && isRetryOf(await priorEvent(ds, cmd.eventId), cmd.caseId, cmd.event)) {
        return current(ds, cmd.caseId, ctx, true, o.cache);
      }
      throw e;
    }
    if (!r.ok) throw new CommandRejected(r.error);
    if (r.outcome.outcome === 'committed') {
      const done = committed(cmd.caseId, r.decision, r.outcome, o);
      return { ...done.result, caseworkerName: done.caseworkerName };
    }
    // Somebody else appended first. If it was this very event (a concurrent retry), answer as a replay.
    if (isRetryOf(await priorEvent(ds, cmd.eventId), cmd.caseId, cmd.event))
      return current(ds, cmd.caseId, ctx, true, o.cache);
    if (attempt >= MAX_SYSTEM_CATCH_UPS || !(await onlySystemSince(ds, cmd.caseId, cmd.expectedVersion))) {
      const cur = await ds.query(`SELECT version FROM ehc_case WHERE id = $1`, [cmd.caseId]);
      throw new VersionConflict(cur[0]?.version ?? 0);
    }
    loaded = await loadCase(ds, cmd.caseId, { cache: o.cache, finalPlanDays: ctx.finalPlanDays });
    if (!loaded) throw new CaseNotFound();
  }
}

/** A decision whether to issue on a history whose request has no year9From (stored before it was recorded). */
function needsYear9FromTheCase(history: readonly CaseEvent[], event: CaseEvent): boolean {
  const first = history[0];
  return (
    (event.type === 'DecidedToIssue' || event.type === 'DecidedNotToIssue') &&
    first?.type === 'RequestReceived' &&
    first.year9From === undefined
  );
}

/** The child's date of birth as the case holds it (never in the event log). */
function dateOfBirthOf(child: Record<string, unknown>): string | undefined {
  const v = child['dateOfBirth'];
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
}

/** How many times a command is decided again after system-written events before it gives up with a 409. */
const MAX_SYSTEM_CATCH_UPS = 5;

/** True when every event stored after `version` was written by the system (the deadline worker), none by a person. */
async function onlySystemSince(ds: Sql, caseId: string, version: number): Promise<boolean> {
  const rows = await queryPrepared(
    ds,
    'ehc_only_system_since',
    `SELECT coalesce(bool_and(actor = '${SYSTEM_ACTOR}'), true) AS only FROM case_event WHERE case_id = $1::uuid AND version > $2::int`,
    [caseId, version],
  );
  return rows[0].only === true;
}

async function current(
  ds: DataSource,
  caseId: string,
  ctx: CommandContext,
  idempotentReplay: boolean,
  cache?: CaseStateCache,
): Promise<CommandResult> {
  const s = await loadCase(ds, caseId, { cache, finalPlanDays: ctx.finalPlanDays });
  if (!s) throw new CaseNotFound();
  const { view, allowed, deadlines } = inspectStateWithDeadlines(s.state, {
    today: ctx.today,
    finalPlanDays: ctx.finalPlanDays,
  });
  return { caseId, version: s.stream.version, idempotentReplay, stream: s.stream, view, allowed, deadlines };
}

/** Replays a whole history through the statechart in one pass, each event checked as a command on its own date. */
export function checkHistory(
  events: readonly CaseEvent[],
  ctx: CommandContext,
  ids?: readonly (string | undefined)[],
): { ok: true } | { ok: false; index: number; error: WorkflowError } {
  const r = checkWorkflowHistory(events, { today: ctx.today, finalPlanDays: ctx.finalPlanDays }, ids);
  return r.ok ? { ok: true } : { ok: false, index: r.index, error: r.error };
}

export interface NewCase {
  id: string;
  reference: string;
  teamId: string;
  child: Record<string, unknown>;
  /** The person the case is about; when absent a person is made from `child` (a trigger, see PersonRecord migration). */
  personId?: string;
  events: { eventId: string; event: CaseEvent }[];
}

/**
 * Opens a case with its first events (a request, or a whole history) through the one write path
 * (appendDecidedEvents: the case row, its events, projections and outbox in one statement), in the caller's
 * transaction or on its own. The history must already have passed checkHistory. A case with this id, or with this
 * reference in its team, is ReferenceTaken (nothing written).
 */
export async function createCaseWithHistory(sql: Sql, c: NewCase, ctx: CommandContext): Promise<CommandResult> {
  const identity = { id: c.id, reference: c.reference, teamId: c.teamId, version: c.events.length };
  const events = c.events.map((e) => e.event);
  const { view, deadlines } = project(
    identity,
    events,
    ctx,
    undefined,
    c.events.map((e) => e.eventId),
  );
  let out: DecidedEventOutcome;
  try {
    [out] = (await appendDecidedEvents(sql, [
      {
        caseId: c.id,
        expectedVersion: 0,
        opens: { reference: c.reference, teamId: c.teamId, child: c.child, personId: c.personId },
        events: c.events,
        view,
        deadlines,
        actor: ctx.actor,
      },
    ])) as [DecidedEventOutcome];
  } catch (e) {
    // Taken by a case opened at the same moment (the unique keys of ehc_case).
    if (isUniqueViolation(e, 'ehc_case_reference_key') || isUniqueViolation(e, 'ehc_case_pkey'))
      throw new ReferenceTaken(c.reference);
    throw e;
  }
  if (out.outcome === 'stale') throw new ReferenceTaken(c.reference);
  return {
    caseId: c.id,
    version: c.events.length,
    view,
    deadlines,
    idempotentReplay: false,
    stream: { ...identity, child: c.child, events },
  };
}

export type { CaseStream };
