import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { badRequest } from '../common/domain-error.js';
import { Audited } from '../audit/audited.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { ExceptionProposalsService, type ExceptionProposal } from './exception-proposals.service.js';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => badRequest('The case id in the URL must be a UUID') });

@ApiTags('cases')
@Controller('cases')
@Roles('caseworker', 'team-manager')
export class ExceptionProposalsController {
  constructor(private readonly proposals: ExceptionProposalsService) {}

  @Get(':id/exception-proposals')
  @Audited('case.read-exception-proposals', { caseId: 'param' })
  @ApiOperation({
    summary: 'School-closure exceptions (regs 5(4)(a), 10(4)(a), 13(3)) the case qualifies for, ready to record',
  })
  list(@CurrentUser() user: SessionUser, @Param('id', uuid) id: string): Promise<ExceptionProposal[]> {
    return this.proposals.forCase(user, id);
  }
}
