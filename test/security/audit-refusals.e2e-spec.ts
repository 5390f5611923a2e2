import { randomUUID } from 'node:crypto';
import { startApi, XHR, type ApiHarness } from './api-harness.js';

/**
 * Refusals are audited (another team's case read or written, a stale 409, an invalid command),
 * case.create's row commits with the case, and an identical retry is marked as a replay.
 */
describe('audit of refusals, creations and replays', () => {
  let h: ApiHarness;
  let cw: string;
  let south: string;
  let caseId: string;
  const child = { givenName: 'Amelia', familyName: 'Refusaltest', dateOfBirth: '2015-06-01' };

  beforeAll(async () => {
    h = await startApi('auditref');
    [cw, south] = await Promise.all([h.login('cw-north-1'), h.login('cw-south-1')]);
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { ...XHR, cookie: cw },
      payload: { teamId: 'north', child, request: { date: '2025-03-03', source: 'parent' } },
    });
    expect(res.statusCode).toBe(201);
    caseId = res.json().id;
  });
  afterAll(async () => {
    await h?.close();
  });

  const rows = (action: string, username: string) =>
    h.sql(`SELECT action, case_id, detail FROM audit_event WHERE action = $1 AND username = $2 ORDER BY id`, [
      action,
      username,
    ]);

  it('records another team’s attempt to read and to write a case, with the case id and the refusal', async () => {
    expect(
      (await h.app.inject({ method: 'GET', url: `/api/cases/${caseId}`, headers: { cookie: south } })).statusCode,
    ).toBe(404);
    expect(
      (await h.app.inject({ method: 'GET', url: `/api/cases/${caseId}/events`, headers: { cookie: south } }))
        .statusCode,
    ).toBe(404);
    const write = await h.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/events`,
      headers: { ...XHR, cookie: south },
      payload: { expectedVersion: 2, event: { type: 'DecidedToAssess', date: '2025-03-10' } },
    });
    expect(write.statusCode).toBe(404);
    expect(await rows('case.read-refused', 'cw-south-1')).toEqual([
      expect.objectContaining({ case_id: caseId, detail: expect.objectContaining({ status: 404, code: 'NOT_FOUND' }) }),
    ]);
    expect(await rows('case.read-timeline-refused', 'cw-south-1')).toEqual([
      expect.objectContaining({ case_id: caseId }),
    ]);
    expect(await rows('case.write-refused', 'cw-south-1')).toEqual([
      expect.objectContaining({
        case_id: caseId,
        detail: expect.objectContaining({ status: 404, eventType: 'DecidedToAssess' }),
      }),
    ]);
    // And still no case.read row: that action means the case was read.
    expect(await rows('case.read', 'cw-south-1')).toEqual([]);
  });

  it('records a stale write (409) of one’s own case', async () => {
    const stale = await h.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/events`,
      headers: { ...XHR, cookie: cw },
      payload: { expectedVersion: 1, event: { type: 'DecidedToAssess', date: '2025-03-10' } },
    });
    expect(stale.statusCode).toBe(409);
    expect(await rows('case.write-refused', 'cw-north-1')).toEqual([
      expect.objectContaining({
        case_id: caseId,
        detail: expect.objectContaining({ status: 409, code: 'VERSION_CONFLICT' }),
      }),
    ]);
  });

  it('writes case.create’s row in the case’s own transaction: a failing audit insert leaves no case behind', async () => {
    // Make every audit insert fail (a CHECK on the table): the create must then store nothing at all.
    await h.sql(`ALTER TABLE audit_event ADD CONSTRAINT no_audit_now CHECK (action <> 'case.create') NOT VALID`);
    try {
      const before = (await h.sql(`SELECT count(*)::int AS n FROM ehc_case`))[0].n;
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: { ...XHR, cookie: cw },
        payload: { teamId: 'north', child, request: { date: '2025-03-02', source: 'parent' } },
      });
      expect(res.statusCode).toBe(500);
      expect((await h.sql(`SELECT count(*)::int AS n FROM ehc_case`))[0].n).toBe(before);
    } finally {
      await h.sql(`ALTER TABLE audit_event DROP CONSTRAINT no_audit_now`);
    }
  });

  it('marks identical retries of a write as replays (one case.write, then replays)', async () => {
    const detail = (await h.app.inject({ method: 'GET', url: `/api/cases/${caseId}`, headers: { cookie: cw } })).json();
    const body = {
      expectedVersion: detail.version,
      eventId: randomUUID(),
      event: { type: 'DecidedToAssess', date: '2025-03-03' },
    };
    for (let i = 0; i < 3; i++) {
      const r = await h.app.inject({
        method: 'POST',
        url: `/api/cases/${caseId}/events`,
        headers: { ...XHR, cookie: cw },
        payload: body,
      });
      expect(r.statusCode).toBe(200);
    }
    const writes = (await rows('case.write', 'cw-north-1')).filter((r) => r.detail.eventType === 'DecidedToAssess');
    expect(writes.map((w) => !!w.detail.replay)).toEqual([false, true, true]);
  });
});
