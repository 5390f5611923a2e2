import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';
import { pdf } from './pdf-fixture.js';
import { TestS3Server } from '../support/s3-server.js';
import { uploadDocument, type DocumentMeta } from './document-upload.js';

/**
 * Documents in an S3-compatible object store (DOCUMENT_STORAGE=s3, docs/casework.md#documents), against a real S3
 * HTTP server started by the test (s3rver, port 17000, its own temporary directory): the bytes go to the bucket under
 * a random key, streamed both ways (multipart over 5 MiB); the metadata row stays in PostgreSQL saying where they are;
 * refused, oversized or failed uploads leave no row and no object; a store that does not answer is a 503 problem.
 */
const PORT = 17000;
const BUCKET = 'ehc-documents';
const MAX = 12 * 1024 * 1024;

describe('case documents in S3-compatible object storage (e2e, a real S3 server)', () => {
  let s3: TestS3Server;
  let client: S3Client;
  let h: ApiHarness;
  let cw: string;
  let caseId: string;
  const adviceEvent = randomUUID();
  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    h.app.inject({ method, url, payload: payload as any, headers: { cookie: cw, ...XHR } });
  const upload = (body: Buffer | Readable, meta: DocumentMeta) => uploadDocument(h, cw, caseId, body, meta);
  const objects = async (): Promise<string[]> =>
    ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key!).sort();
  const objectBytes = async (key: string): Promise<Buffer> =>
    Buffer.from(
      await (await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToByteArray(),
    );
  const counts = () =>
    h.sql(
      `SELECT (SELECT count(*) FROM case_document)::int AS docs, (SELECT count(*) FROM case_document_chunk)::int AS chunks`,
    );

  beforeAll(async () => {
    s3 = await TestS3Server.start(PORT, BUCKET);
    const creds = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    client = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: creds });
    h = await startApi('documents-s3', {
      DOCUMENT_MAX_BYTES: String(MAX),
      DOCUMENT_STORAGE: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: BUCKET,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: creds.accessKeyId,
      S3_SECRET_ACCESS_KEY: creds.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    });
    cw = await h.login('cw-north-1');
    let c = (
      await call('POST', '/api/cases', {
        teamId: 'north',
        child: { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '2015-03-02' },
        request: { date: '2025-03-03', source: 'parent' },
      })
    ).json();
    for (const [event, eventId] of [
      [{ type: 'DecidedToAssess', date: '2025-03-03' }, randomUUID()],
      [{ type: 'AdviceRequested', date: '2025-03-03', adviceId: 'ep', provider: 'psychology' }, randomUUID()],
      [{ type: 'AdviceReceived', date: '2025-03-03', adviceId: 'ep' }, adviceEvent],
    ] as const) {
      const r = await call('POST', `/api/cases/${c.id}/events`, { expectedVersion: c.version, eventId, event });
      expect(r.statusCode).toBe(200);
      c = r.json();
    }
    caseId = c.id;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    client?.destroy();
    await s3?.close();
  });

  it('stores a PDF report linked to its AdviceReceived in the bucket (multipart), not in PostgreSQL; list, view and download give the same bytes, each audited', async () => {
    const bytes = await pdf('Educational psychology advice', 6 * 1024 * 1024 + 12345); // over one 5 MiB part: a multipart upload
    const res = await upload(bytes, { kind: 'advice-report', title: 'EP advice (Dr Rao)', eventId: adviceEvent });
    expect(res.statusCode).toBe(201);
    const doc = res.json();
    expect(doc).toMatchObject({
      kind: 'advice-report',
      title: 'EP advice (Dr Rao)',
      mediaType: 'application/pdf',
      sizeBytes: bytes.length,
      eventId: adviceEvent,
      uploadedBy: 'cw-north-1',
    });

    const [row] = await h.sql(`SELECT storage, object_key, sha256 FROM case_document WHERE id = $1`, [doc.id]);
    expect(row.storage).toBe('s3');
    // The key is a random id: not the document's id, nothing of the child, the case or the title.
    expect(row.object_key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row.object_key).not.toBe(doc.id);
    expect(row.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(await h.sql(`SELECT 1 FROM case_document_chunk WHERE document_id = $1`, [doc.id])).toEqual([]);
    expect(await objects()).toContain(row.object_key);
    expect(Buffer.compare(await objectBytes(row.object_key), bytes)).toBe(0);
    expect(await s3.uploadsInProgress()).toEqual([]);

    expect((await call('GET', `/api/cases/${caseId}/documents`)).json()).toEqual([
      expect.objectContaining({ id: doc.id, sizeBytes: bytes.length }),
    ]);
    const view = await call('GET', `/api/cases/${caseId}/documents/${doc.id}/content`);
    expect(view.statusCode).toBe(200);
    expect(view.headers['content-type']).toBe('application/pdf');
    expect(view.headers['content-disposition']).toMatch(/^inline;/);
    expect(Buffer.compare(view.rawPayload, bytes)).toBe(0);
    const dl = await call('GET', `/api/cases/${caseId}/documents/${doc.id}/content?download=true`);
    expect(dl.headers['content-disposition']).toMatch(/^attachment;.*filename\*=UTF-8''EP%20advice%20_Dr%20Rao_\.pdf/);
    expect(Buffer.compare(dl.rawPayload, bytes)).toBe(0);
    const audit = await h.sql(`SELECT action, case_id FROM audit_event WHERE detail->>'documentId' = $1 ORDER BY id`, [
      doc.id,
    ]);
    expect(audit.map((a) => a.action)).toEqual([
      'case.document-upload',
      'case.document-view',
      'case.document-download',
    ]);
    expect(audit.every((a) => a.case_id === caseId)).toBe(true);
  }, 60_000);

  it('a small file goes up in one request; a letter sent is kept in the bucket too', async () => {
    const small = await pdf('Parental views');
    const res = await upload(small, { kind: 'other', title: 'Parental views' });
    expect(res.statusCode).toBe(201);
    const [row] = await h.sql(`SELECT object_key FROM case_document WHERE id = $1`, [res.json().id]);
    expect(Buffer.compare(await objectBytes(row.object_key), small)).toBe(0);

    const sent = await call('POST', `/api/cases/${caseId}/letters`, {
      notice: 'decision-to-assess',
      sentOn: '2025-03-03',
    });
    expect(sent.statusCode).toBe(201);
    const [letter] = await h.sql(`SELECT storage, object_key FROM case_document WHERE id = $1`, [
      sent.json().documentId,
    ]);
    expect(letter.storage).toBe('s3');
    expect((await objectBytes(letter.object_key)).subarray(0, 5).toString()).toBe('%PDF-');
    const view = await call('GET', `/api/cases/${caseId}/documents/${sent.json().documentId}/content`);
    expect(Buffer.compare(view.rawPayload, await objectBytes(letter.object_key))).toBe(0);
  }, 30_000);

  it('a refused type, a file over the limit (its multipart upload aborted midway) and a failed row leave nothing in the bucket or the database', async () => {
    const [before, keys] = [await counts(), await objects()];
    const text = await upload(Buffer.from('this is not a pdf at all\n'.repeat(20)), {
      kind: 'advice-report',
      title: 'report.pdf',
    });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ code: 'DOCUMENT_TYPE_NOT_ALLOWED' });

    // Streamed without a Content-Length: two 5 MiB parts reach the store before the bytes pass the limit.
    const head = await pdf('streamed');
    const streamed = await upload(
      Readable.from([head, ...Array.from({ length: 13 }, () => randomBytes(1024 * 1024))]),
      { kind: 'other', title: 'streamed' },
    );
    expect(streamed.statusCode).toBe(413);
    expect(streamed.json()).toMatchObject({ code: 'DOCUMENT_TOO_LARGE' });
    expect(s3.aborted).toHaveLength(1);
    expect(await s3.uploadsInProgress()).toEqual([]);

    // The object is in the store and then its row cannot be written: the object is deleted again.
    await h.sql(
      `CREATE FUNCTION refuse_doc() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`,
    );
    await h.sql(
      `CREATE TRIGGER refuse_doc BEFORE INSERT ON case_document FOR EACH ROW WHEN (NEW.title = 'row refused') EXECUTE FUNCTION refuse_doc()`,
    );
    try {
      const failed = await upload(await pdf('x'), { kind: 'other', title: 'row refused' });
      expect(failed.statusCode).toBe(500);
    } finally {
      await h.sql(`DROP TRIGGER refuse_doc ON case_document; DROP FUNCTION refuse_doc()`);
    }

    expect(await counts()).toEqual(before);
    expect(await objects()).toEqual(keys);
  }, 60_000);

  it('a document stored in PostgreSQL before the switch is still read from PostgreSQL', async () => {
    const bytes = await pdf('Stored before the switch');
    const [doc] = await h.sql(
      `INSERT INTO case_document (case_id, kind, title, media_type, size_bytes, sha256, uploaded_by) VALUES ($1, 'other', 'Old report', 'application/pdf', $2, $3, 'cw-north-1') RETURNING id, storage`,
      [caseId, bytes.length, createHash('sha256').update(bytes).digest('hex')],
    );
    expect(doc.storage).toBe('postgres');
    await h.sql(`INSERT INTO case_document_chunk (document_id, seq, data) VALUES ($1, 0, $2)`, [doc.id, bytes]);
    const view = await call('GET', `/api/cases/${caseId}/documents/${doc.id}/content`);
    expect(view.statusCode).toBe(200);
    expect(Buffer.compare(view.rawPayload, bytes)).toBe(0);
  });

  it('the store down: upload and view answer 503 with a problem body, nothing is stored, PostgreSQL documents still read, readiness names it', async () => {
    const [s3Doc] = await h.sql(`SELECT id FROM case_document WHERE storage = 's3' AND kind = 'advice-report'`);
    const [pgDoc] = await h.sql(`SELECT id FROM case_document WHERE storage = 'postgres'`);
    const before = await counts();
    await s3.stop();
    try {
      const up = await upload(await pdf('while down'), { kind: 'other', title: 'While down' });
      expect(up.statusCode).toBe(503);
      expect(up.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(up.json()).toMatchObject({
        status: 503,
        code: 'DOCUMENT_STORE_UNAVAILABLE',
        title: 'The document store is not answering',
        detail: expect.stringContaining('nothing was stored'),
      });
      const view = await call('GET', `/api/cases/${caseId}/documents/${s3Doc.id}/content`);
      expect(view.statusCode).toBe(503);
      expect(view.json()).toMatchObject({ code: 'DOCUMENT_STORE_UNAVAILABLE' });
      expect((await call('GET', `/api/cases/${caseId}/documents/${pgDoc.id}/content`)).statusCode).toBe(200);
      expect((await call('GET', `/api/cases/${caseId}/documents`)).statusCode).toBe(200);
      expect(await counts()).toEqual(before);

      const ready = await h.app.inject({ method: 'GET', url: '/api/health/ready' });
      expect(ready.statusCode).toBe(200); // cases, commands and measures need no object store
      expect(ready.json()).toMatchObject({
        status: 'degraded',
        failing: ['documentStore'],
        checks: { database: { status: 'up' }, documentStore: { status: 'down' } },
      });
      expect((await h.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(503);
    } finally {
      await s3.listen();
    }
    const ready = await h.app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(ready.json()).toMatchObject({ status: 'ok', failing: [], checks: { documentStore: { status: 'up' } } });
    expect((await call('GET', `/api/cases/${caseId}/documents/${s3Doc.id}/content`)).statusCode).toBe(200);
  }, 60_000);
});
