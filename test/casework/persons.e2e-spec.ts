import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';

/**
 * The person record over HTTP: a child with family and professionals, found by a tolerant search, linked to a second
 * request, merged when two records turn out to be one child; seen only by a team that holds a case for them.
 */
describe('person record (e2e)', () => {
  let h: ApiHarness;
  let cw: string; // cw-north-1
  let south: string; // cw-south-1
  let manager: string; // manager-north
  let board: string;

  const call = (cookie: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    h.app.inject({ method, url, payload: payload as any, headers: { cookie, ...XHR } });
  const ada = {
    givenName: 'Ada',
    familyName: 'Smith',
    dateOfBirth: '2015-03-02',
    upn: 'A123456789012',
    postcode: 'CV34 4RL',
  };

  beforeAll(async () => {
    h = await startApi('persons');
    [cw, south, manager, board] = await Promise.all([
      h.login('cw-north-1'),
      h.login('cw-south-1'),
      h.login('manager-north'),
      h.login('board'),
    ]);
  });
  afterAll(async () => {
    await h.close();
  });

  const openCase = async (body: Record<string, unknown>, cookie = cw) => {
    const res = await call(cookie, 'POST', '/api/cases', {
      teamId: 'north',
      request: { date: '2025-03-03', source: 'parent' },
      ...body,
    });
    expect({ status: res.statusCode, body: res.statusCode === 201 ? 'ok' : res.json() }).toEqual({
      status: 201,
      body: 'ok',
    });
    return res.json();
  };
  const personOf = async (caseId: string) => (await call(cw, 'GET', `/api/cases/${caseId}/person`)).json();

  it('creates a person with details, parents and professionals; the case page’s panel shows who to contact and how', async () => {
    const created = await call(cw, 'POST', '/api/persons', {
      ...ada,
      uln: '1234567890',
      address: '1 High Street, Warwick',
      schoolUrn: '123456',
      schoolName: 'Castle Primary',
      homeLanguage: 'Polish',
      interpreterNeeded: true,
    });
    expect(created.statusCode).toBe(201);
    const p = created.json();
    expect(p).toMatchObject({
      givenName: 'Ada',
      upn: 'A123456789012',
      postcode: 'CV34 4RL',
      schoolUrn: '123456',
      homeLanguage: 'Polish',
      interpreterNeeded: true,
      cases: [],
    });
    const mum = await call(cw, 'POST', `/api/persons/${p.id}/contacts`, {
      kind: 'parent-carer',
      name: 'Mary Smith',
      relationship: 'mother',
      parentalResponsibility: true,
      phone: '01926 410410',
      email: 'mary@example.org',
      preferredContact: 'email',
    });
    expect(mum.statusCode).toBe(201);
    const sw = await call(cw, 'POST', `/api/persons/${p.id}/contacts`, {
      kind: 'professional',
      name: 'Sam Jones',
      relationship: 'social-worker',
      organisation: 'Children’s services',
    });
    expect(sw.statusCode).toBe(201);
    const c = await openCase({ personId: p.id });
    const panel = await personOf(c.id);
    expect(panel.id).toBe(p.id);
    expect(panel.contacts).toEqual(
      [
        expect.objectContaining({ kind: 'professional', relationship: 'social-worker', name: 'Sam Jones' }),
        expect.objectContaining({
          kind: 'parent-carer',
          relationship: 'mother',
          parentalResponsibility: true,
          preferredContact: 'email',
          email: 'mary@example.org',
        }),
      ]
        .reverse()
        .sort((a: any, b: any) => (a.kind < b.kind ? 1 : -1)),
    );
    expect(c.child).toMatchObject({ givenName: 'Ada', familyName: 'Smith', upn: 'A123456789012' });
    const audit = await h.sql(
      `SELECT action, detail FROM audit_event WHERE action LIKE 'person.%' AND detail->>'personId' = $1 ORDER BY id`,
      [p.id],
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['person.create', 'person.contact-add', 'person.read']),
    );
    expect(JSON.stringify(audit)).not.toMatch(/Ada|Smith|A123456789012|CV34/);
    // The case page's panel read is audited against the case as well as the person.
    expect(
      await h.sql(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'person.read' AND case_id = $1`, [c.id]),
    ).toEqual([{ n: 1 }]);
  });

  it('refuses a bad contact with the field and what is allowed, storing nothing', async () => {
    const p = (
      await call(cw, 'POST', '/api/persons', { givenName: 'Bea', familyName: 'Cole', dateOfBirth: '2016-01-01' })
    ).json();
    const bad = await call(cw, 'POST', `/api/persons/${p.id}/contacts`, {
      kind: 'professional',
      name: 'X',
      relationship: 'mother',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      expect.objectContaining({ field: 'relationship', message: expect.stringContaining('social-worker') }),
    ]);
    const badUpn = await call(cw, 'POST', '/api/persons', {
      givenName: 'Bea',
      familyName: 'Cole',
      dateOfBirth: '2016-01-01',
      upn: 'nope',
    });
    expect(badUpn.statusCode).toBe(400);
    expect(badUpn.json().errors[0].field).toBe('upn');
    expect(badUpn.body).not.toContain('nope');
    expect(await h.sql(`SELECT count(*)::int AS n FROM person_contact WHERE person_id = $1`, [p.id])).toEqual([
      { n: 0 },
    ]);
  });

  it('a new request finds the same child (exact UPN, or a close name with the same date of birth), links, and the person page lists both requests', async () => {
    const first = await openCase({
      child: { givenName: 'Cyril', familyName: 'Okafor', dateOfBirth: '2014-07-01', upn: 'B123456789012' },
    });
    const person = await personOf(first.id);
    const byUpn = await call(cw, 'POST', '/api/persons/matches', {
      givenName: 'Someone',
      familyName: 'Else',
      dateOfBirth: '2010-01-01',
      upn: 'B123456789012',
    });
    expect(byUpn.json()).toEqual([expect.objectContaining({ id: person.id, reason: 'upn', caseCount: 1 })]);
    const byName = await call(cw, 'POST', '/api/persons/matches', {
      givenName: 'Cyrill',
      familyName: 'Okafor',
      dateOfBirth: '2014-07-01',
    });
    expect(byName.json()).toEqual([expect.objectContaining({ id: person.id, reason: 'name-and-date-of-birth' })]);
    const otherDob = await call(cw, 'POST', '/api/persons/matches', {
      givenName: 'Cyril',
      familyName: 'Okafor',
      dateOfBirth: '2014-07-02',
    });
    expect(otherDob.json()).toEqual([]);

    const second = await openCase({ personId: person.id, request: { date: '2025-03-03', source: 'school' } });
    expect((await personOf(second.id)).id).toBe(person.id);
    const page = (await call(cw, 'GET', `/api/persons/${person.id}`)).json();
    expect(page.cases.map((c: any) => c.id).sort()).toEqual([first.id, second.id].sort());
    expect(page.cases[0]).toMatchObject({
      stage: 'awaiting-decision-to-assess',
      ownTeam: true,
      receivedOn: '2025-03-03',
    });
  });

  it('search is tolerant of spelling and word order, and filters by date of birth, UPN and postcode; names are POSTed, never in the URL', async () => {
    await openCase({
      child: { givenName: 'Delphine', familyName: 'Marchetti', dateOfBirth: '2013-11-20', postcode: 'B91 3QB' },
    });
    const search = async (body: unknown) => (await call(cw, 'POST', '/api/persons/search', body)).json();
    expect((await search({ name: 'Marchetti Delphine' }))[0]).toMatchObject({
      givenName: 'Delphine',
      familyName: 'Marchetti',
    });
    expect((await search({ name: 'Delfine Marketti' }))[0]).toMatchObject({ familyName: 'Marchetti' });
    expect(await search({ name: 'Delphine Marchetti', dateOfBirth: '2013-11-21' })).toEqual([]);
    expect((await search({ postcode: 'b913qb' })).map((p: any) => p.familyName)).toEqual(['Marchetti']);
    expect((await search({ upn: 'B123456789012' })).map((p: any) => p.familyName)).toEqual(['Okafor']);
    const none = await call(cw, 'POST', '/api/persons/search', {});
    expect(none.statusCode).toBe(400);
    const audit = await h.sql(`SELECT detail FROM audit_event WHERE action = 'person.search' ORDER BY id DESC LIMIT 1`);
    expect(audit[0].detail).toMatchObject({ criteria: ['upn'] });
    expect(JSON.stringify(await h.sql(`SELECT detail FROM audit_event WHERE action = 'person.search'`))).not.toMatch(
      /Marchetti|Delphine/i,
    );
  });

  it('another team, the board and the admin never see the person', async () => {
    const c = await openCase({ child: { givenName: 'Eli', familyName: 'Hart', dateOfBirth: '2012-02-02' } });
    const person = await personOf(c.id);
    expect((await call(south, 'GET', `/api/persons/${person.id}`)).statusCode).toBe(404);
    expect((await call(south, 'GET', `/api/cases/${c.id}/person`)).statusCode).toBe(404);
    expect((await call(south, 'POST', '/api/persons/search', { name: 'Eli Hart' })).json()).toEqual([]);
    expect((await call(board, 'GET', `/api/persons/${person.id}`)).statusCode).toBe(403);
    expect((await call(board, 'POST', '/api/persons/search', { name: 'Eli Hart' })).statusCode).toBe(403);
    // South cannot link its request to north's child by guessing the id.
    const linked = await call(south, 'POST', '/api/cases', {
      teamId: 'south',
      personId: person.id,
      request: { date: '2025-03-03', source: 'parent' },
    });
    expect(linked.statusCode).toBe(422);
    expect(linked.json().errors[0].field).toBe('personId');
  });

  it('correcting a person’s details updates every case’s copy of the child (the caseload shows the new name)', async () => {
    const c = await openCase({ child: { givenName: 'Finn', familyName: 'Mcgregor', dateOfBirth: '2011-05-05' } });
    const person = await personOf(c.id);
    const res = await call(cw, 'PATCH', `/api/persons/${person.id}`, {
      givenName: 'Finn',
      familyName: 'McGregor',
      dateOfBirth: '2011-05-05',
      homeLanguage: 'Gaelic',
      reason: 'Spelling from the birth certificate',
    });
    expect(res.statusCode).toBe(200);
    expect((await call(cw, 'GET', `/api/cases/${c.id}`)).json().child).toMatchObject({ familyName: 'McGregor' });
  });

  it('a change from the child’s record needs a reason and is kept like a case’s correction: who, when, why, the previous values; the audit names fields only', async () => {
    const c = await openCase({
      child: { givenName: 'Iona', familyName: 'Bell', dateOfBirth: '2012-01-20', postcode: 'CV34 4RL' },
    });
    const person = await personOf(c.id);
    const body = {
      givenName: 'Iona',
      familyName: 'Bell',
      dateOfBirth: '2012-01-20',
      postcode: 'cv32 5aa',
      schoolName: 'Castle Primary',
    };
    const noReason = await call(cw, 'PATCH', `/api/persons/${person.id}`, body);
    expect(noReason.statusCode).toBe(400);
    expect([...new Set(noReason.json().errors.map((e: any) => e.field))]).toEqual(['reason']);
    const same = await call(cw, 'PATCH', `/api/persons/${person.id}`, {
      givenName: 'Iona',
      familyName: 'Bell',
      dateOfBirth: '2012-01-20',
      postcode: 'CV34 4RL',
      reason: 'x',
    });
    expect(same.statusCode).toBe(400); // nothing would change: no change recorded
    const res = await call(cw, 'PATCH', `/api/persons/${person.id}`, {
      ...body,
      reason: 'Moved house; new school from September',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ postcode: 'CV32 5AA', schoolName: 'Castle Primary' });
    const changes = await h.sql(
      `SELECT d.case_id, d.fields, d.previous, d.reason, u.username FROM child_detail_change d JOIN app_user u ON u.id = d.user_id WHERE d.person_id = $1`,
      [person.id],
    );
    expect(changes).toEqual([
      {
        case_id: null,
        fields: ['postcode', 'school'],
        previous: { postcode: 'CV34 4RL', school: null },
        reason: 'Moved house; new school from September',
        username: 'cw-north-1',
      },
    ]);
    const audit = await h.sql(
      `SELECT detail::text AS d FROM audit_event WHERE action = 'person.update' AND detail->>'personId' = $1`,
      [person.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].d).toContain('postcode');
    expect(audit[0].d).not.toMatch(/CV3|Castle|Moved house/);
    // The case's own "Correct the child's details" goes through the same record of changes, naming the case.
    expect(
      (
        await call(cw, 'POST', `/api/cases/${c.id}/child-corrections`, {
          child: { givenName: 'Ione' },
          reason: 'Spelling',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      await h.sql(
        `SELECT case_id, fields FROM child_detail_change WHERE person_id = $1 ORDER BY changed_at, case_id NULLS FIRST`,
        [person.id],
      ),
    ).toEqual([
      { case_id: null, fields: ['postcode', 'school'] },
      { case_id: c.id, fields: ['givenName'] },
    ]);
    expect((await call(cw, 'GET', `/api/persons/${person.id}`)).json().givenName).toBe('Ione');
  });

  it('merges two records of one child: cases and contacts move, the duplicate is marked merged, and the merge is audited (managers only)', async () => {
    const a = await openCase({ child: { givenName: 'Gail', familyName: 'Ross', dateOfBirth: '2010-10-10' } });
    const b = await openCase({
      child: { givenName: 'Gayle', familyName: 'Ross', dateOfBirth: '2010-10-10', upn: 'C123456789012' },
    });
    const keep = await personOf(a.id);
    const dup = await personOf(b.id);
    expect(keep.id).not.toBe(dup.id);
    await call(cw, 'POST', `/api/persons/${dup.id}/contacts`, {
      kind: 'parent-carer',
      name: 'Ray Ross',
      relationship: 'father',
    });
    expect((await call(cw, 'POST', `/api/persons/${keep.id}/merge`, { duplicateId: dup.id })).statusCode).toBe(403);
    const merged = await call(manager, 'POST', `/api/persons/${keep.id}/merge`, { duplicateId: dup.id });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({
      id: keep.id,
      upn: 'C123456789012',
      contacts: [expect.objectContaining({ name: 'Ray Ross' })],
    });
    expect(
      merged
        .json()
        .cases.map((c: any) => c.id)
        .sort(),
    ).toEqual([a.id, b.id].sort());
    expect((await personOf(b.id)).id).toBe(keep.id);
    expect((await call(cw, 'GET', `/api/persons/${dup.id}`)).json()).toMatchObject({ code: 'PERSON_MERGED' });
    const [row] = await h.sql(`SELECT username, detail FROM audit_event WHERE action = 'person.merge'`);
    expect(row).toMatchObject({
      username: 'manager-north',
      detail: { personId: keep.id, mergedPersonId: dup.id, casesMoved: 1 },
    });
  });
});
