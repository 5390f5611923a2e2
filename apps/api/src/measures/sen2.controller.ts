import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { Audited } from '../audit/audited.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { Sen2Service } from './sen2.service.js';
import { Sen2ReturnDto } from './sen2.query.js';

/**
 * DfE's SEN2 person-level return for a census date (docs/sen2.md). POST: the file holds children's personal data, so
 * nothing about it travels in a URL; every check and every export is audited.
 */
@ApiTags('returns')
@Controller('returns/sen2')
@Roles('team-manager', 'admin')
export class Sen2Controller {
  constructor(private readonly sen2: Sen2Service) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'SEN2 return for a census date: the checks (each failure with its case reference) and counts, or the XML file (format xml)',
  })
  @Audited('sen2.return', { caseId: 'none' })
  async build(
    @CurrentUser() user: SessionUser,
    @Body() q: Sen2ReturnDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (q.format === 'xml') {
      const xml = await this.sen2.xml(user, q);
      void reply
        .header('content-type', 'application/xml; charset=utf-8')
        .header('content-disposition', `attachment; filename="SEN2_${q.la}_${q.referenceDate}.xml"`);
      return xml;
    }
    return this.sen2.summary(user, q);
  }
}
