import type { Server } from 'node:http';
import Provider from 'oidc-provider';
import { startApi, XHR, nextIp, sessionCookieOf, type ApiHarness } from './api-harness.js';

/**
 * Council sign-in over OpenID Connect (authorization code + PKCE, openid-client), end to end
 * against a real OpenID provider (oidc-provider) started here on a fixed port. Claims map to role and team by
 * configuration; the same server-side session follows; local accounts keep working.
 */
const PORT = 14930;
const ISSUER = `http://127.0.0.1:${PORT}`;
const CALLBACK = 'http://localhost:3924/api/auth/oidc/callback';

type Claims = { sub: string; preferred_username: string; name: string; roles: string[]; groups: string[] };
const people: Record<string, Claims> = {
  jo: {
    sub: 'jo',
    preferred_username: 'jo.bloggs@council.example',
    name: 'Jo Bloggs',
    roles: ['EHC.Caseworker'],
    groups: ['grp-north'],
  },
  nobody: {
    sub: 'nobody',
    preferred_username: 'no.role@council.example',
    name: 'No Role',
    roles: ['Payroll.User'],
    groups: ['grp-north'],
  },
  lost: {
    sub: 'lost',
    preferred_username: 'lost@council.example',
    name: 'No Team',
    roles: ['EHC.Caseworker'],
    groups: ['grp-unknown'],
  },
  squatter: { sub: 'squatter', preferred_username: 'admin', name: 'Not The Admin', roles: ['EHC.Admin'], groups: [] },
};

let server: Server;
let h: ApiHarness;

beforeAll(async () => {
  const provider = new Provider(ISSUER, {
    clients: [
      {
        client_id: 'ehc',
        client_secret: 'ehc-test-secret',
        redirect_uris: [CALLBACK],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], ehc: ['roles', 'groups'] },
    scopes: ['openid', 'profile', 'ehc'],
    conformIdTokenClaims: false, // roles and groups in the ID token, as Microsoft Entra ID sends them
    findAccount: async (_ctx: unknown, id: string) =>
      people[id] ? { accountId: id, claims: async () => people[id] } : undefined,
    pkce: { required: () => true },
    cookies: { keys: ['oidc-test-cookie-key'] },
    features: { devInteractions: { enabled: true } },
  } as any);
  server = provider.listen(PORT);
  h = await startApi('oidc', {
    OIDC_ISSUER: ISSUER,
    OIDC_CLIENT_ID: 'ehc',
    OIDC_CLIENT_SECRET: 'ehc-test-secret',
    OIDC_REDIRECT_URI: CALLBACK,
    OIDC_SCOPES: 'openid profile ehc',
    OIDC_ROLE_MAP: 'EHC.Admin=admin;EHC.Manager=team-manager;EHC.Caseworker=caseworker;EHC.Board=board',
    OIDC_TEAM_CLAIM: 'groups',
    OIDC_TEAM_MAP: 'grp-north=north;grp-south=south',
  });
});
afterAll(async () => {
  await h?.close();
  await new Promise((r) => server?.close(r));
});

/** A browser at the provider: follows redirects, signs in as `login` and consents; returns the callback URL. */
async function throughProvider(authUrl: string, login: string): Promise<URL> {
  const jar = new Map<string, string>();
  const go = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const kv = c.split(';')[0];
      jar.set(kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1));
    }
    return res;
  };
  let url = authUrl;
  for (let i = 0; i < 20; i++) {
    if (url.startsWith(CALLBACK)) return new URL(url);
    const res = await go(url);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).toString();
      continue;
    }
    const html = await res.text();
    const action = /action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`unexpected page at the provider (${res.status}): ${html.slice(0, 300)}`);
    const body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
    const post = await go(new URL(action, url).toString(), {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    url = new URL(post.headers.get('location')!, url).toString();
  }
  throw new Error('the provider never sent the browser back');
}

/** Start at our api, go through the provider, come back to our callback. */
async function councilSignIn(login: string) {
  const start = await h.app.inject({ method: 'GET', url: '/api/auth/oidc/login' });
  expect(start.statusCode).toBe(302);
  const authUrl = String(start.headers.location);
  const callback = await throughProvider(authUrl, login);
  const back = await h.app.inject({
    method: 'GET',
    url: `${callback.pathname}${callback.search}`,
    remoteAddress: nextIp(),
  });
  return { authUrl: new URL(authUrl), callback, back };
}

describe('council sign-in (OpenID Connect)', () => {
  it('tells the sign-in page that council sign-in is offered', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/api/auth/providers' });
    expect(r.json()).toEqual({
      local: true,
      oidc: { label: 'Sign in with your council account', loginUrl: '/api/auth/oidc/login' },
    });
  });

  it('signs a caseworker in through the provider: code + PKCE, role and team from the claims, the usual session', async () => {
    const { authUrl, back } = await councilSignIn('jo');
    expect(authUrl.origin).toBe(ISSUER);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authUrl.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authUrl.searchParams.get('response_type')).toBe('code');
    expect(back.statusCode).toBe(302);
    expect(back.headers.location).toBe('/');
    const cookie = sessionCookieOf(back.headers['set-cookie']);
    expect(String(back.headers['set-cookie'])).toMatch(/HttpOnly/i);
    const me = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({
      username: 'jo.bloggs-council.example',
      displayName: 'Jo Bloggs',
      role: 'caseworker',
      teamId: 'north',
    });
    // The same server-side session row as a password sign-in; the account has no password of its own.
    const [row] = await h.sql(
      `SELECT u.password_hash, u.oidc_issuer, u.oidc_subject, count(s.*)::int AS sessions FROM app_user u JOIN user_session s ON s.user_id = u.id WHERE u.username = 'jo.bloggs-council.example' GROUP BY u.id`,
    );
    expect(row).toEqual({ password_hash: '!', oidc_issuer: ISSUER, oidc_subject: 'jo', sessions: 1 });
    expect(
      (
        await h.sql(
          `SELECT detail FROM audit_event WHERE action = 'auth.login' AND username = 'jo.bloggs-council.example'`,
        )
      )[0].detail,
    ).toMatchObject({ method: 'oidc' });
    // It is an ordinary session: sign-out ends it.
    await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...XHR, cookie } });
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('follows the provider: a role change there applies at the next sign-in, to the same account', async () => {
    people.jo.roles = ['EHC.Manager'];
    const { back } = await councilSignIn('jo');
    const me = await h.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: sessionCookieOf(back.headers['set-cookie']) },
    });
    expect(me.json()).toMatchObject({ username: 'jo.bloggs-council.example', role: 'team-manager', teamId: 'north' });
    expect(await h.sql(`SELECT 1 FROM app_user WHERE oidc_subject = 'jo'`)).toHaveLength(1);
  });

  it('refuses a user whose claims map to no role: no session, back to the sign-in page, audited', async () => {
    const { back } = await councilSignIn('nobody');
    expect(back.statusCode).toBe(302);
    expect(back.headers.location).toBe('/sign-in?error=oidc-no-access');
    expect(back.headers['set-cookie']).toBeUndefined();
    expect(await h.sql(`SELECT 1 FROM app_user WHERE oidc_subject = 'nobody'`)).toHaveLength(0);
    expect(
      (await h.sql(`SELECT detail FROM audit_event WHERE action = 'auth.login-failed' ORDER BY id DESC LIMIT 1`))[0]
        .detail,
    ).toMatchObject({ method: 'oidc', reason: 'no-role' });
  });

  it('refuses a caseworker whose groups map to no team', async () => {
    const { back } = await councilSignIn('lost');
    expect(back.headers.location).toBe('/sign-in?error=oidc-no-access');
    expect(back.headers['set-cookie']).toBeUndefined();
  });

  it('never takes over a local account of the same username', async () => {
    const { back } = await councilSignIn('squatter');
    expect(back.headers.location).toBe('/sign-in?error=oidc-failed');
    expect(back.headers['set-cookie']).toBeUndefined();
    expect(await h.sql(`SELECT oidc_subject, display_name FROM app_user WHERE username = 'admin'`)).toEqual([
      { oidc_subject: null, display_name: 'Demo admin' },
    ]);
  });

  it('refuses a replayed or forged answer (the state is one-use)', async () => {
    people.jo.roles = ['EHC.Caseworker'];
    const { callback, back } = await councilSignIn('jo');
    expect(back.statusCode).toBe(302);
    const replay = await h.app.inject({ method: 'GET', url: `${callback.pathname}${callback.search}` });
    expect(replay.headers.location).toBe('/sign-in?error=oidc-failed');
    const forged = await h.app.inject({ method: 'GET', url: `/api/auth/oidc/callback?code=made-up&state=made-up` });
    expect(forged.headers.location).toBe('/sign-in?error=oidc-failed');
    expect(forged.headers['set-cookie']).toBeUndefined();
  });

  it('keeps local accounts (small councils, break-glass admin)', async () => {
    expect(await h.login('admin')).toMatch(/^ehc_session=/);
  });
});

describe('council sign-in with a provider that does not answer', () => {
  it('sends the browser back to the sign-in page (the password form still works), never a 500', async () => {
    const down = await startApi('oidcdown', {
      OIDC_ISSUER: 'http://127.0.0.1:9',
      OIDC_CLIENT_ID: 'ehc',
      OIDC_ROLE_MAP: 'EHC.Admin=admin',
    });
    try {
      const r = await down.app.inject({ method: 'GET', url: '/api/auth/oidc/login' });
      expect(r.statusCode).toBe(302);
      expect(r.headers.location).toBe('/sign-in?error=oidc-failed');
      expect(await down.login('admin')).toMatch(/^ehc_session=/);
    } finally {
      await down.close();
    }
  });
});
