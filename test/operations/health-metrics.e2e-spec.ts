import pg from 'pg';
import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';

// Operations: liveness and readiness kept apart (a Redis outage must not take the api out of service), the failing
// dependency named, and Prometheus metrics without any personal data.
describe('health: liveness and readiness', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('health');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('live answers 200 without touching a dependency; ready is ok with PostgreSQL and Redis up', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/health/live' })).json()).toEqual({ status: 'ok' });
    const ready = await h.app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'ok',
      failing: [],
      checks: { database: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('ready is 503 naming the database when PostgreSQL refuses connections; live stays 200', async () => {
    const admin = new pg.Client({
      connectionString: process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${h.db.name}" ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [h.db.name]);
      const ready = await h.app.inject({ method: 'GET', url: '/api/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'down', failing: ['database'] });
      expect((await h.app.inject({ method: 'GET', url: '/api/health/live' })).statusCode).toBe(200);
    } finally {
      await admin.query(`ALTER DATABASE "${h.db.name}" ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    // The pool reconnects once the database accepts connections again.
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++)
      status = (await h.app.inject({ method: 'GET', url: '/api/health/ready' })).statusCode;
    expect(status).toBe(200);
  });
});

describe('health: Redis down', () => {
  let h: ApiHarness;
  // Port 1 on loopback: nothing listens there, so every Redis command fails.
  beforeAll(async () => {
    h = await startApi('health-noredis', { REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('ready stays 200 as "degraded" naming redis, and the api still serves a signed-in read', async () => {
    const ready = await h.app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'degraded',
      failing: ['redis'],
      checks: { database: { status: 'up' }, redis: { status: 'down' } },
    });
    const cookie = await h.login('cw-north-1');
    expect((await h.app.inject({ method: 'GET', url: '/api/cases', headers: { cookie } })).statusCode).toBe(200);
  }, 30_000);
});

describe('metrics', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('metrics', { METRICS_TOKEN: 'metrics-token-for-tests' });
  });
  afterAll(async () => {
    await h?.close();
  });

  const scrape = async () => {
    const r = await h.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer metrics-token-for-tests' },
    });
    expect(r.statusCode).toBe(200);
    return r.body;
  };

  it('needs the bearer token when METRICS_TOKEN is set', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect(
      (
        await h.app.inject({
          method: 'GET',
          url: '/metrics',
          headers: { authorization: 'Bearer wrong-token-wrong-token' },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('counts requests by route template (never by id), and reports outbox, pool, jobs and imports', async () => {
    const cookie = await h.login('manager-north');
    await h.app.inject({ method: 'GET', url: '/api/cases/00000000-0000-4000-8000-000000000001', headers: { cookie } });
    const line = JSON.stringify({
      reference: 'OPS-METRICS-1',
      child: { givenName: 'Mia', familyName: 'Wright', dateOfBirth: '2016-05-01' },
      events: [{ type: 'RequestReceived', date: '2025-02-03', source: 'parent' }],
    });
    const imp = await h.app.inject({
      method: 'POST',
      url: '/api/imports',
      headers: { cookie, ...XHR, 'content-type': 'application/x-ndjson' },
      payload: `${line}\n`,
    });
    expect(imp.json()).toMatchObject({ accepted: 1 });
    const body = await scrape();
    expect(body).toMatch(/ehc_http_request_duration_seconds_count\{[^}]*route="\/api\/cases\/:id"[^}]*\} 1/);
    expect(body).not.toContain('00000000-0000-4000-8000-000000000001');
    expect(body).not.toMatch(/Wright|OPS-METRICS-1/);
    expect(body).toMatch(/ehc_import_lines_total\{outcome="accepted"[^}]*\} 1/);
    expect(body).toMatch(/ehc_outbox_pending\{[^}]*\} \d+/);
    expect(body).toMatch(/ehc_db_pool_connections\{[^}]*\} [1-9]/);
    expect(body).toMatch(/ehc_deadline_jobs\{state="delayed"[^}]*\} \d+/);
    expect(body).toMatch(/process_cpu_seconds_total/);
  });
});
