import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
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

/** The worker's application context: config, clock, PostgreSQL pool, and the deadline engine. */
@Module({})
export class WorkerModule {
  static forRoot(d: WorkerModuleDeps): DynamicModule {
    return {
      module: WorkerModule,
      providers: [
        { provide: WORKER_CONFIG, useValue: d.config },
        { provide: WORKER_OPTIONS, useValue: d.runtime },
        { provide: WORKER_LOGGER, useValue: d.logger },
        { provide: DeadlineClock, useValue: d.clock },
        {
          provide: DataSource,
          useFactory: async () => {
            const ds = d.dataSource ?? createDataSource(d.config.databaseUrl, { poolSize: workerPoolSize(d.runtime.concurrency), applicationName: 'ehc-worker' });
            if (!ds.isInitialized) await ds.initialize();
            return ds;
          },
        },
        DeadlineEngine,
      ],
      exports: [DeadlineEngine],
    };
  }
}
