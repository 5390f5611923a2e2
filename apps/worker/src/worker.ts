import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { createLogger, createRedisClient, describeRedis, PinoNestLogger, type AppConfig } from '@ehc/platform';
import { assertNoEviction, DatabaseClock, type DeadlineClock } from '@ehc/deadlines';
import { WorkerModule } from './worker.module.js';
import { startWorkerOperations, type WorkerOperations } from './operations.js';
import { DEFAULT_CONCURRENCY, DeadlineEngine, type WorkerRuntimeOptions } from './deadline-engine.service.js';

export interface StartWorkerOptions extends Partial<WorkerRuntimeOptions> {
  /** Defaults to the PostgreSQL clock; tests pass a CompressedClock. */
  clock?: DeadlineClock;
  /** An initialised or uninitialised DataSource; the worker destroys it on close. Default: a new pool on config.databaseUrl. */
  dataSource?: DataSource;
  logger?: Logger;
}

export interface RunningWorker {
  /** Stops taking jobs, waits for the jobs in flight, closes Redis and PostgreSQL. */
  close(): Promise<void>;
  /** The deadline engine, for an immediate sweep or digest (tests, operators). */
  engine: DeadlineEngine;
  app: INestApplicationContext;
  /** Health/metrics server (WORKER_HTTP_PORT) and the session purge. */
  operations: WorkerOperations;
}

/**
 * Starts the deadline worker in this process (the launcher script and the tests call this; main.ts wraps it).
 * Refuses to start against a Redis that may evict keys.
 */
export async function startWorker(config: AppConfig, opts: StartWorkerOptions = {}): Promise<RunningWorker> {
  const logger = opts.logger ?? createLogger(config.logLevel, 'ehc-worker');
  const probe = createRedisClient(config.redisTopology, {
    maxRetriesPerRequest: 1,
    lazyConnect: true,
    connectTimeout: 5000,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await assertNoEviction(probe, describeRedis(config.redisTopology));
  } finally {
    probe.disconnect();
  }
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot({
      config,
      clock: opts.clock ?? new DatabaseClock(),
      logger,
      dataSource: opts.dataSource,
      runtime: {
        concurrency: opts.concurrency ?? DEFAULT_CONCURRENCY,
        relayIntervalMs: opts.relayIntervalMs ?? 500,
        relayBatchSize: opts.relayBatchSize ?? 200,
        schedulerCheckMs: opts.schedulerCheckMs ?? 10_000,
      },
    }),
    { logger: new PinoNestLogger(logger), abortOnError: false },
  );
  await app.init();
  const operations = await startWorkerOperations(config, app.get(DataSource), logger);
  let closing: Promise<void> | undefined;
  return {
    app,
    engine: app.get(DeadlineEngine),
    operations,
    close: () => (closing ??= operations.close().then(() => app.close())),
  };
}
