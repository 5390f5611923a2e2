// The deadline job handler: a BullMQ job is only a wake-up call (DESIGN.md invariant 5). The truth is the
// case_deadline row, read under a row lock and judged by the database clock. Safe to run twice or in
// parallel (BullMQ delivers at least once): the alert's unique key and the workflow's "already recorded"
// guard make the second run record nothing.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CommandRejected, executeCaseCommand, inTransaction, loadStream, VersionConflict } from '@ehc/persistence';
import type { CaseEvent } from '@ehc/workflow';
import { londonDateOf } from '@ehc/platform';
import { intendedAt, leadDaysFor, parseAlertKey, type DeadlineJobData } from './alert-schedule.js';
import { insertAlert } from './alerts.js';
import type { DeadlineClock } from './deadline-clock.js';

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

export async function handleDeadlineJob(deps: DeadlineEngineDeps, job: DeadlineJobData): Promise<DeadlineJobOutcome> {
  const key = parseAlertKey(job.alert);
  if (!key) return { kind: 'stale', reason: `unknown alert ${job.alert}` };

  const decided = await inTransaction(deps.ds, async (tx) => {
    const rows = await tx.query(
      `SELECT d.kind, d.due::text AS due, d.status, d.generation, s.team_id, s.caseworker
         FROM case_deadline d JOIN case_summary s ON s.case_id = d.case_id
        WHERE d.case_id = $1 AND d.deadline_id = $2
        FOR UPDATE OF d`, [job.caseId, job.deadlineId]);
    const row = rows[0];
    if (!row) return { kind: 'stale' as const, reason: 'the deadline no longer exists' };
    const now = await deps.clock.now(tx);

    if (job.alert !== 'due') {
      if (row.status !== 'pending') return { kind: 'stale' as const, reason: `the deadline is ${row.status}` };
      if (row.generation !== job.generation) return { kind: 'stale' as const, reason: `superseded by generation ${row.generation}` };
      if (!leadDaysFor(row.kind, deps.leadDays).includes(key.daysBefore!)) return { kind: 'stale' as const, reason: 'this warning is no longer configured' };
    } else if (row.status === 'pending') {
      if (row.generation !== job.generation) return { kind: 'stale' as const, reason: `superseded by generation ${row.generation}` };
    } else if (!OPEN_AFTER_DUE.includes(row.status)) {
      // met or not-applicable: nothing was missed.
      return { kind: 'stale' as const, reason: `the deadline is ${row.status}` };
    }
    // A 'due' job may find the deadline already projected as missed/excepted under a newer generation (another
    // event was recorded after the due date passed): the miss still needs its alert and event, once per due date.

    const at = intendedAt(job.alert, row.due);
    if (now.getTime() < at.getTime()) return { kind: 'early' as const, remainingMs: at.getTime() - now.getTime() };

    let alertId: string | null = null;
    const already = job.alert === 'due'
      ? (await tx.query(`SELECT 1 FROM alert WHERE case_id = $1 AND deadline_id = $2 AND alert_key = 'due' AND due = $3::date`,
          [job.caseId, job.deadlineId, row.due])).length > 0
      : false;
    if (!already) {
      alertId = await insertAlert(tx, {
        caseId: job.caseId, teamId: row.team_id, caseworker: row.caseworker, deadlineId: job.deadlineId, deadlineKind: row.kind,
        generation: row.generation, key: job.alert, kind: key.kind, daysBefore: key.daysBefore, due: row.due,
        excepted: row.status === 'excepted', intendedAt: at, raisedAt: now,
      });
    }
    return { kind: 'raised' as const, alertId, lateByMs: now.getTime() - at.getTime(), due: row.due as string, today: londonDateOf(now) };
  });

  if (decided.kind !== 'raised') return decided;
  const outcome: DeadlineJobOutcome = { kind: 'raised', alertId: decided.alertId, lateByMs: decided.lateByMs };
  if (job.alert === 'due') outcome.missed = await recordMiss(deps, job.caseId, job.deadlineId, decided.due, decided.today);
  return outcome;
}

const hasMiss = (events: readonly CaseEvent[], deadlineId: string, due: string) =>
  events.some((e) => e.type === 'DeadlineMissed' && e.deadline === deadlineId && e.due === due);

/**
 * Appends DeadlineMissed through the normal command path (statechart guard, optimistic lock, projections,
 * outbox) as the 'system' actor. A concurrent writer → retry on the fresh version; already recorded → done.
 */
export async function recordMiss(deps: DeadlineEngineDeps, caseId: string, deadlineId: string, due: string, today: string): Promise<MissRecording> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const stream = await loadStream(deps.ds, caseId);
    if (!stream) return 'not-applicable';
    if (hasMiss(stream.events, deadlineId, due)) return 'already-recorded';
    const event = { type: 'DeadlineMissed', date: today, deadline: deadlineId, due } as CaseEvent;
    try {
      await executeCaseCommand(deps.ds, { caseId, expectedVersion: stream.version, eventId: randomUUID(), event },
        { actor: 'system', today, finalPlanDays: deps.finalPlanDays });
      return 'recorded';
    } catch (e) {
      if (e instanceof VersionConflict) continue;
      if (e instanceof CommandRejected) {
        const fresh = await loadStream(deps.ds, caseId);
        if (fresh && hasMiss(fresh.events, deadlineId, due)) return 'already-recorded';
        if (fresh && fresh.version !== stream.version) continue;
        // "due on …; can only be recorded as missed from …" means our clock and the workflow disagree: let the job retry.
        if (e.error.code === 'DATE_ORDER') throw e;
        // Met, withdrawn or recorded in the meantime: nothing to record.
        return 'not-applicable';
      }
      throw e;
    }
  }
  throw new Error(`Could not record the missed deadline ${deadlineId} after 10 concurrent changes to the case`);
}
