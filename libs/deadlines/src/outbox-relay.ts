// Outbox relay: turns deadline_outbox rows (written in the same transaction as the case event) into BullMQ
// delayed jobs with deterministic ids, then marks them relayed (docs/architecture.md#deadline-jobs). If Redis accepts the
// jobs but the UPDATE is lost, the rows are relayed again and BullMQ ignores the duplicate ids.
import type { Queue } from 'bullmq';
import { inTransaction } from '@ehc/persistence';
import { OPEN_DEADLINE_STATUSES } from '@ehc/workflow';
import { alertSchedule, type DeadlineJobData, type PlannedAlert } from './alert-schedule.js';
import type { ClockReading, DeadlineClock } from './deadline-clock.js';
import { DEADLINE_JOB_OPTIONS, JobName } from './queues.js';

/** Jobs per addBulk call (one pipelined round trip to Redis). */
export const ADD_BULK_SIZE = 500;

export interface RelayDeps {
  ds: import('typeorm').DataSource;
  queue: Queue<DeadlineJobData>;
  clock: DeadlineClock;
  leadDays: Record<string, number[]>;
}

/**
 * Which alerts of a deadline should be scheduled. A warning whose time had already passed when this generation
 * of the deadline was first scheduled is skipped (a case opened 10 days before a deadline gets no "14 days"
 * warning, and a re-projected deadline does not repeat warnings already given); the miss is always scheduled.
 */
export function alertsToSchedule(planned: PlannedAlert[], scheduledAt: Date | null, now: Date): PlannedAlert[] {
  const since = scheduledAt ?? now;
  return planned.filter((p) => p.key === 'due' || p.intendedAt.getTime() >= since.getTime());
}

/** BullMQ jobs for the alerts, each delayed until its instant as seen from `now` (take `now` just before adding). */
export function bulkJobs(alerts: PlannedAlert[], now: Date, clock: DeadlineClock) {
  const t = now.getTime();
  return alerts.map((p) => ({
    name: JobName.DeadlineAlert,
    data: p.data,
    opts: { ...DEADLINE_JOB_OPTIONS, jobId: p.jobId, delay: clock.realMs(p.intendedAt.getTime() - t) },
  }));
}

/**
 * Adds the alerts' jobs, ADD_BULK_SIZE per call, each call's delays computed from the clock reading at that moment:
 * BullMQ scores a delayed job "now + delay" when it is added, so a delay computed earlier (at the start of a batch,
 * before a slow page or a busy connection) would make the job fire late by that much.
 */
export async function addAlertJobs(
  queue: Queue<DeadlineJobData>,
  alerts: PlannedAlert[],
  reading: ClockReading,
  clock: DeadlineClock,
): Promise<void> {
  for (let i = 0; i < alerts.length; i += ADD_BULK_SIZE) {
    await queue.addBulk(bulkJobs(alerts.slice(i, i + ADD_BULK_SIZE), reading.now(), clock));
  }
}

/** Relays one batch; returns how many outbox rows it handled (0 when there was nothing to do). */
export async function relayOutboxBatch(deps: RelayDeps, batchSize = 200): Promise<number> {
  return inTransaction(deps.ds, async (tx) => {
    // clock_timestamp() comes with the rows (one round trip); the reading keeps time from there.
    const sentAt = Date.now();
    const rows = await tx.query(
      `SELECT o.id, o.case_id, o.deadline_id, o.generation, o.created_at, clock_timestamp() AS db_now,
              d.kind, d.due::text AS due, CASE WHEN d.met_on IS NULL THEN d.status ELSE 'met' END AS status, d.generation AS current_generation
         FROM deadline_outbox o
         LEFT JOIN case_deadline d ON d.case_id = o.case_id AND d.deadline_id = o.deadline_id
        WHERE o.relayed_at IS NULL
        ORDER BY o.id
        LIMIT $1
        FOR UPDATE OF o SKIP LOCKED`,
      [batchSize],
    );
    if (!rows.length) return 0;
    const reading = deps.clock.readingAt(new Date(rows[rows.length - 1].db_now), sentAt);
    const now = reading.now();
    const alerts = rows.flatMap((r: any) => {
      // Superseded, met or gone: the newer row (or nothing) is what counts; the handler would ignore it anyway.
      // A deadline already projected as missed (its due date moved into the past) still needs its miss recorded.
      if (!(OPEN_DEADLINE_STATUSES as readonly string[]).includes(r.status) || r.current_generation !== r.generation)
        return [];
      const planned = alertSchedule(
        { caseId: r.case_id, deadlineId: r.deadline_id, generation: r.generation, kind: r.kind, due: r.due },
        deps.leadDays,
      );
      return alertsToSchedule(planned, deps.clock.fromDb(new Date(r.created_at)), now);
    });
    await addAlertJobs(deps.queue, alerts, reading, deps.clock);
    await tx.query(`UPDATE deadline_outbox SET relayed_at = now() WHERE id = ANY($1::bigint[])`, [
      rows.map((r: any) => r.id),
    ]);
    return rows.length;
  });
}
