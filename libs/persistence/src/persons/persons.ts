import type { PersonCase, PersonContact, PersonMatch } from '@ehc/contracts';
import { rowsOf, type Sql } from '../sql.js';

// The person record of a child or young person (person), their contacts (person_contact) and the record of changes
// to their details (child_detail_change). Rows in the api's shape (the contract's names).

/**
 * Who may see a person: the team that made the record, or any team that holds a case for them. Nobody else (the
 * board never; another team's caseworker gets "not found"). `p` is the person's alias, `team` the team's parameter.
 */
export const VISIBLE_TO_TEAM = (p: string, team: string) =>
  `(${p}.created_by_team = ${team} OR EXISTS (SELECT 1 FROM ehc_case vc WHERE vc.person_id = ${p}.id AND vc.team_id = ${team}))`;

/** The columns of a person, named as the API names them. */
export const PERSON_COLUMNS = (p: string) => `${p}.id, ${p}.given_name AS "givenName", ${p}.family_name AS "familyName",
  ${p}.date_of_birth::text AS "dateOfBirth", ${p}.upn, ${p}.uln, ${p}.address, ${p}.postcode, ${p}.school_urn AS "schoolUrn",
  ${p}.school_name AS "schoolName", ${p}.home_language AS "homeLanguage", ${p}.interpreter_needed AS "interpreterNeeded",
  ${p}.sex, ${p}.ethnicity, ${p}.merged_into AS "mergedInto"`;

/** A person's own details as stored (PERSON_COLUMNS); a detail not recorded is null. */
export interface PersonRow {
  id: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  upn: string | null;
  uln: string | null;
  address: string | null;
  postcode: string | null;
  schoolUrn: string | null;
  schoolName: string | null;
  homeLanguage: string | null;
  interpreterNeeded: boolean;
  /** SEN2's sex code (docs/sen2.md). */
  sex: string | null;
  /** SEN2's ethnicity code (docs/sen2.md): special category data. */
  ethnicity: string | null;
  mergedInto: string | null;
}

/** The column each of a person's details (by its API name) is kept in. */
export const PERSON_DETAIL_COLUMN = {
  givenName: 'given_name',
  familyName: 'family_name',
  dateOfBirth: 'date_of_birth',
  upn: 'upn',
  uln: 'uln',
  address: 'address',
  postcode: 'postcode',
  schoolUrn: 'school_urn',
  schoolName: 'school_name',
  homeLanguage: 'home_language',
  interpreterNeeded: 'interpreter_needed',
  sex: 'sex',
  ethnicity: 'ethnicity',
} as const;
export type PersonDetailName = keyof typeof PERSON_DETAIL_COLUMN;

/**
 * Keeps each case's copy of the child (ehc_case.child: what the caseload and queue lists show) equal to the person
 * record. Runs in the same transaction as every change to a person's core details and every merge.
 */
const SYNC_CASE_CHILD = `
  UPDATE ehc_case c SET child = jsonb_strip_nulls(jsonb_build_object('givenName', p.given_name, 'familyName', p.family_name,
      'dateOfBirth', p.date_of_birth::text, 'upn', p.upn, 'postcode', p.postcode, 'school', p.school_name))
    FROM person p WHERE p.id = $1 AND c.person_id = p.id`;

/**
 * The person when `teamId` may see it (a merged record when the team sees the record it was merged into, so the
 * caller can say where it went); with `lock`, the row is locked for update.
 */
export async function personVisibleToTeam(
  sql: Sql,
  personId: string,
  teamId: string,
  lock = false,
): Promise<PersonRow | undefined> {
  const [row] = await sql.query(
    `SELECT ${PERSON_COLUMNS('p')} FROM person p LEFT JOIN person k ON k.id = p.merged_into
      WHERE p.id = $1 AND (${VISIBLE_TO_TEAM('p', '$2')} OR (k.id IS NOT NULL AND ${VISIBLE_TO_TEAM('k', '$2')}))${lock ? ' FOR UPDATE OF p' : ''}`,
    [personId, teamId],
  );
  return row;
}

/** The person, locked for update (the caller changes their details). */
export async function personForUpdate(sql: Sql, personId: string): Promise<PersonRow | undefined> {
  const [row] = await sql.query(`SELECT ${PERSON_COLUMNS('p')} FROM person p WHERE p.id = $1 FOR UPDATE`, [personId]);
  return row;
}

export type NewPerson = Omit<PersonRow, 'id' | 'mergedInto'> & { createdByTeam: string };

/** A new person record; answers its id. */
export async function insertPerson(sql: Sql, p: NewPerson): Promise<string> {
  const [row] = await sql.query(
    `INSERT INTO person (given_name, family_name, date_of_birth, upn, uln, address, postcode, school_urn, school_name, home_language, interpreter_needed, created_by_team, sex, ethnicity)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [
      p.givenName,
      p.familyName,
      p.dateOfBirth,
      p.upn,
      p.uln,
      p.address,
      p.postcode,
      p.schoolUrn,
      p.schoolName,
      p.homeLanguage,
      p.interpreterNeeded,
      p.createdByTeam,
      p.sex,
      p.ethnicity,
    ],
  );
  return row.id as string;
}

/** Writes the details given (tidied already) and makes every case's copy of the child follow. */
export async function updatePersonDetails(
  sql: Sql,
  personId: string,
  changed: readonly (readonly [PersonDetailName, unknown])[],
): Promise<void> {
  await sql.query(
    `UPDATE person SET ${changed.map(([k], i) => `${PERSON_DETAIL_COLUMN[k]} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`,
    [personId, ...changed.map(([, v]) => v)],
  );
  await sql.query(SYNC_CASE_CHILD, [personId]);
}

export interface NewDetailChange {
  caseId: string | null;
  personId: string;
  changedAt: Date;
  userId: string;
  /** The names of the details changed. */
  fields: string[];
  /** Their values before, by those names. */
  previous: Record<string, unknown>;
  reason: string;
}

/** Keeps a change of a person's details (who, when, why, the previous values); answers its id. */
export async function insertDetailChange(sql: Sql, c: NewDetailChange): Promise<string> {
  const [row] = await sql.query(
    `INSERT INTO child_detail_change (case_id, person_id, changed_at, user_id, fields, previous, reason) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [c.caseId, c.personId, c.changedAt, c.userId, c.fields, JSON.stringify(c.previous), c.reason],
  );
  return row.id as string;
}

/** A contact as stored: a detail not recorded is null. */
export type PersonContactRow = { [K in keyof PersonContact]-?: PersonContact[K] | null };

/** The person's contacts: parents and carers first, then professionals, each oldest first. */
export function personContacts(sql: Sql, personId: string): Promise<PersonContactRow[]> {
  return sql.query(
    `SELECT id, kind, name, relationship, parental_responsibility AS "parentalResponsibility", organisation, phone, email, address,
              preferred_contact AS "preferredContact", created_at AS "createdAt"
         FROM person_contact WHERE person_id = $1 ORDER BY kind DESC, created_at`,
    [personId],
  );
}

export interface NewContact {
  personId: string;
  kind: string;
  name: string;
  relationship: string;
  parentalResponsibility: boolean | null;
  organisation: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  preferredContact: string | null;
  createdBy: string;
}

/** A new contact of the person; answers its id. */
export async function insertContact(sql: Sql, c: NewContact): Promise<string> {
  const [row] = await sql.query(
    `INSERT INTO person_contact (person_id, kind, name, relationship, parental_responsibility, organisation, phone, email, address, preferred_contact, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [
      c.personId,
      c.kind,
      c.name,
      c.relationship,
      c.parentalResponsibility,
      c.organisation,
      c.phone,
      c.email,
      c.address,
      c.preferredContact,
      c.createdBy,
    ],
  );
  return row.id as string;
}

/** Every case about the person (any team's), oldest request first. */
export function casesOfPerson(sql: Sql, personId: string): Promise<Omit<PersonCase, 'stageLabel' | 'ownTeam'>[]> {
  return sql.query(
    `SELECT c.id, c.reference, c.team_id AS "teamId", s.stage, s.closed, s.received_on::text AS "receivedOn", s.final_issued_on::text AS "finalIssuedOn"
         FROM ehc_case c JOIN case_summary s ON s.case_id = c.id WHERE c.person_id = $1 ORDER BY s.received_on, c.reference`,
    [personId],
  );
}

/** The person a case of the team is about; with `lock`, the case row is locked for update. */
export async function personOfTeamCase(
  sql: Sql,
  caseId: string,
  teamId: string | null,
  lock = false,
): Promise<string | undefined> {
  const [row] = await sql.query(
    `SELECT person_id FROM ehc_case WHERE id = $1 AND team_id = $2${lock ? ' FOR UPDATE' : ''}`,
    [caseId, teamId],
  );
  return row?.person_id;
}

/** What a person search or match looks for; every criterion given must hold. */
export type PersonMatchQuery =
  | { by: 'search'; name?: string; dateOfBirth?: string; upn?: string | null; postcodeKey?: string } // undefined: not a criterion
  | { by: 'match'; name: string; dateOfBirth: string; upn: string | null };

/**
 * The people the team may see (never a merged record) that match, best name match first, at most `limit`: a search
 * by any of name (trigram similarity of "given family" at least `similarity`), date of birth, UPN and postcode; or a
 * new request's match (the same UPN, or a close name with the same date of birth). In its own transaction's threshold
 * (the caller runs it in a transaction: pg_trgm.similarity_threshold is set for that transaction only).
 */
export async function matchPersons(
  tx: Sql,
  teamId: string,
  q: PersonMatchQuery,
  similarity: number,
  limit: number,
): Promise<PersonMatch[]> {
  const params: unknown[] = [teamId];
  let where: string;
  let sim = '0::real';
  let reason: string;
  if (q.by === 'match') {
    params.push(q.name, q.dateOfBirth, q.upn);
    where = `((p.upn = $4) OR (p.date_of_birth = $3 AND p.name_key % $2))`;
    sim = 'similarity(p.name_key, $2)';
    reason = `CASE WHEN p.upn = $4 THEN 'upn' ELSE 'name-and-date-of-birth' END`;
  } else {
    const conds: string[] = [];
    if (q.name !== undefined) {
      params.push(q.name);
      conds.push(`p.name_key % $${params.length}`);
      sim = `similarity(p.name_key, $${params.length})`;
    }
    if (q.dateOfBirth !== undefined) {
      params.push(q.dateOfBirth);
      conds.push(`p.date_of_birth = $${params.length}`);
    }
    if (q.upn !== undefined) {
      params.push(q.upn);
      conds.push(`p.upn = $${params.length}`);
    }
    if (q.postcodeKey !== undefined) {
      params.push(q.postcodeKey);
      conds.push(`p.postcode_key = $${params.length}`);
    }
    where = conds.join(' AND ');
    reason = `'search'`;
  }
  // The threshold of % for this transaction only (pg_trgm.similarity_threshold), so it never leaks to other queries.
  await tx.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [String(similarity)]);
  return tx.query(
    `SELECT p.id, p.given_name AS "givenName", p.family_name AS "familyName", p.date_of_birth::text AS "dateOfBirth", p.upn, p.postcode,
                ${reason} AS reason, round(${sim}::numeric, 2)::float AS similarity,
                (SELECT count(*) FROM ehc_case c WHERE c.person_id = p.id)::int AS "caseCount"
           FROM person p
          WHERE p.merged_into IS NULL AND ${VISIBLE_TO_TEAM('p', '$1')} AND ${where}
          ORDER BY similarity DESC, p.family_name, p.given_name, p.id LIMIT ${Number(limit)}`,
    params,
  );
}

/**
 * Merges the duplicate record into the kept one: the kept record takes any detail it lacked, the duplicate's cases
 * and contacts move to it, the duplicate is marked merged (kept, never deleted) and every case's copy of the child
 * follows. Answers how many cases moved. The caller has locked both records.
 */
export async function mergePersons(sql: Sql, keepId: string, duplicateId: string): Promise<number> {
  await sql.query(
    `UPDATE person k SET upn = COALESCE(k.upn, d.upn), uln = COALESCE(k.uln, d.uln), address = COALESCE(k.address, d.address),
            postcode = COALESCE(k.postcode, d.postcode), school_urn = COALESCE(k.school_urn, d.school_urn), school_name = COALESCE(k.school_name, d.school_name),
            home_language = COALESCE(k.home_language, d.home_language), interpreter_needed = k.interpreter_needed OR d.interpreter_needed,
            sex = COALESCE(k.sex, d.sex), ethnicity = COALESCE(k.ethnicity, d.ethnicity), updated_at = now()
           FROM person d WHERE k.id = $1 AND d.id = $2`,
    [keepId, duplicateId],
  );
  const [moved] = rowsOf<{ n: number }>(
    await sql.query(
      `WITH m AS (UPDATE ehc_case SET person_id = $1 WHERE person_id = $2 RETURNING id) SELECT count(*)::int AS n FROM m`,
      [keepId, duplicateId],
    ),
  );
  await sql.query(`UPDATE person_contact SET person_id = $1 WHERE person_id = $2`, [keepId, duplicateId]);
  await sql.query(`UPDATE person SET merged_into = $1, updated_at = now() WHERE id = $2`, [keepId, duplicateId]);
  await sql.query(SYNC_CASE_CHILD, [keepId]);
  return moved!.n;
}

/**
 * Whether the team may link a new case to the person (visible, not merged away); the row is locked (FOR SHARE) so it
 * cannot be merged away before the case commits.
 */
export async function personLinkable(tx: Sql, personId: string, teamId: string): Promise<boolean> {
  const rows: unknown[] = await tx.query(
    `SELECT 1 FROM person p WHERE p.id = $1 AND p.merged_into IS NULL AND ${VISIBLE_TO_TEAM('p', '$2')} FOR SHARE OF p`,
    [personId, teamId],
  );
  return rows.length > 0;
}

/** A case's copy of the child (ehc_case.child) from a person record the team can see; undefined when there is none. */
export async function personAsCaseChild(
  sql: Sql,
  personId: string,
  teamId: string,
): Promise<Record<string, unknown> | undefined> {
  const [row] = await sql.query(
    `SELECT jsonb_strip_nulls(jsonb_build_object('givenName', p.given_name, 'familyName', p.family_name, 'dateOfBirth', p.date_of_birth::text,
              'upn', p.upn, 'postcode', p.postcode, 'school', p.school_name)) AS child
         FROM person p WHERE p.id = $1 AND p.merged_into IS NULL AND ${VISIBLE_TO_TEAM('p', '$2')}`,
    [personId, teamId],
  );
  return row?.child;
}
