import { startApi, XHR, nextIp, type ApiHarness } from './api-harness.js';

/**
 * Hostile input into every text field and query parameter of the sign-in, directory, admin and closure endpoints:
 * SQL-injection strings and oversized values get a 4xx, never a 5xx, and leave the database exactly as it was
 * (docs/architecture.md invariant 8: nothing of a rejected command is stored).
 */
const SQLI = [
  "' OR 1=1 --",
  "'; DROP TABLE case_event; --",
  "admin'--",
  '"; SELECT pg_sleep(5); --',
  '\u0000',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
];
const OVERSIZED = ['x'.repeat(5_000), 'x'.repeat(200_000)]; // above every field limit; the second above the body limit
const HOSTILE = [...SQLI, ...OVERSIZED];

const TABLES = [
  'team',
  'app_user',
  'user_session',
  'school_closure',
  'ehc_case',
  'case_event',
  'case_summary',
  'case_deadline',
];

describe('attack inputs', () => {
  let h: ApiHarness;
  let admin: string;
  let cw: string;
  let userId: string;
  let closureId: string;

  /** A fingerprint of every row that matters. Sign-in attempts may move the lock-out counters (that is the lock-out working). */
  const snapshot = async (ignoreCounters = false) => {
    const out: Record<string, unknown> = {};
    for (const t of TABLES) {
      const row =
        t === 'app_user' && ignoreCounters
          ? `(x.id, x.username, x.display_name, x.role, x.team_id, x.password_hash, x.disabled, x.created_at)`
          : 'x';
      out[t] = (
        await h.sql(
          `SELECT md5(coalesce(string_agg(${row}::text, ',' ORDER BY ${row}::text), '')) AS h, count(*)::int AS n FROM ${t} x`,
        )
      )[0];
    }
    return out;
  };

  beforeAll(async () => {
    h = await startApi('attack');
    admin = await h.login('admin');
    cw = await h.login('cw-north-1');
    [{ id: userId }] = await h.sql(`SELECT id FROM app_user WHERE username = 'cw-north-2'`);
    const c = await h.app.inject({
      method: 'POST',
      url: '/api/admin/closures',
      headers: { ...XHR, cookie: admin },
      payload: { closedFrom: '2025-07-23', reopensOn: '2025-09-03', description: 'Summer holiday' },
    });
    closureId = c.json().id;
  });
  afterAll(async () => {
    await h?.close();
  });

  interface Attack {
    name: string;
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
    url: (v: string) => string;
    payload?: (v: string) => object;
    cookie: () => string | undefined;
    /** Values this field rightly accepts as data (O'Brien-Smith is a name; so is admin'--): tested to round-trip verbatim instead. */
    legit?: string[];
  }

  const validUser = {
    username: 'attack.target',
    displayName: 'Attack Target',
    role: 'caseworker',
    teamId: 'north',
    password: 'a-valid-long-password',
  };
  const validClosure = {
    settingId: '100001',
    closedFrom: '2025-10-27',
    reopensOn: '2025-11-03',
    description: 'Half term',
  };
  const q = encodeURIComponent;

  const attacks: Attack[] = [
    // Sign-in: a hostile username can only ever fail to sign in. Each attempt from its own address (rate limit).
    {
      name: 'login.username',
      method: 'POST',
      url: () => '/api/auth/login',
      payload: (v) => ({ username: v, password: 'demo-password-1' }),
      cookie: () => undefined,
    },
    {
      name: 'login.password',
      method: 'POST',
      url: () => '/api/auth/login',
      payload: (v) => ({ username: 'cw-north-3', password: v }),
      cookie: () => undefined,
    },
    { name: 'users?team', method: 'GET', url: (v) => `/api/users?team=${q(v)}`, cookie: () => admin },
    { name: 'closures?setting', method: 'GET', url: (v) => `/api/closures?setting=${q(v)}`, cookie: () => cw },
    { name: 'closures?from', method: 'GET', url: (v) => `/api/closures?from=${q(v)}`, cookie: () => cw },
    { name: 'closures?to', method: 'GET', url: (v) => `/api/closures?to=${q(v)}`, cookie: () => cw },
    {
      name: 'admin/closures?setting',
      method: 'GET',
      url: (v) => `/api/admin/closures?setting=${q(v)}`,
      cookie: () => admin,
    },
    ...(['settingId', 'closedFrom', 'reopensOn', 'description'] as const).map((f): Attack => ({
      name: `closure.${f}`,
      method: 'POST',
      url: () => '/api/admin/closures',
      payload: (v) => ({ ...validClosure, [f]: v }),
      cookie: () => admin,
      legit: f === 'description' ? ["admin'--"] : [],
    })),
    { name: 'closure/:id', method: 'DELETE', url: (v) => `/api/admin/closures/${q(v)}`, cookie: () => admin },
    ...(['username', 'displayName', 'role', 'teamId', 'email'] as const).map((f): Attack => ({
      name: `create-user.${f}`,
      method: 'POST',
      url: () => '/api/admin/users',
      payload: (v) => ({ ...validUser, [f]: v }),
      cookie: () => admin,
      legit: f === 'displayName' ? ["admin'--"] : [],
    })),
    ...(['displayName', 'role', 'teamId', 'email'] as const).map((f): Attack => ({
      name: `update-user.${f}`,
      method: 'PATCH',
      url: () => `/api/admin/users/${userId}`,
      payload: (v) => ({ [f]: v }),
      cookie: () => admin,
      legit: f === 'displayName' ? ["admin'--"] : [],
    })),
    {
      name: 'update-user/:id',
      method: 'PATCH',
      url: (v) => `/api/admin/users/${q(v)}`,
      payload: () => ({ disabled: true }),
      cookie: () => admin,
    },
    ...(['user', 'case', 'action', 'from', 'to', 'format', 'limit', 'cursor'] as const).map((p): Attack => ({
      name: `audit?${p}`,
      method: 'GET',
      url: (v) => `/api/admin/audit?${p}=${q(v)}`,
      cookie: () => admin,
    })),
    {
      name: 'unknown body field',
      method: 'POST',
      url: () => '/api/admin/closures',
      payload: (v) => ({ ...validClosure, ['x' + v.slice(0, 20)]: v }),
      cookie: () => admin,
    },
  ];

  it.each(attacks.map((a) => [a.name, a] as const))(
    '%s: every hostile value gets a 4xx and changes nothing',
    async (_name, a) => {
      const isLogin = a.name.startsWith('login.');
      const before = await snapshot(isLogin);
      const statuses: string[] = [];
      for (const v of HOSTILE.filter((x) => !a.legit?.includes(x))) {
        const cookie = a.cookie();
        const res = await h.app.inject({
          method: a.method,
          url: a.url(v),
          remoteAddress: nextIp(),
          headers: { ...XHR, ...(cookie ? { cookie } : {}) },
          ...(a.payload ? { payload: a.payload(v) } : {}),
        });
        if (res.statusCode < 400 || res.statusCode >= 500)
          statuses.push(`${JSON.stringify(v.slice(0, 30))} → ${res.statusCode} ${res.body.slice(0, 200)}`);
        // No stack traces, no echo of the hostile value.
        expect(res.body).not.toMatch(/\bat [\w.<>]+ \(|node_modules/);
        if (v.length > 100) expect(res.body).not.toContain(v.slice(0, 100));
      }
      expect(statuses).toEqual([]);
      expect(await snapshot(isLogin)).toEqual(before);
      expect(await h.sql(`SELECT to_regclass('case_event') IS NOT NULL AS ok`)).toEqual([{ ok: true }]);
    },
  );

  it("a display name may contain quotes and hyphens: admin'-- is stored verbatim, as data", async () => {
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: { ...XHR, cookie: admin },
      payload: { ...validUser, username: 'quoted.name', displayName: "admin'--" },
    });
    expect(created.statusCode).toBe(201);
    expect(await h.sql(`SELECT display_name FROM app_user WHERE username = 'quoted.name'`)).toEqual([
      { display_name: "admin'--" },
    ]);
    const patched = await h.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${userId}`,
      headers: { ...XHR, cookie: admin },
      payload: { displayName: "O'Brien-Smith" },
    });
    expect(patched.json().displayName).toBe("O'Brien-Smith");
    expect(await h.sql(`SELECT count(*)::int AS n FROM app_user WHERE display_name = 'admin''--'`)).toEqual([{ n: 1 }]);
  });

  it('a password may contain any characters: an injection string is stored only as its argon2id hash and works as a password', async () => {
    const evil = "'; DROP TABLE case_event; --";
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: { ...XHR, cookie: admin },
      payload: { ...validUser, username: 'evil.password', password: evil },
    });
    expect(created.statusCode).toBe(201);
    const [row] = await h.sql(`SELECT password_hash FROM app_user WHERE username = 'evil.password'`);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await h.sql(`SELECT count(*)::int AS n FROM audit_event WHERE detail::text LIKE '%DROP TABLE%'`)).toEqual([
      { n: 0 },
    ]);
    expect((await h.login('evil.password', evil)).length).toBeGreaterThan(0);
    expect(await h.sql(`SELECT to_regclass('case_event') IS NOT NULL AS ok`)).toEqual([{ ok: true }]);
  });

  it('the closure set-up row is still there (the DELETE attacks never matched it)', async () => {
    expect(await h.sql(`SELECT id FROM school_closure WHERE id = $1`, [closureId])).toHaveLength(1);
  });
});
