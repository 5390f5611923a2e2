// The sweeper rebuilds wake-up calls from PostgreSQL (docs/architecture.md invariant 5): after Redis is flushed, restarted
// empty, or a job failed for good, every alert still arrives, late ones saying how late they are.
// Cheap by design: it only asks Redis about alerts that PostgreSQL says have not been raised yet, one pipelined
// EXISTS per job, and inspects job state only for those already overdue.
import type { DataSource } from 'typeorm';
import type { Queue } from 'bullmq';
import { addDays } from '@ehc/workflow';
import { londonDateOf } from '@ehc/platform';
import { alertSchedule, type DeadlineJobData, type PlannedAlert } from './alert-schedule.js';
import type { ClockReading, DeadlineClock } from './deadline-clock.js';
import { addAlertJobs, alertsToSchedule } from './outbox-relay.js';

export interface SweepDeps {
  ds: DataSource;
  /** Best on a connection of its own: a rebuild pipelines thousands of commands, which must not hold up the relay. */
  queue: Queue<DeadlineJobData>;
  clock: DeadlineClock;
  leadDays: Record<string, number[]>;
}

export interface SweepResult {
  deadlines: number;
  expected: number;
  added: number;
  retried: number;
  promoted: number;
}

/** How far back the sweeper looks for misses recorded by projection but never alerted. */
export const MISSED_LOOKBACK_DAYS = 60;
/** A job this overdue and still not run is nudged (promoted, retried or replaced). */
export const OVERDUE_GRACE_MS = 60_000;
/**
 * An outbox row younger than this and not yet relayed is the relay's to schedule (it polls every half second), so
 * the sweeper leaves that deadline alone: a worker starting up would otherwise schedule everything twice, once from
 * each side. Older ones are the sweeper's again (a relay that has been failing for a minute is not counted on).
 */
export const RELAY_GRACE_SECONDS = 60;

const PAGE = 2000;

export async function sweepDeadlines(deps: SweepDeps): Promise<SweepResult> {
  const result: SweepResult = { deadlines: 0, expected: 0, added: 0, retried: 0, promoted: 0 };
  const reading = await deps.clock.reading(deps.ds);
  const today = londonDateOf(reading.now());
  let after: [string, string] = ['00000000-0000-0000-0000-000000000000', ''];
  for (;;) {
    // Pending deadlines, plus deadlines projected as missed (another event arrived after the due date) whose
    // miss was never alerted, limited to those the live system scheduled (an import of old history is not re-alerted).
    const rows = await deps.ds.query(
      `SELECT d.case_id, d.deadline_id, d.kind, d.due::text AS due, d.generation, d.status,
              (SELECT min(o.created_at) FROM deadline_outbox o
                WHERE o.case_id = d.case_id AND o.deadline_id = d.deadline_id AND o.generation = d.generation) AS scheduled_at,
              (SELECT coalesce(array_agg(a.alert_key), '{}') FROM alert a
                WHERE a.case_id = d.case_id AND a.deadline_id = d.deadline_id AND a.generation = d.generation) AS raised
         FROM case_deadline d
        WHERE (d.case_id, d.deadline_id) > ($1::uuid, $2)
          AND NOT EXISTS (SELECT 1 FROM deadline_outbox o
                           WHERE o.case_id = d.case_id AND o.deadline_id = d.deadline_id AND o.generation = d.generation
                             AND o.relayed_at IS NULL AND o.created_at > now() - make_interval(secs => ${RELAY_GRACE_SECONDS}))
          AND (d.status = 'pending'
               OR (d.status IN ('missed', 'excepted') AND d.due >= $3::date
                   AND EXISTS (SELECT 1 FROM deadline_outbox o WHERE o.case_id = d.case_id AND o.deadline_id = d.deadline_id)
                   AND NOT EXISTS (SELECT 1 FROM alert a WHERE a.case_id = d.case_id AND a.deadline_id = d.deadline_id
                                     AND a.alert_key = 'due' AND a.due = d.due)))
        ORDER BY d.case_id, d.deadline_id
        LIMIT ${PAGE}`,
      [after[0], after[1], addDays(today, -MISSED_LOOKBACK_DAYS)],
    );
    if (!rows.length) break;
    after = [rows[rows.length - 1].case_id, rows[rows.length - 1].deadline_id];
    result.deadlines += rows.length;
    const now = reading.now();
    const expected: PlannedAlert[] = rows.flatMap((r: any) => {
      const planned = alertSchedule(
        { caseId: r.case_id, deadlineId: r.deadline_id, generation: r.generation, kind: r.kind, due: r.due },
        deps.leadDays,
      );
      const wanted =
        r.status === 'pending'
          ? alertsToSchedule(planned, r.scheduled_at ? deps.clock.fromDb(new Date(r.scheduled_at)) : null, now)
          : planned.filter((p) => p.key === 'due');
      const raised: string[] = r.raised ?? [];
      // A raised warning is done. The miss is done only when the deadline stops being pending (DeadlineMissed
      // projected): a worker killed between raising the alert and appending the event leaves it pending.
      return wanted.filter((p) => p.key === 'due' || !raised.includes(p.key));
    });
    result.expected += expected.length;
    await ensureJobs(deps, expected, reading, result);
    if (rows.length < PAGE) break;
  }
  return result;
}

async function ensureJobs(
  deps: SweepDeps,
  expected: PlannedAlert[],
  reading: ClockReading,
  result: SweepResult,
): Promise<void> {
  if (!expected.length) return;
  const client = await deps.queue.getBackend().client;
  const pipe = (client as any).pipeline();
  for (const p of expected) pipe.exists(deps.queue.toKey(p.jobId));
  const answers: [Error | null, number][] = await pipe.exec();
  const missing: PlannedAlert[] = [];
  const now = reading.now();
  for (const [i, p] of expected.entries()) {
    const exists = answers[i]?.[1] === 1;
    if (!exists) {
      missing.push(p);
      continue;
    }
    if (now.getTime() - p.intendedAt.getTime() < OVERDUE_GRACE_MS) continue;
    // Overdue and not raised: find out why the job has not done its work.
    const job = await deps.queue.getJob(p.jobId);
    if (!job) {
      missing.push(p);
      continue;
    }
    const state = await job.getState();
    if (state === 'failed') {
      await job.retry('failed');
      result.retried++;
    } else if (state === 'delayed') {
      await job.promote().catch(() => undefined);
      result.promoted++;
    } else if (state === 'completed') {
      // It ran but raised nothing (it was stale then); the deadline says it is due now, so run it again.
      await job.remove().catch(() => undefined);
      missing.push(p);
    }
  }
  if (missing.length) {
    await addAlertJobs(deps.queue, missing, reading, deps.clock);
    result.added += missing.length;
  }
}
