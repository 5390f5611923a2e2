import { randomUUID } from 'node:crypto';
import { startApi, XHR, type ApiHarness } from './api-harness.js';

/**
 * The audit trail (docs/architecture.md invariant 9): every read and write of a case is recorded with who, when and from
 * where; the trail itself cannot be rewritten; it never holds a child's name or date of birth.
 */
describe('audit trail', () => {
  let h: ApiHarness;
  let cw: string;
  let admin: string;
  let caseId: string;
  const CHILD = { givenName: 'Amelia', familyName: 'Zyxwtestchild', dateOfBirth: '2015-06-01' };

  beforeAll(async () => {
    h = await startApi('audit');
    cw = await h.login('cw-north-1');
    admin = await h.login('admin');
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { ...XHR, cookie: cw },
      payload: { teamId: 'north', child: CHILD, request: { date: '2025-03-03', source: 'parent' } },
    });
    expect(res.statusCode).toBe(201);
    caseId = res.json().id;
  });
  afterAll(async () => {
    await h?.close();
  });

  const eventsOf = (action: string) => h.sql(`SELECT * FROM audit_event WHERE action = $1 ORDER BY id`, [action]);

  it('records creating, listing, reading and writing a case, with the case id and the user', async () => {
    const [created] = await eventsOf('case.create');
    expect(created).toMatchObject({
      username: 'cw-north-1',
      role: 'caseworker',
      case_id: caseId,
      detail: { method: 'POST', route: '/api/cases' },
    });

    expect(
      (await h.app.inject({ method: 'GET', url: `/api/cases/${caseId}`, headers: { cookie: cw } })).statusCode,
    ).toBe(200);
    expect(
      (await h.app.inject({ method: 'GET', url: `/api/cases/${caseId}/events`, headers: { cookie: cw } })).statusCode,
    ).toBe(200);
    expect(
      (
        await h.app.inject({
          method: 'GET',
          url: '/api/cases?q=Zyxwtestchild&includeClosed=true',
          headers: { cookie: cw },
        })
      ).statusCode,
    ).toBe(200);
    const [read] = await eventsOf('case.read');
    expect(read).toMatchObject({ username: 'cw-north-1', case_id: caseId, detail: { route: '/api/cases/:id' } });
    expect(new Date(read.at).toISOString()).toBe(h.clock.now().toISOString());
    expect(await eventsOf('case.read-timeline')).toHaveLength(1);
    const [list] = await eventsOf('case.list');
    // Free text someone typed into a search box might be a name: recorded as present, not as typed.
    expect(list.detail.query).toEqual({ q: '[free text]', includeClosed: 'true' });

    const detail = (await h.app.inject({ method: 'GET', url: `/api/cases/${caseId}`, headers: { cookie: cw } })).json();
    const simple = detail.allowedEvents.find((e: { fields: { kind: string; required: boolean }[] }) =>
      e.fields.every((f) => !f.required || f.kind === 'date'),
    );
    expect(simple).toBeDefined();
    const event: Record<string, string> = { type: simple.type };
    for (const f of simple.fields)
      if (f.kind === 'date')
        event[f.name] = simple.earliest && simple.earliest > '2025-03-03' ? simple.earliest : '2025-03-03';
    const write = await h.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/events`,
      headers: { ...XHR, cookie: cw },
      payload: { expectedVersion: detail.version, event },
    });
    expect(write.statusCode).toBe(200);
    const [written] = await eventsOf('case.write');
    expect(written).toMatchObject({
      username: 'cw-north-1',
      case_id: caseId,
      detail: { eventType: simple.type, version: detail.version + 1 },
    });
  });

  it('records the deadline queue read by the page’s own statement, and nothing for a refused page', async () => {
    const manager = await h.login('manager-north');
    const page = await h.app.inject({
      method: 'GET',
      url: '/api/queues/deadlines?limit=5&bucket=overdue',
      headers: { cookie: manager },
    });
    expect(page.statusCode).toBe(200);
    const rows = await eventsOf('queue.deadlines');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      username: 'manager-north',
      role: 'team-manager',
      case_id: null,
      detail: { method: 'GET', route: '/api/queues/deadlines', query: { limit: '5', bucket: 'overdue' } },
    });
    expect(new Date(rows[0].at).toISOString()).toBe(h.clock.now().toISOString());
    const refused = await h.app.inject({
      method: 'GET',
      url: '/api/queues/deadlines?cursor=not-a-cursor',
      headers: { cookie: manager },
    });
    expect(refused.statusCode).toBe(400);
    expect(await eventsOf('queue.deadlines')).toHaveLength(1);
  });

  it('records nothing for a request that failed (the case was not read)', async () => {
    const missing = randomUUID();
    expect(
      (await h.app.inject({ method: 'GET', url: `/api/cases/${missing}`, headers: { cookie: cw } })).statusCode,
    ).toBe(404);
    expect(
      await h.sql(`SELECT 1 FROM audit_event WHERE case_id = $1 AND action = 'case.read'`, [missing]),
    ).toHaveLength(0);
    // The timeline writes its audit row in its own statement, only when the case is visible: not for another team's.
    const south = await h.login('cw-south-1');
    expect(
      (await h.app.inject({ method: 'GET', url: `/api/cases/${caseId}/events`, headers: { cookie: south } }))
        .statusCode,
    ).toBe(404);
    expect(
      (await h.app.inject({ method: 'GET', url: `/api/cases/${missing}/events`, headers: { cookie: cw } })).statusCode,
    ).toBe(404);
    expect(
      await h.sql(
        `SELECT username, case_id FROM audit_event WHERE action = 'case.read-timeline' AND (username = 'cw-south-1' OR case_id = $1)`,
        [missing],
      ),
    ).toEqual([]);
  });

  it('never holds the child’s name or date of birth', async () => {
    const leaks = await h.sql(
      `SELECT id, action FROM audit_event WHERE detail::text ILIKE '%zyxwtestchild%' OR detail::text ILIKE '%amelia%' OR detail::text LIKE '%2015-06-01%'`,
    );
    expect(leaks).toEqual([]);
  });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const before = await h.sql(`SELECT count(*)::int AS n FROM audit_event`);
    await expect(h.sql(`UPDATE audit_event SET action = 'nothing'`)).rejects.toThrow(/append-only/);
    await expect(h.sql(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    await expect(h.sql(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
    expect(await h.sql(`SELECT count(*)::int AS n FROM audit_event`)).toEqual(before);
  });

  it('records admin changes: accounts and closure calendars', async () => {
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: { ...XHR, cookie: admin },
      payload: {
        username: 'new.caseworker',
        displayName: 'New Caseworker',
        role: 'caseworker',
        teamId: 'south',
        password: 'twelve-chars-or-more',
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({
      id: expect.any(String),
      username: 'new.caseworker',
      displayName: 'New Caseworker',
      role: 'caseworker',
      teamId: 'south',
      disabled: false,
      email: null,
    });
    const dup = await h.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: { ...XHR, cookie: admin },
      payload: {
        username: 'new.caseworker',
        displayName: 'Again',
        role: 'caseworker',
        teamId: 'south',
        password: 'twelve-chars-or-more',
      },
    });
    expect(dup.statusCode).toBe(409);
    const short = await h.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: { ...XHR, cookie: admin },
      payload: {
        username: 'short.pw',
        displayName: 'Short',
        role: 'caseworker',
        teamId: 'south',
        password: 'elevenchars',
      },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors).toEqual([{ field: 'password', message: expect.stringMatching(/12/) }]);
    const noTeam = await h.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: { ...XHR, cookie: admin },
      payload: { username: 'no.team', displayName: 'No Team', role: 'team-manager', password: 'twelve-chars-or-more' },
    });
    expect(noTeam.statusCode).toBe(400);
    expect((await h.login('new.caseworker', 'twelve-chars-or-more')).length).toBeGreaterThan(0);
    const [rec] = await eventsOf('admin.user.create');
    expect(rec).toMatchObject({
      username: 'admin',
      detail: { username: 'new.caseworker', role: 'caseworker', teamId: 'south' },
    });
    expect(JSON.stringify(rec)).not.toContain('twelve-chars');

    const closure = await h.app.inject({
      method: 'POST',
      url: '/api/admin/closures',
      headers: { ...XHR, cookie: admin },
      payload: {
        settingId: '100001',
        closedFrom: '2025-07-23',
        reopensOn: '2025-09-03',
        description: 'Summer holiday 2025',
      },
    });
    expect(closure.statusCode).toBe(201);
    const c = closure.json();
    expect(c).toEqual({
      id: expect.any(String),
      settingId: '100001',
      closedFrom: '2025-07-23',
      reopensOn: '2025-09-03',
      description: 'Summer holiday 2025',
    });
    const laWide = await h.app.inject({
      method: 'POST',
      url: '/api/admin/closures',
      headers: { ...XHR, cookie: admin },
      payload: { closedFrom: '2025-12-20', reopensOn: '2026-01-05', description: 'Christmas' },
    });
    expect(laWide.json().settingId).toBeNull();
    const backwards = await h.app.inject({
      method: 'POST',
      url: '/api/admin/closures',
      headers: { ...XHR, cookie: admin },
      payload: { closedFrom: '2025-09-03', reopensOn: '2025-09-03', description: 'Nothing' },
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].field).toBe('reopensOn');
    const seen = await h.app.inject({ method: 'GET', url: '/api/closures?setting=100001', headers: { cookie: cw } });
    expect(seen.json().map((x: { description: string }) => x.description)).toEqual([
      'Summer holiday 2025',
      'Christmas',
    ]);
    const other = await h.app.inject({ method: 'GET', url: '/api/closures?setting=999999', headers: { cookie: cw } });
    expect(other.json().map((x: { description: string }) => x.description)).toEqual(['Christmas']);
    expect(
      (await h.app.inject({ method: 'DELETE', url: `/api/admin/closures/${c.id}`, headers: { ...XHR, cookie: admin } }))
        .statusCode,
    ).toBe(204);
    expect(
      (await h.app.inject({ method: 'DELETE', url: `/api/admin/closures/${c.id}`, headers: { ...XHR, cookie: admin } }))
        .statusCode,
    ).toBe(404);
    expect((await eventsOf('admin.closure.create')).length).toBe(2);
    expect(await eventsOf('admin.closure.delete')).toEqual([
      expect.objectContaining({ username: 'admin', detail: expect.objectContaining({ closureId: c.id }) }),
    ]);
  });

  it('lets the admin set where a user’s alert digest goes; the trail says it changed, never the address', async () => {
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: { ...XHR, cookie: admin },
      payload: {
        username: 'mail.manager',
        displayName: 'Mail Manager',
        role: 'team-manager',
        teamId: 'north',
        password: 'twelve-chars-or-more',
        email: 'Mail.Manager@Council.example',
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().email).toBe('mail.manager@council.example');
    const id = created.json().id;
    const bad = await h.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${id}`,
      headers: { ...XHR, cookie: admin },
      payload: { email: 'not an address' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ field: 'email', message: expect.stringMatching(/e-mail address/) }]);
    const changed = await h.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${id}`,
      headers: { ...XHR, cookie: admin },
      payload: { email: 'duty.manager@council.example' },
    });
    expect(changed.json().email).toBe('duty.manager@council.example');
    expect((await h.sql(`SELECT email FROM app_user WHERE id = $1`, [id]))[0].email).toBe(
      'duty.manager@council.example',
    );
    const [rec] = (await eventsOf('admin.user.update')).filter((e: any) => e.detail.userId === id);
    expect(rec.detail.changes).toEqual({ email: true });
    expect(JSON.stringify(await eventsOf('admin.user.update'))).not.toContain('council.example');
    const removed = await h.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${id}`,
      headers: { ...XHR, cookie: admin },
      payload: { email: null },
    });
    expect(removed.json().email).toBeNull();
    // the admin's list shows addresses; a caseworker's list of their team does not
    const adminList = await h.app.inject({ method: 'GET', url: '/api/users?team=north', headers: { cookie: admin } });
    expect(adminList.json().find((u: any) => u.id === id)).toHaveProperty('email', null);
    const teamList = await h.app.inject({ method: 'GET', url: '/api/users', headers: { cookie: cw } });
    expect(teamList.json().every((u: any) => !('email' in u))).toBe(true);
  });

  it('lets the admin query the trail by user, case and London dates, page it, and export CSV; the query itself is recorded', async () => {
    const get = (qs: string) =>
      h.app.inject({ method: 'GET', url: `/api/admin/audit${qs}`, headers: { cookie: admin } });
    const byUser = (await get('?user=cw-north-1')).json();
    expect(byUser.items.length).toBeGreaterThan(3);
    expect(new Set(byUser.items.map((e: { username: string }) => e.username))).toEqual(new Set(['cw-north-1']));
    const [{ id: cwId }] = await h.sql(`SELECT id FROM app_user WHERE username = 'cw-north-1'`);
    expect((await get(`?user=${cwId}`)).json().items.length).toBe(byUser.items.length);

    const byCase = (await get(`?case=${caseId}`)).json();
    expect(byCase.items.map((e: { action: string }) => e.action).sort()).toEqual([
      'case.create',
      'case.read',
      'case.read',
      'case.read-timeline',
      'case.read-timeline-refused',
      'case.write',
    ]);

    // The clock is fixed at 2025-03-03 09:00Z (a London Monday).
    expect((await get('?from=2025-03-03&to=2025-03-03')).json().items.length).toBeGreaterThan(5);
    expect((await get('?from=2025-03-04')).json().items).toEqual([]);
    expect((await get('?to=2025-03-02')).json().items).toEqual([]);

    const page1 = (await get('?limit=2')).json();
    expect(page1.items).toHaveLength(2);
    const page2 = (await get(`?limit=2&cursor=${page1.nextCursor}`)).json();
    expect(Number(page2.items[0].id)).toBeLessThan(Number(page1.items[1].id));

    const csv = await get(`?case=${caseId}&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="audit-2025-03-03.csv"');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('id,at,user_id,username,display_name,role,action,case_id,case_reference,ip,detail');
    expect(lines).toHaveLength(1 + byCase.items.length);
    // Newest first, like the page.
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(byCase.items.map((e: { id: string }) => e.id));

    const reads = await eventsOf('admin.audit.read');
    expect(reads.some((e) => e.case_id === null && e.detail.filters.case === caseId && e.detail.format === 'csv')).toBe(
      true,
    );
  });

  it('finds a case’s trail by its reference and a person’s by part of their name, with readable names beside the ids', async () => {
    const get = (qs: string) =>
      h.app.inject({ method: 'GET', url: `/api/admin/audit${qs}`, headers: { cookie: admin } });
    const [{ reference, display_name: caseworkerName }] = await h.sql(
      `SELECT c.reference, u.display_name FROM ehc_case c, app_user u WHERE c.id = $1 AND u.username = 'cw-north-1'`,
      [caseId],
    );
    const byId = (await get(`?case=${caseId}`)).json().items;
    const byRef = await get(`?caseReference=${encodeURIComponent(reference.toLowerCase())}`);
    expect(byRef.statusCode).toBe(200);
    expect(byRef.json().items.map((e: { id: string }) => e.id)).toEqual(byId.map((e: { id: string }) => e.id));
    expect(byRef.json().items.every((e: { caseReference: string }) => e.caseReference === reference)).toBe(true);
    expect((await get('?caseReference=NO-SUCH-REF')).json().items).toEqual([]);

    const part = caseworkerName.split(' ')[0].toUpperCase();
    const byName = (await get(`?name=${encodeURIComponent(part)}`)).json().items;
    expect(byName.length).toBeGreaterThan(0);
    expect(
      byName.every((e: { displayName: string | null; username: string | null }) =>
        `${e.displayName} ${e.username}`.toLowerCase().includes(part.toLowerCase()),
      ),
    ).toBe(true);
    expect(byName.some((e: { username: string }) => e.username === 'cw-north-1')).toBe(true);
    // A LIKE wildcard is matched as itself, not as "anything".
    expect((await get('?name=_')).json().items).toEqual([]);
    const bad = await get('?name=%3Cscript%3E');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('name must be part of a person');
  });

  it('refuses the trail to everyone but the admin', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/admin/audit', headers: { cookie: cw } })).statusCode).toBe(
      403,
    );
  });
});
