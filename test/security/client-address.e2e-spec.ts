import { startApi, XHR, nextIp, type ApiHarness } from './api-harness.js';
import { LOGIN_ATTEMPTS_PER_MINUTE } from '../../apps/api/src/auth/login-throttle.js';
import { MAX_FAILED_ATTEMPTS, MAX_PAUSE_SECONDS } from '../../apps/api/src/auth/login.service.js';

/**
 * X-Forwarded-For is believed only from TRUSTED_PROXIES (none by default), only a valid IP
 * address is ever recorded, and sign-in is limited per account as well as per address, by slowing down (a pause of
 * at most a minute), never by a lock that anyone could renew for ever.
 */
const login = (h: ApiHarness, username: string, password: string, remoteAddress: string, xff?: string) =>
  h.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    remoteAddress,
    headers: { ...XHR, ...(xff ? { 'x-forwarded-for': xff } : {}) },
  });
const lastIpOf = async (h: ApiHarness, action: string) =>
  (await h.sql(`SELECT ip FROM audit_event WHERE action = $1 ORDER BY id DESC LIMIT 1`, [action]))[0]?.ip;

describe('client address with no trusted proxy (the default)', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('xff-none');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a new X-Forwarded-For per request does not get past the per-address sign-in limit', async () => {
    h.clock.set('2025-03-04T10:00:10Z');
    const peer = nextIp();
    const codes: number[] = [];
    for (let i = 0; i <= LOGIN_ATTEMPTS_PER_MINUTE; i++)
      codes.push((await login(h, `ghost-${i}`, 'whatever-password', peer, `198.51.100.${i + 1}`)).statusCode);
    expect(codes.slice(0, LOGIN_ATTEMPTS_PER_MINUTE).every((c) => c === 401)).toBe(true);
    expect(codes[LOGIN_ATTEMPTS_PER_MINUTE]).toBe(429);
  });

  it('records the TCP peer, never the header (a formula in X-Forwarded-For does not reach the audit trail)', async () => {
    const peer = nextIp();
    await login(h, 'nobody-here', 'whatever-password', peer, '=HYPERLINK("http://evil.example","x")');
    expect(await lastIpOf(h, 'auth.login-failed')).toBe(peer);
  });

  it(`pauses one account after ${MAX_FAILED_ATTEMPTS} failures from many addresses, and never for more than ${MAX_PAUSE_SECONDS} s`, async () => {
    h.clock.set('2025-03-05T09:00:00Z');
    // Twelve wrong guesses at the admin, each from a fresh address (the per-address limit never triggers).
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++)
      expect((await login(h, 'admin', `guess-${i}`, nextIp())).statusCode).toBe(401);
    // Paused: the right password from yet another address is refused for now …
    expect((await login(h, 'admin', 'demo-password-1', nextIp())).statusCode).toBe(401);
    for (let i = 0; i < 7; i++) {
      h.clock.set(new Date(h.clock.now().getTime() + MAX_PAUSE_SECONDS * 1000));
      expect((await login(h, 'admin', `guess-more-${i}`, nextIp())).statusCode).toBe(401);
    }
    const [row] = await h.sql(`SELECT failed_attempts, locked_until FROM app_user WHERE username = 'admin'`);
    expect(row.failed_attempts).toBeGreaterThan(MAX_FAILED_ATTEMPTS);
    expect(new Date(row.locked_until).getTime() - h.clock.now().getTime()).toBeLessThanOrEqual(
      MAX_PAUSE_SECONDS * 1000,
    );
    // … but a minute after the attacker's last try the owner signs in: no lock-out for ever.
    h.clock.set(new Date(h.clock.now().getTime() + MAX_PAUSE_SECONDS * 1000));
    expect((await login(h, 'admin', 'demo-password-1', nextIp())).statusCode).toBe(200);
  });
});

describe('client address behind a trusted proxy', () => {
  let h: ApiHarness;
  const proxy = '10.200.0.1';
  beforeAll(async () => {
    h = await startApi('xff-trusted', { TRUSTED_PROXIES: `${proxy},10.201.0.0/16` });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('takes the client address from X-Forwarded-For set by a trusted proxy', async () => {
    await login(h, 'nobody-here', 'whatever-password', proxy, '203.0.113.7');
    expect(await lastIpOf(h, 'auth.login-failed')).toBe('203.0.113.7');
  });

  it('stores only a valid IP: text in X-Forwarded-For gives the proxy address instead', async () => {
    await login(h, 'nobody-here', 'whatever-password', proxy, '=HYPERLINK("http://evil.example","x")');
    expect(await lastIpOf(h, 'auth.login-failed')).toBe(proxy);
  });

  it('ignores X-Forwarded-For from an address that is not a trusted proxy', async () => {
    const peer = nextIp();
    await login(h, 'nobody-here', 'whatever-password', peer, '203.0.113.9');
    expect(await lastIpOf(h, 'auth.login-failed')).toBe(peer);
  });
});
