import { Logger } from '@nestjs/common';
import { describeStoreError, S3DocumentObjectStore, type DocumentStorageConfig } from '@ehc/platform';
import { DomainError } from '../common/domain-error.js';

export { PART_BYTES, S3DocumentObjectStore, type DocumentObjectStore } from '@ehc/platform';

/** The store of this process, or null when documents stay in PostgreSQL (DOCUMENT_STORAGE=postgres). */
export const DOCUMENT_OBJECT_STORE = Symbol('DOCUMENT_OBJECT_STORE');

export const storeUnavailable = (): DomainError =>
  new DomainError(
    503,
    'DOCUMENT_STORE_UNAVAILABLE',
    'The document store is not answering, so documents cannot be stored or read just now; nothing was stored. Try again in a few minutes, and tell support if it keeps happening.',
  );

/**
 * The api's object store (libs/platform S3DocumentObjectStore): a failure of the store is logged by its kind only
 * (keys are random ids; nothing about the child) and answered as a 503 problem; an upload's own refusal (the body
 * too large) stays the caller's answer.
 */
export function apiObjectStore(config: Extract<DocumentStorageConfig, { kind: 's3' }>): S3DocumentObjectStore {
  const log = new Logger('DocumentObjectStore');
  return new S3DocumentObjectStore(config, (op, key, e) => {
    if (op === 'upload' && e instanceof DomainError) return e;
    log.warn(`object store ${op} failed for object ${key}: ${describeStoreError(e)}`);
    return storeUnavailable();
  });
}
