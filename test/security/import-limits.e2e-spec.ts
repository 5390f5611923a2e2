import { Readable } from 'node:stream';
import { MAX_IMPORT_LINE_BYTES, MAX_LISTED_REJECTIONS } from '@ehc/persistence';
import { startApi, XHR, type ApiHarness } from './api-harness.js';

/** A huge import line is refused quickly and by name; the list of rejections is bounded. */
describe('import limits', () => {
  let h: ApiHarness;
  let manager: string;
  const post = (payload: string | Readable) =>
    h.app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: payload as any,
      headers: { cookie: manager, ...XHR, 'content-type': 'application/x-ndjson' },
    });
  const valid = (ref: string) =>
    JSON.stringify({
      reference: ref,
      child: { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '2015-03-02' },
      events: [{ type: 'RequestReceived', date: '2025-01-06', source: 'parent' }],
    });

  beforeAll(async () => {
    h = await startApi('importlimits');
    manager = await h.login('manager-north');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a 40 MB line (in 64 KB chunks) is rejected as too long, the next line still imported', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    async function* body() {
      yield Buffer.from(`${valid('LIM-1')}\n{"reference":"LIM-2","child":`);
      for (let i = 0; i < 640; i++) yield chunk;
      yield Buffer.from(`}\n${valid('LIM-3')}\n`);
    }
    const started = Date.now();
    const res = await post(Readable.from(body()));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      accepted: 2,
      unchanged: 0,
      rejected: [
        {
          line: 2,
          reference: null,
          reason: expect.stringContaining(`longer than the ${MAX_IMPORT_LINE_BYTES / 1024} KB allowed`),
        },
      ],
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it(`lists at most ${MAX_LISTED_REJECTIONS} rejections and says how many there were`, async () => {
    const res = await post(Array.from({ length: MAX_LISTED_REJECTIONS + 500 }, () => 'not json').join('\n'));
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.rejected).toHaveLength(MAX_LISTED_REJECTIONS);
    expect(r.rejected[0].line).toBe(1);
    expect(r.rejectedTotal).toBe(MAX_LISTED_REJECTIONS + 500);
  });
});
