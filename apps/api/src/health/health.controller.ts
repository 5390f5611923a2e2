import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import { REDIS } from '../database/database.module.js';
import { Public } from '../auth/roles.decorator.js';
import { checkDependencies } from '@ehc/platform';
import { pingDatabase } from '@ehc/persistence';
import { DOCUMENT_OBJECT_STORE, type DocumentObjectStore } from '../casework/document-object-store.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DOCUMENT_OBJECT_STORE) private readonly store: DocumentObjectStore | null,
  ) {}

  /** Database, Redis and (when configured) the documents' object store, each with its response time; 503 when one is down. */
  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary:
      "Database, Redis and the documents' object store (when DOCUMENT_STORAGE=s3), each with its response time; 503 when one is down",
  })
  check() {
    const store = this.store;
    return this.health.check([
      () =>
        this.indicator
          .check('database')
          .attempt(async () => {
            await pingDatabase(this.ds);
          })
          .withTimeout(2000),
      () =>
        this.indicator
          .check('redis')
          .attempt(async () => {
            await this.redis.ping();
          })
          .withTimeout(2000),
      ...(store
        ? [
            () =>
              this.indicator
                .check('documentStore')
                .attempt(() => store.ping())
                .withTimeout(2000),
          ]
        : []),
    ]);
  }

  /** Liveness: the process is up and answering. Never checks a dependency, so a database outage restarts nothing. */
  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: 200 while the process answers' })
  live() {
    return { status: 'ok' };
  }

  /**
   * Readiness: can this api serve requests? PostgreSQL is required (503 naming it when it does not answer). Redis is
   * reported but never fails readiness: the api serves cases, commands and measures without it (only the live alert
   * stream and the queue counts need it), so a Redis outage must not take every api out of the load balancer.
   * The documents' object store (DOCUMENT_STORAGE=s3) likewise: named as `documentStore` when it does not answer,
   * "degraded", since only uploading and reading documents need it (they answer 503 meanwhile).
   */
  @Get('ready')
  @Public()
  @ApiOperation({
    summary:
      'Readiness: 503 naming the failing dependency when PostgreSQL does not answer; Redis or the document store down is "degraded", still 200',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const store = this.store;
    const r = await checkDependencies(
      {
        database: () => pingDatabase(this.ds),
        redis: () => this.redis.ping(),
        ...(store ? { documentStore: () => store.ping() } : {}),
      },
      ['database'],
    );
    reply.header('cache-control', 'no-store');
    if (r.status === 'down') reply.status(503);
    return r;
  }
}
