// Outbox relay: turns deadline_outbox rows (written in the same transaction as the case event) into BullMQ
// delayed jobs with deterministic ids, then marks them relayed (engineering-notes §3.2). If Redis accepts the
// jobs but the UPDATE is lost, the rows are relayed again and BullMQ ignores the duplicate ids.
import type { Queue } from 'bullmq';
import { inTransaction } from '@ehc/persistence';
import { alertSchedule, type DeadlineJobData, type PlannedAlert } from './alert-schedule.js';
import type { DeadlineClock } from './deadline-clock.js';
import { DEADLINE_JOB_OPTIONS, JobName } from './queues.js';

const OPEN = ['pending', 'missed', 'excepted'];

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

export function bulkJobs(alerts: PlannedAlert[], now: Date, clock: DeadlineClock) {
  return alerts.map((p) => ({
    name: JobName.DeadlineAlert,
    data: p.data,
    opts: { ...DEADLINE_JOB_OPTIONS, jobId: p.jobId, delay: clock.realMs(p.intendedAt.getTime() - now.getTime()) },
  }));
}

/** Relays one batch; returns how many outbox rows it handled (0 when there was nothing to do). */
export async function relayOutboxBatch(deps: RelayDeps, batchSize = 200): Promise<number> {
  return inTransaction(deps.ds, async (tx) => {
    const rows = await tx.query(
      `SELECT o.id, o.case_id, o.deadline_id, o.generation, o.created_at,
              d.kind, d.due::text AS due, CASE WHEN d.met_on IS NULL THEN d.status ELSE 'met' END AS status, d.generation AS current_generation
         FROM deadline_outbox o
         LEFT JOIN case_deadline d ON d.case_id = o.case_id AND d.deadline_id = o.deadline_id
        WHERE o.relayed_at IS NULL
        ORDER BY o.id
        LIMIT $1
        FOR UPDATE OF o SKIP LOCKED`, [batchSize]);
    if (!rows.length) return 0;
    const now = await deps.clock.now(tx);
    const jobs = rows.flatMap((r: any) => {
      // Superseded, met or gone: the newer row (or nothing) is what counts; the handler would ignore it anyway.
      // A deadline already projected as missed (its due date moved into the past) still needs its miss recorded.
      if (!OPEN.includes(r.status) || r.current_generation !== r.generation) return [];
      const planned = alertSchedule({ caseId: r.case_id, deadlineId: r.deadline_id, generation: r.generation, kind: r.kind, due: r.due }, deps.leadDays);
      return bulkJobs(alertsToSchedule(planned, deps.clock.fromDb(new Date(r.created_at)), now), now, deps.clock);
    });
    for (let i = 0; i < jobs.length; i += 500) await deps.queue.addBulk(jobs.slice(i, i + 500));
    await tx.query(`UPDATE deadline_outbox SET relayed_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r: any) => r.id)]);
    return rows.length;
  });
}
