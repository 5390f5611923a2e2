import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { DocumentStorageConfig } from './document-storage-config.js';

/**
 * Where a document's bytes go when they do not go into PostgreSQL (docs/casework.md#documents): an object store that
 * takes and gives back streams. Keys are random ids chosen by the caller; nothing about the child goes into them.
 * One implementation for the api (documents, letters, the subject access export) and the worker (erasure).
 */
export interface DocumentObjectStore {
  /** Streams `body` into a new object. If the body or the store fails, no object and no uploaded part is left. */
  put(key: string, body: Readable, contentType: string): Promise<void>;
  /** The object's bytes as a stream. */
  get(key: string): Promise<Readable>;
  /** Deletes the object; deleting an object that is not there succeeds (S3's DeleteObject), so a retry is safe. */
  remove(key: string): Promise<void>;
  /** Answers when the store and its bucket answer (the readiness check). */
  ping(): Promise<void>;
}

/** S3's smallest multipart part: an upload holds at most one part of this size in memory (queueSize 1). */
export const PART_BYTES = 5 * 1024 * 1024;

/**
 * What a failed store operation becomes (the api: a 503 problem, logged by its kind only). `op` is upload, read or
 * delete; `key` a random id; `e` the SDK's error, or on upload the body's own error (e.g. too large).
 */
export type ObjectStoreFailure = (op: 'upload' | 'read' | 'delete', key: string, e: unknown) => Error;

/** The SDK's error in one line: its name, HTTP status and message (keys are random ids; nothing about the child). */
export const describeStoreError = (e: unknown): string => {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  return `${err?.name ?? 'Error'} ${err?.$metadata?.httpStatusCode ?? ''} ${String(err?.message ?? '').slice(0, 200)}`;
};

/** AWS S3 or any S3-compatible store (MinIO, Ceph, a cloud provider's S3 API). */
export class S3DocumentObjectStore implements DocumentObjectStore {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(
    config: Extract<DocumentStorageConfig, { kind: 's3' }>,
    private readonly failure: ObjectStoreFailure = (op, key, e) =>
      new Error(`object store ${op} failed for object ${key}: ${describeStoreError(e)}`),
  ) {
    this.bucket = config.bucket;
    this.client = new S3Client({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.credentials ? { credentials: config.credentials } : {}),
      forcePathStyle: config.forcePathStyle,
      maxAttempts: 3,
      // A store that does not answer is a 503 in seconds, not a request hanging until the client gives up.
      requestHandler: { connectionTimeout: 3000, requestTimeout: 30_000 },
      // Checksums only where the S3 API requires them: many S3-compatible stores do not accept the newer trailing
      // checksums; the document's own SHA-256 is kept in PostgreSQL.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, body: Readable, contentType: string): Promise<void> {
    // lib-storage sends one PutObject for a body under one part, else a multipart upload, part by part (queueSize 1:
    // one part in memory at a time); when the body or a part fails it aborts the multipart upload (no parts left).
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      queueSize: 1,
      partSize: PART_BYTES,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (e) {
      throw this.failure('upload', key, e);
    }
  }

  async get(key: string): Promise<Readable> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return res.Body as Readable;
    } catch (e) {
      throw this.failure('read', key, e);
    }
  }

  async remove(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (e) {
      throw this.failure('delete', key, e);
    }
  }

  async ping(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  destroy(): void {
    this.client.destroy();
  }
}
