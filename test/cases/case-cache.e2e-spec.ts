import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CaseStateCache } from '@ehc/persistence';
import { createApi } from '../../apps/api/src/app.factory.js';
import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';

/**
 * Each api process keeps folded cases by (case, version) and answers a command at a cached version with one
 * statement. Two api processes on one database (two apps, two caches) must still behave as one: the version in the
 * database decides, a write by the other process is never hidden, and every refusal is the one the full path gives.
 */
describe('case state cache over HTTP, two api processes on one database (e2e)', () => {
  let h: ApiHarness;
  let b: NestFastifyApplication; // the second process
  let cwA: string;
  let cwB: string;
  let southManager: string;

  const call = (app: NestFastifyApplication, cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({ method, url, payload: payload as any, headers: { cookie, ...XHR } });
  const append = (
    app: NestFastifyApplication,
    cookie: string,
    id: string,
    expectedVersion: number,
    event: Record<string, unknown>,
    eventId?: string,
  ) => call(app, cookie, 'POST', `/api/cases/${id}/events`, { expectedVersion, eventId, event });
  const openCase = async () => {
    const res = await call(h.app, cwA, 'POST', '/api/cases', {
      teamId: 'north',
      child: { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '2015-03-02' },
      request: { date: '2025-03-03', source: 'parent' },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; version: number };
  };
  const stored = async (id: string) => ({
    versions: (await h.sql(`SELECT version FROM case_event WHERE case_id = $1 ORDER BY version`, [id])).map(
      (r) => r.version,
    ),
    writes: (
      await h.sql(`SELECT count(*)::int AS n FROM audit_event WHERE case_id = $1 AND action = 'case.write'`, [id])
    )[0].n,
  });

  beforeAll(async () => {
    h = await startApi('casecache');
    b = await createApi({ config: h.config, dataSource: h.db.dataSource, webRoot: null, clock: h.clock });
    await b.init();
    await b.getHttpAdapter().getInstance().ready();
    cwA = await h.login('cw-north-1');
    const res = await b.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: XHR,
      payload: { username: 'cw-north-1', password: 'demo-password-1' },
      remoteAddress: '10.9.9.9',
    });
    cwB = res.headers['set-cookie'] ? String(res.headers['set-cookie']).split(';')[0] : '';
    expect(cwB).toMatch(/^ehc_session=/);
    southManager = await h.login('manager-south');
  });
  afterAll(async () => {
    await b.close(); // closes the shared pool too; the harness then only drops the database
    await h.close();
  });

  const direct = () => h.app.get(CaseStateCache).stats.direct;

  it('a command answered from the cache gives the same case as a fresh read in the other process', async () => {
    const c = await openCase();
    const before = direct();
    const res = await append(h.app, cwA, c.id, c.version, { type: 'DecidedToAssess', date: '2025-03-03' });
    expect(res.statusCode).toBe(200);
    expect(direct()).toBe(before + 1); // decided on the state cached when the case was opened, no read
    const fresh = await call(b, cwB, 'GET', `/api/cases/${c.id}`);
    expect(fresh.statusCode).toBe(200);
    expect(res.json()).toEqual(fresh.json());
    expect(await stored(c.id)).toEqual({ versions: [1, 2, 3], writes: 1 });
  });

  it('a version written by the other process is read, never hidden by the cached one', async () => {
    const c = await openCase();
    expect((await call(h.app, cwA, 'GET', `/api/cases/${c.id}`)).json().version).toBe(c.version); // cached in A
    const byB = await append(b, cwB, c.id, c.version, { type: 'DecidedToAssess', date: '2025-03-03' });
    expect(byB.statusCode).toBe(200);
    // A still holds the old version in its cache, but answers with the database's.
    const readA = await call(h.app, cwA, 'GET', `/api/cases/${c.id}`);
    expect(readA.json()).toEqual(byB.json());
    // A command at the old version is refused by the version check, naming the current version.
    const stale = await append(h.app, cwA, c.id, c.version, {
      type: 'AdviceRequested',
      date: '2025-03-03',
      adviceId: 'ep',
      provider: 'psychology',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: c.version + 1 });
    const ok = await append(h.app, cwA, c.id, c.version + 1, {
      type: 'AdviceRequested',
      date: '2025-03-03',
      adviceId: 'ep',
      provider: 'psychology',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual((await call(b, cwB, 'GET', `/api/cases/${c.id}`)).json());
    expect(await stored(c.id)).toEqual({ versions: [1, 2, 3, 4], writes: 2 });
  });

  it('at a cached version, another team still gets "not found" and an unknown or disabled caseworker 422; nothing is stored', async () => {
    const c = await openCase();
    const before = await stored(c.id);
    const directBefore = direct();
    // manager-south at the right version of north's case: the statement's team check fails, the full path says 404.
    const south = await append(h.app, southManager, c.id, c.version, { type: 'DecidedToAssess', date: '2025-03-03' });
    expect([south.statusCode, south.json().code]).toEqual([404, 'NOT_FOUND']);
    const manager = await h.login('manager-north');
    for (const caseworker of ['cw-south-1', 'nobody-here']) {
      const r = await append(h.app, manager, c.id, c.version, {
        type: 'CaseworkerAssigned',
        date: '2025-03-03',
        caseworker,
      });
      expect([caseworker, r.statusCode, r.json().code]).toEqual([caseworker, 422, 'UNKNOWN_CASEWORKER']);
    }
    await h.sql(`UPDATE app_user SET disabled = true WHERE username = 'cw-north-3'`);
    const disabled = await append(h.app, manager, c.id, c.version, {
      type: 'CaseworkerAssigned',
      date: '2025-03-03',
      caseworker: 'cw-north-3',
    });
    expect([disabled.statusCode, disabled.json().code]).toEqual([422, 'UNKNOWN_CASEWORKER']);
    await h.sql(`UPDATE app_user SET disabled = false WHERE username = 'cw-north-3'`);
    // A caseworker may assign only themselves (403), and the statechart's refusals are unchanged (reg 13(1)).
    const other = await append(h.app, cwA, c.id, c.version, {
      type: 'CaseworkerAssigned',
      date: '2025-03-03',
      caseworker: 'cw-north-2',
    });
    expect([other.statusCode, other.json().code]).toEqual([403, 'FORBIDDEN']);
    const early = await append(h.app, cwA, c.id, c.version, {
      type: 'FinalPlanIssued',
      date: '2025-03-03',
      placement: 'mainstream',
    });
    expect([early.statusCode, early.json().code]).toEqual([409, 'EVENT_NOT_ALLOWED']);
    expect(await stored(c.id)).toEqual(before);
    expect(direct()).toBe(directBefore);
    // The manager may assign an active caseworker of the team; the answer names them.
    const good = await append(h.app, manager, c.id, c.version, {
      type: 'CaseworkerAssigned',
      date: '2025-03-03',
      caseworker: 'cw-north-2',
    });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toMatchObject({
      caseworker: 'cw-north-2',
      caseworkerName: expect.any(String),
      version: c.version + 1,
    });
    expect(direct()).toBe(directBefore + 1);
  });

  it('a retry of a command already applied (same event id, old version) is answered as applied, once', async () => {
    const c = await openCase();
    const eventId = randomUUID();
    const first = await append(h.app, cwA, c.id, c.version, { type: 'DecidedToAssess', date: '2025-03-03' }, eventId);
    expect(first.statusCode).toBe(200);
    for (const app of [h.app, b]) {
      const again = await append(
        app,
        app === b ? cwB : cwA,
        c.id,
        c.version,
        { type: 'DecidedToAssess', date: '2025-03-03' },
        eventId,
      );
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(first.json());
    }
    // The same id for a different event is a client bug, whichever version it names.
    const reused = await append(
      h.app,
      cwA,
      c.id,
      c.version + 1,
      { type: 'AdviceRequested', date: '2025-03-03', adviceId: 'x', provider: 'health' },
      eventId,
    );
    expect([reused.statusCode, reused.json().code]).toEqual([409, 'EVENT_ID_REUSED']);
    expect((await stored(c.id)).versions).toEqual([1, 2, 3]);
  });
});
