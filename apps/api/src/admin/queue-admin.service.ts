import { Inject, Injectable } from '@nestjs/common';
import { QueueName } from '@ehc/deadlines';
import type { QueueJobView, QueueView } from '@ehc/contracts';
import { JobQueues } from '../database/job-queues.js';
import { DomainError, notFound } from '../common/domain-error.js';

const STATES = ['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'] as const;

/**
 * The admin's view of the background queues: how many jobs are in each state, and the failed ones, which can be
 * retried. Jobs carry ids only (a case id, a deadline id, a generation), so nothing here identifies a child.
 */
@Injectable()
export class QueueAdminService {
  constructor(@Inject(JobQueues) private readonly queues: JobQueues) {}

  private queue(name: string) {
    return this.queues.get(name);
  }

  private ensureRedis(): void {
    if (!this.queues.redisReady)
      throw new DomainError(
        503,
        'REDIS_UNAVAILABLE',
        'Redis is not answering: the job queues cannot be read now (cases and deadlines are unaffected; the sweeper rebuilds jobs when it is back)',
      );
  }

  async list(): Promise<QueueView[]> {
    this.ensureRedis();
    return Promise.all(
      Object.values(QueueName).map(async (name) => {
        const q = this.queue(name);
        const counts = await q.getJobCounts(...STATES);
        const failed = await q.getFailed(0, 49);
        return {
          name,
          counts: Object.fromEntries(STATES.map((s) => [s, counts[s] ?? 0])) as QueueView['counts'],
          failed: failed.map((j): QueueJobView => ({
            id: j.id ?? '',
            name: j.name,
            attemptsMade: j.attemptsMade,
            failedReason: (j.failedReason ?? '').slice(0, 500),
            failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
          })),
        };
      }),
    );
  }

  /** Puts a failed job back in the queue; 409 when the job is not (or no longer) failed. */
  async retry(queueName: string, jobId: string): Promise<{ retried: string }> {
    this.ensureRedis();
    const q = this.queue(queueName);
    const job = await q.getJob(jobId);
    if (!job) throw notFound(`Job ${jobId}`);
    if (!(await job.isFailed()))
      throw new DomainError(
        409,
        'JOB_NOT_FAILED',
        'Only a failed job can be retried; this one is not failed (it may have been retried already)',
      );
    await job.retry('failed');
    return { retried: jobId };
  }
}
