import { startApi, XHR, type ApiHarness } from './api-harness.js';

/**
 * An import is held to the events API's rules (no caseworker from another team, no system-only
 * event), and no answer — of an import or of POST /cases — reveals whether another team has a case reference.
 */
describe('imports and references stay inside the team', () => {
  let h: ApiHarness;
  let managerNorth: string;
  let cwSouth: string;
  const child = { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '2015-03-02' };
  const request = { type: 'RequestReceived', date: '2025-01-06', source: 'parent' };

  const importLines = async (cookie: string, lines: object[]) => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: lines.map((l) => JSON.stringify(l)).join('\n'),
      headers: { cookie, ...XHR, 'content-type': 'application/x-ndjson' },
    });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    h = await startApi('xteam');
    [managerNorth, cwSouth] = await Promise.all([h.login('manager-north'), h.login('cw-south-1')]);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses a line that assigns another team’s caseworker, naming the rule and storing nothing', async () => {
    const r = await importLines(managerNorth, [
      {
        reference: 'XT-CW-1',
        child,
        events: [request, { type: 'CaseworkerAssigned', date: '2025-01-07', caseworker: 'cw-south-1' }],
      },
    ]);
    expect(r.accepted).toBe(0);
    expect(r.rejected).toEqual([
      expect.objectContaining({
        line: 1,
        reference: 'XT-CW-1',
        reason: expect.stringMatching(/caseworker must be an active caseworker or manager of team north/),
      }),
    ]);
    expect(await h.sql(`SELECT 1 FROM ehc_case WHERE reference = 'XT-CW-1'`)).toHaveLength(0);
  });

  it('refuses a system-only event (DeadlineMissed), as the events API does', async () => {
    const r = await importLines(managerNorth, [
      {
        reference: 'XT-DM-1',
        child,
        events: [
          request,
          { type: 'DeadlineMissed', date: '2025-02-18', deadline: 'decision-to-assess', due: '2025-02-17' },
        ],
      },
    ]);
    expect(r.accepted).toBe(0);
    expect(r.rejected[0].reason).toMatch(/DeadlineMissed.*system only/);
    expect(await h.sql(`SELECT 1 FROM ehc_case WHERE reference = 'XT-DM-1'`)).toHaveLength(0);
  });

  it('accepts the team’s own caseworker, stores the events as the manager and audits each case with its id', async () => {
    const r = await importLines(managerNorth, [
      {
        reference: 'XT-OK-1',
        child,
        events: [request, { type: 'CaseworkerAssigned', date: '2025-01-07', caseworker: 'cw-north-2' }],
      },
    ]);
    expect(r).toMatchObject({ accepted: 1, rejected: [] });
    const [{ id, manager }] = await h.sql(
      `SELECT c.id, u.id AS manager FROM ehc_case c, app_user u WHERE c.reference = 'XT-OK-1' AND u.username = 'manager-north'`,
    );
    expect((await h.sql(`SELECT DISTINCT actor FROM case_event WHERE case_id = $1`, [id])).map((x) => x.actor)).toEqual(
      [manager],
    );
    expect(await h.sql(`SELECT username FROM audit_event WHERE action = 'case.import' AND case_id = $1`, [id])).toEqual(
      [{ username: 'manager-north' }],
    );
  });

  it('another team’s reference is invisible: an import and POST /cases with it both succeed, as for a free reference', async () => {
    const south = await h.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie: cwSouth, ...XHR },
      payload: { reference: 'XT-SHARED-1', teamId: 'south', child, request: { date: '2025-01-06', source: 'parent' } },
    });
    expect(south.statusCode).toBe(201);
    // The same reference with other events: answered exactly as a reference nobody has.
    const r = await importLines(managerNorth, [
      { reference: 'XT-SHARED-1', child, events: [{ ...request, date: '2025-01-08' }] },
    ]);
    expect(r).toMatchObject({ accepted: 1, unchanged: 0, rejected: [] });
    const cwNorth = await h.login('cw-north-1');
    const north = await h.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie: cwNorth, ...XHR },
      payload: { reference: 'XT-SHARED-2', teamId: 'north', child, request: { date: '2025-01-06', source: 'parent' } },
    });
    expect(north.statusCode).toBe(201);
    const southAgain = await h.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie: cwSouth, ...XHR },
      payload: { reference: 'XT-SHARED-2', teamId: 'south', child, request: { date: '2025-01-06', source: 'parent' } },
    });
    expect(southAgain.statusCode).toBe(201);
    // Within one team a reference is still unique.
    const dup = await h.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie: cwSouth, ...XHR },
      payload: { reference: 'XT-SHARED-2', teamId: 'south', child, request: { date: '2025-01-06', source: 'parent' } },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('REFERENCE_TAKEN');
  });
});
