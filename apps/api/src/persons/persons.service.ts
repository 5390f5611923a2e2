import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inTransaction } from '@ehc/persistence';
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
import { PERSON_COLUMNS, SYNC_CASE_CHILD, VISIBLE_TO_TEAM } from './person-sql.js';

type Runner = Pick<DataSource, 'query'>;
/** A close name: trigram similarity of "given family" at least this (pg_trgm's own default for %). */
const NAME_SIMILARITY = 0.3;
const SEARCH_LIMIT = 25;

const upper = (s?: string | null) => (s ? s.trim().toUpperCase() : null);
const text = (s?: string | null) => (s && s.trim() ? s.trim() : null);

/** A person's own details, by their API names (PersonFields), with the column each is kept in and how it is tidied. */
const DETAIL_COLUMNS = {
  givenName: ['given_name', text],
  familyName: ['family_name', text],
  dateOfBirth: ['date_of_birth', text],
  upn: ['upn', upper],
  uln: ['uln', text],
  address: ['address', text],
  postcode: ['postcode', upper],
  schoolUrn: ['school_urn', text],
  schoolName: ['school_name', text],
  homeLanguage: ['home_language', text],
  interpreterNeeded: ['interpreter_needed', (v: boolean | null | undefined) => v ?? false],
  sex: ['sex', text],
  ethnicity: ['ethnicity', text],
} as const satisfies Record<keyof PersonFields, readonly [string, (v: any) => unknown]>;
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
  async visible(user: SessionUser, personId: string, db: Runner = this.ds, lock = false): Promise<Record<string, any>> {
    // A merged record is seen by whoever sees the record it was merged into (to be told where it went).
    const rows = await db.query(
      `SELECT ${PERSON_COLUMNS('p')} FROM person p LEFT JOIN person k ON k.id = p.merged_into
      WHERE p.id = $1 AND (${VISIBLE_TO_TEAM('p', '$2')} OR (k.id IS NOT NULL AND ${VISIBLE_TO_TEAM('k', '$2')}))${lock ? ' FOR UPDATE OF p' : ''}`,
      [personId, this.team(user)],
    );
    if (!rows[0]) throw notFound('The person');
    if (rows[0].mergedInto)
      throw new DomainError(404, 'PERSON_MERGED', `This record was merged into person ${rows[0].mergedInto}`);
    return rows[0];
  }

  async create(user: SessionUser, dto: PersonDto): Promise<PersonDetail> {
    const team = this.team(user);
    const id = await inTransaction(this.ds, async (tx) => {
      const [row] = await tx.query(
        `INSERT INTO person (given_name, family_name, date_of_birth, upn, uln, address, postcode, school_urn, school_name, home_language, interpreter_needed, created_by_team, sex, ethnicity)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
        [
          dto.givenName.trim(),
          dto.familyName.trim(),
          dto.dateOfBirth,
          upper(dto.upn),
          text(dto.uln),
          text(dto.address),
          upper(dto.postcode),
          text(dto.schoolUrn),
          text(dto.schoolName),
          text(dto.homeLanguage),
          dto.interpreterNeeded ?? false,
          team,
          text(dto.sex),
          text(dto.ethnicity),
        ],
      );
      await this.audit.record({ user, action: 'person.create', detail: { personId: row.id }, tx });
      return row.id as string;
    });
    return this.detail(user, id, false);
  }

  /** Changes the child's details from their record: every field as given (empty clears it), with the reason. */
  async update(user: SessionUser, personId: string, dto: PersonChangeDto): Promise<PersonDetail> {
    const { reason, ...fields } = dto;
    await inTransaction(this.ds, async (tx) => {
      await this.visible(user, personId, tx, true);
      const all = Object.fromEntries(
        (Object.keys(DETAIL_COLUMNS) as (keyof PersonFields)[]).map((k) => [k, fields[k] ?? null]),
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
    tx: Runner,
    user: SessionUser,
    personId: string,
    patch: PersonDetailPatch,
    reason: string,
    caseId: string | null,
  ): Promise<{ fields: string[]; changeId: string } | null> {
    const [before] = await tx.query(`SELECT ${PERSON_COLUMNS('p')} FROM person p WHERE p.id = $1 FOR UPDATE`, [
      personId,
    ]);
    if (!before) throw notFound('The person');
    const changed = (Object.keys(patch) as (keyof PersonFields)[])
      .filter((k) => k in DETAIL_COLUMNS)
      .map((k) => [k, (DETAIL_COLUMNS[k][1] as (v: unknown) => unknown)(patch[k])] as const)
      .filter(([k, v]) => (before[k] ?? null) !== v);
    if (!changed.length) return null;
    await tx.query(
      `UPDATE person SET ${changed.map(([k], i) => `${DETAIL_COLUMNS[k][0]} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`,
      [personId, ...changed.map(([, v]) => v)],
    );
    await tx.query(SYNC_CASE_CHILD, [personId]);
    const names = changed.map(([k]) => CHANGE_NAME[k] ?? k);
    const [row] = await tx.query(
      `INSERT INTO child_detail_change (case_id, person_id, changed_at, user_id, fields, previous, reason) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        caseId,
        personId,
        this.clock.now(),
        user.id,
        names,
        JSON.stringify(Object.fromEntries(changed.map(([k], i) => [names[i], before[k] ?? null]))),
        reason.trim(),
      ],
    );
    return { fields: names, changeId: row.id as string };
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
    const rows = await this.ds.query(
      `SELECT id, kind, name, relationship, parental_responsibility AS "parentalResponsibility", organisation, phone, email, address,
              preferred_contact AS "preferredContact", created_at AS "createdAt"
         FROM person_contact WHERE person_id = $1 ORDER BY kind DESC, created_at`,
      [personId],
    );
    return rows.map(
      (r: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)) as unknown as PersonContact,
    );
  }

  private async cases(user: SessionUser, personId: string): Promise<PersonCase[]> {
    const rows = await this.ds.query(
      `SELECT c.id, c.reference, c.team_id AS "teamId", s.stage, s.closed, s.received_on::text AS "receivedOn", s.final_issued_on::text AS "finalIssuedOn"
         FROM ehc_case c JOIN case_summary s ON s.case_id = c.id WHERE c.person_id = $1 ORDER BY s.received_on, c.reference`,
      [personId],
    );
    return rows.map((r: any) => ({
      ...r,
      stageLabel: STAGE_LABELS[r.stage] ?? r.stage,
      ownTeam: r.teamId === user.teamId,
    }));
  }

  /** The child and family of a case (the case page's panel): the person with contacts, if the case is the team's. */
  async forCase(user: SessionUser, caseId: string): Promise<PersonDetail> {
    const rows = await this.ds.query(`SELECT person_id FROM ehc_case WHERE id = $1 AND team_id = $2`, [
      caseId,
      this.team(user),
    ]);
    if (!rows[0]) throw notFound('The case');
    return this.detail(user, rows[0].person_id, true, caseId);
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
      const [row] = await tx.query(
        `INSERT INTO person_contact (person_id, kind, name, relationship, parental_responsibility, organisation, phone, email, address, preferred_contact, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [
          personId,
          dto.kind,
          dto.name.trim(),
          dto.relationship,
          dto.kind === 'parent-carer' ? (dto.parentalResponsibility ?? null) : null,
          text(dto.organisation),
          text(dto.phone),
          text(dto.email),
          text(dto.address),
          dto.preferredContact ?? null,
          user.username,
        ],
      );
      await this.audit.record({
        user,
        action: 'person.contact-add',
        detail: { personId, contactId: row.id, kind: dto.kind },
        tx,
      });
      return row.id as string;
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
    const params: unknown[] = [this.team(user)];
    const where: string[] = [];
    let sim = '0::real';
    if (dto.name) {
      params.push(dto.name.trim().toLowerCase());
      where.push(`p.name_key % $${params.length}`);
      sim = `similarity(p.name_key, $${params.length})`;
    }
    if (dto.dateOfBirth) {
      params.push(dto.dateOfBirth);
      where.push(`p.date_of_birth = $${params.length}`);
    }
    if (dto.upn) {
      params.push(upper(dto.upn));
      where.push(`p.upn = $${params.length}`);
    }
    if (dto.postcode) {
      params.push(upper(dto.postcode)!.replace(/\s+/g, ''));
      where.push(`p.postcode_key = $${params.length}`);
    }
    const rows = await this.matchRows(where.join(' AND '), sim, params, `'search'`);
    await this.audit.record({ user, action: 'person.search', detail: { criteria, results: rows.length } });
    return rows;
  }

  /** A new request: the same child already known? Exact UPN, or a close name with the same date of birth. */
  async matches(user: SessionUser, dto: PersonMatchDto): Promise<PersonMatch[]> {
    const params: unknown[] = [
      this.team(user),
      `${dto.givenName} ${dto.familyName}`.trim().toLowerCase(),
      dto.dateOfBirth,
      upper(dto.upn),
    ];
    const rows = await this.matchRows(
      `((p.upn = $4) OR (p.date_of_birth = $3 AND p.name_key % $2))`,
      'similarity(p.name_key, $2)',
      params,
      `CASE WHEN p.upn = $4 THEN 'upn' ELSE 'name-and-date-of-birth' END`,
    );
    await this.audit.record({ user, action: 'person.match', detail: { results: rows.length } });
    return rows;
  }

  private async matchRows(where: string, sim: string, params: unknown[], reason: string): Promise<PersonMatch[]> {
    // The threshold of % for this transaction only (pg_trgm.similarity_threshold), so it never leaks to other queries.
    return inTransaction(this.ds, async (tx) => {
      await tx.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [String(NAME_SIMILARITY)]);
      const rows = await tx.query(
        `SELECT p.id, p.given_name AS "givenName", p.family_name AS "familyName", p.date_of_birth::text AS "dateOfBirth", p.upn, p.postcode,
                ${reason} AS reason, round(${sim}::numeric, 2)::float AS similarity,
                (SELECT count(*) FROM ehc_case c WHERE c.person_id = p.id)::int AS "caseCount"
           FROM person p
          WHERE p.merged_into IS NULL AND ${VISIBLE_TO_TEAM('p', '$1')} AND ${where}
          ORDER BY similarity DESC, p.family_name, p.given_name, p.id LIMIT ${SEARCH_LIMIT}`,
        params,
      );
      return rows as PersonMatch[];
    });
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
      await tx.query(
        `UPDATE person k SET upn = COALESCE(k.upn, d.upn), uln = COALESCE(k.uln, d.uln), address = COALESCE(k.address, d.address),
            postcode = COALESCE(k.postcode, d.postcode), school_urn = COALESCE(k.school_urn, d.school_urn), school_name = COALESCE(k.school_name, d.school_name),
            home_language = COALESCE(k.home_language, d.home_language), interpreter_needed = k.interpreter_needed OR d.interpreter_needed,
            sex = COALESCE(k.sex, d.sex), ethnicity = COALESCE(k.ethnicity, d.ethnicity), updated_at = now()
           FROM person d WHERE k.id = $1 AND d.id = $2`,
        [keepId, duplicateId],
      );
      const [moved] = await tx.query(
        `WITH m AS (UPDATE ehc_case SET person_id = $1 WHERE person_id = $2 RETURNING id) SELECT count(*)::int AS n FROM m`,
        [keepId, duplicateId],
      );
      await tx.query(`UPDATE person_contact SET person_id = $1 WHERE person_id = $2`, [keepId, duplicateId]);
      await tx.query(`UPDATE person SET merged_into = $1, updated_at = now() WHERE id = $2`, [keepId, duplicateId]);
      await tx.query(SYNC_CASE_CHILD, [keepId]);
      await this.audit.record({
        user,
        action: 'person.merge',
        detail: { personId: keepId, mergedPersonId: duplicateId, casesMoved: moved.n },
        tx,
      });
    });
    return this.detail(user, keepId, false);
  }
}
