import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppConfig } from '@ehc/platform';
import { QueueName } from '@ehc/deadlines';
import { notFound } from '../common/domain-error.js';
import { APP_CONFIG, REDIS } from './database.module.js';

/**
 * The api's handles on the worker's BullMQ queues, one `Queue` per queue name for the whole process: the metrics
 * scrape and the admin's queue view read the same objects (each `Queue` holds its own Redis listeners), and they
 * are closed once at shutdown. The api only reads and retries here; the worker owns adding and processing jobs.
 */
@Injectable()
export class JobQueues implements OnModuleDestroy {
  private readonly queues = new Map<string, Queue>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The queue of that name; 404 for a name the worker does not run. */
  get(name: string): Queue {
    if (!(Object.values(QueueName) as string[]).includes(name)) throw notFound(`Queue ${name}`);
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.redis, prefix: this.config.redisPrefix });
      this.queues.set(name, q);
    }
    return q;
  }

  /** Whether the shared Redis connection is up; callers answer without Redis rather than wait on it. */
  get redisReady(): boolean {
    return this.redis.status === 'ready';
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => {})));
  }
}
