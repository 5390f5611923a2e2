// Queue and job names shared by the worker, the api and the tests. Job name = the handler that runs it.
// No ':' anywhere: BullMQ uses ':' as its key separator (engineering-notes §4.1).

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
}

export const SWEEP_SCHEDULER_ID = 'sweep-deadlines';
export const DIGEST_SCHEDULER_ID = 'daily-alert-digest';

/** Keep finished jobs long enough for a re-added duplicate to be ignored, not forever (engineering-notes §4.5). */
export const DEADLINE_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;
