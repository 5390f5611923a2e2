import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';

/**
 * The child's details can be corrected (names, date of birth, UPN, school, postcode), each change kept with its reason
 * and previous values; no personal data goes into events, the audit log or the URL.
 */
describe('correcting the child’s details (e2e)', () => {
  let h: ApiHarness;
  let cw: string;
  let other: string;
  const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    h.app.inject({ method, url, payload: payload as any, headers: { cookie, ...XHR } });

  beforeAll(async () => {
    h = await startApi('childfix');
    [cw, other] = await Promise.all([h.login('cw-north-1'), h.login('cw-south-1')]);
  });
  afterAll(async () => {
    await h.close();
  });

  const openCase = async () =>
    (
      await call(cw, 'POST', '/api/cases', {
        teamId: 'north',
        child: { givenName: 'Adda', familyName: 'Lovelace', dateOfBirth: '2015-03-02', postcode: 'CV34 4RL' },
        request: { date: '2025-03-03', source: 'parent' },
      })
    ).json();

  it('corrects a misspelt name and the date of birth, keeps the change with its reason; the audit names fields only', async () => {
    const c = await openCase();
    const res = await call(cw, 'POST', `/api/cases/${c.id}/child-corrections`, {
      child: { givenName: 'Ada', dateOfBirth: '2015-03-12', school: 'Castle Primary' },
      reason: 'Spelling taken from the birth certificate',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().child).toMatchObject({
      givenName: 'Ada',
      familyName: 'Lovelace',
      dateOfBirth: '2015-03-12',
      school: 'Castle Primary',
    });
    expect(res.json().version).toBe(c.version); // outside the event log: the case's history is untouched
    const [change] = await h.sql(`SELECT fields, previous, reason FROM child_detail_change WHERE case_id = $1`, [c.id]);
    expect(change).toEqual({
      fields: ['givenName', 'dateOfBirth', 'school'],
      previous: { givenName: 'Adda', dateOfBirth: '2015-03-02', school: null },
      reason: 'Spelling taken from the birth certificate',
    });
    const audit = await h.sql(
      `SELECT detail::text AS d FROM audit_event WHERE case_id = $1 AND action = 'case.child-corrected'`,
      [c.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].d).toContain('givenName');
    expect(audit[0].d).not.toMatch(/Ada|2015-03|Castle|birth certificate/);
    const events = await h.sql(`SELECT data::text AS d FROM case_event WHERE case_id = $1`, [c.id]);
    expect(events.map((e: any) => e.d).join()).not.toMatch(/Ada|Lovelace/);
  });

  it('clears an optional detail; refuses to clear a name, a bad UPN, no change, no reason; another team’s case is not found', async () => {
    const c = await openCase();
    const cleared = await call(cw, 'POST', `/api/cases/${c.id}/child-corrections`, {
      child: { postcode: null },
      reason: 'Family moved; new address not yet known',
    });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().child.postcode).toBeUndefined();
    const noName = await call(cw, 'POST', `/api/cases/${c.id}/child-corrections`, {
      child: { givenName: null },
      reason: 'x',
    });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().errors[0].field).toBe('child.givenName');
    const badUpn = await call(cw, 'POST', `/api/cases/${c.id}/child-corrections`, {
      child: { upn: 'Ada Lovelace' },
      reason: 'x',
    });
    expect(badUpn.statusCode).toBe(400);
    expect(JSON.stringify(badUpn.json())).not.toContain('Lovelace');
    expect(
      (
        await call(cw, 'POST', `/api/cases/${c.id}/child-corrections`, {
          child: { familyName: 'Lovelace' },
          reason: 'x',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await call(cw, 'POST', `/api/cases/${c.id}/child-corrections`, { child: { familyName: 'Byron' } })).statusCode,
    ).toBe(400);
    expect(
      (
        await call(other, 'POST', `/api/cases/${c.id}/child-corrections`, {
          child: { familyName: 'Byron' },
          reason: 'x',
        })
      ).statusCode,
    ).toBe(404);
  });
});
