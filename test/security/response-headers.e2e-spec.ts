import { startApi, XHR, type ApiHarness } from './api-harness.js';

/**
 * No cache keeps an api answer (they carry children's personal data), X-Frame-Options agrees
 * with the CSP's frame-ancestors 'none', and the OpenAPI docs are off in production unless asked for.
 */
describe('response headers', () => {
  let h: ApiHarness;
  let cw: string;
  beforeAll(async () => {
    h = await startApi('headers');
    cw = await h.login('cw-north-1');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('every api answer with personal data is Cache-Control: no-store, errors included', async () => {
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { ...XHR, cookie: cw },
      payload: {
        teamId: 'north',
        child: { givenName: 'Nora', familyName: 'Nocache', dateOfBirth: '2015-01-01' },
        request: { date: '2025-03-03', source: 'parent' },
      },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    for (const url of [
      `/api/cases/${id}`,
      `/api/cases/${id}/events`,
      '/api/cases',
      '/api/auth/me',
      '/api/cases/00000000-0000-4000-8000-000000000000',
    ]) {
      const res = await h.app.inject({ method: 'GET', url, headers: { cookie: cw } });
      expect({ url, cacheControl: res.headers['cache-control'] }).toEqual({ url, cacheControl: 'no-store' });
    }
    expect(created.headers['cache-control']).toBe('no-store');
  });

  it("X-Frame-Options is DENY, as the CSP says frame-ancestors 'none'", async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cw } });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
  });
});

describe('OpenAPI docs', () => {
  it.each([
    [{ NODE_ENV: 'production', COOKIE_SECURE: 'false' }, 404],
    [{ NODE_ENV: 'production', COOKIE_SECURE: 'false', API_DOCS: 'true' }, 200],
    [{ NODE_ENV: 'test', API_DOCS: 'false' }, 404],
  ])('with %j the document answers %i', async (env, status) => {
    const h = await startApi('docs', env as Record<string, string>);
    try {
      expect((await h.app.inject({ method: 'GET', url: '/api/docs-json' })).statusCode).toBe(status);
    } finally {
      await h.close();
    }
  });
});
