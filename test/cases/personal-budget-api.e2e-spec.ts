import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';
import { CaseSteps } from '../support/case-steps.js';

/**
 * Personal budgets over HTTP (docs/plan-life.md#personal-budgets): after the final plan, a request for a personal
 * budget and the council's decision go through the same events endpoint as the plan's other events; the case shows
 * the budget in place; a decision the rules refuse is a 4xx naming the field, storing nothing; the importer takes a
 * history with the budget's events and checks them by the same rules. While the plan is prepared (s49(1), PB reg 3)
 * the same endpoint takes them from the decision to issue, refuses them before it, and the final plan carries them.
 */
describe('personal budgets through POST /api/cases/:id/events and /api/imports (e2e)', () => {
  let h: ApiHarness;
  let s: CaseSteps;

  const versions = async () =>
    (await h.sql(`SELECT count(*)::int AS n FROM case_event WHERE case_id = $1`, [s.case.id]))[0].n;

  /** A new case, assessed with the five reg 6(1) advice requests: the decision whether to issue comes next. */
  const openAssessed = async (child: Record<string, string>) => {
    await s.at('2025-03-03');
    const res = await s.call('POST', '/api/cases', {
      teamId: 'north',
      child,
      request: { date: '2025-03-03', source: 'parent' },
    });
    expect(res.statusCode).toBe(201);
    s.case = res.json();
    await s.step('2025-04-01', { type: 'DecidedToAssess' });
    for (const provider of ['parent', 'education', 'health', 'psychology', 'social-care'])
      await s.step('2025-04-02', { type: 'AdviceRequested', adviceId: provider, provider });
  };

  beforeAll(async () => {
    h = await startApi('pbudgetapi');
    s = new CaseSteps(h);
    await openAssessed({ givenName: 'Ada', familyName: 'Budget', dateOfBirth: '2015-03-02' });
    await s.step('2025-06-10', { type: 'DecidedToIssue' });
    await s.step('2025-06-23', { type: 'DraftPlanIssued' });
    await s.step('2025-07-08', { type: 'FinalPlanIssued', placement: 'mainstream' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('a request and its decision: the plan shows the budget in place; a decision without what the rules need is a 400', async () => {
    await s.step('2025-09-01', {
      type: 'PersonalBudgetRequested',
      budgetRequestId: 'pb1',
      requestedBy: 'parent',
      parts: ['education'],
      directPaymentsRequested: 'yes',
    });
    expect(s.case.allowedEvents.map((a: any) => a.type)).toContain('PersonalBudgetDecided');

    await s.at('2025-10-01');
    const before = await versions();
    const missing = await s.append({
      type: 'PersonalBudgetDecided',
      date: '2025-10-01',
      budgetRequestId: 'pb1',
      decision: 'agreed',
      amount: '3000',
      arrangements: 'yes',
    });
    expect(missing.statusCode).toBe(400); // INVALID_EVENT: the event lacks what the rules need
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
    expect(missing.json()).toMatchObject({
      code: 'INVALID_EVENT',
      errors: [expect.objectContaining({ field: 'event.directPaymentsRefusedReasons' })],
    });
    expect(await versions()).toBe(before);

    await s.step('2025-10-01', {
      type: 'PersonalBudgetDecided',
      budgetRequestId: 'pb1',
      decision: 'agreed',
      amount: '3000',
      arrangements: 'yes',
      directPaymentsRefusedReasons: 'No suitable provider can be paid directly.',
    });
    expect(s.case.plan.personalBudgets).toEqual([
      expect.objectContaining({
        budgetRequestId: 'pb1',
        requestedOn: '2025-09-01',
        decision: 'agreed',
        decidedOn: '2025-10-01',
        amount: '3000',
        managedAs: 'An arrangement (held by the council, school or college)',
        inPlace: true,
      }),
    ]);
    const timeline = await s.call('GET', `/api/cases/${s.case.id}`);
    expect(timeline.statusCode).toBe(200);
    expect(timeline.json().plan.personalBudgets[0].inPlace).toBe(true);
  });

  it('imports a history with a personal budget; a decision the rules refuse rejects its line', async () => {
    await s.at('2026-01-10');
    const manager = await h.login('manager-north');
    const toFinal = [
      { type: 'RequestReceived', date: '2024-01-08', source: 'parent' },
      { type: 'DecidedToAssess', date: '2024-02-12' },
      ...['parent', 'education', 'health', 'psychology', 'social-care'].map((p) => ({
        type: 'AdviceRequested',
        date: '2024-02-13',
        adviceId: p,
        provider: p,
      })),
      { type: 'DecidedToIssue', date: '2024-04-15' },
      { type: 'DraftPlanIssued', date: '2024-04-22' },
      { type: 'FinalPlanIssued', date: '2024-05-20', placement: 'mainstream' },
      {
        type: 'PersonalBudgetRequested',
        date: '2024-06-03',
        budgetRequestId: 'b1',
        requestedBy: 'parent',
        parts: ['education', 'social-care'],
        directPaymentsRequested: 'yes',
      },
    ];
    const history = [
      ...toFinal,
      {
        type: 'PersonalBudgetDecided',
        date: '2024-07-01',
        budgetRequestId: 'b1',
        decision: 'agreed',
        amount: '1800.50',
        directPayments: 'yes',
      },
      { type: 'PersonalBudgetEnded', date: '2025-07-31', budgetRequestId: 'b1', endReason: 'no-longer-wanted' },
    ];
    const refusedWithoutReasons = [
      ...toFinal,
      { type: 'PersonalBudgetDecided', date: '2024-07-01', budgetRequestId: 'b1', decision: 'refused' },
    ];
    const line = (reference: string, events: unknown[]) =>
      JSON.stringify({
        reference,
        child: { givenName: 'Grace', familyName: 'Budget', dateOfBirth: '2016-05-02' },
        events,
      });
    // s49(1), PB reg 3: a budget asked for and agreed on the draft is the plan's; one asked for before the decision
    // to issue is refused
    const draftBudget = {
      type: 'PersonalBudgetRequested',
      date: '2024-04-16',
      budgetRequestId: 'd1',
      requestedBy: 'parent',
      parts: ['education'],
      directPaymentsRequested: 'no',
    };
    const onTheDraft = [
      ...toFinal.slice(0, 8), // to the decision to issue
      draftBudget,
      {
        type: 'PersonalBudgetDecided',
        date: '2024-04-19',
        budgetRequestId: 'd1',
        decision: 'agreed',
        amount: '900',
        arrangements: 'yes',
      },
      ...toFinal.slice(8, 10), // the draft and the final plan
    ];
    const beforeTheDecision = [...toFinal.slice(0, 7), { ...draftBudget, date: '2024-03-01' }, ...toFinal.slice(7, 10)];
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: [
        line('PB-1', history),
        line('PB-2', refusedWithoutReasons),
        line('PB-3', onTheDraft),
        line('PB-4', beforeTheDecision),
      ].join('\n'),
      headers: { cookie: manager, ...XHR, 'content-type': 'application/x-ndjson' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      accepted: 2,
      rejected: [
        { line: 2, reference: 'PB-2', reason: expect.stringMatching(/PersonalBudgetDecided.*reasons/) },
        { line: 4, reference: 'PB-4', reason: expect.stringMatching(/PersonalBudgetRequested.*s49\(1\), PB reg 3/) },
      ],
    });
    // the plan's budgets of an imported case, as its page reads them
    const budgetsOf = async (reference: string) => {
      const [row] = await h.sql(`SELECT case_id FROM case_summary WHERE reference = $1`, [reference]);
      const detail = await h.app.inject({
        method: 'GET',
        url: `/api/cases/${row.case_id}`,
        headers: { cookie: manager, ...XHR },
      });
      return detail.json().plan.personalBudgets;
    };
    expect(await budgetsOf('PB-1')).toEqual([
      expect.objectContaining({ amount: '1800.50', endedOn: '2025-07-31', inPlace: false }),
    ]);
    expect(await budgetsOf('PB-3')).toEqual([
      expect.objectContaining({ budgetRequestId: 'd1', decidedOn: '2024-04-19', amount: '900', inPlace: true }),
    ]);
  });

  it('while the plan is prepared (s49(1), PB reg 3): refused before the decision to issue; after it, requested and agreed on the draft; the final plan shows it in place', async () => {
    const request = {
      type: 'PersonalBudgetRequested',
      budgetRequestId: 'pb1',
      requestedBy: 'parent',
      parts: ['education', 'social-care'],
      directPaymentsRequested: 'no',
    };
    await openAssessed({ givenName: 'Ivy', familyName: 'Drafting', dateOfBirth: '2014-09-12' });
    expect(s.case.allowedEvents.map((a: any) => a.type)).not.toContain('PersonalBudgetRequested');
    await s.at('2025-05-01');
    const before = await versions();
    const early = await s.append({ date: '2025-05-01', ...request });
    expect(early.statusCode).toBeGreaterThanOrEqual(400);
    expect(early.statusCode).toBeLessThan(500);
    expect(early.headers['content-type']).toMatch(/problem\+json/);
    expect(early.json()).toMatchObject({ code: 'EVENT_NOT_ALLOWED' });
    expect(JSON.stringify(early.json())).toMatch(/s49\(1\), PB reg 3/);
    expect(await versions()).toBe(before);

    await s.step('2025-06-10', { type: 'DecidedToIssue' });
    expect(s.case.allowedEvents.map((a: any) => a.type)).toContain('PersonalBudgetRequested');
    await s.step('2025-06-12', request);
    const decision = s.case.allowedEvents.find((a: any) => a.type === 'PersonalBudgetDecided');
    expect(decision.fields.find((f: any) => f.name === 'budgetRequestId').options).toEqual(['pb1']);
    await s.step('2025-06-23', { type: 'DraftPlanIssued' });
    await s.step('2025-06-30', {
      type: 'PersonalBudgetDecided',
      budgetRequestId: 'pb1',
      decision: 'agreed',
      amount: '1800',
      arrangements: 'yes',
    });
    expect(s.case.plan ?? null).toBeNull(); // no plan yet: the budget waits for the final plan
    expect(s.case.personalBudgetsWhilePreparing).toEqual([
      expect.objectContaining({ budgetRequestId: 'pb1', decision: 'agreed', amount: '1800', inPlace: true }),
    ]);
    await s.step('2025-07-08', { type: 'FinalPlanIssued', placement: 'mainstream' });
    expect(s.case.plan.personalBudgets).toEqual([
      expect.objectContaining({
        budgetRequestId: 'pb1',
        requestedOn: '2025-06-12',
        decision: 'agreed',
        decidedOn: '2025-06-30',
        amount: '1800',
        inPlace: true,
      }),
    ]);
    expect(s.case.allowedEvents.map((a: any) => a.type)).toContain('PersonalBudgetEnded');
  });
});
