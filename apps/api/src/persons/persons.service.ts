import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  casesOfPerson,
  inTransaction,
  insertContact,
  insertDetailChange,
  insertPerson,
  matchPersons,
  mergePersons,
  personContacts,
  personForUpdate,
  personOfTeamCase,
  personVisibleToTeam,
  updatePersonDetails,
  type PersonMatchQuery,
  type PersonRow,
  type Sql,
} from '@ehc/persistence';
import {
  PARENT_RELATIONSHIPS,
  PROFESSIONAL_ROLES,
  STAGE_LABELS,
  type PersonCase,
  type PersonContact,
  type PersonDetail,
  type PersonFields,
  type PersonMatch,
} from '@ehc/contracts';
import { AuditService } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/session-user.js';
import { badRequest, DomainError, notFound } from '../common/domain-error.js';
import { Clock } from '@ehc/platform';
import type { ContactDto, PersonChangeDto, PersonDto, PersonMatchDto, PersonSearchDto } from './dto/person.dto.js';
/** A close name: trigram similarity of "given family" at least this (pg_trgm's own default for %). */
const NAME_SIMILARITY = 0.3;
const SEARCH_LIMIT = 25;

const upper = (s?: string | null) => (s ? s.trim().toUpperCase() : null);
const text = (s?: string | null) => (s && s.trim() ? s.trim() : null);

/** A person's own details, by their API names (PersonFields), and how each is tidied before it is kept. */
const TIDY = {
  givenName: text,
  familyName: text,
  dateOfBirth: text,
  upn: upper,
  uln: text,
  address: text,
  postcode: upper,
  schoolUrn: text,
  schoolName: text,
  homeLanguage: text,
  interpreterNeeded: (v: boolean | null | undefined) => v ?? false,
  sex: text,
  ethnicity: text,
} as const satisfies Record<keyof PersonFields, (v: any) => unknown>;
export type PersonDetailPatch = { [K in keyof PersonFields]?: PersonFields[K] | null };
/**
 * Names in the change record (child_detail_change.fields and previous): a case's name for the child's details
 * (`school` for the school's name, as POST /cases/:id/child-corrections names it), the person record's for the rest.
 */
const CHANGE_NAME: Partial<Record<keyof PersonFields, string>> = { schoolName: 'school' };

/** The person record of a child or young person: details, family and professionals, and every case about them. */
@Injectable()
export class PersonsService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  private team(user: SessionUser): string {
    if (!user.teamId)
      throw new DomainError(403, 'FORBIDDEN', 'Only members of a casework team can see a child’s record');
    return user.teamId;
  }

  /** The person if the user's team may see it; "not found" otherwise (no existence leak). */
  async visible(user: SessionUser, personId: string, db: Sql = this.ds, lock = false): Promise<PersonRow> {
    // A merged record is seen by whoever sees the record it was merged into (to be told where it went).
    const row = await personVisibleToTeam(db, personId, this.team(user), lock);
    if (!row) throw notFound('The person');
    if (row.mergedInto)
      throw new DomainError(404, 'PERSON_MERGED', `This record was merged into person ${row.mergedInto}`);
    return row;
  }

  async create(user: SessionUser, dto: PersonDto): Promise<PersonDetail> {
    const team = this.team(user);
    const id = await inTransaction(this.ds, async (tx) => {
      const personId = await insertPerson(tx, {
        givenName: dto.givenName.trim(),
        familyName: dto.familyName.trim(),
        dateOfBirth: dto.dateOfBirth,
        upn: upper(dto.upn),
        uln: text(dto.uln),
        address: text(dto.address),
        postcode: upper(dto.postcode),
        schoolUrn: text(dto.schoolUrn),
        schoolName: text(dto.schoolName),
        homeLanguage: text(dto.homeLanguage),
        interpreterNeeded: dto.interpreterNeeded ?? false,
        sex: text(dto.sex),
        ethnicity: text(dto.ethnicity),
        createdByTeam: team,
      });
      await this.audit.record({ user, action: 'person.create', detail: { personId }, tx });
      return personId;
    });
    return this.detail(user, id, false);
  }

  /** Changes the child's details from their record: every field as given (empty clears it), with the reason. */
  async update(user: SessionUser, personId: string, dto: PersonChangeDto): Promise<PersonDetail> {
    const { reason, ...fields } = dto;
    await inTransaction(this.ds, async (tx) => {
      await this.visible(user, personId, tx, true);
      const all = Object.fromEntries(
        (Object.keys(TIDY) as (keyof PersonFields)[]).map((k) => [k, fields[k] ?? null]),
      ) as PersonDetailPatch;
      const change = await this.changeDetails(tx, user, personId, all, reason, null);
      if (!change)
        throw badRequest('Nothing would change: the details given are the ones already recorded', [
          { field: 'givenName', message: 'change at least one detail' },
        ]);
      await this.audit.record({
        user,
        action: 'person.update',
        detail: { personId, fields: change.fields, changeId: change.changeId },
        tx,
      });
    });
    return this.detail(user, personId, false);
  }

  /**
   * The one write path for a person's own details, inside the caller's transaction: the fields given that differ
   * from the record are written, every case's copy of the child follows (SYNC_CASE_CHILD), and the change is kept
   * in child_detail_change with who, when, why and the previous values (on `caseId` when made on a case). The
   * caller has checked that the user may change this person, and audits. Null when nothing would change.
   */
  async changeDetails(
    tx: Sql,
    user: SessionUser,
    personId: string,
    patch: PersonDetailPatch,
    reason: string,
    caseId: string | null,
  ): Promise<{ fields: string[]; changeId: string } | null> {
    const before = await personForUpdate(tx, personId);
    if (!before) throw notFound('The person');
    const changed = (Object.keys(patch) as (keyof PersonFields)[])
      .filter((k) => k in TIDY)
      .map((k) => [k, (TIDY[k] as (v: unknown) => unknown)(patch[k])] as const)
      .filter(([k, v]) => (before[k] ?? null) !== v);
    if (!changed.length) return null;
    await updatePersonDetails(tx, personId, changed);
    const names = changed.map(([k]) => CHANGE_NAME[k] ?? k);
    const changeId = await insertDetailChange(tx, {
      caseId,
      personId,
      changedAt: this.clock.now(),
      userId: user.id,
      fields: names,
      previous: Object.fromEntries(changed.map(([k], i) => [names[i], before[k] ?? null])),
      reason: reason.trim(),
    });
    return { fields: names, changeId };
  }

  /** The person page: details, contacts, every request and plan (another team's only by reference and dates). */
  async detail(user: SessionUser, personId: string, audit = true, caseId?: string): Promise<PersonDetail> {
    const p = await this.visible(user, personId);
    const [contacts, cases] = await Promise.all([this.contacts(personId), this.cases(user, personId)]);
    if (audit) await this.audit.record({ user, action: 'person.read', caseId, detail: { personId } });
    const { mergedInto: _m, ...fields } = p;
    return { ...(fields as PersonDetail), contacts, cases };
  }

  private async contacts(personId: string): Promise<PersonContact[]> {
    const rows = await personContacts(this.ds, personId);
    return rows.map(
      (r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)) as unknown as PersonContact,
    );
  }

  private async cases(user: SessionUser, personId: string): Promise<PersonCase[]> {
    const rows = await casesOfPerson(this.ds, personId);
    return rows.map((r) => ({
      ...r,
      stageLabel: STAGE_LABELS[r.stage as keyof typeof STAGE_LABELS] ?? r.stage,
      ownTeam: r.teamId === user.teamId,
    }));
  }

  /** The child and family of a case (the case page's panel): the person with contacts, if the case is the team's. */
  async forCase(user: SessionUser, caseId: string): Promise<PersonDetail> {
    const personId = await personOfTeamCase(this.ds, caseId, this.team(user));
    if (!personId) throw notFound('The case');
    return this.detail(user, personId, true, caseId);
  }

  async addContact(user: SessionUser, personId: string, dto: ContactDto): Promise<PersonContact> {
    const allowed: readonly string[] = dto.kind === 'parent-carer' ? PARENT_RELATIONSHIPS : PROFESSIONAL_ROLES;
    if (!allowed.includes(dto.relationship)) {
      throw badRequest('The contact is not valid', [
        {
          field: 'relationship',
          message: `relationship of a ${dto.kind === 'parent-carer' ? 'parent or carer' : 'professional'} must be one of: ${allowed.join(', ')}`,
        },
      ]);
    }
    if (dto.kind === 'professional' && dto.parentalResponsibility !== undefined) {
      throw badRequest('The contact is not valid', [
        { field: 'parentalResponsibility', message: 'parentalResponsibility is recorded for parents and carers only' },
      ]);
    }
    const id = await inTransaction(this.ds, async (tx) => {
      await this.visible(user, personId, tx, true);
      const contactId = await insertContact(tx, {
        personId,
        kind: dto.kind,
        name: dto.name.trim(),
        relationship: dto.relationship,
        parentalResponsibility: dto.kind === 'parent-carer' ? (dto.parentalResponsibility ?? null) : null,
        organisation: text(dto.organisation),
        phone: text(dto.phone),
        email: text(dto.email),
        address: text(dto.address),
        preferredContact: dto.preferredContact ?? null,
        createdBy: user.username,
      });
      await this.audit.record({
        user,
        action: 'person.contact-add',
        detail: { personId, contactId, kind: dto.kind },
        tx,
      });
      return contactId;
    });
    return (await this.contacts(personId)).find((c) => c.id === id)!;
  }

  /**
   * Search by name (close spellings and any word order: trigram similarity of "given family"), date of birth, UPN
   * and postcode, among the people the user's team may see. Criteria combine with AND; best name match first.
   */
  async search(user: SessionUser, dto: PersonSearchDto): Promise<PersonMatch[]> {
    const criteria = (['name', 'dateOfBirth', 'upn', 'postcode'] as const).filter(
      (k) => dto[k] !== undefined && dto[k] !== '',
    );
    if (!criteria.length)
      throw badRequest('Give at least one of name, dateOfBirth, upn, postcode', [
        { field: 'name', message: 'give at least one of name, dateOfBirth, upn, postcode' },
      ]);
    const rows = await this.matchRows(user, {
      by: 'search',
      name: dto.name ? dto.name.trim().toLowerCase() : undefined,
      dateOfBirth: dto.dateOfBirth || undefined,
      upn: dto.upn ? upper(dto.upn) : undefined,
      postcodeKey: dto.postcode ? upper(dto.postcode)!.replace(/\s+/g, '') : undefined,
    });
    await this.audit.record({ user, action: 'person.search', detail: { criteria, results: rows.length } });
    return rows;
  }

  /** A new request: the same child already known? Exact UPN, or a close name with the same date of birth. */
  async matches(user: SessionUser, dto: PersonMatchDto): Promise<PersonMatch[]> {
    const rows = await this.matchRows(user, {
      by: 'match',
      name: `${dto.givenName} ${dto.familyName}`.trim().toLowerCase(),
      dateOfBirth: dto.dateOfBirth,
      upn: upper(dto.upn),
    });
    await this.audit.record({ user, action: 'person.match', detail: { results: rows.length } });
    return rows;
  }

  private matchRows(user: SessionUser, q: PersonMatchQuery): Promise<PersonMatch[]> {
    const team = this.team(user);
    return inTransaction(this.ds, (tx) => matchPersons(tx, team, q, NAME_SIMILARITY, SEARCH_LIMIT));
  }

  /**
   * Two records that turn out to be one child: the duplicate's cases and contacts move to the kept record, the kept
   * record takes any detail it lacked from the duplicate, and the duplicate is marked merged (kept, never deleted,
   * so the audit can still name it). Both must be visible to the user's team.
   */
  async merge(user: SessionUser, keepId: string, duplicateId: string): Promise<PersonDetail> {
    if (keepId === duplicateId)
      throw badRequest('A record cannot be merged into itself', [
        { field: 'duplicateId', message: 'duplicateId must be another person record' },
      ]);
    await inTransaction(this.ds, async (tx) => {
      // Lock in id order so two merges of the same pair cannot deadlock.
      for (const id of [keepId, duplicateId].sort()) await this.visible(user, id, tx, true);
      const moved = await mergePersons(tx, keepId, duplicateId);
      await this.audit.record({
        user,
        action: 'person.merge',
        detail: { personId: keepId, mergedPersonId: duplicateId, casesMoved: moved },
        tx,
      });
    });
    return this.detail(user, keepId, false);
  }
}
