import { startApi, XHR, type ApiHarness } from './api-harness.js';

/**
 * Every read of a case has its audit row in the same transaction as the read, with the real actor (docs/architecture.md
 * invariant 9): the case page, the case list and the case search write their row in the statement that reads, so a
 * read is never answered without its row, and a row never says a case was read when it was not.
 */
describe('audit of case reads, in the read’s own statement', () => {
  let h: ApiHarness;
  let cw: string;
  let south: string;
  let caseId: string;
  const CHILD = { givenName: 'Amelia', familyName: 'Qxjreadaudit', dateOfBirth: '2015-06-01' };

  beforeAll(async () => {
    h = await startApi('auditread');
    [cw, south] = await Promise.all([h.login('cw-north-1'), h.login('cw-south-1')]);
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

  const rows = (action: string) =>
    h.sql(`SELECT user_id, username, role, case_id, detail FROM audit_event WHERE action = $1 ORDER BY id`, [action]);
  const userId = async (username: string) =>
    (await h.sql(`SELECT id FROM app_user WHERE username = $1`, [username]))[0].id;
  const read = (cookie: string, id = caseId) =>
    h.app.inject({ method: 'GET', url: `/api/cases/${id}`, headers: { cookie } });
  const list = (cookie: string) =>
    h.app.inject({ method: 'GET', url: '/api/cases?includeClosed=true', headers: { cookie } });
  const search = (cookie: string) =>
    h.app.inject({
      method: 'POST',
      url: '/api/cases/search',
      headers: { ...XHR, cookie },
      payload: { name: 'Qxjreadaudit' },
    });

  /** Runs `body` with a guard on audit_event installed on this test's own database, then removes it. */
  async function withGuard(install: string, remove: string, body: () => Promise<void>): Promise<void> {
    await h.sql(install);
    try {
      await body();
    } finally {
      await h.sql(remove);
    }
  }

  it('records the case page, the list and the search with the user who read and the case read', async () => {
    expect((await read(cw)).statusCode).toBe(200);
    expect((await list(cw)).statusCode).toBe(200);
    const found = await search(cw);
    expect(found.statusCode).toBe(200);
    expect(found.json().items.map((i: { id: string }) => i.id)).toEqual([caseId]);
    const actor = { user_id: await userId('cw-north-1'), username: 'cw-north-1', role: 'caseworker' };
    expect(await rows('case.read')).toEqual([
      { ...actor, case_id: caseId, detail: { method: 'GET', route: '/api/cases/:id', version: 2 } },
    ]); // the request and the assignment
    expect(await rows('case.list')).toEqual([
      { ...actor, case_id: null, detail: { method: 'GET', route: '/api/cases', query: { includeClosed: 'true' } } },
    ]);
    // The search records that it was made, never what was searched for.
    expect(await rows('case.search')).toEqual([
      { ...actor, case_id: null, detail: { method: 'POST', route: '/api/cases/search' } },
    ]);
  });

  it('records another team’s refused read as a refusal (404), and no case.read row', async () => {
    const res = await read(south);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Qxjreadaudit');
    const refused = (await rows('case.read-refused')).filter((r) => r.username === 'cw-south-1');
    expect(refused).toEqual([
      {
        user_id: await userId('cw-south-1'),
        username: 'cw-south-1',
        role: 'caseworker',
        case_id: caseId,
        detail: { method: 'GET', route: '/api/cases/:id', status: 404, code: 'NOT_FOUND' },
      },
    ]);
    expect((await rows('case.read')).filter((r) => r.username === 'cw-south-1')).toEqual([]);
    // The other team's list does not hold the case, and its row names no case.
    expect((await list(south)).json().items).toEqual([]);
    expect((await rows('case.list')).filter((r) => r.username === 'cw-south-1')).toEqual([
      expect.objectContaining({ case_id: null }),
    ]);
  });

  it('writes the row in the statement that reads: an audit row of a read sent as a statement of its own is refused', async () => {
    // The guard refuses a read's audit row written by a bare INSERT (an audit written after the read, apart from it).
    // Written by the read's own statement (WITH … INSERT … SELECT the case), it passes, and the reads still answer.
    await withGuard(
      `CREATE FUNCTION only_with_the_read() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF NEW.action IN ('case.read', 'case.list', 'case.search') AND current_query() ~* '^\\s*INSERT\\s+INTO\\s+audit_event' THEN
             RAISE EXCEPTION 'the audit row of a read must be written by the read''s own statement';
           END IF;
           RETURN NEW;
         END $$;
       CREATE TRIGGER only_with_the_read BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION only_with_the_read();`,
      `DROP TRIGGER only_with_the_read ON audit_event; DROP FUNCTION only_with_the_read();`,
      async () => {
        const before = (await rows('case.read')).length;
        expect((await read(cw)).statusCode).toBe(200);
        expect((await list(cw)).statusCode).toBe(200);
        expect((await search(cw)).statusCode).toBe(200);
        expect(await rows('case.read')).toHaveLength(before + 1);
      },
    );
  });

  it('answers an error, not the case, when the read’s audit row cannot be written', async () => {
    await withGuard(
      `ALTER TABLE audit_event ADD CONSTRAINT no_reads_now CHECK (action NOT IN ('case.read', 'case.list', 'case.search')) NOT VALID`,
      `ALTER TABLE audit_event DROP CONSTRAINT no_reads_now`,
      async () => {
        const before = (await rows('case.read')).length;
        for (const res of [await read(cw), await list(cw), await search(cw)]) {
          expect(res.statusCode).toBe(500);
          expect(res.body).not.toContain('Qxjreadaudit');
          expect(res.json()).toMatchObject({ status: 500, code: 'INTERNAL' });
          expect(res.body).not.toContain('EHC-'); // no reference: nothing of the case, or of the list, left
        }
        expect(await rows('case.read')).toHaveLength(before);
      },
    );
    // The guard gone, the same reads answer (and are recorded) again.
    expect((await read(cw)).statusCode).toBe(200);
  });
});
