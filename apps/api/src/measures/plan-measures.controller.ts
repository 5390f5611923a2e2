import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { planDrilldown, planDrilldownCsv, planReportCsv } from '@ehc/measures';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { Audited } from '../audit/audited.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { PlanMeasuresService } from './plan-measures.service.js';
import { PlanCasesQueryDto, PlanMeasuresQueryDto } from './plan-measures.query.js';

/**
 * The board's plan measures and their drill-down (docs/plan-life.md#the-boards-measures). Pseudonymous: case
 * references, dates and setting types — never a child's name, date of birth or free text.
 */
@ApiTags('measures')
@Controller('measures/plans')
@Roles('board', 'team-manager')
export class PlanMeasuresController {
  constructor(private readonly measures: PlanMeasuresService) {}

  @Get()
  @ApiOperation({
    summary:
      'Learners with EHC plans by setting (and trend), post-16 local vs independent specialist, Year 9 amendments, annual reviews, phase transfers',
  })
  @Audited('measure.read', { caseId: 'none' })
  async report(
    @CurrentUser() user: SessionUser,
    @Query() q: PlanMeasuresQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const r = await this.measures.report(user, q);
    if (q.format === 'csv') {
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="plan-measures-${q.on}.csv"`);
      return planReportCsv(r);
    }
    return r;
  }

  @Get('cases')
  @ApiOperation({ summary: 'The cases behind one plan measure (pseudonymous)' })
  @Audited('measure.drilldown', { caseId: 'none' })
  async cases(
    @CurrentUser() user: SessionUser,
    @Query() q: PlanCasesQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const r = await this.measures.report(user, q);
    if (q.format === 'csv') {
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="plan-${q.measure}-${q.on}.csv"`);
      return planDrilldownCsv(r, q.measure);
    }
    const d = planDrilldown(r, q.measure);
    return { header: d.header, items: d.rows };
  }
}
