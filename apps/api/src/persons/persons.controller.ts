import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PersonContact, PersonDetail, PersonMatch } from '@ehc/contracts';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { badRequest } from '../common/domain-error.js';
import { ContactDto, MergeDto, PersonChangeDto, PersonDto, PersonMatchDto, PersonSearchDto } from './dto/person.dto.js';
import { PersonsService } from './persons.service.js';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => badRequest('The id in the URL must be a UUID') });

/**
 * The child or young person's record. Caseworkers and managers of a team that holds a case for the person (or made
 * the record); never the board or the admin. Every read and change is audited by the service, with the person's id.
 * Searches are POSTs: a name or date of birth never travels in a URL.
 */
@ApiTags('persons')
@Controller('persons')
@Roles('caseworker', 'team-manager')
export class PersonsController {
  constructor(private readonly persons: PersonsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a person record for a child or young person' })
  create(@CurrentUser() user: SessionUser, @Body() dto: PersonDto): Promise<PersonDetail> {
    return this.persons.create(user, dto);
  }

  @Post('search')
  @HttpCode(200)
  @ApiOperation({ summary: 'Find people by name (close spelling, any order), date of birth, UPN and postcode' })
  search(@CurrentUser() user: SessionUser, @Body() dto: PersonSearchDto): Promise<PersonMatch[]> {
    return this.persons.search(user, dto);
  }

  @Post('matches')
  @HttpCode(200)
  @ApiOperation({ summary: 'Is this child already known? Exact UPN, or a close name with the same date of birth' })
  matches(@CurrentUser() user: SessionUser, @Body() dto: PersonMatchDto): Promise<PersonMatch[]> {
    return this.persons.matches(user, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A person: details, parents and carers, professionals, and every request and plan' })
  get(@CurrentUser() user: SessionUser, @Param('id', uuid) id: string): Promise<PersonDetail> {
    return this.persons.detail(user, id);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Correct a person’s details with a reason (each case’s copy of the child follows; the change is kept with its reason)',
  })
  update(
    @CurrentUser() user: SessionUser,
    @Param('id', uuid) id: string,
    @Body() dto: PersonChangeDto,
  ): Promise<PersonDetail> {
    return this.persons.update(user, id, dto);
  }

  @Post(':id/contacts')
  @ApiOperation({ summary: 'Add a parent, carer or professional' })
  addContact(
    @CurrentUser() user: SessionUser,
    @Param('id', uuid) id: string,
    @Body() dto: ContactDto,
  ): Promise<PersonContact> {
    return this.persons.addContact(user, id, dto);
  }

  @Post(':id/merge')
  @HttpCode(200)
  @Roles('team-manager')
  @ApiOperation({ summary: 'Merge a duplicate record of the same child into this one (team manager; audited)' })
  merge(@CurrentUser() user: SessionUser, @Param('id', uuid) id: string, @Body() dto: MergeDto): Promise<PersonDetail> {
    return this.persons.merge(user, id, dto.duplicateId);
  }
}

/** The case page's "child and family" panel. */
@ApiTags('cases')
@Controller('cases')
@Roles('caseworker', 'team-manager')
export class CasePersonController {
  constructor(private readonly persons: PersonsService) {}

  @Get(':id/person')
  @ApiOperation({ summary: 'The child or young person of a case, with who to contact and how' })
  forCase(@CurrentUser() user: SessionUser, @Param('id', uuid) id: string): Promise<PersonDetail> {
    return this.persons.forCase(user, id);
  }
}
