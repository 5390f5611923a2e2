import type { Sql } from '../sql.js';

// Case notes and the contact log (case_note): append-only, a correction is a newer note naming the one it corrects.

/** A note as the api answers it (camelCase); `correctedBy` is the newer note's id, or null. */
export interface CaseNoteRow {
  id: string;
  kind: string;
  occurredOn: string;
  withWhom: string | null;
  summary: string;
  corrects: string | null;
  author: string;
  authorName: string | null;
  recordedAt: Date;
  correctedBy: string | null;
}

const NOTE_COLUMNS = `n.id, n.kind, n.occurred_on::text AS "occurredOn", n.with_whom AS "withWhom", n.summary, n.corrects, n.author,
  u.display_name AS "authorName", n.recorded_at AS "recordedAt", (SELECT c.id FROM case_note c WHERE c.corrects = n.id) AS "correctedBy"`;

/** The case's notes, newest first (by the day they happened, then when recorded). */
export function caseNotes(sql: Sql, caseId: string): Promise<CaseNoteRow[]> {
  return sql.query(
    `SELECT ${NOTE_COLUMNS} FROM case_note n LEFT JOIN app_user u ON u.username = n.author WHERE n.case_id = $1
        ORDER BY n.occurred_on DESC, n.recorded_at DESC`,
    [caseId],
  );
}

/** The notes with words of `text` anywhere in who or the summary (English stemming), or `text` as typed in either. */
export function searchCaseNotes(sql: Sql, caseId: string, text: string): Promise<CaseNoteRow[]> {
  const like = `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql.query(
    `SELECT ${NOTE_COLUMNS} FROM case_note n LEFT JOIN app_user u ON u.username = n.author
        WHERE n.case_id = $1 AND (n.search @@ websearch_to_tsquery('english', $2) OR n.summary ILIKE $3 OR n.with_whom ILIKE $3)
        ORDER BY n.occurred_on DESC, n.recorded_at DESC`,
    [caseId, text.trim(), like],
  );
}

/**
 * The note of this case a correction names, locked (FOR SHARE) so two corrections of it cannot both pass the check,
 * and whether it has been corrected already; undefined when the case has no such note.
 */
export async function noteToCorrect(
  sql: Sql,
  caseId: string,
  noteId: string,
): Promise<{ id: string; corrected: boolean } | undefined> {
  const [row] = await sql.query(
    `SELECT id, (SELECT 1 FROM case_note c WHERE c.corrects = n.id) AS corrected FROM case_note n WHERE n.id = $1 AND n.case_id = $2 FOR SHARE`,
    [noteId, caseId],
  );
  return row ? { id: row.id, corrected: !!row.corrected } : undefined;
}

export interface NewCaseNote {
  caseId: string;
  kind: string;
  occurredOn: string;
  withWhom: string | null;
  summary: string;
  corrects: string | null;
  author: string;
}

/** Adds a note; answers its id. A second correction of one note violates case_note_corrected_once. */
export async function insertCaseNote(sql: Sql, n: NewCaseNote): Promise<string> {
  const [row] = await sql.query(
    `INSERT INTO case_note (case_id, kind, occurred_on, with_whom, summary, corrects, author) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [n.caseId, n.kind, n.occurredOn, n.withWhom, n.summary, n.corrects, n.author],
  );
  return row.id as string;
}
