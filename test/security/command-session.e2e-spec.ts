import { startApi, XHR, type ApiHarness } from './api-harness.js';
import { SessionService } from '../../apps/api/src/auth/session.service.js';

/**
 * A case command checks its session inside its own statement (CallerSession, CommandPreconditions.caller) when the
 * api already knows the session, instead of a session statement before it. Whatever ended or changed the session
 * elsewhere (another api replica, an administrator's statement) must still take effect on the very next command:
 * the same 401/403 as the guard gives, and nothing written for it: no event, no version, no audit row of the action.
 */
describe('a case command checks its session in its own statement', () => {
  let h: ApiHarness;
  let sessions: SessionService;
  const child = { givenName: 'Amelia', familyName: 'Sessiontest', dateOfBirth: '2015-06-01' };

  beforeAll(async () => {
    h = await startApi('cmdsession');
    sessions = h.app.get(SessionService, { strict: false });
  });
  afterAll(async () => {
    await h?.close();
  });
  /** Records what a SessionService method returns (an own property over the prototype's; removed after each test). */
  const watched: string[] = [];
  function watch(name: 'claimOf' | 'authenticate'): unknown[] {
    const results: unknown[] = [];
    const original = SessionService.prototype[name];
    Object.defineProperty(sessions, name, {
      configurable: true,
      value: (...args: never[]) => {
        const r = (original as (...a: never[]) => unknown).apply(sessions, args);
        results.push(r);
        return r;
      },
    });
    watched.push(name);
    return results;
  }
  afterEach(() => {
    for (const name of watched.splice(0)) delete (sessions as unknown as Record<string, unknown>)[name];
  });

  /** Signs in, opens a case of the user's team and reads its page: the api now knows the session and holds the case. */
  async function signedInWithCase(username: string, teamId: string) {
    const cookie = await h.login(username);
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { ...XHR, cookie },
      payload: { teamId, child, request: { date: '2025-03-03', source: 'parent' } },
    });
    expect(created.statusCode).toBe(201);
    const caseId: string = created.json().id;
    const page = await h.app.inject({ method: 'GET', url: `/api/cases/${caseId}`, headers: { cookie } });
    expect(page.statusCode).toBe(200);
    const [{ id: userId }] = await h.sql(`SELECT id FROM app_user WHERE username = $1`, [username]);
    return { cookie, caseId, version: page.json().version as number, userId: userId as string };
  }

  const assign = (cookie: string, caseId: string, expectedVersion: number, caseworker: string, extra = {}) =>
    h.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/events`,
      headers: { ...XHR, cookie },
      payload: { expectedVersion, event: { type: 'CaseworkerAssigned', date: '2025-03-03', caseworker }, ...extra },
    });

  /** A command that names nobody (so only the session check can refuse it). */
  const decide = (cookie: string, caseId: string, expectedVersion: number) =>
    h.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/events`,
      headers: { ...XHR, cookie },
      payload: { expectedVersion, event: { type: 'DecidedToAssess', date: '2025-03-03' } },
    });

  /** Everything a command writes about its case (and every audit row that names the case or the user). */
  const written = async (caseId: string, username: string) => ({
    case: await h.sql(`SELECT version FROM ehc_case WHERE id = $1`, [caseId]),
    events: await h.sql(`SELECT event_id FROM case_event WHERE case_id = $1 ORDER BY version`, [caseId]),
    summary: await h.sql(`SELECT caseworker FROM case_summary WHERE case_id = $1`, [caseId]),
    outbox: await h.sql(`SELECT count(*)::int AS n FROM deadline_outbox WHERE case_id = $1`, [caseId]),
    audit: await h.sql(`SELECT id, action FROM audit_event WHERE case_id = $1 OR username = $2 ORDER BY id`, [
      caseId,
      username,
    ]),
  });

  /** The claim the command will be decided on was offered (so the statement's own check is what is tested). */
  function expectClaimOffered(claims: unknown[]) {
    expect(claims.some((r) => r !== null)).toBe(true);
  }

  it('a known session commands in one statement: no session statement, the real user on the event and the audit row, the session end header', async () => {
    const { cookie, caseId, version, userId } = await signedInWithCase('manager-north', 'north');
    const authenticate = watch('authenticate');
    const claims = watch('claimOf');
    const res = await assign(cookie, caseId, version, 'cw-north-2');
    expect([res.statusCode, res.json().detail]).toEqual([200, undefined]);
    expect(res.json().version).toBe(version + 1);
    expectClaimOffered(claims);
    expect(authenticate).toEqual([]);
    // Signed in at the harness clock's instant, not used since: idle limit from then.
    const [{ last_seen_at, expires_at }] = await h.sql(
      `SELECT s.last_seen_at, s.expires_at FROM user_session s WHERE s.user_id = $1 AND s.revoked_at IS NULL`,
      [userId],
    );
    expect(res.headers['x-session-ends-at']).toBe(
      new Date(
        Math.min(
          new Date(last_seen_at).getTime() + h.config.sessionIdleMinutes * 60_000,
          new Date(expires_at).getTime(),
        ),
      ).toISOString(),
    );
    expect(
      await h.sql(`SELECT actor FROM case_event WHERE case_id = $1 AND version = $2`, [caseId, version + 1]),
    ).toEqual([{ actor: userId }]);
    expect(
      await h.sql(`SELECT user_id, username, role FROM audit_event WHERE case_id = $1 AND action = 'case.write'`, [
        caseId,
      ]),
    ).toEqual([{ user_id: userId, username: 'manager-north', role: 'team-manager' }]);
  });

  it('signed out on another replica (the session revoked in the database): 401, nothing written', async () => {
    const { cookie, caseId, version, userId } = await signedInWithCase('cw-north-1', 'north');
    await h.sql(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1`, [userId]);
    const before = await written(caseId, 'cw-north-1');
    const claims = watch('claimOf');
    const res = await decide(cookie, caseId, version);
    expectClaimOffered(claims);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
    expect(await written(caseId, 'cw-north-1')).toEqual(before);
    // The next request is refused too (the process forgot the session).
    expect((await decide(cookie, caseId, version)).statusCode).toBe(401);
    expect(await written(caseId, 'cw-north-1')).toEqual(before);
  });

  it('signed out through this api: 401, nothing written', async () => {
    const { cookie, caseId, version } = await signedInWithCase('cw-south-2', 'south');
    expect(
      (await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...XHR, cookie } })).statusCode,
    ).toBe(204);
    const before = await written(caseId, 'cw-south-2');
    const res = await assign(cookie, caseId, version, 'cw-south-2');
    expect(res.statusCode).toBe(401);
    expect(await written(caseId, 'cw-south-2')).toEqual(before);
  });

  it('an account disabled elsewhere: 401, nothing written', async () => {
    const { cookie, caseId, version } = await signedInWithCase('cw-north-2', 'north');
    await h.sql(`UPDATE app_user SET disabled = true WHERE username = 'cw-north-2'`);
    try {
      const before = await written(caseId, 'cw-north-2');
      const claims = watch('claimOf');
      const res = await decide(cookie, caseId, version);
      expectClaimOffered(claims);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('UNAUTHENTICATED');
      expect(await written(caseId, 'cw-north-2')).toEqual(before);
    } finally {
      await h.sql(`UPDATE app_user SET disabled = false WHERE username = 'cw-north-2'`);
    }
  });

  it('a session past its absolute limit: 401, nothing written', async () => {
    const { cookie, caseId, version, userId } = await signedInWithCase('cw-north-3', 'north');
    await h.sql(`UPDATE user_session SET expires_at = $2 WHERE user_id = $1`, [
      userId,
      new Date(h.clock.now().getTime() - 1000),
    ]);
    const before = await written(caseId, 'cw-north-3');
    const claims = watch('claimOf');
    const res = await decide(cookie, caseId, version);
    expectClaimOffered(claims);
    expect(res.statusCode).toBe(401);
    expect(await written(caseId, 'cw-north-3')).toEqual(before);
  });

  it('a role changed elsewhere to one the command refuses: the guard’s 403 and its access.denied row, nothing else written', async () => {
    const { cookie, caseId, version } = await signedInWithCase('cw-north-4', 'north');
    await h.sql(`UPDATE app_user SET role = 'board', team_id = NULL WHERE username = 'cw-north-4'`);
    try {
      const before = await written(caseId, 'cw-north-4');
      const claims = watch('claimOf');
      const res = await decide(cookie, caseId, version);
      expectClaimOffered(claims);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
      const after = await written(caseId, 'cw-north-4');
      expect({ ...after, audit: after.audit.slice(0, before.audit.length) }).toEqual(before);
      expect(after.audit.slice(before.audit.length).map((a) => a.action)).toEqual(['access.denied']);
      expect(await h.sql(`SELECT role, case_id FROM audit_event WHERE id = $1`, [after.audit.at(-1)!.id])).toEqual([
        { role: 'board', case_id: caseId },
      ]);
    } finally {
      await h.sql(`UPDATE app_user SET role = 'caseworker', team_id = 'north' WHERE username = 'cw-north-4'`);
    }
  });

  it('a manager made a caseworker elsewhere: decided as the caseworker they now are, audited with that role', async () => {
    const { cookie, caseId, version, userId } = await signedInWithCase('manager-south', 'south');
    await h.sql(`UPDATE app_user SET role = 'caseworker' WHERE username = 'manager-south'`);
    try {
      const before = await written(caseId, 'manager-south');
      // A caseworker may assign a case only to themselves.
      const other = await assign(cookie, caseId, version, 'cw-south-3');
      expect(other.statusCode).toBe(403);
      const after = await written(caseId, 'manager-south');
      expect({ ...after, audit: after.audit.slice(0, before.audit.length) }).toEqual(before);
      expect(
        await h.sql(`SELECT action, role FROM audit_event WHERE id = ANY($1)`, [
          after.audit.slice(before.audit.length).map((a) => a.id),
        ]),
      ).toEqual([{ action: 'case.write-refused', role: 'caseworker' }]);
      const self = await assign(cookie, caseId, version, 'manager-south');
      expect(self.statusCode).toBe(200);
      expect(
        await h.sql(`SELECT user_id, role FROM audit_event WHERE case_id = $1 AND action = 'case.write'`, [caseId]),
      ).toEqual([{ user_id: userId, role: 'caseworker' }]);
    } finally {
      await h.sql(`UPDATE app_user SET role = 'team-manager' WHERE username = 'manager-south'`);
    }
  });

  it('a user moved to another team elsewhere: the case is another team’s now (404), nothing written', async () => {
    const { cookie, caseId, version } = await signedInWithCase('manager-east', 'east');
    await h.sql(`UPDATE app_user SET team_id = 'north' WHERE username = 'manager-east'`);
    try {
      const before = await written(caseId, 'manager-east');
      const res = await assign(cookie, caseId, version, 'cw-east-1');
      expect(res.statusCode).toBe(404);
      const after = await written(caseId, 'manager-east');
      expect({ ...after, audit: after.audit.slice(0, before.audit.length) }).toEqual(before);
      expect(after.audit.slice(before.audit.length).map((a) => a.action)).toEqual(['case.write-refused']);
    } finally {
      await h.sql(`UPDATE app_user SET team_id = 'east' WHERE username = 'manager-east'`);
    }
  });

  it('a bad request from a session that has ended: 401 as before, not 400, and no audit row', async () => {
    const { cookie, caseId, userId } = await signedInWithCase('cw-south-1', 'south');
    await h.sql(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1`, [userId]);
    const before = await written(caseId, 'cw-south-1');
    const claims = watch('claimOf');
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/events`,
      headers: { ...XHR, cookie },
      payload: { expectedVersion: 'x', event: 'nothing' },
    });
    expectClaimOffered(claims);
    expect(res.statusCode).toBe(401);
    expect(await written(caseId, 'cw-south-1')).toEqual(before);
  });
});
