import type { CaseNoteRow } from '../casework/notes.js';
import type { Sql } from '../sql.js';
import { PERSON_COLUMNS, type PersonRow } from './persons.js';

// The subject access export's reads (docs/subject-access.md): everything held about a person, each read in the
// export's own snapshot (subjectAccessSnapshot first, in the caller's transaction). Rows in the export's names;
// timestamps as Dates (the export writes them as ISO text).

/** Makes the caller's transaction one consistent, read-only snapshot (its first statement). */
export async function subjectAccessSnapshot(tx: Sql): Promise<void> {
  await tx.query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`);
}

export interface ExportPersonRow extends PersonRow {
  createdAt: Date;
  updatedAt: Date;
}

/** The person record with its team and dates. */
export async function exportPerson(
  tx: Sql,
  personId: string,
): Promise<(ExportPersonRow & { createdByTeam: string }) | undefined> {
  const [row] = await tx.query(
    `SELECT ${PERSON_COLUMNS('p')}, p.created_by_team AS "createdByTeam", p.created_at AS "createdAt", p.updated_at AS "updatedAt" FROM person p WHERE p.id = $1`,
    [personId],
  );
  return row;
}

/** The records merged into the person, oldest first. */
export function exportMergedRecords(tx: Sql, personId: string): Promise<ExportPersonRow[]> {
  return tx.query(
    `SELECT ${PERSON_COLUMNS('p')}, p.created_at AS "createdAt", p.updated_at AS "updatedAt" FROM person p WHERE p.merged_into = $1 ORDER BY p.created_at`,
    [personId],
  );
}

export interface ExportContactRow {
  id: string;
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
  createdAt: Date;
}

/** The person's contacts, with who recorded each. */
export function exportContacts(tx: Sql, personId: string): Promise<ExportContactRow[]> {
  return tx.query(
    `SELECT id, kind, name, relationship, parental_responsibility AS "parentalResponsibility", organisation, phone, email, address,
                preferred_contact AS "preferredContact", created_by AS "createdBy", created_at AS "createdAt"
           FROM person_contact WHERE person_id = $1 ORDER BY kind DESC, created_at`,
    [personId],
  );
}

export interface ExportCaseRow {
  id: string;
  reference: string;
  team_id: string;
  team_name: string;
  child: Record<string, unknown>;
  erased_on: string | null;
  created_at: Date;
  stage: string;
  closed: boolean;
  received_on: string;
  final_issued_on: string | null;
  caseworker: string | null;
}

/** Every case about the person (any team's), oldest request first. */
export function exportCases(tx: Sql, personId: string): Promise<ExportCaseRow[]> {
  return tx.query(
    `SELECT c.id, c.reference, c.team_id, t.name AS team_name, c.child, c.personal_data_erased_on::text AS erased_on, c.created_at, s.stage, s.closed, s.received_on::text AS received_on,
                s.final_issued_on::text AS final_issued_on, s.caseworker
           FROM ehc_case c JOIN team t ON t.id = c.team_id LEFT JOIN case_summary s ON s.case_id = c.id
          WHERE c.person_id = $1 ORDER BY s.received_on, c.reference`,
    [personId],
  );
}

export interface ExportAuditRow {
  at: Date;
  username: string | null;
  display_name: string | null;
  role: string | null;
  action: string;
  reference: string | null;
  detail: Record<string, unknown>;
}

/** The audit rows of the cases, and those naming any of the person records, oldest first. */
export function exportAudit(tx: Sql, caseIds: string[], personIds: string[]): Promise<ExportAuditRow[]> {
  return tx.query(
    `SELECT a.at, a.username, u.display_name, a.role, a.action, c.reference, a.detail
           FROM audit_event a LEFT JOIN app_user u ON u.id = a.user_id LEFT JOIN ehc_case c ON c.id = a.case_id
          WHERE a.case_id = ANY($1::uuid[]) OR (a.detail ? 'personId' AND a.detail->>'personId' = ANY($2::text[]))
          ORDER BY a.at, a.id`,
    [caseIds, personIds],
  );
}

/** A user's display name (who made the export). */
export async function userDisplayName(sql: Sql, userId: string): Promise<string | null> {
  const [row] = await sql.query(`SELECT display_name FROM app_user WHERE id = $1`, [userId]);
  return row?.display_name ?? null;
}

export interface ExportDetailChangeRow {
  changedAt: Date;
  username: string | null;
  displayName: string | null;
  fields: string[];
  previous: Record<string, unknown>;
  reason: string;
}

/** Changes to the person records' details made from the record (not on a case), oldest first. */
export function exportPersonDetailChanges(tx: Sql, personIds: string[]): Promise<ExportDetailChangeRow[]> {
  return tx.query(
    `SELECT ch.changed_at AS "changedAt", u.username, u.display_name AS "displayName", ch.fields, ch.previous, ch.reason
           FROM child_detail_change ch LEFT JOIN app_user u ON u.id = ch.user_id WHERE ch.person_id = ANY($1::uuid[]) AND ch.case_id IS NULL ORDER BY ch.changed_at`,
    [personIds],
  );
}

/** Changes to the child's details made on the case, oldest first. */
export function exportCaseDetailChanges(tx: Sql, caseId: string): Promise<ExportDetailChangeRow[]> {
  return tx.query(
    `SELECT ch.changed_at AS "changedAt", u.username, u.display_name AS "displayName", ch.fields, ch.previous, ch.reason
         FROM child_detail_change ch LEFT JOIN app_user u ON u.id = ch.user_id WHERE ch.case_id = $1 ORDER BY ch.changed_at`,
    [caseId],
  );
}

/** The day the person's details were erased under the retention policy, or null. */
export async function personErasedOn(tx: Sql, personId: string): Promise<string | null> {
  const [row] = await tx.query(
    `SELECT erased_on::text AS "erasedOn" FROM retention_review WHERE person_id = $1 AND status = 'erased'`,
    [personId],
  );
  return row?.erasedOn ?? null;
}

export interface ExportEventRow {
  event_id: string;
  version: number;
  type: string;
  date: string;
  recorded_at: Date;
  actor: string;
  data: Record<string, unknown>;
  display_name: string | null;
}

/** The case's events, oldest first, with the display name of whoever recorded each. */
export function exportCaseEvents(tx: Sql, caseId: string): Promise<ExportEventRow[]> {
  return tx.query(
    `SELECT e.event_id::text, e.version, e.type, e.business_date::text AS date, e.recorded_at, e.actor, e.data, u.display_name
         FROM case_event e LEFT JOIN app_user u ON u.id::text = e.actor WHERE e.case_id = $1 ORDER BY e.version`,
    [caseId],
  );
}

export interface ExportDeadlineRow {
  deadlineId: string;
  kind: string;
  due: string;
  fromDate: string;
  regulation: string;
  statutory: boolean;
  status: string;
  metOn: string | null;
  provider: string | null;
  exceptionIds: string[];
}

/** The case's deadlines, earliest first. */
export function exportCaseDeadlines(tx: Sql, caseId: string): Promise<ExportDeadlineRow[]> {
  return tx.query(
    `SELECT deadline_id AS "deadlineId", kind, due::text AS due, from_date::text AS "fromDate", regulation, statutory, status, met_on::text AS "metOn",
              provider, exception_ids AS "exceptionIds"
         FROM case_deadline WHERE case_id = $1 ORDER BY due, deadline_id`,
    [caseId],
  );
}

/** A note as the export holds it: the case note's row without the newer note that corrects it (the export lists both). */
export type ExportNoteRow = Omit<CaseNoteRow, 'correctedBy'>;

/** The case's notes, oldest first. */
export function exportCaseNotes(tx: Sql, caseId: string): Promise<ExportNoteRow[]> {
  return tx.query(
    `SELECT n.id, n.kind, n.occurred_on::text AS "occurredOn", n.with_whom AS "withWhom", n.summary, n.corrects, n.author,
              u.display_name AS "authorName", n.recorded_at AS "recordedAt"
         FROM case_note n LEFT JOIN app_user u ON u.username = n.author WHERE n.case_id = $1 ORDER BY n.occurred_on, n.recorded_at`,
    [caseId],
  );
}

export interface ExportDocumentRow {
  id: string;
  kind: string;
  title: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  eventId: string | null;
  uploadedBy: string;
  uploadedByName: string | null;
  uploadedAt: Date;
}

/** The case's documents' metadata, oldest first. */
export function exportCaseDocuments(tx: Sql, caseId: string): Promise<ExportDocumentRow[]> {
  return tx.query(
    `SELECT d.id, d.kind, d.title, d.media_type AS "mediaType", d.size_bytes::float AS "sizeBytes", d.sha256, d.event_id AS "eventId",
              d.uploaded_by AS "uploadedBy", u.display_name AS "uploadedByName", d.uploaded_at AS "uploadedAt"
         FROM case_document d LEFT JOIN app_user u ON u.username = d.uploaded_by WHERE d.case_id = $1 ORDER BY d.uploaded_at, d.id`,
    [caseId],
  );
}

export interface ExportLetterRow {
  id: string;
  notice: string;
  sentOn: string;
  eventId: string;
  documentId: string;
  templateVersion: number;
  recordedBy: string;
  recordedAt: Date;
}

/** The letters sent on the case, oldest first. */
export function exportCaseLetters(tx: Sql, caseId: string): Promise<ExportLetterRow[]> {
  return tx.query(
    `SELECT l.id, l.notice, l.sent_on::text AS "sentOn", l.event_id AS "eventId", l.document_id AS "documentId", l.template_version AS "templateVersion",
              l.recorded_by AS "recordedBy", l.recorded_at AS "recordedAt"
         FROM case_letter l WHERE l.case_id = $1 ORDER BY l.sent_on, l.recorded_at`,
    [caseId],
  );
}
