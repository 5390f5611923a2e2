import type { DataSource, QueryRunner } from 'typeorm';
import { checkHistory as checkWorkflowHistory, decide, inspectState, inspectStateWithDeadlines, TIME_LIMIT_DAYS, year9AdviceForOldHistory, type CaseEvent, type AllowedEvent, type CaseView, type Deadline, type WorkflowError } from '@ehc/workflow';
import { insertEvents, loadCase, VersionConflict, type CaseStream, type LoadedCase } from './event-store.js';
import { projectionCtes, projectionParams, PROJECTION_PARAM_COUNT, writeProjections } from './projections.js';
import { asStored, canonical, fromRow, toRow } from './case-events.codec.js';
import { queryPrepared, type Sql } from './sql.js';
import type { CaseStateCache } from './case-state-cache.js';

/** The statechart said no. Carries the workflow error (code, message, allowed events). */
export class CommandRejected extends Error {
  constructor(readonly error: WorkflowError) {
    super(error.message);
  }
}

/** The event id was already used for a different event (a client bug, not a retry). */
export class EventIdReused extends Error {
  constructor() {
    super('This eventId was already used for a different event; use a new id for a new event');
  }
}

export class CaseNotFound extends Error {
  constructor() {
    super('The case was not found');
  }
}

/** case_event.actor of events the deadline worker writes (DeadlineMissed). */
export const SYSTEM_ACTOR = 'system';

export interface CommandContext { actor: string; today: string; finalPlanDays?: number }

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
  (e as { code?: string })?.code === '23505' && (!constraint || String((e as { constraint?: string }).constraint ?? (e as Error).message).includes(constraint));

export async function inTransaction<T>(ds: DataSource, work: (tx: QueryRunner) => Promise<T>): Promise<T> {
  const tx = ds.createQueryRunner();
  await tx.connect();
  await tx.startTransaction();
  try {
    const out = await work(tx);
    await tx.commitTransaction();
    return out;
  } catch (e) {
    if (tx.isTransactionActive) await tx.rollbackTransaction().catch(() => undefined);
    throw e;
  } finally {
    await tx.release();
  }
}

/** A retry of an event that is already stored: same id, same case, same content → answer as if applied now. */
function isRetryOf(prior: { caseId: string; event: CaseEvent } | null | undefined, caseId: string, event: CaseEvent): boolean {
  if (!prior) return false;
  if (prior.caseId !== caseId || canonical(prior.event) !== canonical(event)) throw new EventIdReused();
  return true;
}

async function priorEvent(ds: Sql, eventId: string): Promise<{ caseId: string; event: CaseEvent } | null> {
  const prior = await ds.query(
    `SELECT case_id, type, business_date::text AS business_date, data FROM case_event WHERE event_id = $1`, [eventId]);
  return prior.length ? { caseId: prior[0].case_id, event: fromRow(prior[0]) } : null;
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

export interface CommandOptions {
  /** The case as the caller loaded it for this request (loadCase with the command's eventId): saves a reload. */
  loaded?: LoadedCase;
  /** Folded cases by version: the command starts from the cached state and caches its result once committed. */
  cache?: CaseStateCache;
  /** Written in the command's statement when the event is appended (not on an idempotent replay or a refusal). */
  audit?: CommandAudit;
}

// The whole command in ONE statement, so ONE round trip and ONE durable commit: the conditional version bump (the
// optimistic lock), the event, the projections, the outbox and the audit row. Every write depends on the bump: of N
// concurrent commands at one version, one bumps and the others wait for its commit, re-check, match nothing and
// write nothing. The bump also checks the caller's preconditions when given (the case's team; an active user of that
// team with one of the roles, for an event naming one), for a command decided on a cached state without reading
// the case first; a precondition that fails writes nothing, like a stale version. A case whose personal data was
// erased under the retention policy takes no more events (docs/operations.md#retention-and-erasure).
//   $1 case, $2 expected version, $3 event id, $4 type, $5 date, $6 data, $7 actor,
//   $8 team or null, $9 user named or null, $10 their roles, $11 the caseworker after the event (for their display name),
//   $12… projections, then the audit row (written only when its action is not null).
const PROJECTION_FIRST = 12;
const AUDIT_FIRST = PROJECTION_FIRST + PROJECTION_PARAM_COUNT;
const COMMAND = `WITH bump AS (
    UPDATE ehc_case c SET version = c.version + 1
     WHERE c.id = $1::uuid AND c.version = $2::int AND ($8::text IS NULL OR c.team_id = $8::text) AND c.personal_data_erased_on IS NULL
       AND ($9::text IS NULL OR EXISTS (SELECT 1 FROM app_user u WHERE u.username = $9::text AND u.team_id = c.team_id
                                            AND u.role = ANY($10::text[]) AND NOT u.disabled))
    RETURNING c.version, c.reference, c.team_id, c.child
  ), appended AS (
    INSERT INTO case_event (event_id, case_id, version, type, business_date, data, actor)
    SELECT $3::uuid, $1::uuid, bump.version, $4::text, $5::date, $6::jsonb, $7::text FROM bump
  ), ${projectionCtes(PROJECTION_FIRST, { version: 'bump.version', reference: 'bump.reference', teamId: 'bump.team_id' }, 'bump')}, audited AS (
    INSERT INTO audit_event (at, user_id, username, role, action, case_id, detail, ip)
    SELECT $${AUDIT_FIRST}::timestamptz, $${AUDIT_FIRST + 1}::uuid, $${AUDIT_FIRST + 2}::text, $${AUDIT_FIRST + 3}::text, $${AUDIT_FIRST + 4}::text,
           $1::uuid, $${AUDIT_FIRST + 5}::jsonb, $${AUDIT_FIRST + 6}::text
      FROM bump WHERE $${AUDIT_FIRST + 4}::text IS NOT NULL
  )
SELECT b.version, b.reference, b.team_id, b.child, (SELECT count(*) FROM outbox)::int AS scheduled,
       (SELECT u.display_name FROM app_user u WHERE u.username = $11::text) AS display_name
  FROM (SELECT 1) one LEFT JOIN bump b ON true`;

/** Preconditions a command decided on a cached state has the database check (it has not read the case). */
export interface CommandPreconditions {
  /** The case must belong to this team (the caller's own: another team's case is not touched). */
  teamId?: string;
  /** The user the event names must be an active user of the case's team with one of these roles. */
  user?: { username: string; roles: readonly string[] };
}

interface Decided {
  cmd: { caseId: string; expectedVersion: number; eventId: string };
  event: CaseEvent;
  events: CaseEvent[];
  decision: Extract<ReturnType<typeof decide>, { ok: true }>;
}

/** Runs the command statement; null when the bump matched nothing (stale version or a precondition). */
async function commit(ds: DataSource, d: Decided, ctx: CommandContext, o: CommandOptions, pre: CommandPreconditions = {}) {
  const version = d.cmd.expectedVersion + 1;
  const deadlines = d.decision.deadlines;
  const row = toRow(d.event);
  const a = o.audit;
  const rows = await queryPrepared(ds, 'ehc_case_command', COMMAND, [
    d.cmd.caseId, d.cmd.expectedVersion, d.cmd.eventId, row.type, row.date, JSON.stringify(row.data), ctx.actor,
    pre.teamId ?? null, pre.user?.username ?? null, pre.user ? [...pre.user.roles] : null, d.decision.view.caseworker ?? null,
    ...projectionParams(d.decision.view, deadlines),
    // The version the event is written at (a command decided again after system events is later than the one asked).
    a?.at ?? null, a?.userId ?? null, a?.username ?? null, a?.role ?? null, a?.action ?? null,
    a ? JSON.stringify('version' in a.detail ? { ...a.detail, version } : a.detail) : null, a?.ip ?? null,
  ]);
  const r = rows[0];
  if (r.version === null) return null;
  // Committed: the case at `version` is exactly these events, whoever reads it next.
  o.cache?.put(d.cmd.caseId, { version, events: d.events, state: d.decision.state });
  const result: CommandResult = {
    caseId: d.cmd.caseId, version, view: d.decision.view, deadlines, idempotentReplay: false,
    stream: { id: d.cmd.caseId, reference: r.reference, teamId: r.team_id, child: r.child, version, events: d.events },
    allowed: d.decision.allowed, audited: !!a,
  };
  return { result, caseworkerName: r.display_name as string | null };
}

/**
 * The command decided on the cached state at the expected version, without reading the case: ONE round trip for
 * the whole command. Null when it cannot answer by itself (the cache does not hold that version, the statechart
 * refuses, the database is at another version, a precondition fails, or the event id is taken): nothing was
 * written, and the caller runs the full path (load, checks, executeCaseCommand), which gives the precise answer.
 */
export async function executeCachedCommand(
  ds: DataSource,
  cmd: { caseId: string; expectedVersion: number; eventId: string; event: CaseEvent },
  ctx: CommandContext,
  o: CommandOptions & { cache: CaseStateCache; pre: CommandPreconditions & { teamId: string } },
): Promise<{ result: CommandResult; caseworkerName: string | null } | null> {
  const held = o.cache.peek(cmd.caseId);
  const finalPlanDays = ctx.finalPlanDays ?? TIME_LIMIT_DAYS.finalPlanDefault;
  if (!held || held.version !== cmd.expectedVersion || held.state.finalPlanDays !== finalPlanDays) return null;
  const event = asStored(cmd.event);
  // reg 6(1)(g) on a history stored without year9From needs the child's date of birth: the full path reads it.
  if (needsYear9FromTheCase(held.state.history, event)) return null;
  const decision = decide(held.state, event, { today: ctx.today, finalPlanDays, eventId: cmd.eventId });
  if (!decision.ok) return null;
  try {
    const done = await commit(ds, { cmd, event, events: [...held.events, event], decision }, ctx, o, o.pre);
    if (done) o.cache.stats.direct++;
    return done;
  } catch (e) {
    if (isUniqueViolation(e, 'event_id')) return null;
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
  let loaded = o.loaded ?? await loadCase(ds, cmd.caseId, { cache: o.cache, finalPlanDays: ctx.finalPlanDays, eventId: cmd.eventId });
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
      if (stream.version < at || attempt >= MAX_SYSTEM_CATCH_UPS || !(await onlySystemSince(ds, cmd.caseId, cmd.expectedVersion))) {
        throw new VersionConflict(stream.version);
      }
      at = stream.version;
    }
    const decision = decide(loaded.state, event, { today: ctx.today, finalPlanDays: ctx.finalPlanDays, eventId: cmd.eventId });
    if (!decision.ok) throw new CommandRejected(decision.error);
    const year9 = year9AdviceForOldHistory(loaded.state.history, event, dateOfBirthOf(stream.child));
    if (year9) {
      const allowed = inspectState(loaded.state, { today: ctx.today, finalPlanDays: ctx.finalPlanDays }).allowed.map((a) => a.type);
      throw new CommandRejected({ ...year9, allowed });
    }
    let done;
    try {
      done = await commit(ds, { cmd: { ...cmd, expectedVersion: at }, event, events: [...stream.events, event], decision }, ctx, o);
    } catch (e) {
      // A concurrent retry with the same event id committed first.
      if (isUniqueViolation(e, 'event_id') && isRetryOf(await priorEvent(ds, cmd.eventId), cmd.caseId, cmd.event)) {
        return current(ds, cmd.caseId, ctx, true, o.cache);
      }
      throw e;
    }
    if (done) return { ...done.result, caseworkerName: done.caseworkerName };
    // Somebody else appended first. If it was this very event (a concurrent retry), answer as a replay.
    if (isRetryOf(await priorEvent(ds, cmd.eventId), cmd.caseId, cmd.event)) return current(ds, cmd.caseId, ctx, true, o.cache);
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
  return (event.type === 'DecidedToIssue' || event.type === 'DecidedNotToIssue') && first?.type === 'RequestReceived' && first.year9From === undefined;
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
  const rows = await queryPrepared(ds, 'ehc_only_system_since',
    `SELECT coalesce(bool_and(actor = '${SYSTEM_ACTOR}'), true) AS only FROM case_event WHERE case_id = $1::uuid AND version > $2::int`, [caseId, version]);
  return rows[0].only === true;
}

async function current(ds: DataSource, caseId: string, ctx: CommandContext, idempotentReplay: boolean, cache?: CaseStateCache): Promise<CommandResult> {
  const s = await loadCase(ds, caseId, { cache, finalPlanDays: ctx.finalPlanDays });
  if (!s) throw new CaseNotFound();
  const { view, allowed, deadlines } = inspectStateWithDeadlines(s.state, { today: ctx.today, finalPlanDays: ctx.finalPlanDays });
  return { caseId, version: s.stream.version, idempotentReplay, stream: s.stream, view, allowed, deadlines };
}

/** Replays a whole history through the statechart in one pass, each event checked as a command on its own date. */
export function checkHistory(events: readonly CaseEvent[], ctx: CommandContext, ids?: readonly (string | undefined)[]): { ok: true } | { ok: false; index: number; error: WorkflowError } {
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

export class ReferenceTaken extends Error {
  constructor(readonly reference: string) {
    super('A case with this reference already exists');
  }
}

/**
 * Opens a case with its first events (a request, or a whole imported history) in one transaction.
 * The history must already have passed checkHistory.
 */
export async function createCaseWithHistory(tx: QueryRunner, c: NewCase, ctx: CommandContext): Promise<CommandResult> {
  try {
    await tx.query(`SAVEPOINT new_case`);
    await tx.query(`INSERT INTO ehc_case (id, reference, team_id, child, version, person_id) VALUES ($1, $2, $3, $4, $5, $6)`,
      [c.id, c.reference, c.teamId, JSON.stringify(c.child), c.events.length, c.personId ?? null]);
    await insertEvents(tx, c.id, 0, c.events, ctx.actor);
    await tx.query(`RELEASE SAVEPOINT new_case`);
  } catch (e) {
    await tx.query(`ROLLBACK TO SAVEPOINT new_case`);
    if (isUniqueViolation(e, 'ehc_case_reference_key') || isUniqueViolation(e, 'ehc_case_pkey')) throw new ReferenceTaken(c.reference);
    throw e;
  }
  const identity = { id: c.id, reference: c.reference, teamId: c.teamId, version: c.events.length };
  const events = c.events.map((e) => e.event);
  const p = await writeProjections(tx, identity, events, ctx, undefined, c.events.map((e) => e.eventId));
  return { caseId: c.id, version: c.events.length, view: p.view, deadlines: p.deadlines, idempotentReplay: false, stream: { ...identity, child: c.child, events } };
}

export type { CaseStream };
