import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createMetrics, type Metrics } from '@ehc/platform';
import { sampleOperations } from '@ehc/persistence';
import { QueueName } from '@ehc/deadlines';
import { JobQueues } from '../database/job-queues.js';

/** The api's Prometheus registry: HTTP by route, import progress, and the operational gauges read at each scrape. */
@Injectable()
export class MetricsService {
  readonly metrics: Metrics;

  constructor(
    @Inject(DataSource) ds: DataSource,
    @Inject(JobQueues) private readonly queues: JobQueues,
  ) {
    this.metrics = createMetrics('ehc-api', async () => ({
      ...(await sampleOperations(ds)),
      jobs: await this.jobCounts(),
    }));
  }

  /** Deadline jobs by state; left out (not failed) when Redis does not answer within a second. */
  private async jobCounts(): Promise<Record<string, number> | undefined> {
    if (!this.queues.redisReady) return undefined;
    const counts = this.queues.get(QueueName.Deadlines).getJobCounts('waiting', 'delayed', 'active', 'failed');
    return Promise.race([counts, new Promise<undefined>((r) => setTimeout(() => r(undefined), 1000).unref())]);
  }
}
