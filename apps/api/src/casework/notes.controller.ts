import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CaseNote } from '@ehc/contracts';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { Audited } from '../audit/audited.decorator.js';
import { badRequest } from '../common/domain-error.js';
import { NoteDto, NoteSearchDto } from './dto/note.dto.js';
import { NotesService } from './notes.service.js';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => badRequest('The case id in the URL must be a UUID') });

@ApiTags('casework')
@Controller('cases')
@Roles('caseworker', 'team-manager')
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Get(':id/notes')
  @Audited('case.read-notes', { caseId: 'param' })
  @ApiOperation({
    summary: 'Case notes and contact log, newest first; corrected notes name the note that corrects them',
  })
  list(@CurrentUser() user: SessionUser, @Param('id', uuid) id: string): Promise<CaseNote[]> {
    return this.notes.list(user, id);
  }

  @Post(':id/notes')
  @ApiOperation({
    summary: 'Add a note or a contact (call, email, meeting, letter); `corrects` puts an earlier one right',
  })
  add(@CurrentUser() user: SessionUser, @Param('id', uuid) id: string, @Body() dto: NoteDto): Promise<CaseNote> {
    return this.notes.add(user, id, dto);
  }

  @Post(':id/notes/search')
  @HttpCode(200)
  @Audited('case.search-notes', { caseId: 'param' })
  @ApiOperation({ summary: 'Search the notes of one case (the words are in the body, never the URL)' })
  search(
    @CurrentUser() user: SessionUser,
    @Param('id', uuid) id: string,
    @Body() dto: NoteSearchDto,
  ): Promise<CaseNote[]> {
    return this.notes.search(user, id, dto.text);
  }
}
