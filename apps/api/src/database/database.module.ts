import { Global, Module, type DynamicModule, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Redis } from 'ioredis';
import { createDataSource } from '@ehc/persistence';
import { Clock, createRedisClient, type AppConfig } from '@ehc/platform';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const REDIS = Symbol('REDIS');

class Closer implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly ds: DataSource, @Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown() {
    await this.redis.quit().catch(() => this.redis.disconnect());
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

/** The process-wide resources: config, clock, PostgreSQL pool, Redis connection. Closed on shutdown. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, clock: Clock, dataSource?: DataSource): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        {
          provide: DataSource,
          useFactory: async () => {
            const ds = dataSource ?? createDataSource(config.databaseUrl, { poolSize: 20, applicationName: 'ehc-api' });
            if (!ds.isInitialized) await ds.initialize();
            return ds;
          },
        },
        {
          provide: REDIS,
          useFactory: () => createRedisClient(config.redisTopology, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true }),
        },
        Closer,
      ],
      exports: [APP_CONFIG, Clock, DataSource, REDIS],
    };
  }
}
