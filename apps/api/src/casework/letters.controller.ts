import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { NOTICE_KINDS, type LetterTemplate, type NoticeKind, type SentLetter } from '@ehc/contracts';
import { ALL_ROLES, CurrentUser, Roles } from '../auth/roles.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { Audited } from '../audit/audited.decorator.js';
import { badRequest } from '../common/domain-error.js';
import { LetterTemplateDto, SendLetterDto } from './dto/letter.dto.js';
import { LettersService } from './letters.service.js';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => badRequest('The case id in the URL must be a UUID') });
const noticeOf = (n: string): NoticeKind => {
  if (!(NOTICE_KINDS as readonly string[]).includes(n))
    throw badRequest(`The notice in the URL must be one of: ${NOTICE_KINDS.join(', ')}`);
  return n as NoticeKind;
};

@ApiTags('casework')
@Controller('cases')
@Roles('caseworker', 'team-manager')
export class LettersController {
  constructor(private readonly letters: LettersService) {}

  @Get(':id/letters')
  @Audited('case.read-letters', { caseId: 'param' })
  @ApiOperation({ summary: 'The statutory letters sent on a case, with their dates' })
  list(@CurrentUser() user: SessionUser, @Param('id', uuid) id: string): Promise<SentLetter[]> {
    return this.letters.list(user, id);
  }

  @Post(':id/letters/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'The letter as a PDF, as it would be sent (nothing recorded)' })
  async preview(
    @CurrentUser() user: SessionUser,
    @Param('id', uuid) id: string,
    @Body() dto: SendLetterDto,
  ): Promise<StreamableFile> {
    const pdf = await this.letters.preview(user, id, dto.notice as NoticeKind, dto.sentOn);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      length: pdf.length,
      disposition: 'inline; filename="letter-preview.pdf"',
    });
  }

  @Post(':id/letters')
  @ApiOperation({
    summary: 'Send a statutory letter: the PDF is kept with the case and the notice recorded with its date',
  })
  send(
    @CurrentUser() user: SessionUser,
    @Param('id', uuid) id: string,
    @Body() dto: SendLetterDto,
  ): Promise<SentLetter> {
    return this.letters.send(user, id, dto.notice as NoticeKind, dto.sentOn);
  }
}

/** The council's letter templates: read by casework and the admin; changed by the admin or a team manager. */
@ApiTags('casework')
@Controller('letter-templates')
export class LetterTemplatesController {
  constructor(private readonly letters: LettersService) {}

  @Get()
  @Roles(...ALL_ROLES.filter((r) => r !== 'board'))
  @ApiOperation({ summary: 'The templates of the statutory letters' })
  list(): Promise<LetterTemplate[]> {
    return this.letters.templates();
  }

  @Put(':notice')
  @Roles('admin', 'team-manager')
  @ApiOperation({
    summary: 'Reword a template; refused if it would leave out what the regulation requires the notice to say',
  })
  update(
    @CurrentUser() user: SessionUser,
    @Param('notice') notice: string,
    @Body() dto: LetterTemplateDto,
  ): Promise<LetterTemplate> {
    return this.letters.updateTemplate(user, noticeOf(notice), dto);
  }
}
