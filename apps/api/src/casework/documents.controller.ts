import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { CaseDocument } from '@ehc/contracts';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { Audited } from '../audit/audited.decorator.js';
import { badRequest } from '../common/domain-error.js';
import { extensionOf } from './document-types.js';
import { DocumentsService } from './documents.service.js';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => badRequest('The ids in the URL must be UUIDs') });
const header = (req: FastifyRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

@ApiTags('casework')
@Controller('cases')
@Roles('caseworker', 'team-manager')
export class DocumentsController {
  constructor(private readonly docs: DocumentsService) {}

  @Get(':id/documents')
  @Audited('case.read-documents', { caseId: 'param' })
  @ApiOperation({ summary: 'The documents of a case (metadata), newest first' })
  list(@CurrentUser() user: SessionUser, @Param('id', uuid) id: string): Promise<CaseDocument[]> {
    return this.docs.list(user, id);
  }

  @Post(':id/documents')
  @ApiOperation({
    summary:
      'Upload a document: body = the file (application/octet-stream); X-Document-Kind, X-Document-Title (URI-encoded), optional X-Document-Event',
  })
  upload(
    @CurrentUser() user: SessionUser,
    @Param('id', uuid) id: string,
    @Req() req: FastifyRequest,
  ): Promise<CaseDocument> {
    const length = header(req, 'content-length');
    return this.docs.upload(
      user,
      id,
      {
        kind: header(req, 'x-document-kind'),
        title: header(req, 'x-document-title'),
        eventId: header(req, 'x-document-event'),
        declaredLength: length && /^\d+$/.test(length) ? Number(length) : null,
      },
      req.body as Readable | undefined,
    );
  }

  @Get(':id/documents/:documentId/content')
  @ApiOperation({ summary: 'View (inline) or, with ?download=true, download a document; streamed; audited' })
  async content(
    @CurrentUser() user: SessionUser,
    @Param('id', uuid) id: string,
    @Param('documentId', uuid) documentId: string,
    @Query('download') download?: string,
  ): Promise<StreamableFile> {
    const mode = download === 'true' || download === '1' ? 'download' : 'view';
    const { doc, stream } = await this.docs.open(user, id, documentId, mode);
    const name = `${doc.title.replace(/[^\p{L}\p{N} ._-]/gu, '_').slice(0, 100)}.${extensionOf(doc.mediaType)}`;
    return new StreamableFile(stream, {
      type: doc.mediaType,
      length: doc.sizeBytes,
      disposition: `${mode === 'download' ? 'attachment' : 'inline'}; filename="document.${extensionOf(doc.mediaType)}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
  }
}
