import type { LetterTemplate, SentLetter } from '@ehc/contracts';
import type { ParentActsAs } from '@ehc/workflow';
import { rowsOf, type Sql } from '../sql.js';

// Statutory letters: the council's templates (letter_template) and the letters sent (case_letter). Rows in the api's
// shape (the contract's); a timestamp comes as a Date, which the answer writes as ISO text.

/** Every template, by notice. */
export function letterTemplates(sql: Sql): Promise<LetterTemplate[]> {
  return sql.query(
    `SELECT notice, title, body, updated_at AS "updatedAt", updated_by AS "updatedBy" FROM letter_template ORDER BY notice`,
  );
}

/** Rewords a template (its version counts up); false when there is no template for the notice. */
export async function updateLetterTemplate(
  sql: Sql,
  notice: string,
  t: { title: string; body: string; updatedBy: string },
): Promise<boolean> {
  const rows = rowsOf(
    await sql.query(
      `UPDATE letter_template SET title = $2, body = $3, version = version + 1, updated_at = now(), updated_by = $4 WHERE notice = $1 RETURNING version`,
      [notice, t.title, t.body, t.updatedBy],
    ),
  );
  return rows.length > 0;
}

const SENT_COLUMNS = `id, notice, sent_on::text AS "sentOn", document_id AS "documentId", recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

/** The letters sent on a case, newest first. */
export function sentLetters(sql: Sql, caseId: string): Promise<SentLetter[]> {
  return sql.query(
    `SELECT ${SENT_COLUMNS} FROM case_letter WHERE case_id = $1 ORDER BY sent_on DESC, recorded_at DESC`,
    [caseId],
  );
}

/** One letter sent. */
export async function sentLetter(sql: Sql, id: string): Promise<SentLetter | undefined> {
  const [row] = await sql.query(`SELECT ${SENT_COLUMNS} FROM case_letter WHERE id = $1`, [id]);
  return row;
}

/** What a letter of a notice says, from the case: the child, the dates, the decision noticed and the template. */
export interface LetterSourceRow {
  reference: string;
  child: { givenName?: string; familyName?: string; dateOfBirth?: string } | null;
  caseworker: string | null;
  caseworker_name: string | null;
  /** YYYY-MM-DD of the request. */
  request_date: string;
  /** The newest event of the decision's type, or null when there is none. */
  decision: { eventId: string; date: string; data: Record<string, unknown> | null } | null;
  /** The parent or carer the letter is addressed to (one with parental responsibility first). */
  recipient: string | null;
  title: string;
  body: string;
  version: number;
}

/** The letter's sources for the case (the caller has checked it is visible); undefined without case or template. */
export async function letterSource(
  sql: Sql,
  caseId: string,
  decisionEventType: string,
  notice: string,
): Promise<LetterSourceRow | undefined> {
  const [row] = await sql.query(
    `
      SELECT c.reference, c.child, s.caseworker, u.display_name AS caseworker_name,
             (SELECT business_date::text FROM case_event WHERE case_id = c.id AND type = 'RequestReceived' ORDER BY version LIMIT 1) AS request_date,
             (SELECT json_build_object('eventId', event_id, 'date', business_date::text, 'data', data) FROM case_event
               WHERE case_id = c.id AND type = $2 ORDER BY version DESC LIMIT 1) AS decision,
             (SELECT name FROM person_contact pc WHERE pc.person_id = c.person_id AND pc.kind = 'parent-carer'
               ORDER BY pc.parental_responsibility DESC NULLS LAST, pc.created_at LIMIT 1) AS recipient,
             t.title, t.body, t.version
        FROM ehc_case c JOIN case_summary s ON s.case_id = c.id LEFT JOIN app_user u ON u.username = s.caseworker
        JOIN letter_template t ON t.notice = $3
       WHERE c.id = $1`,
    [caseId, decisionEventType, notice],
  );
  return row;
}

/** Who a notice goes to, from the case: its version, the child's date of birth and how the parent acts (the request's). */
export async function noticeRecipientFacts(
  sql: Sql,
  caseId: string,
): Promise<{ version: number; dob: string | null; acts: ParentActsAs | null } | undefined> {
  const [row] = await sql.query(
    `SELECT c.version, c.child->>'dateOfBirth' AS dob,
              (SELECT e.data->>'parentActsAs' FROM case_event e WHERE e.case_id = c.id AND e.type = 'RequestReceived' ORDER BY e.version LIMIT 1) AS acts
         FROM ehc_case c WHERE c.id = $1`,
    [caseId],
  );
  return row;
}

export interface NewSentLetter {
  caseId: string;
  notice: string;
  sentOn: string;
  eventId: string;
  documentId: string;
  templateVersion: number;
  recordedBy: string;
}

/** Records a letter sent (its PDF is the document); answers its id. */
export async function insertSentLetter(sql: Sql, l: NewSentLetter): Promise<string> {
  const [row] = await sql.query(
    `INSERT INTO case_letter (case_id, notice, sent_on, event_id, document_id, template_version, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [l.caseId, l.notice, l.sentOn, l.eventId, l.documentId, l.templateVersion, l.recordedBy],
  );
  return row.id as string;
}
