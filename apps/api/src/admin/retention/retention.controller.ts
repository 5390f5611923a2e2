import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { RetentionReviewItem } from '@ehc/contracts';
import { CurrentUser, Roles } from '../../auth/roles.decorator.js';
import type { SessionUser } from '../../auth/session-user.js';
import { uuidParam } from '../closures.controller.js';
import { PostponeRetentionDto } from './retention.dto.js';
import { RetentionService } from './retention.service.js';

/** The retention review (docs/operations.md#retention-and-erasure): admins only; each decision audited by the service. */
@ApiTags('admin')
@Controller('admin/retention')
@Roles('admin')
export class RetentionController {
  constructor(@Inject(RetentionService) private readonly retention: RetentionService) {}

  @Get()
  @ApiOperation({
    summary:
      'People due for erasure under the retention policy (case references, due date, why), with approvals and postponements',
  })
  list(): Promise<RetentionReviewItem[]> {
    return this.retention.list();
  }

  @Post(':personId/approve')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Approve erasure: the worker erases the personal data at its next nightly run (409 unless due or postponed)',
  })
  approve(
    @CurrentUser() user: SessionUser,
    @Param('personId', uuidParam('person')) personId: string,
    @Req() req: FastifyRequest,
  ): Promise<RetentionReviewItem> {
    return this.retention.approve(user, personId, req.ip);
  }

  @Post(':personId/postpone')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Keep the record until a later date, with a reason (also takes back an approval not yet carried out)',
  })
  postpone(
    @CurrentUser() user: SessionUser,
    @Param('personId', uuidParam('person')) personId: string,
    @Body() dto: PostponeRetentionDto,
    @Req() req: FastifyRequest,
  ): Promise<RetentionReviewItem> {
    return this.retention.postpone(user, personId, dto, req.ip);
  }
}
