import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { QueueView } from '@ehc/contracts';
import { Roles } from '../auth/roles.decorator.js';
import { Audited } from '../audit/audited.decorator.js';
import { badRequest } from '../common/domain-error.js';
import { QueueAdminService } from './queue-admin.service.js';

/** Job ids are built from ids and a generation, never with ':' (BullMQ's separator) or anything else. */
const JOB_ID = /^[A-Za-z0-9_-]{1,200}$/;

@ApiTags('admin')
@Controller('admin/queues')
@Roles('admin')
export class QueueAdminController {
  constructor(@Inject(QueueAdminService) private readonly queues: QueueAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Background queues: jobs by state and the latest failed jobs' })
  list(): Promise<QueueView[]> {
    return this.queues.list();
  }

  @Post(':queue/jobs/:jobId/retry')
  @HttpCode(200)
  @Audited('queue.retry', { caseId: 'none' })
  @ApiOperation({ summary: 'Retry a failed job (409 if it is not failed)' })
  retry(@Param('queue') queue: string, @Param('jobId') jobId: string): Promise<{ retried: string }> {
    if (!JOB_ID.test(jobId))
      throw badRequest('The job id must be letters, digits, - or _ (as the queue view shows it)');
    return this.queues.retry(queue, jobId);
  }
}
