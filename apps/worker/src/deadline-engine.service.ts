import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DelayedError, Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Cluster } from 'ioredis';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { createRedisClient, describeStoreError, S3DocumentObjectStore, type AppConfig } from '@ehc/platform';
import {
  DEADLINE_BACKOFF,
  DEADLINE_KEEP_JOBS,
  deadlineBackoffMs,
  DeadlineClock,
  DIGEST_SCHEDULER_ID,
  handleDeadlineJob,
  JobName,
  QueueName,
  relayOutboxBatch,
  sendDigests,
  sweepDeadlines,
  SWEEP_SCHEDULER_ID,
  warmDeadlineHandler,
  type DeadlineJobData,
  ERASURE_SCHEDULER_ID,
  RETENTION_LIST_SCHEDULER_ID,
} from '@ehc/deadlines';
import { eraseApproved, listRetentionDue } from '@ehc/persistence';
import { londonDate, type RetentionPolicy } from '@ehc/workflow';
import { WORKER_CONFIG, WORKER_LOGGER, WORKER_OPTIONS } from './tokens.js';
import { processorFor, type JobHandlers } from './job-handlers.js';

/**
 * Deadline jobs one worker process handles at once. Jobs running together share their reads and alert inserts
 * (StatementBatcher), so more of them in flight means fewer statements per job: a burst of 1,000 misses drained ≈ 1.4×
 * faster at 32 than at 10 on the 2-vCPU box (test/bench/alerts.mjs, median of 3). Their DeadlineMissed appends share
 * statements too (appendDecidedEvents); at 128 the burst was hardly faster (1,167 against 1,332 ms, one run each,
 * 2026-12-02) for 54 % more worker CPU (3,772 against 2,449 ms), and bare BullMQ itself drained slower (564 against 241 ms).
 */
export const DEFAULT_CONCURRENCY = 32;

/**
 * PostgreSQL connections for a worker running `concurrency` jobs: the shared statements (reads, appends, alert inserts:
 * one in flight each), a projection refresh per job whose deadline lapsed (its own short transaction), the relay and
 * the sweeper.
 */
export function workerPoolSize(concurrency: number): number {
  return Math.min(concurrency, 16) + 4;
}

export interface WorkerRuntimeOptions {
  /** Deadline jobs handled at once by this process. */
  concurrency: number;
  /** Outbox poll interval when idle. */
  relayIntervalMs: number;
  /** Outbox rows per relay transaction. */
  relayBatchSize: number;
  /** How often to check that the sweep scheduler still exists in Redis (it is lost with a flush). */
  schedulerCheckMs: number;
}

/**
 * The deadline engine of one worker process: the outbox relay loop, the BullMQ workers for deadline and mail
 * jobs, and the job schedulers (sweeper, daily digest). Started on bootstrap, stopped on shutdown in the order
 * that loses nothing: stop relaying and taking jobs, let in-flight jobs finish, then close connections and pools.
 */
@Injectable()
export class DeadlineEngine implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private deadlines!: Queue<DeadlineJobData>;
  /** The sweeper's own producer connection: a rebuild pipelines thousands of commands, the relay must not queue behind them. */
  private sweepQueue!: Queue<DeadlineJobData>;
  private mail?: Queue;
  private workers: Worker[] = [];
  private transport?: Transporter;
  private stopping = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private lastSchedulerCheck = 0;
  /** The documents' object store when DOCUMENT_STORAGE=s3: erasure deletes the erased documents' objects from it. */
  private store: S3DocumentObjectStore | null = null;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(DeadlineClock) private readonly clock: DeadlineClock,
    @Inject(WORKER_CONFIG) private readonly config: AppConfig,
    @Inject(WORKER_OPTIONS) private readonly opts: WorkerRuntimeOptions,
    @Inject(WORKER_LOGGER) private readonly log: Logger,
  ) {}

  /** Cluster clients this engine created; BullMQ does not close a client it was handed, so shutdown does. */
  private owned: Cluster[] = [];

  private connection(forWorker: boolean): ConnectionOptions {
    // Workers retry Redis commands forever; producers fail fast (BullMQ going-to-production).
    const extra = forWorker
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: null, enableOfflineQueue: false };
    const t = this.config.redisTopology;
    if (t.kind === 'single') return { url: this.config.redisUrl, ...extra };
    // Sentinel: BullMQ builds its own clients from these options (and duplicates them for blocking commands).
    if (t.kind === 'sentinel')
      return {
        ...extra,
        sentinels: t.sentinels,
        name: t.name,
        password: t.password,
        sentinelPassword: t.password,
        db: t.db,
      };
    // Cluster: BullMQ needs a Cluster instance.
    const c = createRedisClient(t, extra) as Cluster;
    this.owned.push(c);
    return c;
  }

  async onApplicationBootstrap(): Promise<void> {
    const prefix = this.config.redisPrefix;
    this.deadlines = new Queue<DeadlineJobData>(QueueName.Deadlines, { connection: this.connection(false), prefix });
    this.deadlines.on('error', (err) => this.log.error({ err: err.message }, 'deadline queue error'));
    await this.deadlines.waitUntilReady();
    this.sweepQueue = new Queue<DeadlineJobData>(QueueName.Deadlines, { connection: this.connection(false), prefix });
    this.sweepQueue.on('error', (err) => this.log.error({ err: err.message }, 'sweeper queue error'));
    await this.sweepQueue.waitUntilReady();
    await this.ensureSchedulers();

    const deps = {
      ds: this.ds,
      clock: this.clock,
      leadDays: this.config.alertLeadDays,
      finalPlanDays: this.config.finalPlanDays,
      queue: this.sweepQueue,
    };
    // Compiled before the first job, not during the first burst (warmDeadlineHandler).
    const warmStarted = performance.now();
    const warmed = warmDeadlineHandler(this.config.finalPlanDays, londonDate(new Date()));
    this.log.debug({ ms: Math.round(performance.now() - warmStarted), decided: warmed }, 'deadline handler warmed up');
    // Every job name with its handler, checked before any worker takes a job (job-handlers.ts).
    const handlers: JobHandlers = {
      [JobName.DeadlineAlert]: async (job: Job, token?: string) => {
        const outcome = await handleDeadlineJob(deps, job.data as DeadlineJobData);
        if (outcome.kind === 'early') {
          // Same job, same id, back to delayed for the rest of the wait (docs/architecture.md#deadline-jobs).
          await job.moveToDelayed(Date.now() + Math.max(1, this.clock.realMs(outcome.remainingMs)), token);
          throw new DelayedError();
        }
        if (outcome.kind === 'raised') {
          this.log.info(
            { jobId: job.id, alertId: outcome.alertId, lateByMs: outcome.lateByMs, missed: outcome.missed },
            'deadline alert',
          );
        }
        return outcome.kind;
      },
      [JobName.SweepDeadlines]: async () => {
        const r = await sweepDeadlines(deps);
        if (r.added || r.retried || r.promoted) this.log.warn(r, 'sweeper repaired deadline jobs');
        return r;
      },
      [JobName.SendDigests]: () => this.sendDigestsNow(),
      // Retention (docs/operations.md#retention-and-erasure): the jobs carry nothing; "today" is the database clock's London date.
      [JobName.ListRetentionDue]: async () => {
        const r = await listRetentionDue(this.ds, londonDate(await this.clock.now(this.ds)), this.retentionPolicy());
        this.log.info(r, 'retention review listed');
        return r;
      },
      [JobName.EraseApproved]: async () => {
        const r = await eraseApproved(this.ds, londonDate(await this.clock.now(this.ds)), this.objectStore());
        if (r.erased || r.failed.length || r.objectsDeleted)
          this.log.info(
            { erased: r.erased, cases: r.cases, failed: r.failed, objectsDeleted: r.objectsDeleted },
            'approved erasures run',
          );
        // Objects of erased documents the store did not delete stay queued (document_object_erasure); the next run tries again.
        if (r.objectsLeft)
          this.log.warn(
            { objectsLeft: r.objectsLeft, storage: this.config.documentStorage.kind },
            'objects of erased documents still to delete from the object store',
          );
        return {
          erased: r.erased,
          cases: r.cases,
          failed: r.failed.length,
          objectsDeleted: r.objectsDeleted,
          objectsLeft: r.objectsLeft,
        };
      },
    };
    const deadlineWorker = new Worker<any>(QueueName.Deadlines, processorFor(QueueName.Deadlines, handlers), {
      connection: this.connection(true),
      prefix,
      concurrency: this.opts.concurrency,
      // Kept here rather than in every job's hash (docs/benchmarks.md#goals G8); the schedulers' jobs carry their own.
      ...DEADLINE_KEEP_JOBS,
      // The deadline jobs' backoff by name (DEADLINE_JOB_OPTIONS); -1: an unknown backoff is not retried.
      settings: {
        backoffStrategy: (attemptsMade: number, type?: string) =>
          type === DEADLINE_BACKOFF ? deadlineBackoffMs(attemptsMade) : -1,
      },
    });
    deadlineWorker.on('failed', (job, err) =>
      this.log.error({ jobId: job?.id, name: job?.name, err: err.message }, 'deadline job failed'),
    );
    deadlineWorker.on('error', (err) => this.log.error({ err: err.message }, 'deadline worker error'));
    this.workers.push(deadlineWorker);

    if (this.config.smtpUrl) {
      this.transport = nodemailer.createTransport(this.config.smtpUrl);
      this.mail = new Queue(QueueName.Mail, { connection: this.connection(false), prefix });
      this.mail.on('error', (err) => this.log.error({ err: err.message }, 'mail queue error'));
      const mailWorker = new Worker(QueueName.Mail, processorFor(QueueName.Mail, handlers), {
        connection: this.connection(true),
        prefix,
        concurrency: 1,
      });
      mailWorker.on('failed', (job, err) => this.log.error({ jobId: job?.id, err: err.message }, 'mail job failed'));
      mailWorker.on('error', (err) => this.log.error({ err: err.message }, 'mail worker error'));
      this.workers.push(mailWorker);
      await this.mail.upsertJobScheduler(
        DIGEST_SCHEDULER_ID,
        { pattern: '30 8 * * *', tz: 'Europe/London' },
        { name: JobName.SendDigests, opts: { removeOnComplete: { count: 30 }, removeOnFail: { count: 100 } } },
      );
    }

    this.loop = this.relayLoop();
  }

  /** Sends today's digests now (also the daily job's handler). */
  async sendDigestsNow() {
    if (!this.transport) throw new Error('SMTP_URL is not set, so no digest can be sent');
    return sendDigests(
      { ds: this.ds, transport: this.transport, from: this.config.mailFrom, publicUrl: this.config.publicUrl },
      await this.clock.now(this.ds),
    );
  }

  /** The object store, made on first use (only the erasure job needs it); null when documents stay in PostgreSQL. */
  private objectStore(): S3DocumentObjectStore | null {
    const storage = this.config.documentStorage;
    if (storage.kind !== 's3') return null;
    // A store's failure is logged by its kind and the object's random key only (nothing about the child).
    this.store ??= new S3DocumentObjectStore(storage, (op, key, e) => {
      this.log.warn({ op, objectKey: key, err: describeStoreError(e) }, 'object store failed');
      return new Error(`object store ${op} failed`);
    });
    return this.store;
  }

  private retentionPolicy(): RetentionPolicy {
    return {
      yearsAfter25: this.config.retentionYearsAfter25,
      yearsAfterClosedWithoutPlan: this.config.retentionYearsAfterClose,
    };
  }

  /** Puts a retention job on the queue now, as its daily schedule would (tests, or an operator); returns its id. */
  async runRetentionJob(name: JobName.ListRetentionDue | JobName.EraseApproved): Promise<string> {
    const job = await this.deadlines.add(name, {} as any, {
      removeOnComplete: { count: 30 },
      removeOnFail: { count: 100 },
    });
    return job.id!;
  }

  /** Runs one sweep in this process (tests, or an operator after a Redis incident). */
  async sweepNow() {
    return sweepDeadlines({
      ds: this.ds,
      clock: this.clock,
      leadDays: this.config.alertLeadDays,
      queue: this.sweepQueue,
    });
  }

  private async ensureSchedulers(): Promise<void> {
    this.lastSchedulerCheck = Date.now();
    const keep = { removeOnComplete: { count: 30 }, removeOnFail: { count: 100 } };
    // The retention review lists at 02:15 London time; approved erasures run at 02:45, so an approval can be undone the same day.
    if (!(await this.deadlines.getJobScheduler(RETENTION_LIST_SCHEDULER_ID))) {
      await this.deadlines.upsertJobScheduler(
        RETENTION_LIST_SCHEDULER_ID,
        { pattern: '15 2 * * *', tz: 'Europe/London' },
        { name: JobName.ListRetentionDue, data: {} as any, opts: keep },
      );
    }
    if (!(await this.deadlines.getJobScheduler(ERASURE_SCHEDULER_ID))) {
      await this.deadlines.upsertJobScheduler(
        ERASURE_SCHEDULER_ID,
        { pattern: '45 2 * * *', tz: 'Europe/London' },
        { name: JobName.EraseApproved, data: {} as any, opts: keep },
      );
    }
    if (await this.deadlines.getJobScheduler(SWEEP_SCHEDULER_ID)) return;
    await this.deadlines.upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: this.config.sweepEverySeconds * 1000 },
      {
        name: JobName.SweepDeadlines,
        data: {} as any,
        opts: { removeOnComplete: { count: 20 }, removeOnFail: { count: 100 } },
      },
    );
  }

  private async relayLoop(): Promise<void> {
    const deps = { ds: this.ds, queue: this.deadlines, clock: this.clock, leadDays: this.config.alertLeadDays };
    while (!this.stopping) {
      let relayed = 0;
      try {
        relayed = await relayOutboxBatch(deps, this.opts.relayBatchSize);
        if (Date.now() - this.lastSchedulerCheck >= this.opts.schedulerCheckMs) await this.ensureSchedulers();
      } catch (err) {
        this.log.error({ err: (err as Error).message }, 'outbox relay failed; will retry');
      }
      if (relayed >= this.opts.relayBatchSize || this.stopping) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.opts.relayIntervalMs);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop?.catch(() => undefined);
    // worker.close() stops fetching and waits for the jobs in flight.
    await Promise.all(this.workers.map((w) => w.close()));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.deadlines?.close().catch(() => undefined);
    await this.sweepQueue?.close().catch(() => undefined);
    await this.mail?.close().catch(() => undefined);
    for (const c of this.owned) c.disconnect();
    this.transport?.close();
    this.store?.destroy();
  }
}
