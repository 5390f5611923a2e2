import type { DataSource, QueryRunner } from 'typeorm';
import { applyEvent, checkHistory as checkWorkflowHistory, deriveDeadlines, replay, type CaseEvent, type AllowedEvent, type CaseView, type Deadline, type WorkflowError } from '@ehc/workflow';
import { appendEvents, insertEvents, loadStream, VersionConflict, type CaseStream } from './event-store.js';
import { writeProjections } from './projections.js';
import { canonical, fromRow } from './case-events.codec.js';

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

export interface CommandContext { actor: string; today: string; finalPlanDays?: number }

export interface CommandResult {
  caseId: string;
  version: number;
  view: CaseView;
  deadlines: Deadline[];
  idempotentReplay: boolean;
  /** The case after the command: identity, child and the whole history (saves the caller a reload). */
  stream: CaseStream;
  /** What may be recorded next, from the same statechart pass (absent on an idempotent replay). */
  allowed?: AllowedEvent[];
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
async function priorOutcome(ds: DataSource, caseId: string, eventId: string, event: CaseEvent): Promise<boolean> {
  const prior = await ds.query(
    `SELECT case_id, type, business_date::text AS business_date, data FROM case_event WHERE event_id = $1`, [eventId]);
  if (!prior.length) return false;
  if (prior[0].case_id !== caseId || canonical(fromRow(prior[0])) !== canonical(event)) throw new EventIdReused();
  return true;
}

/**
 * One command on one case: validate against the statechart, then in ONE transaction append the event at
 * the expected version, update the projections and write the outbox (DESIGN.md "the flow of one command").
 * Nothing of a rejected command is stored.
 */
export async function executeCaseCommand(
  ds: DataSource,
  cmd: { caseId: string; expectedVersion: number; eventId: string; event: CaseEvent },
  ctx: CommandContext,
): Promise<CommandResult> {
  if (await priorOutcome(ds, cmd.caseId, cmd.eventId, cmd.event)) return current(ds, cmd.caseId, ctx, true);
  const stream = await loadStream(ds, cmd.caseId);
  if (!stream) throw new CaseNotFound();
  if (stream.version !== cmd.expectedVersion) throw new VersionConflict(stream.version);
  const verdict = applyEvent(stream.events, cmd.event, { today: ctx.today, finalPlanDays: ctx.finalPlanDays });
  if (!verdict.ok) throw new CommandRejected(verdict.error);
  const events = [...stream.events, cmd.event];
  try {
    return await inTransaction(ds, async (tx) => {
      const version = await appendEvents(tx, cmd.caseId, cmd.expectedVersion, [{ eventId: cmd.eventId, event: cmd.event }], ctx.actor);
      const p = await writeProjections(tx, { ...stream, version }, events, ctx, verdict.view);
      return { caseId: cmd.caseId, version, view: p.view, deadlines: p.deadlines, idempotentReplay: false, stream: { ...stream, version, events }, allowed: verdict.allowed };
    });
  } catch (e) {
    // A concurrent retry with the same event id committed first.
    if (isUniqueViolation(e, 'event_id') && (await priorOutcome(ds, cmd.caseId, cmd.eventId, cmd.event))) {
      return current(ds, cmd.caseId, ctx, true);
    }
    throw e;
  }
}

async function current(ds: DataSource, caseId: string, ctx: CommandContext, idempotentReplay: boolean): Promise<CommandResult> {
  const s = await loadStream(ds, caseId);
  if (!s) throw new CaseNotFound();
  return {
    caseId, version: s.version, idempotentReplay, stream: s,
    view: replay(s.events, { finalPlanDays: ctx.finalPlanDays }),
    deadlines: deriveDeadlines(s.events, { today: ctx.today, finalPlanDays: ctx.finalPlanDays }),
  };
}

/** Replays a whole history through the statechart in one pass, each event checked as a command on its own date. */
export function checkHistory(events: readonly CaseEvent[], ctx: CommandContext): { ok: true } | { ok: false; index: number; error: WorkflowError } {
  const r = checkWorkflowHistory(events, { today: ctx.today, finalPlanDays: ctx.finalPlanDays });
  return r.ok ? { ok: true } : { ok: false, index: r.index, error: r.error };
}

export interface NewCase {
  id: string;
  reference: string;
  teamId: string;
  child: Record<string, unknown>;
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
    await tx.query(`INSERT INTO ehc_case (id, reference, team_id, child, version) VALUES ($1, $2, $3, $4, $5)`,
      [c.id, c.reference, c.teamId, JSON.stringify(c.child), c.events.length]);
    await insertEvents(tx, c.id, 0, c.events, ctx.actor);
    await tx.query(`RELEASE SAVEPOINT new_case`);
  } catch (e) {
    await tx.query(`ROLLBACK TO SAVEPOINT new_case`);
    if (isUniqueViolation(e, 'ehc_case_reference_key') || isUniqueViolation(e, 'ehc_case_pkey')) throw new ReferenceTaken(c.reference);
    throw e;
  }
  const identity = { id: c.id, reference: c.reference, teamId: c.teamId, version: c.events.length };
  const events = c.events.map((e) => e.event);
  const p = await writeProjections(tx, identity, events, ctx);
  return { caseId: c.id, version: c.events.length, view: p.view, deadlines: p.deadlines, idempotentReplay: false, stream: { ...identity, child: c.child, events } };
}

export type { CaseStream };
