import { Global, Module, type DynamicModule, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Redis } from 'ioredis';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import { createDataSource } from '@ehc/persistence';
import { Clock, createRedisClient, type AppConfig } from '@ehc/platform';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const REDIS = Symbol('REDIS');

class Closer implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown() {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * The process-wide resources: config, clock, PostgreSQL pool, Redis connection. Closed on shutdown.
 *
 * The database is wired through @nestjs/typeorm (TypeOrmModule.forRootAsync): it provides the one DataSource (injected
 * as `DataSource`), initialises it at start-up and destroys it on shutdown. The DataSource itself is made by
 * libs/persistence (createDataSource: raw-SQL migrations, never synchronize, no entities) or given by the caller
 * (the least-privilege pool of main.ts and of the tests), and a connection that fails at start-up fails the start at
 * once instead of retrying for half a minute.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, clock: Clock, dataSource?: DataSource): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: (): TypeOrmModuleOptions => ({ type: 'postgres', toRetry: () => false }),
          dataSourceFactory: async () =>
            dataSource ?? createDataSource(config.databaseUrl, { poolSize: 20, applicationName: 'ehc-api' }),
        }),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        {
          provide: REDIS,
          useFactory: () =>
            createRedisClient(config.redisTopology, {
              lazyConnect: false,
              maxRetriesPerRequest: 2,
              enableOfflineQueue: true,
            }),
        },
        Closer,
      ],
      exports: [APP_CONFIG, Clock, REDIS, TypeOrmModule],
    };
  }
}
