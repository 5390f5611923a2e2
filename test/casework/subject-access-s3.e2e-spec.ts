import { createHash } from 'node:crypto';
import { unzipSync, strFromU8 } from 'fflate';
import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';
import { pdf } from './pdf-fixture.js';
import { TestS3Server } from '../support/s3-server.js';
import { uploadDocument } from './document-upload.js';

/**
 * The subject access export (docs/subject-access.md) when documents are in the object store (DOCUMENT_STORAGE=s3),
 * against a real S3 server (s3rver, port 17082): each file is streamed from where its row says it is — the bucket, or
 * PostgreSQL for one stored before the switch — through the documents' one read path, byte for byte.
 */
const PORT = 17082;
const BUCKET = 'ehc-subject-access';
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('subject access export with documents in S3-compatible storage (e2e, a real S3 server)', () => {
  let s3: TestS3Server;
  let h: ApiHarness;
  let cw: string;
  let manager: string;
  const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    h.app.inject({ method, url, payload: payload as any, headers: { cookie, ...XHR } });
  const ok = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const res = await call(cw, method, url, payload);
    expect({ url, status: res.statusCode < 300 ? 'ok' : res.json() }).toEqual({ url, status: 'ok' });
    return res.json();
  };

  beforeAll(async () => {
    s3 = await TestS3Server.start(PORT, BUCKET);
    h = await startApi('sar-s3', {
      DOCUMENT_STORAGE: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: BUCKET,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    });
    [cw, manager] = await Promise.all([h.login('cw-north-1'), h.login('manager-north')]);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await s3?.close();
  });

  it('the zip holds each document from the bucket (and one kept in PostgreSQL) byte for byte', async () => {
    const p = await ok('POST', '/api/persons', { givenName: 'Tamsin', familyName: 'Rowe', dateOfBirth: '2016-07-07' });
    let c = await ok('POST', '/api/cases', {
      teamId: 'north',
      personId: p.id,
      request: { date: '2025-01-06', source: 'parent' },
    });
    c = await ok('POST', `/api/cases/${c.id}/events`, {
      expectedVersion: c.version,
      event: { type: 'DecidedToAssess', date: '2025-01-13' },
    });
    const report = await pdf('Speech and language advice', 600 * 1024); // several of PostgreSQL's chunks' worth, one object
    const up = await uploadDocument(h, cw, c.id, report, { kind: 'other', title: 'SALT report' });
    expect(up.statusCode).toBe(201);
    const letter = await ok('POST', `/api/cases/${c.id}/letters`, {
      notice: 'decision-to-assess',
      sentOn: '2025-01-14',
    });
    const stored = await h.sql(`SELECT id, storage FROM case_document WHERE case_id = $1 ORDER BY id`, [c.id]);
    expect(stored.map((d) => d.storage)).toEqual(['s3', 's3']);
    // A document stored in PostgreSQL before the switch to s3.
    const older = Buffer.from('%PDF-1.4 stored before the switch\n');
    const [pg] = await h.sql(
      `INSERT INTO case_document (case_id, kind, title, media_type, size_bytes, sha256, uploaded_by, uploaded_at)
      VALUES ($1, 'other', 'Older note', 'application/pdf', $2, $3, 'cw-north-1', '2025-01-10T09:00:00Z') RETURNING id`,
      [c.id, older.length, sha256(older)],
    );
    await h.sql(`INSERT INTO case_document_chunk (document_id, seq, data) VALUES ($1, 0, $2)`, [pg.id, older]);

    const res = await call(manager, 'GET', `/api/persons/${p.id}/subject-access-export`);
    expect(res.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const json = JSON.parse(strFromU8(files['export.json']!));
    const docs = json.cases[0].documents;
    expect(docs.map((d: any) => d.id).sort()).toEqual([...stored.map((d) => d.id), pg.id].sort());
    for (const d of docs)
      expect({ id: d.id, sha256: sha256(files[d.file] ?? new Uint8Array()) }).toEqual({ id: d.id, sha256: d.sha256 });
    expect(Buffer.from(files[docs.find((d: any) => d.title === 'SALT report').file]!).equals(report)).toBe(true);
    expect(
      Buffer.from(files[docs.find((d: any) => d.id === letter.documentId).file]!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(Buffer.from(files[docs.find((d: any) => d.id === pg.id).file]!).equals(older)).toBe(true);
  }, 60_000);
});
