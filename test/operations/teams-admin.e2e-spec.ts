import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';

/**
 * Teams (docs/operations.md#teams): an admin lists, adds and renames them; ids and names are unique (names whatever
 * their case and spacing), a duplicate is a 409 naming the field, bad input a 400, and nothing is half-written.
 * Every change is audited; nobody but an admin may make one.
 */
describe('teams admin (e2e)', () => {
  let h: ApiHarness;
  let admin: string;
  let manager: string;
  const call = (cookie: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    h.app.inject({ method, url, payload: payload as any, headers: { cookie, ...XHR } });
  const teams = async () => await h.sql(`SELECT id, name FROM team ORDER BY id`);

  beforeAll(async () => {
    h = await startApi('teamsadmin');
    [admin, manager] = await Promise.all([h.login('admin'), h.login('manager-north')]);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lists the teams with their active users and cases', async () => {
    const res = await call(admin, 'GET', '/api/admin/teams');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'north', name: expect.any(String), activeUsers: expect.any(Number), cases: 0 }),
      ]),
    );
    const north = res.json().find((t: any) => t.id === 'north');
    const [{ n }] = await h.sql(`SELECT count(*)::int AS n FROM app_user WHERE team_id = 'north' AND NOT disabled`);
    expect(north.activeUsers).toBe(n);
  });

  it('adds a team (tidying its name), audited; users can then be put in it', async () => {
    const res = await call(admin, 'POST', '/api/admin/teams', { id: 'early-years', name: '  Early   years team ' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ id: 'early-years', name: 'Early years team', activeUsers: 0, cases: 0 });
    const [audit] = await h.sql(`SELECT username, detail FROM audit_event WHERE action = 'admin.team.create'`);
    expect(audit).toEqual({ username: 'admin', detail: { teamId: 'early-years', teamName: 'Early years team' } });
    const user = await call(admin, 'POST', '/api/admin/users', {
      username: 'eli.ey',
      displayName: 'Eli Early',
      role: 'caseworker',
      teamId: 'early-years',
      password: 'a long council passphrase',
    });
    expect(user.statusCode).toBe(201);
    expect((await call(admin, 'GET', '/api/teams')).json()).toEqual(
      expect.arrayContaining([{ id: 'early-years', name: 'Early years team' }]),
    );
  });

  it('refuses a taken id or name with 409 naming the field, storing nothing', async () => {
    const before = await teams();
    const id = await call(admin, 'POST', '/api/admin/teams', { id: 'north', name: 'Another north' });
    expect(id.statusCode).toBe(409);
    expect(id.json()).toMatchObject({ code: 'TEAM_ID_TAKEN', errors: [{ field: 'id' }] });
    const name = await call(admin, 'POST', '/api/admin/teams', { id: 'ey2', name: 'EARLY YEARS  team' });
    expect(name.statusCode).toBe(409);
    expect(name.json()).toMatchObject({
      code: 'TEAM_NAME_TAKEN',
      errors: [{ field: 'name', message: expect.stringContaining('early-years') }],
    });
    expect(await teams()).toEqual(before);
  });

  it('refuses bad ids and names with 400 naming the field', async () => {
    for (const [body, field] of [
      [{ id: 'North Team', name: 'North' }, 'id'],
      [{ id: 'ok', name: '   ' }, 'name'],
      [{ id: 'ok', name: '<b>x</b>' }, 'name'],
      [{ id: 'ok' }, 'name'],
    ] as const) {
      const res = await call(admin, 'POST', '/api/admin/teams', body);
      expect({
        body,
        status: res.statusCode,
        fields: [...new Set((res.json().errors ?? []).map((e: any) => e.field))],
      }).toEqual({ body, status: 400, fields: [field] });
    }
    expect((await teams()).map((t) => t.id)).not.toContain('ok');
  });

  it('renames a team (the id stays), audited; refuses another team’s name and an unknown team', async () => {
    const res = await call(admin, 'PATCH', '/api/admin/teams/early-years', { name: 'Early years and nursery' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: 'early-years', name: 'Early years and nursery', activeUsers: 1 });
    const [audit] = await h.sql(`SELECT detail FROM audit_event WHERE action = 'admin.team.rename'`);
    expect(audit.detail).toEqual({ teamId: 'early-years', from: 'Early years team', to: 'Early years and nursery' });
    // Its own name again (another case) is not a clash with itself.
    expect(
      (await call(admin, 'PATCH', '/api/admin/teams/early-years', { name: 'Early Years and Nursery' })).statusCode,
    ).toBe(200);
    const north = (await teams()).find((t) => t.id === 'north')!;
    const clash = await call(admin, 'PATCH', '/api/admin/teams/early-years', { name: north.name.toUpperCase() });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('TEAM_NAME_TAKEN');
    expect((await call(admin, 'PATCH', '/api/admin/teams/nowhere', { name: 'Nowhere' })).statusCode).toBe(404);
    expect((await call(admin, 'PATCH', '/api/admin/teams/Bad%20Id', { name: 'X' })).statusCode).toBe(400);
  });

  it('only an admin may list, add or rename teams (403, audited)', async () => {
    for (const [method, url, body] of [
      ['GET', '/api/admin/teams'],
      ['POST', '/api/admin/teams', { id: 'mgr', name: 'Manager made' }],
      ['PATCH', '/api/admin/teams/north', { name: 'Mine' }],
    ] as const) {
      expect((await call(manager, method, url, body)).statusCode).toBe(403);
    }
    const denied = await h.sql(
      `SELECT detail->>'route' AS route FROM audit_event WHERE action = 'access.denied' AND username = 'manager-north'`,
    );
    expect(denied.map((d) => d.route)).toEqual(['/api/admin/teams', '/api/admin/teams', '/api/admin/teams/:id']);
    expect((await teams()).map((t) => t.id)).not.toContain('mgr');
  });
});
