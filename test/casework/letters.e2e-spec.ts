import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';
import { missingContent } from '../../apps/api/src/casework/letter-rules.js';
import { pdfText } from './pdf-text.js';

/**
 * Statutory letters as PDF from the council's templates; each letter's text (read back with pdfjs-dist) says what
 * its regulation requires; sending one records the notice on the case with its date.
 */
describe('statutory letters (e2e)', () => {
  let h: ApiHarness;
  let cw: string;
  let admin: string;
  let board: string;
  const call = (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    h.app.inject({ method, url, payload: payload as any, headers: { cookie, ...XHR } });

  async function caseWith(
    events: Record<string, unknown>[],
    child = { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '2015-03-02' },
  ) {
    let c = (
      await call(cw, 'POST', '/api/cases', {
        teamId: 'north',
        child,
        request: { date: '2025-01-06', source: 'parent' },
      })
    ).json();
    for (const event of events) {
      const r = await call(cw, 'POST', `/api/cases/${c.id}/events`, { expectedVersion: c.version, event });
      expect({ event: event.type, status: r.statusCode }).toEqual({ event: event.type, status: 200 });
      c = r.json();
    }
    return c;
  }
  async function send(caseId: string, notice: string, sentOn: string) {
    const res = await call(cw, 'POST', `/api/cases/${caseId}/letters`, { notice, sentOn });
    expect({ status: res.statusCode, body: res.statusCode === 201 ? 'ok' : res.json() }).toEqual({
      status: 201,
      body: 'ok',
    });
    const letter = res.json();
    const pdf = await call(cw, 'GET', `/api/cases/${caseId}/documents/${letter.documentId}/content`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    return { letter, text: await pdfText(pdf.rawPayload) };
  }

  const ASSESSING = [
    { type: 'DecidedToAssess', date: '2025-01-13' },
    { type: 'AdviceRequested', date: '2025-01-13', adviceId: 'ep', provider: 'psychology' },
    { type: 'AdviceReceived', date: '2025-01-20', adviceId: 'ep' },
    // the rest of the advice reg 6(1) requires before a decision whether to issue ((a), (b), (c), (e))
    ...['parent', 'education', 'health', 'social-care'].map((provider) => ({
      type: 'AdviceRequested',
      date: '2025-01-13',
      adviceId: `r6-${provider}`,
      provider,
    })),
  ];

  beforeAll(async () => {
    h = await startApi('letters');
    [cw, admin, board] = await Promise.all([h.login('cw-north-1'), h.login('admin'), h.login('board')]);
  });
  afterAll(async () => {
    await h.close();
  });

  it('decision to assess (reg 5(1)): the decision, the 20 weeks and SENDIASS; the notice is recorded with its date and the PDF kept', async () => {
    const c = await caseWith([{ type: 'DecidedToAssess', date: '2025-01-13' }]);
    const { letter, text } = await send(c.id, 'decision-to-assess', '2025-01-14');
    expect(letter).toMatchObject({ notice: 'decision-to-assess', sentOn: '2025-01-14', recordedBy: 'cw-north-1' });
    expect(text).toContain('14 January 2025');
    expect(text).toMatch(/On 13 January 2025 we decided to carry out an EHC needs assessment for Ada Lovelace/);
    expect(text).toMatch(/within 20 weeks .* by 26 May 2025/); // request 6 January + 140 days (reg 13(2))
    expect(text).toMatch(/SENDIASS/);
    expect(missingContent('decision-to-assess', text)).toEqual([]);
    const list = (await call(cw, 'GET', `/api/cases/${c.id}/letters`)).json();
    expect(list).toEqual([expect.objectContaining({ id: letter.id, sentOn: '2025-01-14' })]);
    const [doc] = await h.sql(`SELECT kind, event_id FROM case_document WHERE id = $1`, [letter.documentId]);
    const [decision] = await h.sql(`SELECT event_id FROM case_event WHERE case_id = $1 AND type = 'DecidedToAssess'`, [
      c.id,
    ]);
    expect(doc).toEqual({ kind: 'letter', event_id: decision.event_id });
    const [audit] = await h.sql(
      `SELECT case_id, detail FROM audit_event WHERE action = 'case.letter-send' AND case_id = $1`,
      [c.id],
    );
    expect(audit.detail).toMatchObject({ notice: 'decision-to-assess', sentOn: '2025-01-14' });
  });

  it('decision not to assess (reg 5(3)): reasons, right of appeal to the Tribunal and its time limit, mediation, disagreement resolution, SENDIASS', async () => {
    const c = await caseWith([
      { type: 'DecidedNotToAssess', date: '2025-02-03', reasons: 'Needs can be met from the school’s own resources' },
    ]);
    const { text } = await send(c.id, 'decision-not-to-assess', '2025-02-03');
    expect(text).toMatch(/decided not to carry out an EHC needs assessment/);
    expect(text).toContain('Our reasons are: Needs can be met from the school’s own resources');
    expect(text).toMatch(/right to appeal to the First-tier Tribunal \(Special Educational Needs and Disability\)/);
    expect(text).toMatch(
      /within two months of the date of this letter, or within one month of the date of a mediation certificate/,
    );
    expect(text).toMatch(/contact a mediation adviser/);
    expect(text).toMatch(/disagreement resolution arrangements/);
    expect(text).toMatch(/SENDIASS/);
    expect(missingContent('decision-not-to-assess', text)).toEqual([]);
  });

  it('notice not to issue a plan (reg 10): reasons and the same rights', async () => {
    const c = await caseWith([
      ...ASSESSING,
      { type: 'DecidedNotToIssue', date: '2025-02-24', reasons: 'The provision can be made without a plan' },
    ]);
    const { text } = await send(c.id, 'decision-not-to-issue', '2025-02-25');
    expect(text).toMatch(/decided not to issue an EHC plan/);
    expect(text).toContain('The provision can be made without a plan');
    expect(text).toMatch(/First-tier Tribunal/);
    expect(text).toMatch(/two months/);
    expect(text).toMatch(/mediation certificate/);
    expect(missingContent('decision-not-to-issue', text)).toEqual([]);
  });

  it('draft plan (reg 13(1)): 15 days beginning with service (last day = served + 14), a particular school, a meeting, where to find schools; then the final plan with appeal rights', async () => {
    const c = await caseWith([
      ...ASSESSING,
      { type: 'DecidedToIssue', date: '2025-01-27' },
      { type: 'DraftPlanIssued', date: '2025-02-03' },
    ]);
    const draft = await send(c.id, 'draft-plan', '2025-02-03');
    expect(draft.text).toMatch(/15 days, beginning with the day the draft plan was served, to make representations/);
    expect(draft.text).toContain('until 17 February 2025');
    expect(draft.text).toMatch(/request a particular school or other institution/);
    expect(draft.text).toMatch(/meeting with an officer of the council/);
    expect(draft.text).toMatch(/information about the schools and colleges/);
    expect(missingContent('draft-plan', draft.text)).toEqual([]);

    const before = await call(cw, 'POST', `/api/cases/${c.id}/letters`, { notice: 'final-plan', sentOn: '2025-02-18' });
    expect(before.statusCode).toBe(409); // no final plan yet: nothing to give notice of
    expect(before.json().code).toBe('NOTICE_NOT_DUE');
    // Sending the draft's letter recorded its notice on the case (NoticeSent, one event more): decide on the case as it is now.
    const now = (await call(cw, 'GET', `/api/cases/${c.id}`)).json();
    expect(now.version).toBe(c.version + 1);
    const timeline = (await call(cw, 'GET', `/api/cases/${c.id}/events`)).json();
    expect(timeline[0]).toMatchObject({ type: 'NoticeSent', date: '2025-02-03' });
    const r = await call(cw, 'POST', `/api/cases/${c.id}/events`, {
      expectedVersion: now.version,
      event: { type: 'FinalPlanIssued', date: '2025-02-18', placement: 'mainstream' },
    });
    expect(r.statusCode).toBe(200);
    const final = await send(c.id, 'final-plan', '2025-02-18');
    expect(final.text).toMatch(/final EHC plan/);
    expect(final.text).toMatch(/right to appeal to the First-tier Tribunal/);
    expect(final.text).toMatch(/two months .* one month .* mediation certificate/);
    expect(missingContent('final-plan', final.text)).toEqual([]);
  });

  it('refuses a date before the decision or in the future, and a letter for a decision not made; nothing recorded', async () => {
    const c = await caseWith([{ type: 'DecidedToAssess', date: '2025-01-13' }]);
    // A preview is the same PDF, and records nothing.
    const preview = await call(cw, 'POST', `/api/cases/${c.id}/letters/preview`, {
      notice: 'decision-to-assess',
      sentOn: '2025-01-14',
    });
    expect(preview.statusCode).toBe(200);
    expect(await pdfText(preview.rawPayload)).toMatch(/we decided to carry out an EHC needs assessment/);
    const early = await call(cw, 'POST', `/api/cases/${c.id}/letters`, {
      notice: 'decision-to-assess',
      sentOn: '2025-01-10',
    });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'DATE_ORDER', errors: [{ field: 'sentOn' }] });
    expect(
      (await call(cw, 'POST', `/api/cases/${c.id}/letters`, { notice: 'decision-to-assess', sentOn: '2025-03-04' }))
        .statusCode,
    ).toBe(422);
    expect(
      (await call(cw, 'POST', `/api/cases/${c.id}/letters`, { notice: 'decision-not-to-assess', sentOn: '2025-01-14' }))
        .statusCode,
    ).toBe(409);
    expect(
      (await call(cw, 'POST', `/api/cases/${c.id}/letters`, { notice: 'welcome', sentOn: '2025-01-14' })).statusCode,
    ).toBe(400);
    expect(await h.sql(`SELECT count(*)::int AS n FROM case_letter WHERE case_id = $1`, [c.id])).toEqual([{ n: 0 }]);
    expect(await h.sql(`SELECT count(*)::int AS n FROM case_document WHERE case_id = $1`, [c.id])).toEqual([{ n: 0 }]);
    await expect(h.sql(`DELETE FROM case_letter`)).rejects.toThrow(/append-only/);
  });

  it('a council rewords a template; one that drops a required element or uses an unknown placeholder is refused, naming it', async () => {
    const [tpl] = (await call(admin, 'GET', '/api/letter-templates'))
      .json()
      .filter((t: any) => t.notice === 'decision-not-to-assess');
    const dropped = tpl.body.replace(/Before you appeal you must contact a mediation adviser[^\n]*\n/, '');
    const bad = await call(admin, 'PUT', '/api/letter-templates/decision-not-to-assess', {
      title: tpl.title,
      body: dropped,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({
      code: 'TEMPLATE_INCOMPLETE',
      message: expect.stringContaining('mediation adviser'),
    });
    const typo = await call(admin, 'PUT', '/api/letter-templates/decision-not-to-assess', {
      title: tpl.title,
      body: `${tpl.body}\n\n{{childname}}`,
    });
    expect(typo.json()).toMatchObject({ code: 'TEMPLATE_INVALID', message: expect.stringContaining('{{childname}}') });
    const ok = await call(admin, 'PUT', '/api/letter-templates/decision-not-to-assess', {
      title: tpl.title,
      body: tpl.body.replace('Dear {{recipient}},', 'Dear {{recipient}}, (Warwickshire County Council)'),
    });
    expect(ok.statusCode).toBe(200);
    expect(
      (await call(board, 'PUT', '/api/letter-templates/decision-not-to-assess', { title: tpl.title, body: tpl.body }))
        .statusCode,
    ).toBe(403);
    const c = await caseWith([{ type: 'DecidedNotToAssess', date: '2025-02-03', reasons: 'Not needed' }]);
    await call(cw, 'POST', `/api/persons/${(await call(cw, 'GET', `/api/cases/${c.id}/person`)).json().id}/contacts`, {
      kind: 'parent-carer',
      name: 'Mary Lovelace',
      relationship: 'mother',
      parentalResponsibility: true,
    });
    const { text } = await send(c.id, 'decision-not-to-assess', '2025-02-04');
    expect(text).toContain('Dear Mary Lovelace, (Warwickshire County Council)');
    const [audit] = await h.sql(`SELECT username, detail FROM audit_event WHERE action = 'letter-template.update'`);
    expect(audit).toMatchObject({ username: 'admin', detail: { notice: 'decision-not-to-assess' } });
  });
});
