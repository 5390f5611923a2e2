import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CaseDetail, CaseListItem, Page, TimelineEntry } from '@ehc/contracts';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { Caller, CallerSession, SessionCheckedByStatement } from '../auth/caller-session.js';
import { Audited, PendingAuditRecord, type PendingAudit } from '../audit/audited.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { CasesService } from './cases.service.js';
import { IDEMPOTENCY_KEY } from './case-create-retry.js';
import { DomainError } from '../common/domain-error.js';
import { AppendEventDto, CreateCaseDto, CreateTransferredInCaseDto } from './dto/commands.dto.js';
import { CaseListQueryDto, CaseSearchDto } from './dto/case-list.query.js';

const uuid = new ParseUUIDPipe({
  version: '4',
  exceptionFactory: () => new DomainError(400, 'INVALID_REQUEST', 'The case id in the URL must be a UUID'),
});

/** The header both ways of opening a case take (case-create-retry.ts): POST /cases and POST /cases/transfers-in. */
const IdempotencyKeyHeader = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Makes a retry without an eventId safe: the same key answers with the case it opened',
});

/** The Idempotency-Key header as sent, or a 400 naming it when it is not one (nothing is opened). */
function idempotencyKey(key: string | undefined): string | undefined {
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new DomainError(
      400,
      'INVALID_REQUEST',
      'Idempotency-Key must be 8 to 200 printable characters (no spaces), e.g. a UUID',
      { errors: [{ field: 'Idempotency-Key', message: 'not a valid key' }] },
    );
  }
  return key;
}

@ApiTags('cases')
@Controller('cases')
@Roles('caseworker', 'team-manager')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  @ApiOperation({ summary: 'Open cases of my team, sorted by the next statutory deadline; cursor-paged' })
  @Audited('case.list', { inHandler: true }) // written by the page's own statement
  list(
    @CurrentUser() user: SessionUser,
    @Query() q: CaseListQueryDto,
    @PendingAuditRecord() audit?: PendingAudit,
  ): Promise<Page<CaseListItem>> {
    return this.cases.list(user, q, audit);
  }

  // POST, not GET: the child's name, date of birth and UPN go in the body, so they never land in a URL (browser
  // history, proxy and access logs). Reading only; the audit row records the filters used, never their values.
  @Post('search')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Search my team’s cases by the child’s name, date of birth, UPN or case reference (in the body), with the list’s filters',
  })
  @Audited('case.search', { inHandler: true }) // written by the search's own statement
  search(
    @CurrentUser() user: SessionUser,
    @Body() q: CaseSearchDto,
    @PendingAuditRecord() audit?: PendingAudit,
  ): Promise<Page<CaseListItem>> {
    return this.cases.list(user, q, audit);
  }

  @Post()
  @ApiOperation({ summary: 'Open a case from a request for an EHC needs assessment (RequestReceived)' })
  @IdempotencyKeyHeader
  @Audited('case.create', { inHandler: true }) // the audit row commits with the new case
  create(
    @CurrentUser() user: SessionUser,
    @Body() dto: CreateCaseDto,
    @Headers('idempotency-key') key?: string,
    @PendingAuditRecord() audit?: PendingAudit,
  ): Promise<CaseDetail> {
    return this.cases.create(user, dto, audit, idempotencyKey(key));
  }

  @Post('transfers-in')
  @ApiOperation({
    summary:
      'Open a case for an EHC plan transferred in from another council (reg 15: TransferredPlanReceived; no request, never a new plan)',
  })
  @IdempotencyKeyHeader
  @Audited('case.create', { inHandler: true }) // the audit row commits with the new case
  createTransferredIn(
    @CurrentUser() user: SessionUser,
    @Body() dto: CreateTransferredInCaseDto,
    @Headers('idempotency-key') key?: string,
    @PendingAuditRecord() audit?: PendingAudit,
  ): Promise<CaseDetail> {
    return this.cases.createTransferredIn(user, dto, audit, idempotencyKey(key));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A case: stage, statutory deadlines, the events allowed now and the fields each needs' })
  @Audited('case.read', { inHandler: true }) // written by the read's own statement, only if the case is visible
  get(
    @CurrentUser() user: SessionUser,
    @Param('id', uuid) id: string,
    @PendingAuditRecord() audit?: PendingAudit,
  ): Promise<CaseDetail> {
    return this.cases.detail(user, id, audit);
  }

  @Post(':id/events')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Record one event at the expected version; 409 if not allowed now or stale, 422 if a date breaks the law’s order',
  })
  @Audited('case.write', { inHandler: true }) // the audit row commits with the event, in one statement
  @SessionCheckedByStatement() // and the session check too: one statement in all
  append(
    @Caller() caller: CallerSession,
    @Param('id', uuid) id: string,
    @Body() dto: AppendEventDto,
    @PendingAuditRecord() audit?: PendingAudit,
  ): Promise<CaseDetail> {
    return this.cases.append(caller, id, dto, audit);
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'The case timeline, newest first' })
  @Audited('case.read-timeline', { inHandler: true }) // written by the timeline's own statement, only if the case is visible
  events(
    @CurrentUser() user: SessionUser,
    @Param('id', uuid) id: string,
    @PendingAuditRecord() audit?: PendingAudit,
  ): Promise<TimelineEntry[]> {
    return this.cases.timeline(user, id, audit);
  }
}
