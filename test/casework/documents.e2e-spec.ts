import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';
import { pdf } from './pdf-fixture.js';
import { uploadDocument, type DocumentMeta } from './document-upload.js';

/** Documents of a case: type from the content, size limit, linked to the event they evidence, streamed in chunks, audited. */
const MAX = 700 * 1024;

// The smallest PNG: signature, IHDR of a 1x1 image, IDAT, IEND.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da6364f8ffbf1e000502027fa3a7e1e70000000049454e44ae426082',
  'hex',
);

describe('case documents (e2e)', () => {
  let h: ApiHarness;
  let cw: string;
  let south: string;
  let caseId: string;
  const adviceEvent = randomUUID();
  const decisionEvent = randomUUID();
  const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    h.app.inject({ method, url, payload: payload as any, headers: { cookie, ...XHR } });
  const upload = (body: Buffer, meta: DocumentMeta, cookie = cw, id = caseId) =>
    uploadDocument(h, cookie, id, body, meta);

  beforeAll(async () => {
    h = await startApi('documents', { DOCUMENT_MAX_BYTES: String(MAX) });
    [cw, south] = await Promise.all([h.login('cw-north-1'), h.login('cw-south-1')]);
    let c = (
      await call(cw, 'POST', '/api/cases', {
        teamId: 'north',
        child: { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '2015-03-02' },
        request: { date: '2025-03-03', source: 'parent' },
      })
    ).json();
    for (const [event, eventId] of [
      [{ type: 'DecidedToAssess', date: '2025-03-03' }, decisionEvent],
      [{ type: 'AdviceRequested', date: '2025-03-03', adviceId: 'ep', provider: 'psychology' }, randomUUID()],
      [{ type: 'AdviceReceived', date: '2025-03-03', adviceId: 'ep' }, adviceEvent],
    ] as const) {
      const r = await call(cw, 'POST', `/api/cases/${c.id}/events`, { expectedVersion: c.version, eventId, event });
      expect(r.statusCode).toBe(200);
      c = r.json();
    }
    caseId = c.id;
  });
  afterAll(async () => {
    await h.close();
  });

  it('stores an advice report linked to its AdviceReceived, in chunks, and gives back exactly the bytes; views and downloads audited', async () => {
    const bytes = await pdf('Educational psychology advice', 600 * 1024);
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
    const chunks = await h.sql(
      `SELECT seq, length(data) AS n FROM case_document_chunk WHERE document_id = $1 ORDER BY seq`,
      [doc.id],
    );
    expect(chunks.map((c) => c.n)).toEqual([262144, 262144, bytes.length - 2 * 262144]);
    expect((await h.sql(`SELECT sha256 FROM case_document WHERE id = $1`, [doc.id]))[0].sha256).toBe(
      createHash('sha256').update(bytes).digest('hex'),
    );

    const view = await call(cw, 'GET', `/api/cases/${caseId}/documents/${doc.id}/content`);
    expect(view.statusCode).toBe(200);
    expect(view.headers['content-type']).toBe('application/pdf');
    expect(view.headers['content-disposition']).toMatch(/^inline;/);
    expect(Buffer.compare(view.rawPayload, bytes)).toBe(0);
    const dl = await call(cw, 'GET', `/api/cases/${caseId}/documents/${doc.id}/content?download=true`);
    expect(dl.headers['content-disposition']).toMatch(/^attachment;.*filename\*=UTF-8''EP%20advice%20_Dr%20Rao_\.pdf/);
    const audit = await h.sql(
      `SELECT action, case_id, detail FROM audit_event WHERE detail->>'documentId' = $1 ORDER BY id`,
      [doc.id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'case.document-upload',
      'case.document-view',
      'case.document-download',
    ]);
    expect(audit.every((a) => a.case_id === caseId)).toBe(true);
    expect((await call(cw, 'GET', `/api/cases/${caseId}/documents`)).json().map((d: any) => d.id)).toContain(doc.id);
  });

  it('decides the type from the content, not the name: a PNG is an image, text called .pdf and a program are refused (415)', async () => {
    const png = await upload(PNG, { kind: 'exception-evidence', title: 'photo.pdf' });
    expect(png.statusCode).toBe(201);
    expect(png.json().mediaType).toBe('image/png');
    const before = await h.sql(`SELECT count(*)::int AS n FROM case_document`);
    const text = await upload(Buffer.from('this is not a pdf at all\n'.repeat(20)), {
      kind: 'advice-report',
      title: 'report.pdf',
    });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ code: 'DOCUMENT_TYPE_NOT_ALLOWED', message: expect.stringContaining('PDF') });
    const exe = await upload(Buffer.concat([Buffer.from('MZ'), randomBytes(2000)]), {
      kind: 'other',
      title: 'scan.jpg',
    });
    expect(exe.statusCode).toBe(415);
    expect(await h.sql(`SELECT count(*)::int AS n FROM case_document`)).toEqual(before);
  });

  it('refuses a file over the size limit (413) and keeps nothing of it', async () => {
    const before = await h.sql(
      `SELECT (SELECT count(*) FROM case_document)::int AS d, (SELECT count(*) FROM case_document_chunk)::int AS c`,
    );
    const big = await upload(await pdf('big', MAX + 1), { kind: 'other', title: 'Too big' });
    expect(big.statusCode).toBe(413);
    expect(big.json().message).toContain(String(MAX));
    // Without a Content-Length (a streamed upload), the limit is checked as the bytes arrive, and the transaction rolls back.
    const head = await pdf('streamed');
    const streamed = await uploadDocument(
      h,
      cw,
      caseId,
      Readable.from([head, ...Array.from({ length: 8 }, () => randomBytes(100 * 1024))]),
      { kind: 'other', title: 'streamed' },
    );
    expect(streamed.statusCode).toBe(413);
    expect(
      await h.sql(
        `SELECT (SELECT count(*) FROM case_document)::int AS d, (SELECT count(*) FROM case_document_chunk)::int AS c`,
      ),
    ).toEqual(before);
  });

  it('links only to an event of this case that the kind evidences; bad headers name the field; another team gets 404', async () => {
    const wrong = await upload(await pdf('x'), { kind: 'advice-report', title: 'x', eventId: decisionEvent });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'EVENT_MISMATCH', errors: [{ field: 'eventId' }] });
    const unknown = await upload(await pdf('x'), { kind: 'advice-report', title: 'x', eventId: randomUUID() });
    expect(unknown.statusCode).toBe(422);
    const bad = await upload(await pdf('x'), { kind: 'essay', title: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: any) => e.field)).toEqual(['kind', 'title']);
    expect((await upload(await pdf('x'), { kind: 'other', title: 'x' }, south)).statusCode).toBe(404);
    const [doc] = await h.sql(`SELECT id FROM case_document LIMIT 1`);
    expect((await call(south, 'GET', `/api/cases/${caseId}/documents/${doc.id}/content`)).statusCode).toBe(404);
    expect((await call(south, 'GET', `/api/cases/${caseId}/documents`)).statusCode).toBe(404);
  });
});
