import type { CaseDocument } from '@ehc/contracts';
import type { Sql } from '../sql.js';

// Documents of a case: the metadata row (case_document) and, for storage 'postgres', the bytes as chunk rows
// (case_document_chunk, in order of seq); for storage 's3' the bytes are in the object store under object_key. Rows
// in the api's shape (the contract's); a timestamp comes as a Date, which the answer writes as ISO text.

const DOC_COLUMNS = `id, kind, title, media_type AS "mediaType", size_bytes::float AS "sizeBytes", event_id AS "eventId", uploaded_by AS "uploadedBy", uploaded_at AS "uploadedAt"`;

/** One document of the case. */
export async function caseDocument(sql: Sql, caseId: string, documentId: string): Promise<CaseDocument | undefined> {
  const [row] = await sql.query(`SELECT ${DOC_COLUMNS} FROM case_document WHERE id = $1 AND case_id = $2`, [
    documentId,
    caseId,
  ]);
  return row;
}

/** The case's documents, newest first. */
export function caseDocuments(sql: Sql, caseId: string): Promise<CaseDocument[]> {
  return sql.query(`SELECT ${DOC_COLUMNS} FROM case_document WHERE case_id = $1 ORDER BY uploaded_at DESC`, [caseId]);
}

/** Where a document's bytes are. */
export async function documentStorage(
  sql: Sql,
  documentId: string,
): Promise<{ storage: 'postgres' | 's3'; object_key: string | null } | undefined> {
  const [row] = await sql.query(`SELECT storage, object_key FROM case_document WHERE id = $1`, [documentId]);
  return row;
}

/** The type of the case's event with this id (a document evidences it), or undefined. */
export async function caseEventType(sql: Sql, caseId: string, eventId: string): Promise<string | undefined> {
  const [row] = await sql.query(`SELECT type FROM case_event WHERE event_id = $1 AND case_id = $2`, [eventId, caseId]);
  return row?.type;
}

export interface NewCaseDocument {
  caseId: string;
  kind: string;
  title: string;
  mediaType: string;
  eventId: string | null;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  /** The object store's key, or null for bytes kept as chunk rows. */
  objectKey: string | null;
}

/** The metadata row: where the bytes are ('s3' with its key, else 'postgres'); answers its id. */
export async function insertCaseDocument(sql: Sql, d: NewCaseDocument): Promise<string> {
  const [row] = await sql.query(
    `INSERT INTO case_document (case_id, kind, title, media_type, size_bytes, sha256, event_id, uploaded_by, storage, object_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      d.caseId,
      d.kind,
      d.title,
      d.mediaType,
      d.sizeBytes,
      d.sha256,
      d.eventId,
      d.uploadedBy,
      d.objectKey ? 's3' : 'postgres',
      d.objectKey,
    ],
  );
  return row.id as string;
}

/** The size and hash of a document whose chunks have all been written. */
export async function setDocumentDigest(
  sql: Sql,
  documentId: string,
  sizeBytes: number,
  sha256: string,
): Promise<void> {
  await sql.query(`UPDATE case_document SET size_bytes = $2, sha256 = $3 WHERE id = $1`, [
    documentId,
    sizeBytes,
    sha256,
  ]);
}

/** One chunk of a document's bytes. */
export async function insertDocumentChunk(sql: Sql, documentId: string, seq: number, data: Buffer): Promise<void> {
  await sql.query(`INSERT INTO case_document_chunk (document_id, seq, data) VALUES ($1, $2, $3)`, [
    documentId,
    seq,
    data,
  ]);
}

/** The chunk `seq` of a document's bytes, or undefined past the last. */
export async function documentChunk(sql: Sql, documentId: string, seq: number): Promise<Buffer | undefined> {
  const [row] = await sql.query(`SELECT data FROM case_document_chunk WHERE document_id = $1 AND seq = $2`, [
    documentId,
    seq,
  ]);
  return row?.data;
}
