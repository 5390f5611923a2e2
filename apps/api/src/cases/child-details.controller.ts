import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { inTransaction, personOfTeamCase } from '@ehc/persistence';
import type { CaseDetail } from '@ehc/contracts';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { Audited, PendingAuditRecord, type PendingAudit } from '../audit/audited.decorator.js';
import { AuditService } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/session-user.js';
import { DomainError, badRequest, notFound } from '../common/domain-error.js';
import { CasesService } from './cases.service.js';
import { PersonsService, type PersonDetailPatch } from '../persons/persons.service.js';
import { ChildCorrectionDto } from './dto/child-correction.dto.js';

const uuid = new ParseUUIDPipe({
  version: '4',
  exceptionFactory: () => new DomainError(400, 'INVALID_REQUEST', 'The case id in the URL must be a UUID'),
});
const FIELDS = ['givenName', 'familyName', 'dateOfBirth', 'upn', 'postcode', 'school'] as const;
const REQUIRED = new Set(['givenName', 'familyName', 'dateOfBirth']);

/** The case's names for the child's details → the person record's (PersonFields). */
const PERSON_FIELD = {
  givenName: 'givenName',
  familyName: 'familyName',
  dateOfBirth: 'dateOfBirth',
  upn: 'upn',
  postcode: 'postcode',
  school: 'schoolName',
} as const;

/**
 * Corrections of the child's details (docs/corrections.md). They live outside the event log (no personal data in
 * events), on the child's person record (every case's copy follows): written through PersonsService.changeDetails,
 * the one write path for a person's details, which keeps the change with its reason and the previous values in
 * child_detail_change, in one transaction with the audit row (which names the fields, never the values).
 */
@ApiTags('cases')
@Controller('cases')
@Roles('caseworker', 'team-manager')
export class ChildDetailsController {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(PersonsService) private readonly persons: PersonsService,
  ) {}

  @Post(':id/child-corrections')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Correct the child’s details (names, date of birth, UPN, school, postcode) with a reason; each change is kept',
  })
  @Audited('case.child-corrected', { inHandler: true })
  async correct(
    @CurrentUser() user: SessionUser,
    @Param('id', uuid) id: string,
    @Body() dto: ChildCorrectionDto,
    @PendingAuditRecord() audit?: PendingAudit,
  ): Promise<CaseDetail> {
    const given = dto.child as Record<string, unknown>;
    const fields = FIELDS.filter((f) => given[f] !== undefined);
    if (!fields.length)
      throw badRequest('The request is not valid: child: give at least one detail to correct', [
        { field: 'child', message: `give at least one of ${FIELDS.join(', ')}` },
      ]);
    const cleared = fields.filter((f) => given[f] === null || given[f] === '');
    const wrong = cleared.filter((f) => REQUIRED.has(f));
    if (wrong.length)
      throw badRequest(
        `The request is not valid: ${wrong.map((f) => `child.${f}: cannot be removed, only corrected`).join('; ')}`,
        wrong.map((f) => ({ field: `child.${f}`, message: 'cannot be removed, only corrected' })),
      );
    await inTransaction(this.ds, async (tx) => {
      // Every case has its child's person record (ehc_case.person_id is NOT NULL: docs/casework.md#the-person-record).
      const personId = await personOfTeamCase(tx, id, user.teamId, true);
      if (!personId) throw notFound('The case');
      const patch: PersonDetailPatch = Object.fromEntries(
        fields.map((f) => [PERSON_FIELD[f], given[f] === '' ? null : given[f]]),
      );
      const change = await this.persons.changeDetails(tx, user, personId, patch, dto.reason, id);
      if (!change)
        throw badRequest('The request is not valid: child: the details given are the ones already recorded', [
          { field: 'child', message: 'nothing would change' },
        ]);
      if (audit) {
        await this.audit.record({
          ...audit.record,
          caseId: id,
          detail: { ...audit.record.detail, fields: change.fields, changeId: change.changeId },
          tx,
        });
        audit.written = true;
      }
    });
    return this.cases.detail(user, id);
  }
}
