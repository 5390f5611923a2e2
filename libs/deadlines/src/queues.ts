// Queue and job names shared by the worker, the api and the tests. Job name = the handler that runs it.
// No ':' anywhere: BullMQ uses ':' as its key separator (docs/architecture.md#deadline-jobs).

export enum QueueName {
  /** Deadline wake-up calls and the sweeper that rebuilds them. */
  Deadlines = 'deadlines',
  /** E-mail digests of alerts. */
  Mail = 'mail',
}

export enum JobName {
  /** A warning or due time of one deadline has come: re-check it in PostgreSQL and raise the alert. */
  DeadlineAlert = 'DeadlineAlert',
  /** Re-create any wake-up call missing from Redis (job scheduler, every config.sweepEverySeconds). */
  SweepDeadlines = 'SweepDeadlines',
  /** Send each user their daily e-mail digest of unread alerts. */
  SendDigests = 'SendDigests',
  /** List the people due for erasure under the retention policy, for an admin to approve (daily; no data in the job). */
  ListRetentionDue = 'ListRetentionDue',
  /** Erase the personal data of the people an admin approved (daily; no data in the job). */
  EraseApproved = 'EraseApproved',
}

export const SWEEP_SCHEDULER_ID = 'sweep-deadlines';
export const DIGEST_SCHEDULER_ID = 'daily-alert-digest';
export const RETENTION_LIST_SCHEDULER_ID = 'daily-retention-list';
export const ERASURE_SCHEDULER_ID = 'daily-erasure';

/**
 * Retries of a deadline job that threw (a database or Redis hiccup): up to 8 attempts, 2 s, 4 s, 8 s … 128 s apart
 * (≈ 4 minutes in all, after which the sweeper retries it on its next round).
 */
export const DEADLINE_JOB_ATTEMPTS = 8;
export const DEADLINE_RETRY_BASE_MS = 2_000;
/** The worker's name for that backoff (WorkerOptions.settings.backoffStrategy). */
export const DEADLINE_BACKOFF = 'x2';

/** Delay before attempt `attemptsMade + 1`: exponential from DEADLINE_RETRY_BASE_MS, as BullMQ's own 'exponential'. */
export function deadlineBackoffMs(attemptsMade: number): number {
  return Math.round(2 ** Math.max(0, attemptsMade - 1) * DEADLINE_RETRY_BASE_MS);
}

/**
 * What every deadline job carries besides its id and delay. BullMQ stores a job's options in its hash, one copy per
 * pending job (docs/benchmarks.md#goals G8), so only what must travel with the job is here: the attempt count (BullMQ reads
 * it from the job) and the name of the backoff, whose arithmetic lives in the worker (deadlineBackoffMs). How long
 * finished jobs are kept is the worker's setting (DEADLINE_KEEP_JOBS), not each job's.
 */
export const DEADLINE_JOB_OPTIONS = {
  attempts: DEADLINE_JOB_ATTEMPTS,
  backoff: { type: DEADLINE_BACKOFF },
} as const;

/**
 * Finished deadline jobs are kept long enough for a re-added duplicate to be ignored, not forever
 * (docs/architecture.md#deadline-jobs); applied by the worker to every job that does not say otherwise (the schedulers' jobs say otherwise).
 */
export const DEADLINE_KEEP_JOBS = {
  removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;
