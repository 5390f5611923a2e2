import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { createDataSource } from '@ehc/persistence';
import type { AppConfig } from '@ehc/platform';
import { DeadlineClock } from '@ehc/deadlines';
import { DeadlineEngine, workerPoolSize, type WorkerRuntimeOptions } from './deadline-engine.service.js';
import { WORKER_CONFIG, WORKER_LOGGER, WORKER_OPTIONS } from './tokens.js';

export interface WorkerModuleDeps {
  config: AppConfig;
  clock: DeadlineClock;
  logger: Logger;
  runtime: WorkerRuntimeOptions;
  dataSource?: DataSource;
}

/** The worker's application context: config, clock, PostgreSQL pool (@nestjs/typeorm), and the deadline engine. */
@Module({})
export class WorkerModule {
  static forRoot(d: WorkerModuleDeps): DynamicModule {
    return {
      module: WorkerModule,
      // The pool through @nestjs/typeorm, as in the api (CoreModule): initialised at start-up, destroyed on shutdown,
      // after the engine has let its jobs in flight finish (beforeApplicationShutdown).
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: (): TypeOrmModuleOptions => ({ type: 'postgres', toRetry: () => false }),
          dataSourceFactory: async () =>
            d.dataSource ??
            createDataSource(d.config.databaseUrl, {
              poolSize: workerPoolSize(d.runtime.concurrency),
              applicationName: 'ehc-worker',
            }),
        }),
      ],
      providers: [
        { provide: WORKER_CONFIG, useValue: d.config },
        { provide: WORKER_OPTIONS, useValue: d.runtime },
        { provide: WORKER_LOGGER, useValue: d.logger },
        { provide: DeadlineClock, useValue: d.clock },
        DeadlineEngine,
      ],
      exports: [DeadlineEngine],
    };
  }
}
