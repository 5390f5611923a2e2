import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { timelinessCasesCsv, timelinessFiguresCsv } from '@ehc/measures';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { Audited } from '../audit/audited.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { MeasuresService } from './measures.service.js';
import { TimelinessQueryDto } from './timeliness.query.js';

/**
 * The board's measure and its drill-down. Pseudonymous: case references and dates only — never a child's
 * name, date of birth or free text.
 */
@ApiTags('measures')
@Controller('measures/timeliness')
@Roles('board', 'team-manager')
export class MeasuresController {
  constructor(private readonly measures: MeasuresService) {}

  @Get()
  @ApiOperation({
    summary:
      '% of new EHC plans issued within 20 weeks (incl./excl. exceptions), bands, trend, other statutory measures, forecast, causes; asAt compares with the figure as reported',
  })
  @Audited('measure.read')
  async figures(
    @CurrentUser() user: SessionUser,
    @Query() q: TimelinessQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const r = await this.measures.timeliness(user, q);
    if (q.format === 'csv') {
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="timeliness-${q.from}-${q.to}.csv"`);
      return timelinessFiguresCsv(r);
    }
    return r;
  }

  @Get('breakdown')
  @ApiOperation({ summary: 'The figure by team (with team names) and the month-by-month figure excluding exceptions' })
  @Audited('measure.read')
  breakdown(@CurrentUser() user: SessionUser, @Query() q: TimelinessQueryDto) {
    return this.measures.breakdown(user, q);
  }

  @Get('cases')
  @ApiOperation({
    summary: 'The cases behind every number: dates, weeks, exception and exclusion reason (pseudonymous)',
  })
  @Audited('measure.drilldown')
  async cases(
    @CurrentUser() user: SessionUser,
    @Query() q: TimelinessQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const rows = await this.measures.cases(user, q);
    if (q.format === 'csv') {
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="timeliness-cases-${q.from}-${q.to}.csv"`);
      return timelinessCasesCsv(rows);
    }
    return { items: rows };
  }
}
