import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';

/** Case notes and the contact log: append-only, corrections as new notes, audited, searchable within the case. */
describe('case notes and contact log (e2e)', () => {
  let h: ApiHarness;
  let cw: string;
  let south: string;
  let caseId: string;
  let otherCase: string;
  const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    h.app.inject({ method, url, payload: payload as any, headers: { cookie, ...XHR } });
  const open = async () =>
    (
      await call(cw, 'POST', '/api/cases', {
        teamId: 'north',
        child: { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '2015-03-02' },
        request: { date: '2025-03-03', source: 'parent' },
      })
    ).json().id;

  beforeAll(async () => {
    h = await startApi('notes');
    [cw, south] = await Promise.all([h.login('cw-north-1'), h.login('cw-south-1')]);
    caseId = await open();
    otherCase = await open();
  });
  afterAll(async () => {
    await h.close();
  });

  it('records a call with whom and a summary, lists it with its author, and audits it without the summary', async () => {
    const res = await call(cw, 'POST', `/api/cases/${caseId}/notes`, {
      kind: 'call',
      occurredOn: '2025-03-03',
      withWhom: 'Mother',
      summary: 'Discussed the educational psychologist’s visit on Tuesday',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'call',
      withWhom: 'Mother',
      author: 'cw-north-1',
      authorName: expect.any(String),
      correctedBy: null,
    });
    const list = (await call(cw, 'GET', `/api/cases/${caseId}/notes`)).json();
    expect(list).toHaveLength(1);
    const [audit] = await h.sql(`SELECT action, case_id, detail FROM audit_event WHERE action = 'case.note-add'`);
    expect(audit).toMatchObject({ case_id: caseId, detail: { noteId: res.json().id, kind: 'call' } });
    expect(JSON.stringify(audit)).not.toContain('psychologist');
  });

  it('a correction is a new note; the earlier one stays and shows what corrected it; a note is corrected once', async () => {
    const first = (
      await call(cw, 'POST', `/api/cases/${caseId}/notes`, {
        kind: 'meeting',
        occurredOn: '2025-03-02',
        withWhom: 'SENCo',
        summary: 'Agreed a meeting on Friday',
      })
    ).json();
    const fix = await call(cw, 'POST', `/api/cases/${caseId}/notes`, {
      kind: 'meeting',
      occurredOn: '2025-03-02',
      withWhom: 'SENCo',
      summary: 'Agreed a meeting on Thursday',
      corrects: first.id,
    });
    expect(fix.statusCode).toBe(201);
    const again = await call(cw, 'POST', `/api/cases/${caseId}/notes`, {
      kind: 'meeting',
      occurredOn: '2025-03-02',
      summary: 'Another try',
      corrects: first.id,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ALREADY_CORRECTED');
    const list = (await call(cw, 'GET', `/api/cases/${caseId}/notes`)).json();
    expect(list.find((n: any) => n.id === first.id)).toMatchObject({
      summary: 'Agreed a meeting on Friday',
      correctedBy: fix.json().id,
    });
    expect(list.find((n: any) => n.id === fix.json().id)).toMatchObject({ corrects: first.id, correctedBy: null });
    const wrongCase = await call(cw, 'POST', `/api/cases/${otherCase}/notes`, {
      kind: 'note',
      occurredOn: '2025-03-02',
      summary: 'x',
      corrects: fix.json().id,
    });
    expect(wrongCase.statusCode).toBe(422);
    expect(wrongCase.json().errors[0].field).toBe('corrects');
  });

  it('the database refuses to change or delete a note', async () => {
    await expect(h.sql(`UPDATE case_note SET summary = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(h.sql(`DELETE FROM case_note`)).rejects.toThrow(/append-only/);
  });

  it('searches the case’s notes by words (stemmed) and by part of a name, POSTed; other cases’ notes never', async () => {
    await call(cw, 'POST', `/api/cases/${otherCase}/notes`, {
      kind: 'email',
      occurredOn: '2025-03-03',
      withWhom: 'Dr Okonkwo',
      summary: 'Asked for the paediatric report',
    });
    await call(cw, 'POST', `/api/cases/${caseId}/notes`, {
      kind: 'email',
      occurredOn: '2025-03-03',
      withWhom: 'Dr Okonkwo',
      summary: 'Reports chased',
    });
    const search = async (text: string) =>
      (await call(cw, 'POST', `/api/cases/${caseId}/notes/search`, { text })).json().map((n: any) => n.summary);
    expect(await search('report')).toEqual(['Reports chased']);
    expect(await search('okonk')).toEqual(['Reports chased']);
    expect(await search('meetings thursday')).toEqual(['Agreed a meeting on Thursday']);
    expect(await search('zebra')).toEqual([]);
  });

  it('refuses bad input with the field named, a future date, and another team', async () => {
    const bad = await call(cw, 'POST', `/api/cases/${caseId}/notes`, {
      kind: 'fax',
      occurredOn: '2025-03-03',
      summary: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: any) => e.field)
        .sort(),
    ).toEqual(['kind', 'summary']);
    const future = await call(cw, 'POST', `/api/cases/${caseId}/notes`, {
      kind: 'note',
      occurredOn: '2025-03-04',
      summary: 'x',
    });
    expect(future.statusCode).toBe(422);
    expect((await call(south, 'GET', `/api/cases/${caseId}/notes`)).statusCode).toBe(404);
    expect(
      (
        await call(south, 'POST', `/api/cases/${caseId}/notes`, {
          kind: 'note',
          occurredOn: '2025-03-03',
          summary: 'x',
        })
      ).statusCode,
    ).toBe(404);
  });
});
