import { startApi, XHR, type ApiHarness } from './api-harness.js';

/**
 * Inputs that are valid JSON or valid-looking dates but that no field can hold — year 0000,
 * asAt 9999-12-31, NUL, lone surrogates, 20,000 levels of nesting, a request dated 0001-01-01 — get a 400 problem
 * and leave nothing stored; never a 500.
 */
describe('odd input is a 400 problem, nothing stored', () => {
  let h: ApiHarness;
  let cw: string;
  let board: string;
  let caseId: string;
  let version: number;
  const child = { givenName: 'Olive', familyName: 'Oddinput', dateOfBirth: '2015-06-01' };
  const counts = async () =>
    (
      await h.sql(
        `SELECT (SELECT count(*) FROM ehc_case)::int AS cases, (SELECT count(*) FROM case_event)::int AS events`,
      )
    )[0];
  const postCase = (payload: unknown) =>
    h.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { ...XHR, cookie: cw, 'content-type': 'application/json' },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const expectProblem400 = (res: { statusCode: number; headers: Record<string, unknown>; json(): any }) => {
    expect(res.statusCode).toBe(400);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(res.json().message).toEqual(expect.any(String));
  };

  beforeAll(async () => {
    h = await startApi('oddinput');
    [cw, board] = await Promise.all([h.login('cw-north-1'), h.login('board')]);
    const res = await postCase({ teamId: 'north', child, request: { date: '2025-03-03', source: 'parent' } });
    expect(res.statusCode).toBe(201);
    ({ id: caseId, version } = res.json());
  });
  afterAll(async () => {
    await h?.close();
  });

  it.each([
    ['a request dated year 0000', { request: { date: '0000-03-03', source: 'parent' } }, 'request.date'],
    ['a request dated 0001-01-01', { request: { date: '0001-01-01', source: 'parent' } }, 'request.date'],
    [
      'a request before the EHC system began (2014-09-01)',
      { request: { date: '2014-08-31', source: 'parent' } },
      'request.date',
    ],
    ['a date of birth in year 0000', { child: { ...child, dateOfBirth: '0000-01-01' } }, 'child.dateOfBirth'],
  ])('POST /cases with %s', async (_name, change, field) => {
    const before = await counts();
    const res = await postCase({
      teamId: 'north',
      child,
      request: { date: '2025-03-03', source: 'parent' },
      ...change,
    });
    expectProblem400(res);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('an event dated year 0000 on a case', async () => {
    const before = await counts();
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/events`,
      headers: { ...XHR, cookie: cw },
      payload: { expectedVersion: version, event: { type: 'DecidedToAssess', date: '0000-02-29' } },
    });
    expectProblem400(res);
    expect(await counts()).toEqual(before);
  });

  it.each(['9999-12-31', '0000-01-01'])('the measure asAt=%s', async (asAt) => {
    const res = await h.app.inject({
      method: 'GET',
      url: `/api/measures/timeliness?from=2025-01-01&to=2025-03-31&asAt=${asAt}`,
      headers: { cookie: board },
    });
    expectProblem400(res);
  });

  it.each([
    ['a NUL character', 'Half\u0000term'],
    ['a lone high surrogate', 'Half\ud800term'],
    ['a lone low surrogate', 'Half\udc00term'],
  ])('text with %s', async (_name, text) => {
    const before = await counts();
    // JSON.stringify writes lone surrogates and NUL as \u escapes: valid JSON, not valid text.
    const res = await postCase({
      teamId: 'north',
      child: { ...child, school: text },
      request: { date: '2025-03-03', source: 'parent' },
    });
    expectProblem400(res);
    expect(res.body).not.toContain('Half');
    expect(await counts()).toEqual(before);
    const event = await h.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/events`,
      headers: { ...XHR, cookie: cw, 'content-type': 'application/json' },
      payload: JSON.stringify({
        expectedVersion: version,
        event: { type: 'RequestWithdrawn', date: '2025-03-03', reason: text },
      }),
    });
    expectProblem400(event);
    expect(await counts()).toEqual(before);
  });

  it('JSON nested 20,000 levels deep', async () => {
    const before = await counts();
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    expectProblem400(await postCase(`{"teamId":"north","child":${deep}}`));
    expectProblem400(await postCase(deep));
    expect(await counts()).toEqual(before);
  });

  it('an import line with a NUL, a lone surrogate, year 0000 or a request dated 0001-01-01 is rejected, nothing stored', async () => {
    const manager = await h.login('manager-north');
    const before = await counts();
    const request = { type: 'RequestReceived', date: '2025-01-06', source: 'parent' };
    const lines = [
      { reference: 'ODD-1', child: { ...child, school: 'a\u0000b' }, events: [request] },
      { reference: 'ODD-2', child: { ...child, school: 'a\ud800b' }, events: [request] },
      { reference: 'ODD-3', child, events: [{ ...request, date: '0000-01-06' }] },
      { reference: 'ODD-4', child, events: [{ ...request, date: '0001-01-01' }] },
    ];
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: lines.map((l) => JSON.stringify(l)).join('\n'),
      headers: { cookie: manager, ...XHR, 'content-type': 'application/x-ndjson' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      accepted: 0,
      rejected: [1, 2, 3, 4].map((line) => expect.objectContaining({ line })),
    });
    expect(await counts()).toEqual(before);
  });

  it('still accepts ordinary text with accents and emoji (surrogate pairs)', async () => {
    const res = await postCase({
      teamId: 'north',
      child: { ...child, givenName: 'Zoë', school: 'St Anne’s 🌈 School' },
      request: { date: '2025-03-03', source: 'parent' },
    });
    expect(res.statusCode).toBe(201);
  });
});
