import { startApi, XHR, type ApiHarness } from './api-harness.js';

/** A re-import with the same events but another child's details is reported, not "unchanged". */
describe('re-import with different child details', () => {
  let h: ApiHarness;
  let manager: string;
  const events = [{ type: 'RequestReceived', date: '2025-01-06', source: 'parent' }];
  const child = { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '2015-03-02', postcode: 'CV34 4RL' };
  const run = async (lines: object[]) => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: lines.map((l) => JSON.stringify(l)).join('\n'),
      headers: { cookie: manager, ...XHR, 'content-type': 'application/x-ndjson' },
    });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    h = await startApi('reimport');
    manager = await h.login('manager-north');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('names the fields that differ (never their values) and changes nothing; identical is still unchanged', async () => {
    expect(await run([{ reference: 'RI-1', child, events }])).toMatchObject({ accepted: 1 });
    expect(await run([{ reference: 'RI-1', child, events }])).toMatchObject({
      accepted: 0,
      unchanged: 1,
      rejected: [],
    });
    const r = await run([
      { reference: 'RI-1', child: { ...child, givenName: 'Grace' }, events },
      { reference: 'RI-1', child: { ...child, dateOfBirth: '2015-03-03', postcode: undefined }, events },
    ]);
    expect(r.unchanged).toBe(0);
    expect(r.rejected).toEqual([
      { line: 1, reference: 'RI-1', reason: expect.stringContaining('different child.givenName;') },
      { line: 2, reference: 'RI-1', reason: expect.stringContaining('different child.dateOfBirth, child.postcode;') },
    ]);
    expect(JSON.stringify(r)).not.toMatch(/Grace|2015-03-03/);
    const [stored] = await h.sql(`SELECT child FROM ehc_case WHERE reference = 'RI-1'`);
    expect(stored.child).toEqual(child);
  });
});
