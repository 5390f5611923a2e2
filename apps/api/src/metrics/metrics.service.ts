import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { createMetrics, type AppConfig, type Metrics } from '@ehc/platform';
import { sampleOperations } from '@ehc/persistence';
import { QueueName } from '@ehc/deadlines';
import { APP_CONFIG, REDIS } from '../database/database.module.js';

/** The api's Prometheus registry: HTTP by route, import progress, and the operational gauges read at each scrape. */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  readonly metrics: Metrics;
  private queue: Queue | null = null;

  constructor(@Inject(DataSource) ds: DataSource, @Inject(REDIS) private readonly redis: Redis, @Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.metrics = createMetrics('ehc-api', async () => ({ ...(await sampleOperations(ds)), jobs: await this.jobCounts() }));
  }

  /** Deadline jobs by state; left out (not failed) when Redis does not answer within a second. */
  private async jobCounts(): Promise<Record<string, number> | undefined> {
    if (this.redis.status !== 'ready') return undefined;
    this.queue ??= new Queue(QueueName.Deadlines, { connection: this.redis, prefix: this.config.redisPrefix });
    const counts = this.queue.getJobCounts('waiting', 'delayed', 'active', 'failed');
    return Promise.race([counts, new Promise<undefined>((r) => setTimeout(() => r(undefined), 1000).unref())]);
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue?.close().catch(() => {});
  }
}
