import { randomUUID } from 'node:crypto';
import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';

/**
 * Fault: many writers on one case at once (docs/architecture.md "the flow of one command": the expected version is the
 * optimistic lock). Of N commands holding the same version exactly one is applied and the rest are told
 * 409 VERSION_CONFLICT; writers that reload and retry all get in, one after another, with gapless versions.
 */
describe('fault: concurrent commands on one case', () => {
  let h: ApiHarness;
  let cw: string;

  const append = (id: string, expectedVersion: number, eventId: string) =>
    h.app.inject({
      method: 'POST',
      url: `/api/cases/${id}/events`,
      headers: { cookie: cw, ...XHR },
      payload: {
        expectedVersion,
        eventId,
        event: { type: 'CaseworkerAssigned', date: '2025-03-03', caseworker: 'cw-north-1' },
      },
    });

  const openCase = async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie: cw, ...XHR },
      payload: {
        teamId: 'north',
        child: { givenName: 'Test', familyName: 'Child', dateOfBirth: '2015-03-02' },
        request: { date: '2025-03-03', source: 'parent' },
      },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; version: number };
  };

  const storedVersions = async (id: string) => ({
    events: (await h.sql(`SELECT version FROM case_event WHERE case_id = $1 ORDER BY version`, [id])).map(
      (r) => r.version,
    ),
    stream: (await h.sql(`SELECT version FROM ehc_case WHERE id = $1`, [id]))[0].version,
    summary: (await h.sql(`SELECT version FROM case_summary WHERE case_id = $1`, [id]))[0].version,
  });

  beforeAll(async () => {
    h = await startApi('faultconc');
    cw = await h.login('cw-north-1');
  });
  afterAll(async () => {
    await h.close();
  });

  it('100 commands at the same expected version: exactly one applied, 99 answered 409 VERSION_CONFLICT, nothing else stored', async () => {
    const c = await openCase();
    const ids = Array.from({ length: 100 }, () => randomUUID());
    const res = await Promise.all(ids.map((eventId) => append(c.id, c.version, eventId)));
    const ok = res.filter((r) => r.statusCode === 200);
    const conflicts = res.filter((r) => r.statusCode === 409 && r.json().code === 'VERSION_CONFLICT');
    expect({ ok: ok.length, conflicts: conflicts.length, other: res.length - ok.length - conflicts.length }).toEqual({
      ok: 1,
      conflicts: 99,
      other: 0,
    });
    for (const r of conflicts) expect(r.json().currentVersion).toBe(c.version + 1);
    const v = await storedVersions(c.id);
    expect(v).toEqual({
      events: Array.from({ length: c.version + 1 }, (_, i) => i + 1),
      stream: c.version + 1,
      summary: c.version + 1,
    });
    // The one stored event is the winner's, under its own event id.
    const stored = await h.sql(`SELECT event_id FROM case_event WHERE case_id = $1 AND event_id = ANY($2::uuid[])`, [
      c.id,
      ids,
    ]);
    expect(stored).toHaveLength(1);
    expect(ok[0].json().version).toBe(c.version + 1);
  });

  it('100 writers that reload and retry on 409: all 100 applied once each, versions 1..N gapless', async () => {
    const c = await openCase();
    const writers = 100;
    let attempts = 0;
    const writer = async (eventId: string) => {
      let version = c.version;
      for (let tries = 0; tries < 10 * writers; tries++) {
        attempts++;
        const r = await append(c.id, version, eventId);
        if (r.statusCode === 200) return r.json().version as number;
        const body = r.json();
        if (r.statusCode !== 409 || body.code !== 'VERSION_CONFLICT')
          throw new Error(`unexpected ${r.statusCode} ${body.code}`);
        version = body.currentVersion; // the reload: the 409 names the version the case is at now
        // A client's usual jittered back-off, so 100 writers do not all collide again on the next version.
        await new Promise((r) => setTimeout(r, Math.random() * 40 * Math.min(tries + 1, 5)));
      }
      throw new Error('writer never got in');
    };
    const ids = Array.from({ length: writers }, () => randomUUID());
    const got = await Promise.all(ids.map(writer));
    const n = c.version + writers;
    // Each writer was given a distinct version, and together they fill c.version+1 … n.
    expect([...got].sort((a, b) => a - b)).toEqual(Array.from({ length: writers }, (_, i) => c.version + 1 + i));
    expect(await storedVersions(c.id)).toEqual({
      events: Array.from({ length: n }, (_, i) => i + 1),
      stream: n,
      summary: n,
    });
    const perId = await h.sql(
      `SELECT event_id, count(*)::int AS n FROM case_event WHERE event_id = ANY($1::uuid[]) GROUP BY event_id`,
      [ids],
    );
    expect(perId).toHaveLength(writers);
    expect(perId.every((r) => r.n === 1)).toBe(true);
    expect(attempts).toBeGreaterThan(writers); // there really was contention
  });
});
