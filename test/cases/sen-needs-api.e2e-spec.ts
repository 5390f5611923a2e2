import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';
import { CaseSteps } from '../support/case-steps.js';

/**
 * The plan's special educational needs over HTTP (docs/plan-life.md#sen-needs, reg 12(1)(a)): recorded through the one
 * events endpoint as the whole ranked list, changed by a later list, corrected like any entry; a primary need that is
 * also one of the others is refused, as an unknown code is (400 naming the field, nothing stored); the importer takes the event in a
 * case's history under the same rules.
 */
describe('SEN needs through POST /api/cases/:id/events and the importer (e2e)', () => {
  let h: ApiHarness;
  let s: CaseSteps;
  const count = async (caseId: string) =>
    (await h.sql(`SELECT count(*)::int AS n FROM case_event WHERE case_id = $1`, [caseId]))[0].n;
  const toFinal = [
    { type: 'RequestReceived', date: '2025-03-03', source: 'parent' },
    { type: 'DecidedToAssess', date: '2025-04-01' },
    ...['parent', 'education', 'health', 'psychology', 'social-care'].map((p) => ({
      type: 'AdviceRequested',
      date: '2025-04-02',
      adviceId: p,
      provider: p,
    })),
    { type: 'DecidedToIssue', date: '2025-06-10' },
    { type: 'DraftPlanIssued', date: '2025-06-23' },
    { type: 'FinalPlanIssued', date: '2025-07-08', placement: 'mainstream' },
  ];

  beforeAll(async () => {
    h = await startApi('senneeds');
    s = new CaseSteps(h);
    await s.at('2025-03-03');
    const res = await s.call('POST', '/api/cases', {
      teamId: 'north',
      child: { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '2015-03-02' },
      request: { date: '2025-03-03', source: 'parent' },
    });
    expect(res.statusCode).toBe(201);
    s.case = res.json();
    for (const e of toFinal.slice(1)) await s.step(e.date, e);
  });
  afterAll(async () => {
    await h.close();
  });

  it('no needs yet: the plan says none; the form is offered with the SEN2 codes (primary one, others a list)', () => {
    expect(s.case.plan.needs).toBeUndefined();
    const form = s.case.allowedEvents.find((a: any) => a.type === 'SenNeedsRecorded');
    expect(form.earliest).toBe('2025-07-08');
    expect(form.fields.map((f: any) => [f.name, f.required, f.many ?? false, f.options?.length ?? 0])).toEqual([
      ['date', true, false, 0],
      ['primaryNeed', true, false, 13],
      ['otherNeeds', false, true, 13],
    ]);
  });

  it('records the needs, then a changed list replaces them; ranks follow the order given', async () => {
    await s.step('2025-07-08', { type: 'SenNeedsRecorded', primaryNeed: 'SLCN', otherNeeds: ['ASD'] });
    expect(s.case.plan.needs).toEqual({
      from: '2025-07-08',
      ranked: [
        { rank: 1, code: 'SLCN', label: 'Speech, language and communication needs' },
        { rank: 2, code: 'ASD', label: 'Autistic spectrum disorder' },
      ],
    });
    await s.step('2026-06-20', { type: 'SenNeedsRecorded', primaryNeed: 'ASD', otherNeeds: ['SEMH', 'SLCN'] });
    expect(s.case.plan.needs.ranked.map((n: any) => `${n.rank} ${n.code}`)).toEqual(['1 ASD', '2 SEMH', '3 SLCN']);
    expect(s.case.plan.needs.from).toBe('2026-06-20');
  });

  it('refuses the primary need among the others (reg 12(1)(a)) and an unknown code, each a 400 naming the field; nothing stored', async () => {
    const before = await count(s.case.id);
    const twice = await s.append({
      type: 'SenNeedsRecorded',
      date: '2026-06-20',
      primaryNeed: 'HI',
      otherNeeds: ['HI'],
    });
    // INVALID_EVENT, as the plan's other "used twice" checks (placementIsNew …): a bad answer on the form, a 400
    expect(twice.statusCode).toBe(400);
    expect(twice.headers['content-type']).toMatch(/problem\+json/);
    expect(twice.json()).toMatchObject({ errors: [expect.objectContaining({ field: 'event.otherNeeds' })] });
    const unknown = await s.append({ type: 'SenNeedsRecorded', date: '2026-06-20', primaryNeed: 'ADHD' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      expect.objectContaining({ field: 'event.primaryNeed', message: expect.stringContaining('SPLD, MLD') }),
    ]);
    expect(await count(s.case.id)).toBe(before);
  });

  it('a list recorded wrongly is corrected like any entry (docs/corrections.md)', async () => {
    const [wrong] = await h.sql(
      `SELECT event_id FROM case_event WHERE case_id = $1 AND type = 'SenNeedsRecorded' ORDER BY version DESC LIMIT 1`,
      [s.case.id],
    );
    await s.step('2026-06-21', {
      type: 'EventCorrected',
      corrects: wrong.event_id,
      reason: 'The primary need was mistyped',
      correction: { primaryNeed: 'SEMH', otherNeeds: ['ASD', 'SLCN'] },
    });
    expect(s.case.plan.needs.ranked.map((n: any) => `${n.rank} ${n.code}`)).toEqual(['1 SEMH', '2 ASD', '3 SLCN']);
  });

  it('imports a history with its needs, and refuses a line whose needs break the rule, naming it', async () => {
    await s.at('2026-07-01');
    const manager = await h.login('manager-north');
    const line = (reference: string, events: unknown[]) =>
      JSON.stringify({
        reference,
        child: { givenName: 'Grace', familyName: 'Hopper', dateOfBirth: '2016-05-02' },
        events,
      });
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: [
        line('NEEDS-1', [...toFinal, { type: 'SenNeedsRecorded', date: '2025-07-08', primaryNeed: 'DS' }]),
        line('NEEDS-2', [
          ...toFinal,
          { type: 'SenNeedsRecorded', date: '2025-07-08', primaryNeed: 'PD', otherNeeds: ['VI', 'PD'] },
        ]),
        // a migrated summary (docs/migrated-histories.md) carries the plan's needs too
        JSON.stringify({
          reference: 'NEEDS-3',
          mode: 'summary',
          source: 'Old SEN system',
          child: { givenName: 'Alan', familyName: 'Turing', dateOfBirth: '2014-06-23' },
          events: [
            { type: 'RequestReceived', date: '2024-01-08', source: 'parent' },
            { type: 'DecidedToAssess', date: '2024-02-12' },
            { type: 'FinalPlanIssued', date: '2024-05-20', placement: 'mainstream' },
            { type: 'SenNeedsRecorded', date: '2024-05-20', primaryNeed: 'SPLD', otherNeeds: ['SEMH'] },
          ],
        }),
      ].join('\n'),
      headers: { cookie: manager, ...XHR, 'content-type': 'application/x-ndjson' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      accepted: 2,
      rejected: [{ line: 2, reference: 'NEEDS-2', reason: expect.stringMatching(/SenNeedsRecorded/) }],
    });
    const [imported] = await h.sql(`SELECT case_id FROM case_summary WHERE reference = 'NEEDS-1'`);
    const page = await s.call('GET', `/api/cases/${imported.case_id}`);
    expect(page.json().plan.needs).toEqual({
      from: '2025-07-08',
      ranked: [{ rank: 1, code: 'DS', label: 'Down syndrome' }],
    });
    const [summary] = await h.sql(`SELECT case_id FROM case_summary WHERE reference = 'NEEDS-3'`);
    const migrated = await s.call('GET', `/api/cases/${summary.case_id}`);
    expect(migrated.json().plan.needs.ranked.map((n: any) => `${n.rank} ${n.code}`)).toEqual(['1 SPLD', '2 SEMH']);
  });
});
