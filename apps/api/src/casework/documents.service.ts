import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import {
  caseDocument,
  caseDocuments,
  caseEventType,
  documentChunk,
  documentStorage,
  inTransaction,
  insertCaseDocument,
  insertDocumentChunk,
  setDocumentDigest,
  type Sql,
} from '@ehc/persistence';
import type { AppConfig } from '@ehc/platform';
import { DOCUMENT_KINDS, type CaseDocument, type DocumentKind } from '@ehc/contracts';
import { APP_CONFIG } from '../database/database.module.js';
import { AuditService } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/session-user.js';
import { badRequest, DomainError, notFound } from '../common/domain-error.js';
import { assertCaseVisible } from './case-access.js';
import { ALLOWED_DESCRIPTION, detectDocumentType, EVIDENCE_FOR } from './document-types.js';
import { DOCUMENT_OBJECT_STORE, storeUnavailable, type DocumentObjectStore } from './document-object-store.js';

/** Rows of at most this size: an upload or download holds one chunk at a time. */
export const CHUNK_BYTES = 256 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface UploadMeta {
  kind: string | undefined;
  title: string | undefined;
  eventId: string | undefined;
  declaredLength: number | null;
}

/** Splits a byte stream into pieces of exactly `size` bytes (the last may be shorter), copying only what it must. */
export async function* chunked(
  source: AsyncIterable<Buffer | Uint8Array | string>,
  size: number,
): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let held = 0;
  for await (const piece of source) {
    let buf =
      typeof piece === 'string' ? Buffer.from(piece) : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    while (held + buf.length >= size) {
      const take = size - held;
      parts.push(buf.subarray(0, take));
      yield Buffer.concat(parts, size);
      parts = [];
      held = 0;
      buf = buf.subarray(take);
    }
    if (buf.length) {
      parts.push(buf);
      held += buf.length;
    }
  }
  if (held) yield Buffer.concat(parts, held);
}

/** A document's bytes stored in PostgreSQL, read one chunk (one row) at a time as the reader asks for them. */
export function chunkStream(db: Sql, documentId: string): Readable {
  async function* read(): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq++) {
      const data = await documentChunk(db, documentId, seq);
      if (!data) return;
      yield data;
    }
  }
  // One chunk buffered at most: the next is read only once the reader has taken this one.
  return Readable.from(read(), { objectMode: false, highWaterMark: 1 });
}

interface CheckedMeta {
  kind: DocumentKind;
  title: string;
  eventId: string | null;
}
/** What a generated document (a letter) is. */
export interface GeneratedMeta {
  kind: DocumentKind;
  title: string;
  mediaType: string;
  eventId?: string | null;
}

/**
 * Documents of a case. The metadata row is always in PostgreSQL; the bytes are in PostgreSQL as chunked rows
 * (storage 'postgres', the default) or in an S3-compatible object store under a random key (storage 's3', when
 * DOCUMENT_STORAGE=s3). Each document is read from where its row says, so a switch keeps earlier documents readable.
 * Every upload, view and download is audited.
 */
@Injectable()
export class DocumentsService {
  private readonly log = new Logger('DocumentsService');

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(DOCUMENT_OBJECT_STORE) private readonly store: DocumentObjectStore | null,
  ) {}

  private checkMeta(m: UploadMeta): CheckedMeta {
    const errors: { field: string; message: string }[] = [];
    if (!m.kind || !(DOCUMENT_KINDS as readonly string[]).includes(m.kind))
      errors.push({
        field: 'kind',
        message: `kind (header X-Document-Kind) must be one of: ${DOCUMENT_KINDS.join(', ')}`,
      });
    let title: string;
    try {
      title = decodeURIComponent(m.title ?? '').trim();
    } catch {
      title = '';
    } // a malformed %-escape: no title
    if (title.length < 1 || title.length > 200)
      errors.push({
        field: 'title',
        message: 'title (header X-Document-Title, URI-encoded) must be 1 to 200 characters',
      });
    if (m.eventId !== undefined && m.eventId !== '' && !UUID.test(m.eventId))
      errors.push({
        field: 'eventId',
        message: 'eventId (header X-Document-Event) must be the id of an event of this case',
      });
    if (errors.length) throw badRequest('The document cannot be stored', errors);
    return { kind: m.kind as DocumentKind, title, eventId: m.eventId || null };
  }

  /** The event a document evidences must be of this case and of a type its kind evidences (EVIDENCE_FOR). */
  private async checkEvidence(db: Sql, caseId: string, m: CheckedMeta): Promise<void> {
    if (!m.eventId) return;
    const type = await caseEventType(db, caseId, m.eventId);
    const allowed = EVIDENCE_FOR[m.kind];
    if (!type)
      throw new DomainError(422, 'UNKNOWN_REFERENCE', 'eventId must be an event of this case', {
        errors: [{ field: 'eventId', message: 'no event of this case has that id' }],
      });
    if (allowed && !allowed.includes(type))
      throw new DomainError(
        422,
        'EVENT_MISMATCH',
        `A document of kind ${m.kind} evidences ${allowed.join(' or ')}, not ${type}`,
        { errors: [{ field: 'eventId', message: `a ${m.kind} evidences ${allowed.join(' or ')}` }] },
      );
  }

  private tooLarge(): DomainError {
    return new DomainError(
      413,
      'DOCUMENT_TOO_LARGE',
      `A document may be at most ${Math.floor(this.config.documentMaxBytes / (1024 * 1024))} MB (${this.config.documentMaxBytes} bytes)`,
    );
  }

  /**
   * Stores a document from a stream: its type from the first chunk's content; then its bytes, chunk by chunk as they
   * arrive, with the size limit checked as they come in — into PostgreSQL in the same transaction as its row, or into
   * the object store before its row is written. Nothing is kept if anything fails (wrong type, too large, an event of
   * another case, the client going away, the store failing): no row, no chunk, no object.
   */
  async upload(user: SessionUser, caseId: string, meta: UploadMeta, body: Readable | undefined): Promise<CaseDocument> {
    const m = this.checkMeta(meta);
    if (!body || typeof body.pipe !== 'function')
      throw new DomainError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the file as the request body with Content-Type: application/octet-stream',
      );
    if (meta.declaredLength !== null && meta.declaredLength > this.config.documentMaxBytes) {
      body.resume();
      throw this.tooLarge();
    }
    await assertCaseVisible(this.ds, user, caseId);

    const pieces = chunked(body, CHUNK_BYTES)[Symbol.asyncIterator]();
    const first = await pieces.next();
    if (first.done || !first.value.length)
      throw badRequest('The file is empty', [{ field: 'file', message: 'the file is empty' }]);
    const type = await detectDocumentType(first.value);
    if (!type) {
      body.resume(); // let the rest of the upload drain so the client reads our answer
      throw new DomainError(
        415,
        'DOCUMENT_TYPE_NOT_ALLOWED',
        `The file must be ${ALLOWED_DESCRIPTION}; its content is none of these, whatever its name`,
        { errors: [{ field: 'file', message: `the file must be ${ALLOWED_DESCRIPTION}` }] },
      );
    }

    // The whole file, piece by piece: counted against the limit and hashed as it passes, never held whole.
    const hash = createHash('sha256');
    let size = 0;
    const limit = this.config.documentMaxBytes;
    let refused: DomainError | null = null;
    const tooLarge = () => (refused = this.tooLarge());
    async function* counted(): AsyncGenerator<Buffer> {
      for (let next: IteratorResult<Buffer> = first; !next.done; next = await pieces.next()) {
        size += next.value.length;
        if (size > limit) {
          body!.resume();
          throw tooLarge();
        }
        hash.update(next.value);
        yield next.value;
      }
    }
    const row = { caseId, kind: m.kind, title: m.title, mediaType: type.mediaType, eventId: m.eventId };
    const audited = (tx: Sql, documentId: string) =>
      this.audit.record({
        user,
        action: 'case.document-upload',
        caseId,
        detail: { documentId, kind: m.kind, mediaType: type.mediaType, sizeBytes: size, eventId: m.eventId },
        tx,
      });

    if (this.store) {
      await this.checkEvidence(this.ds, caseId, m); // refuse before a byte goes to the store
      const key = randomUUID();
      try {
        await this.store.put(key, Readable.from(counted(), { objectMode: false }), type.mediaType);
      } catch (e) {
        body.resume();
        throw refused ?? e; // too large stays 413 whatever the store said while the upload was being aborted
      }
      const id = await this.afterObject(key, () =>
        inTransaction(this.ds, async (tx) => {
          await assertCaseVisible(tx, user, caseId);
          await this.checkEvidence(tx, caseId, m);
          const documentId = await this.insertRow(tx, user, {
            ...row,
            sizeBytes: size,
            sha256: hash.digest('hex'),
            objectKey: key,
          });
          await audited(tx, documentId);
          return documentId;
        }),
      );
      return this.one(caseId, id);
    }

    const id = await inTransaction(this.ds, async (tx) => {
      await assertCaseVisible(tx, user, caseId);
      await this.checkEvidence(tx, caseId, m);
      const documentId = await this.insertRow(tx, user, { ...row, sizeBytes: 0, sha256: '', objectKey: null });
      let seq = 0;
      for await (const chunk of counted()) {
        await insertDocumentChunk(tx, documentId, seq++, chunk);
      }
      await setDocumentDigest(tx, documentId, size, hash.digest('hex'));
      await audited(tx, documentId);
      return documentId;
    });
    return this.one(caseId, id);
  }

  /** The metadata row: where the bytes are ('s3' with its key, else 'postgres'). */
  private async insertRow(
    tx: Sql,
    user: SessionUser,
    d: {
      caseId: string;
      kind: DocumentKind;
      title: string;
      mediaType: string;
      eventId: string | null;
      sizeBytes: number;
      sha256: string;
      objectKey: string | null;
    },
  ): Promise<string> {
    return insertCaseDocument(tx, { ...d, uploadedBy: user.username });
  }

  /** Runs the row's transaction for an object already in the store; if it fails the object is deleted (no orphan). */
  private async afterObject<T>(key: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      // The row never existed, so the object must not either. If the store refuses the delete too, the key (a random
      // id, nothing personal) is logged for an operator to remove.
      await this.store!.remove(key).catch(() =>
        this.log.warn(`object ${key} has no document row and could not be deleted; delete it from the bucket`),
      );
      throw e;
    }
  }

  private async one(caseId: string, documentId: string): Promise<CaseDocument> {
    const d = await caseDocument(this.ds, caseId, documentId);
    if (!d) throw notFound('The document');
    return d;
  }

  async list(user: SessionUser, caseId: string): Promise<CaseDocument[]> {
    await assertCaseVisible(this.ds, user, caseId);
    return caseDocuments(this.ds, caseId);
  }

  /**
   * The document's bytes as a stream from where its row says they are: the chunks read one by one from PostgreSQL,
   * or the object store's own stream. The view or download is audited before a byte is sent.
   */
  async open(
    user: SessionUser,
    caseId: string,
    documentId: string,
    mode: 'view' | 'download',
  ): Promise<{ doc: CaseDocument; stream: Readable }> {
    await assertCaseVisible(this.ds, user, caseId);
    const doc = await this.one(caseId, documentId);
    const stream = await this.bytes(documentId);
    try {
      await this.audit.record({
        user,
        action: `case.document-${mode}`,
        caseId,
        detail: { documentId, kind: doc.kind },
      });
    } catch (e) {
      stream.destroy();
      throw e;
    }
    return { doc, stream };
  }

  /**
   * The one read path of a document's bytes, wherever its row says they are (PostgreSQL chunks or the object store),
   * for a caller that has checked access and audits (the document's view and download, the subject access export).
   */
  async bytes(documentId: string): Promise<Readable> {
    const where = await documentStorage(this.ds, documentId);
    if (!where) throw notFound('The document');
    return where.storage === 's3' ? this.fromStore(where.object_key!) : chunkStream(this.ds, documentId);
  }

  private async fromStore(key: string): Promise<Readable> {
    if (!this.store) {
      this.log.warn(`a document is in the object store but DOCUMENT_STORAGE is not s3 (object ${key})`);
      throw storeUnavailable();
    }
    return this.store.get(key);
  }

  /**
   * Keeps generated bytes (a letter) as a document of the case, then runs `within` in the same transaction as its
   * row (the caller's own rows and audit). With an object store the bytes go there first, and are deleted again if
   * the transaction fails.
   */
  async storeGenerated<T>(
    user: SessionUser,
    caseId: string,
    m: GeneratedMeta,
    bytes: Buffer,
    within: (tx: Sql, documentId: string) => Promise<T>,
  ): Promise<T> {
    const row = {
      caseId,
      kind: m.kind,
      title: m.title,
      mediaType: m.mediaType,
      eventId: m.eventId ?? null,
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
    if (this.store) {
      const key = randomUUID();
      await this.store.put(key, Readable.from([bytes], { objectMode: false }), m.mediaType);
      return this.afterObject(key, () =>
        inTransaction(this.ds, async (tx) => within(tx, await this.insertRow(tx, user, { ...row, objectKey: key }))),
      );
    }
    return inTransaction(this.ds, async (tx) => {
      const documentId = await this.insertRow(tx, user, { ...row, objectKey: null });
      for (let seq = 0, at = 0; at < bytes.length; seq++, at += CHUNK_BYTES) {
        await insertDocumentChunk(tx, documentId, seq, bytes.subarray(at, at + CHUNK_BYTES));
      }
      return within(tx, documentId);
    });
  }
}
