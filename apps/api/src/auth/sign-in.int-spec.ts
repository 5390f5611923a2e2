import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import { loadConfig } from '@ehc/platform';
import { startApi, XHR, nextIp, sessionCookieOf, type ApiHarness } from '../../../../test/security/api-harness.js';
import { SIGN_IN_FAILED, MAX_FAILED_ATTEMPTS, pauseSeconds } from './login.service.js';
import { LOGIN_ATTEMPTS_PER_MINUTE } from './login-throttle.js';
import { setSessionCookie } from './session-cookie.js';
import { seedDemoUsers } from './demo-users.js';

/**
 * Sign-in, sessions and the CSRF rule over HTTP against the real api and PostgreSQL (docs/architecture.md invariant 9:
 * every read and write is attributable to an authenticated user).
 */
describe('sign-in and sessions', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('signin');
  });
  afterAll(async () => {
    await h?.close();
  });

  const me = (cookie?: string) =>
    h.app.inject({ method: 'GET', url: '/api/auth/me', headers: cookie ? { cookie } : {} });
  const login = (username: string, password: string, ip = nextIp(), headers: Record<string, string> = XHR) =>
    h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers,
      payload: { username, password },
      remoteAddress: ip,
    });
  const audit = (action: string, username?: string) =>
    h.sql(
      `SELECT * FROM audit_event WHERE action = $1 ${username ? 'AND username = $2' : ''} ORDER BY id`,
      username ? [action, username] : [action],
    );

  it('signs in with the right password: returns Me and an httpOnly, SameSite=Strict session cookie', async () => {
    const res = await login('cw-north-1', 'demo-password-1');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: expect.any(String),
      username: 'cw-north-1',
      displayName: 'North caseworker 1',
      role: 'caseworker',
      teamId: 'north',
      teamName: 'North team',
    });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^ehc_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/); // COOKIE_SECURE is false in tests
    const cookie = sessionCookieOf(res.headers['set-cookie']);
    const who = await me(cookie);
    expect(who.statusCode).toBe(200);
    expect(who.json().username).toBe('cw-north-1');
    // Only the token's hash is stored.
    const token = cookie.split('=')[1];
    expect(await h.sql(`SELECT 1 FROM user_session WHERE id = $1`, [token])).toHaveLength(0);
    expect((await audit('auth.login', 'cw-north-1')).length).toBe(1);
  });

  it('seeds the demo teams and accounts idempotently: admin, board, a manager and four caseworkers per team', async () => {
    const first = await h.sql(`SELECT username, password_hash FROM app_user ORDER BY username`);
    const list = await seedDemoUsers(h.db.dataSource);
    expect(list).toHaveLength(17);
    expect(list.filter((u) => u.role === 'caseworker')).toHaveLength(12);
    expect(list.find((u) => u.username === 'manager-south')).toEqual({
      username: 'manager-south',
      password: 'demo-password-1',
      role: 'team-manager',
      team: 'south',
    });
    expect(await h.sql(`SELECT username, password_hash FROM app_user ORDER BY username`)).toEqual(first);
    expect(await h.sql(`SELECT id, name FROM team ORDER BY id`)).toEqual([
      { id: 'east', name: 'East team' },
      { id: 'north', name: 'North team' },
      { id: 'south', name: 'South team' },
    ]);
    expect(first[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('usernames are case-insensitive and trimmed', async () => {
    expect((await login('  CW-North-2 ', 'demo-password-1')).statusCode).toBe(200);
  });

  it('gives one and the same message for a wrong password and an unknown user, and records both', async () => {
    const wrong = await login('cw-north-3', 'not-the-password');
    const unknown = await login('nobody-here', 'demo-password-1');
    for (const r of [wrong, unknown]) {
      expect(r.statusCode).toBe(401);
      expect(r.json()).toEqual({
        type: 'urn:ehc:problem:sign-in-failed',
        title: 'Sign-in failed',
        status: 401,
        detail: SIGN_IN_FAILED,
        instance: '/api/auth/login',
        statusCode: 401,
        code: 'SIGN_IN_FAILED',
        message: SIGN_IN_FAILED,
      });
      expect(r.headers['set-cookie']).toBeUndefined();
    }
    const failed = await audit('auth.login-failed');
    expect(failed.some((e) => e.username === 'cw-north-3' && e.detail.reason === 'wrong-password')).toBe(true);
    expect(failed.some((e) => e.username === null && e.detail.reason === 'unknown-user')).toBe(true);
    // The attempted unknown name is not kept (people type passwords into the username box).
    expect(JSON.stringify(failed)).not.toContain('nobody-here');
  });

  it(`slows an account down after ${MAX_FAILED_ATTEMPTS} consecutive failures (a pause, not a lock), with the same message, recorded in the audit`, async () => {
    const ip = nextIp();
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++)
      expect((await login('cw-south-1', `wrong-${i}`, ip)).statusCode).toBe(401);
    const [u] = await h.sql(`SELECT failed_attempts, locked_until FROM app_user WHERE username = 'cw-south-1'`);
    expect(u.failed_attempts).toBe(MAX_FAILED_ATTEMPTS);
    expect(new Date(u.locked_until).getTime()).toBe(h.clock.now().getTime() + pauseSeconds(MAX_FAILED_ATTEMPTS) * 1000);
    expect(await audit('auth.slowed-down', 'cw-south-1')).toHaveLength(1);

    // Even the right password is refused during the pause, with the generic message.
    const paused = await login('cw-south-1', 'demo-password-1', ip);
    expect(paused.statusCode).toBe(401);
    expect(paused.json().message).toBe(SIGN_IN_FAILED);
    expect((await audit('auth.login-failed', 'cw-south-1')).some((e) => e.detail.reason === 'paused')).toBe(true);

    h.clock.set(new Date(h.clock.now().getTime() + pauseSeconds(MAX_FAILED_ATTEMPTS) * 1000));
    expect((await login('cw-south-1', 'demo-password-1')).statusCode).toBe(200);
    const [after] = await h.sql(`SELECT failed_attempts, locked_until FROM app_user WHERE username = 'cw-south-1'`);
    expect(after).toEqual({ failed_attempts: 0, locked_until: null });
  });

  it('a success resets the count: failures must be consecutive to lock', async () => {
    const ip = nextIp();
    for (let i = 0; i < MAX_FAILED_ATTEMPTS - 1; i++) await login('cw-south-2', 'wrong', ip);
    expect((await login('cw-south-2', 'demo-password-1', ip)).statusCode).toBe(200);
    for (let i = 0; i < MAX_FAILED_ATTEMPTS - 1; i++) await login('cw-south-2', 'wrong', ip);
    expect((await login('cw-south-2', 'demo-password-1', ip)).statusCode).toBe(200);
  });

  it(`rate-limits sign-in to ${LOGIN_ATTEMPTS_PER_MINUTE} attempts a minute per address: 429 with Retry-After`, async () => {
    h.clock.set('2025-03-04T10:00:30Z');
    const ip = nextIp();
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_MINUTE; i++) {
      expect((await login(`ghost-${i}`, 'whatever-password', ip)).statusCode).toBe(401);
    }
    const limited = await login('cw-east-1', 'demo-password-1', ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('30');
    expect(limited.json().code).toBe('TOO_MANY_ATTEMPTS');
    expect(limited.headers['set-cookie']).toBeUndefined();
    // Another address is not affected; the limited one recovers in the next minute.
    expect((await login('cw-east-1', 'demo-password-1')).statusCode).toBe(200);
    h.clock.set('2025-03-04T10:01:00Z');
    expect((await login('cw-east-1', 'demo-password-1', ip)).statusCode).toBe(200);
    expect((await audit('auth.login-throttled')).length).toBeGreaterThanOrEqual(1);
  });

  it('sign-out ends the session on the server: the old cookie is refused afterwards', async () => {
    const cookie = await h.login('cw-north-4');
    expect((await me(cookie)).statusCode).toBe(200);
    const out = await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...XHR, cookie } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/ehc_session=;/);
    const again = await me(cookie);
    expect(again.statusCode).toBe(401);
    expect(again.json().code).toBe('UNAUTHENTICATED');
    expect(await audit('auth.logout', 'cw-north-4')).toHaveLength(1);
    // Signing out twice (or without a session) is harmless.
    expect(
      (await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...XHR, cookie } })).statusCode,
    ).toBe(204);
  });

  it('ends a session left idle longer than SESSION_IDLE_MINUTES; activity keeps it alive', async () => {
    const idle = h.config.sessionIdleMinutes;
    const cookie = await h.login('cw-east-2');
    const step = (minutes: number) => h.clock.set(new Date(h.clock.now().getTime() + minutes * 60_000));
    step(idle - 1);
    expect((await me(cookie)).statusCode).toBe(200);
    step(idle - 1);
    expect((await me(cookie)).statusCode).toBe(200);
    step(idle);
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('tells the web app when the session will end (X-Session-Ends-At), for the timeout warning', async () => {
    const idle = h.config.sessionIdleMinutes;
    const cookie = await h.login('cw-east-4');
    const at = (minutesFromNow: number) => new Date(h.clock.now().getTime() + minutesFromNow * 60_000).toISOString();
    expect((await me(cookie)).headers['x-session-ends-at']).toBe(at(idle));
    // Within a minute of the last touch the timer is not refreshed, and the header says so.
    const before = at(idle);
    h.clock.set(new Date(h.clock.now().getTime() + 30_000));
    expect((await me(cookie)).headers['x-session-ends-at']).toBe(before);
    h.clock.set(new Date(h.clock.now().getTime() + 10 * 60_000));
    expect((await me(cookie)).headers['x-session-ends-at']).toBe(at(idle));
    // Kept busy until near the absolute limit, the absolute limit is the end.
    const [{ expires_at }] = await h.sql(
      `SELECT s.expires_at FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE u.username = 'cw-east-4' AND s.revoked_at IS NULL`,
    );
    const end = new Date(expires_at).getTime();
    while (h.clock.now().getTime() + 20 * 60_000 < end - 10 * 60_000) {
      h.clock.set(new Date(h.clock.now().getTime() + 20 * 60_000));
      expect((await me(cookie)).statusCode).toBe(200);
    }
    h.clock.set(new Date(end - 10 * 60_000));
    expect((await me(cookie)).headers['x-session-ends-at']).toBe(new Date(end).toISOString());
  });

  it('ends every session after SESSION_ABSOLUTE_HOURS, however active', async () => {
    const cookie = await h.login('cw-east-3');
    const start = h.clock.now().getTime();
    const end = start + h.config.sessionAbsoluteHours * 3_600_000;
    let t = start;
    while (t + 20 * 60_000 < end) {
      t += 20 * 60_000;
      h.clock.set(new Date(t));
      expect((await me(cookie)).statusCode).toBe(200);
    }
    h.clock.set(new Date(end));
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('refuses a missing, tampered, made-up or malformed session cookie with 401', async () => {
    const cookie = await h.login('cw-east-4');
    const token = cookie.split('=')[1];
    const flipped = `ehc_session=${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const madeUp = `ehc_session=${'a'.repeat(43)}`;
    for (const c of [
      undefined,
      flipped,
      madeUp,
      'ehc_session=',
      `ehc_session=${token}x`,
      `ehc_session=' OR 1=1 --`,
      `ehc_session=${'x'.repeat(4000)}`,
      `other=${token}`,
    ]) {
      const r = await me(c);
      expect([c, r.statusCode]).toEqual([c, 401]);
      expect(r.json().code).toBe('UNAUTHENTICATED');
    }
    expect((await me(cookie)).statusCode).toBe(200);
  });

  it('refuses a state-changing request without X-Requested-With: XMLHttpRequest (CSRF), signed in or not', async () => {
    const noHeader = await login('cw-north-1', 'demo-password-1', nextIp(), {});
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().code).toBe('CSRF_HEADER_MISSING');
    expect(noHeader.headers['set-cookie']).toBeUndefined();
    const wrongValue = await login('cw-north-1', 'demo-password-1', nextIp(), { 'x-requested-with': 'fetch' });
    expect(wrongValue.statusCode).toBe(403);

    const admin = await h.login('admin');
    const before = await h.sql(`SELECT count(*)::int AS n FROM school_closure`);
    const forged = await h.app.inject({
      method: 'POST',
      url: '/api/admin/closures',
      headers: { cookie: admin },
      payload: { closedFrom: '2025-07-23', reopensOn: '2025-09-03', description: 'Summer holiday' },
    });
    expect(forged.statusCode).toBe(403);
    expect(await h.sql(`SELECT count(*)::int AS n FROM school_closure`)).toEqual(before);
    const logoutForged = await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: admin } });
    expect(logoutForged.statusCode).toBe(403);
    expect((await me(admin)).statusCode).toBe(200);
  });

  it('disabling an account or resetting its password ends its sessions at once; a role change applies on the next request', async () => {
    const admin = await h.login('admin');
    const [{ id }] = await h.sql(`SELECT id FROM app_user WHERE username = 'manager-east'`);
    const patch = (payload: object) =>
      h.app.inject({ method: 'PATCH', url: `/api/admin/users/${id}`, headers: { ...XHR, cookie: admin }, payload });

    let cookie = await h.login('manager-east');
    expect((await h.app.inject({ method: 'GET', url: '/api/users', headers: { cookie } })).statusCode).toBe(200);
    expect((await patch({ role: 'board', teamId: null })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/users', headers: { cookie } })).statusCode).toBe(403);
    expect((await me(cookie)).json()).toMatchObject({ role: 'board', teamId: null });
    expect((await patch({ role: 'team-manager', teamId: 'east' })).statusCode).toBe(200);

    expect((await patch({ password: 'a-brand-new-passphrase' })).statusCode).toBe(200);
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await login('manager-east', 'demo-password-1')).statusCode).toBe(401);
    cookie = await h.login('manager-east', 'a-brand-new-passphrase');

    expect((await patch({ disabled: true })).json().disabled).toBe(true);
    expect((await me(cookie)).statusCode).toBe(401);
    const refused = await login('manager-east', 'a-brand-new-passphrase');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().message).toBe(SIGN_IN_FAILED);
    expect((await audit('admin.user.update')).map((e) => e.detail.changes)).toEqual(
      expect.arrayContaining([
        { role: { from: 'team-manager', to: 'board' }, teamId: { from: 'east', to: null } },
        { passwordReset: true },
        { disabled: { from: false, to: true } },
      ]),
    );
  });

  it('will not demote or disable the last active admin', async () => {
    const admin = await h.login('admin');
    const [{ id }] = await h.sql(`SELECT id FROM app_user WHERE username = 'admin'`);
    const r = await h.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${id}`,
      headers: { ...XHR, cookie: admin },
      payload: { disabled: true },
    });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('LAST_ADMIN');
  });

  it('sends security headers (helmet) and no CORS grant to other origins', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['strict-transport-security']).toBeDefined();
    expect(r.headers['x-powered-by']).toBeUndefined();
    // On every response, also errors that no handler answered (the headers are set in onRequest).
    const missing = await h.app.inject({ method: 'GET', url: '/api/no-such-route' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-security-policy']).toBe(r.headers['content-security-policy']);
    expect(missing.headers['x-frame-options']).toBe('DENY');
    const pre = await h.app.inject({
      method: 'OPTIONS',
      url: '/api/auth/login',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-requested-with',
      },
    });
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    expect(pre.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('never sends a stack trace: a body too large or invalid JSON is a plain problem', async () => {
    const big = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { ...XHR, 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'x', password: 'y'.repeat(h.config.bodyLimitBytes) }),
    });
    expect(big.statusCode).toBe(413);
    const bad = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { ...XHR, 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(bad.statusCode).toBe(400);
    for (const r of [big, bad]) {
      expect(r.body).not.toMatch(/stack|at .*\.(js|ts):\d+/);
      expect(Object.keys(r.json()).sort()).toEqual([
        'code',
        'detail',
        'instance',
        'message',
        'status',
        'statusCode',
        'title',
        'type',
      ]);
    }
  });
});

describe('session cookie', () => {
  it('is Secure when COOKIE_SECURE is true (production default)', async () => {
    const f = Fastify();
    await f.register(cookie);
    f.get('/', (_req, reply) => {
      setSessionCookie(reply, 'a'.repeat(43), loadConfig({ NODE_ENV: 'production' }));
      return 'ok';
    });
    const r = await f.inject({ method: 'GET', url: '/' });
    expect(String(r.headers['set-cookie'])).toMatch(/; Secure/);
    expect(String(r.headers['set-cookie'])).toMatch(/HttpOnly/);
    await f.close();
  });
});
