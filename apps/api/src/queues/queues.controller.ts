import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DeadlineQueuePage, WorkItem } from '@ehc/contracts';
import { MyWorkService } from './my-work.service.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { Audited, PendingAuditRecord, type PendingAudit } from '../audit/audited.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { DeadlineQueueService } from './deadline-queue.service.js';
import { DeadlineQueueQueryDto } from './deadline-queue.query.js';

@ApiTags('queues')
@Controller('queues')
export class QueuesController {
  constructor(
    private readonly queue: DeadlineQueueService,
    private readonly myWork: MyWorkService,
  ) {}

  @Get('deadlines')
  @Roles('team-manager')
  @Audited('queue.deadlines', { caseId: 'none', inHandler: true }) // written by the queue's own statement
  @ApiOperation({
    summary:
      'Every open deadline of my team: overdue first, then due within 7 and 14 days; paged by number or cursor, with the whole filtered queue’s counts per bucket and each caseworker’s caseload',
  })
  deadlines(
    @CurrentUser() user: SessionUser,
    @Query() q: DeadlineQueueQueryDto,
    @PendingAuditRecord() audit?: PendingAudit,
  ): Promise<DeadlineQueuePage> {
    return this.queue.list(user, q, audit);
  }

  @Get('my-work')
  @Roles('caseworker', 'team-manager')
  @Audited('queue.my-work', { caseId: 'none' })
  @ApiOperation({
    summary: 'My work: the open deadlines of the cases assigned to me, overdue or due within 14 days, soonest first',
  })
  work(@CurrentUser() user: SessionUser): Promise<WorkItem[]> {
    return this.myWork.list(user);
  }
}
