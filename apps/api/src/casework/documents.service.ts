import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { inTransaction } from '@ehc/persistence';
import type { AppConfig } from '@ehc/platform';
import { DOCUMENT_KINDS, type CaseDocument, type DocumentKind } from '@ehc/contracts';
import { APP_CONFIG } from '../database/database.module.js';
import { AuditService } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/session-user.js';
import { badRequest, DomainError, notFound } from '../common/domain-error.js';
import { assertCaseVisible } from './case-access.js';
import { ALLOWED_DESCRIPTION, detectDocumentType, EVIDENCE_FOR } from './document-types.js';

/** Rows of at most this size: an upload or download holds one chunk at a time. */
export const CHUNK_BYTES = 256 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface UploadMeta { kind: string | undefined; title: string | undefined; eventId: string | undefined; declaredLength: number | null }

/** Splits a byte stream into pieces of exactly `size` bytes (the last may be shorter), copying only what it must. */
export async function* chunked(source: AsyncIterable<Buffer | Uint8Array | string>, size: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let held = 0;
  for await (const piece of source) {
    let buf = typeof piece === 'string' ? Buffer.from(piece) : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    while (held + buf.length >= size) {
      const take = size - held;
      parts.push(buf.subarray(0, take));
      yield Buffer.concat(parts, size);
      parts = [];
      held = 0;
      buf = buf.subarray(take);
    }
    if (buf.length) { parts.push(buf); held += buf.length; }
  }
  if (held) yield Buffer.concat(parts, held);
}

const DOC_COLUMNS = `id, kind, title, media_type AS "mediaType", size_bytes::float AS "sizeBytes", event_id AS "eventId", uploaded_by AS "uploadedBy", uploaded_at AS "uploadedAt"`;

/** Documents of a case, stored in PostgreSQL as chunked rows; every upload, view and download audited. */
@Injectable()
export class DocumentsService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  private checkMeta(m: UploadMeta): { kind: DocumentKind; title: string; eventId: string | null } {
    const errors: { field: string; message: string }[] = [];
    if (!m.kind || !(DOCUMENT_KINDS as readonly string[]).includes(m.kind)) errors.push({ field: 'kind', message: `kind (header X-Document-Kind) must be one of: ${DOCUMENT_KINDS.join(', ')}` });
    let title: string;
    try { title = decodeURIComponent(m.title ?? '').trim(); } catch { title = ''; } // a malformed %-escape: no title
    if (title.length < 1 || title.length > 200) errors.push({ field: 'title', message: 'title (header X-Document-Title, URI-encoded) must be 1 to 200 characters' });
    if (m.eventId !== undefined && m.eventId !== '' && !UUID.test(m.eventId)) errors.push({ field: 'eventId', message: 'eventId (header X-Document-Event) must be the id of an event of this case' });
    if (errors.length) throw badRequest('The document cannot be stored', errors);
    return { kind: m.kind as DocumentKind, title, eventId: m.eventId || null };
  }

  private tooLarge(): DomainError {
    return new DomainError(413, 'DOCUMENT_TOO_LARGE', `A document may be at most ${Math.floor(this.config.documentMaxBytes / (1024 * 1024))} MB (${this.config.documentMaxBytes} bytes)`);
  }

  /**
   * Stores a document from a stream: its type from the first chunk's content; then, in one transaction, the
   * document row and each chunk as it arrives; the size limit checked as bytes come in. Nothing is kept if anything
   * fails (wrong type, too large, an event of another case, the client going away).
   */
  async upload(user: SessionUser, caseId: string, meta: UploadMeta, body: Readable | undefined): Promise<CaseDocument> {
    const m = this.checkMeta(meta);
    if (!body || typeof body.pipe !== 'function') throw new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as the request body with Content-Type: application/octet-stream');
    if (meta.declaredLength !== null && meta.declaredLength > this.config.documentMaxBytes) { body.resume(); throw this.tooLarge(); }
    await assertCaseVisible(this.ds, user, caseId);

    const pieces = chunked(body, CHUNK_BYTES)[Symbol.asyncIterator]();
    const first = await pieces.next();
    if (first.done || !first.value.length) throw badRequest('The file is empty', [{ field: 'file', message: 'the file is empty' }]);
    const type = await detectDocumentType(first.value);
    if (!type) {
      body.resume(); // let the rest of the upload drain so the client reads our answer
      throw new DomainError(415, 'DOCUMENT_TYPE_NOT_ALLOWED', `The file must be ${ALLOWED_DESCRIPTION}; its content is none of these, whatever its name`, { errors: [{ field: 'file', message: `the file must be ${ALLOWED_DESCRIPTION}` }] });
    }

    const id = await inTransaction(this.ds, async (tx) => {
      await assertCaseVisible(tx, user, caseId);
      if (m.eventId) {
        const [ev] = await tx.query(`SELECT type FROM case_event WHERE event_id = $1 AND case_id = $2`, [m.eventId, caseId]);
        const allowed = EVIDENCE_FOR[m.kind];
        if (!ev) throw new DomainError(422, 'UNKNOWN_REFERENCE', 'eventId must be an event of this case', { errors: [{ field: 'eventId', message: 'no event of this case has that id' }] });
        if (allowed && !allowed.includes(ev.type)) throw new DomainError(422, 'EVENT_MISMATCH', `A document of kind ${m.kind} evidences ${allowed.join(' or ')}, not ${ev.type}`, { errors: [{ field: 'eventId', message: `a ${m.kind} evidences ${allowed.join(' or ')}` }] });
      }
      const [row] = await tx.query(
        `INSERT INTO case_document (case_id, kind, title, media_type, size_bytes, sha256, event_id, uploaded_by) VALUES ($1, $2, $3, $4, 0, '', $5, $6) RETURNING id`,
        [caseId, m.kind, m.title, type.mediaType, m.eventId, user.username]);
      const hash = createHash('sha256');
      let size = 0;
      let seq = 0;
      for (let next: IteratorResult<Buffer> = first; !next.done; next = await pieces.next()) {
        size += next.value.length;
        if (size > this.config.documentMaxBytes) { body.resume(); throw this.tooLarge(); }
        hash.update(next.value);
        await tx.query(`INSERT INTO case_document_chunk (document_id, seq, data) VALUES ($1, $2, $3)`, [row.id, seq++, next.value]);
      }
      await tx.query(`UPDATE case_document SET size_bytes = $2, sha256 = $3 WHERE id = $1`, [row.id, size, hash.digest('hex')]);
      await this.audit.record({ user, action: 'case.document-upload', caseId, detail: { documentId: row.id, kind: m.kind, mediaType: type.mediaType, sizeBytes: size, eventId: m.eventId }, tx });
      return row.id as string;
    });
    return this.one(caseId, id);
  }

  private async one(caseId: string, documentId: string): Promise<CaseDocument> {
    const [d] = await this.ds.query(`SELECT ${DOC_COLUMNS} FROM case_document WHERE id = $1 AND case_id = $2`, [documentId, caseId]);
    if (!d) throw notFound('The document');
    return d;
  }

  async list(user: SessionUser, caseId: string): Promise<CaseDocument[]> {
    await assertCaseVisible(this.ds, user, caseId);
    return this.ds.query(`SELECT ${DOC_COLUMNS} FROM case_document WHERE case_id = $1 ORDER BY uploaded_at DESC`, [caseId]);
  }

  /** The document's bytes as a stream read chunk by chunk from the database; the view or download is audited first. */
  async open(user: SessionUser, caseId: string, documentId: string, mode: 'view' | 'download'): Promise<{ doc: CaseDocument; stream: Readable }> {
    await assertCaseVisible(this.ds, user, caseId);
    const doc = await this.one(caseId, documentId);
    await this.audit.record({ user, action: `case.document-${mode}`, caseId, detail: { documentId, kind: doc.kind } });
    const ds = this.ds;
    async function* read(): AsyncGenerator<Buffer> {
      for (let seq = 0; ; seq++) {
        const [c] = await ds.query(`SELECT data FROM case_document_chunk WHERE document_id = $1 AND seq = $2`, [documentId, seq]);
        if (!c) return;
        yield c.data as Buffer;
      }
    }
    return { doc, stream: Readable.from(read(), { objectMode: false }) };
  }

  /** Stores generated bytes (a letter) as a document of the case, inside the caller's transaction. */
  async storeGenerated(tx: Pick<DataSource, 'query'>, user: SessionUser, caseId: string, m: { kind: DocumentKind; title: string; mediaType: string; eventId?: string | null }, bytes: Buffer): Promise<string> {
    const [row] = await tx.query(
      `INSERT INTO case_document (case_id, kind, title, media_type, size_bytes, sha256, event_id, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [caseId, m.kind, m.title, m.mediaType, bytes.length, createHash('sha256').update(bytes).digest('hex'), m.eventId ?? null, user.username]);
    for (let seq = 0, at = 0; at < bytes.length; seq++, at += CHUNK_BYTES) {
      await tx.query(`INSERT INTO case_document_chunk (document_id, seq, data) VALUES ($1, $2, $3)`, [row.id, seq, bytes.subarray(at, at + CHUNK_BYTES)]);
    }
    return row.id;
  }
}
