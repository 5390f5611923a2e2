import { Controller, Get, Param, ParseUUIDPipe, Req, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentUser, Roles } from '../../auth/roles.decorator.js';
import type { SessionUser } from '../../auth/session-user.js';
import { badRequest } from '../../common/domain-error.js';
import { SubjectAccessService } from './subject-access.service.js';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => badRequest('The id in the URL must be a UUID') });

/**
 * Subject access (UK GDPR art. 15): a team manager of a team that may see the child downloads everything held about
 * them as one zip (docs/subject-access.md; who may, and why, in docs/security.md). The person is named by the record's
 * opaque id in the path, as the person pages are; nothing about the child is in the URL. Other roles get 403
 * (audited as access.denied), another team's child 404 (audited as person.export-refused).
 */
@ApiTags('persons')
@Controller('persons')
@Roles('team-manager')
export class SubjectAccessController {
  constructor(private readonly exports: SubjectAccessService) {}

  @Get(':id/subject-access-export')
  @ApiProduces('application/zip')
  @ApiOperation({
    summary:
      'Subject access export of one child: a zip of export.json, export.html and the documents (team manager; audited)',
  })
  async export(
    @CurrentUser() user: SessionUser,
    @Param('id', uuid) id: string,
    @Req() req: FastifyRequest,
  ): Promise<StreamableFile> {
    const { filename, stream } = await this.exports.export(user, id, req.ip);
    return new StreamableFile(stream, { type: 'application/zip', disposition: `attachment; filename="${filename}"` });
  }
}
