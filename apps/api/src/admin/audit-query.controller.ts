import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Clock } from '@ehc/platform';
import { AuditService } from '../audit/audit.service.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { AuditQueryDto } from './dto/audit-query.dto.js';
import { AuditQueryService, type AuditEventView } from './audit-query.service.js';

@ApiTags('admin')
@Controller('admin/audit')
@Roles('admin')
export class AuditQueryController {
  constructor(
    @Inject(AuditQueryService) private readonly query: AuditQueryService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Reading the trail is itself recorded. */
  @Get()
  @ApiOperation({
    summary: 'Audit trail by user, case, action and London dates; newest first, cursor-paged; format=csv exports',
  })
  async list(
    @CurrentUser() admin: SessionUser,
    @Query() q: AuditQueryDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ items: AuditEventView[]; nextCursor: string | null } | string> {
    const { format, ...filters } = q;
    await this.audit.record({
      user: admin,
      action: 'admin.audit.read',
      detail: { filters, format: format ?? 'json' },
      ip: req.ip,
    });
    if (format === 'csv') {
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${this.clock.today()}.csv"`)
        .header('cache-control', 'no-store');
      return this.query.csv(q);
    }
    return this.query.page(q);
  }
}
