import { randomUUID } from 'node:crypto';
import { startApi, XHR, type ApiHarness } from './api-harness.js';

/** POST /cases is safe to retry, with the same eventId or the same Idempotency-Key. */
describe('opening a case is safe to retry', () => {
  let h: ApiHarness;
  let cw: string;
  let south: string;
  const child = { givenName: 'Rita', familyName: 'Retrytest', dateOfBirth: '2016-01-02' };
  const body = (extra: object = {}) => ({
    teamId: 'north',
    child,
    request: { date: '2025-03-03', source: 'parent' },
    ...extra,
  });
  const post = (payload: object, headers: Record<string, string> = {}, cookie = cw) =>
    h.app.inject({ method: 'POST', url: '/api/cases', headers: { ...XHR, cookie, ...headers }, payload });
  const cases = async () => (await h.sql(`SELECT count(*)::int AS n FROM ehc_case`))[0].n;

  beforeAll(async () => {
    h = await startApi('createretry');
    [cw, south] = await Promise.all([h.login('cw-north-1'), h.login('cw-south-1')]);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a retry with the same eventId answers the same case (no 500, no second case), audited as a replay', async () => {
    const eventId = randomUUID();
    const first = await post(body({ eventId }));
    expect(first.statusCode).toBe(201);
    const n = await cases();
    const again = await post(body({ eventId }));
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    expect(await cases()).toBe(n);
    const audit = await h.sql(
      `SELECT detail FROM audit_event WHERE action = 'case.create' AND case_id = $1 ORDER BY id`,
      [first.json().id],
    );
    expect(audit.map((a) => !!a.detail.replay)).toEqual([false, true]);
  });

  it('concurrent retries with one eventId open one case', async () => {
    const eventId = randomUUID();
    const n = await cases();
    const all = await Promise.all([1, 2, 3, 4].map(() => post(body({ eventId }))));
    expect(all.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
    expect(new Set(all.map((r) => r.json().id)).size).toBe(1);
    expect(await cases()).toBe(n + 1);
  });

  it('a retry without an eventId but with the same Idempotency-Key answers the same case', async () => {
    const key = randomUUID();
    const first = await post(body(), { 'idempotency-key': key });
    const n = await cases();
    const again = await post(body(), { 'idempotency-key': key });
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.json().id).toBe(first.json().id);
    expect(await cases()).toBe(n);
    // Another user's same key is another key.
    const cw2 = await h.login('cw-north-2');
    const other = await post(body({ caseworker: 'cw-north-2' }), { 'idempotency-key': key }, cw2);
    expect(other.statusCode).toBe(201);
    expect(other.json().id).not.toBe(first.json().id);
  });

  it('the same eventId for a different request is refused (409), never answered with the earlier case', async () => {
    const eventId = randomUUID();
    expect((await post(body({ eventId }))).statusCode).toBe(201);
    const changed = await post(body({ eventId, request: { date: '2025-03-01', source: 'parent' } }));
    expect(changed.statusCode).toBe(409);
    expect(changed.json().code).toBe('EVENT_ID_REUSED');
    const otherTeam = await post({ ...body({ eventId }), teamId: 'south' }, {}, south);
    expect(otherTeam.statusCode).toBe(409);
    expect(JSON.stringify(otherTeam.json())).not.toContain('Retrytest');
  });

  it('refuses a malformed Idempotency-Key', async () => {
    const r = await post(body(), { 'idempotency-key': 'a b' });
    expect(r.statusCode).toBe(400);
  });
});
