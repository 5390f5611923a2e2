import { Global, Module } from '@nestjs/common';
import { MetricsService } from './metrics.service.js';
import { JobQueues } from '../database/job-queues.js';

// Global: every module records into the one registry; the job queues are shared with the admin's queue view.
@Global()
@Module({ providers: [MetricsService, JobQueues], exports: [MetricsService, JobQueues] })
export class MetricsModule {}
