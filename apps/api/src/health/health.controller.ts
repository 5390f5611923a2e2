import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import { REDIS } from '../database/database.module.js';
import { Public } from '../auth/roles.decorator.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Database and Redis, each with its response time; 503 when either is down. */
  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Database and Redis, each with its response time; 503 when either is down' })
  check() {
    return this.health.check([
      () => this.indicator.check('database').attempt(async () => { await this.ds.query('SELECT 1'); }).withTimeout(2000),
      () => this.indicator.check('redis').attempt(async () => { await this.redis.ping(); }).withTimeout(2000),
    ]);
  }
}
