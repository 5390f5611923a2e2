import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';
import { CaseSteps } from '../support/case-steps.js';

/**
 * The maintained plan over HTTP (docs/plan-life.md#one-log): after the final plan, a caseworker records an annual
 * review cycle through the same events endpoint; the plan's deadlines are projected into case_deadline (and so reach
 * the deadline worker), each write is audited, and an event out of order is refused with a 4xx and stores nothing.
 */
describe('the maintained plan through POST /api/cases/:id/events (e2e)', () => {
  let h: ApiHarness;
  let s: CaseSteps;
  const stored = async () => ({
    versions: (await h.sql(`SELECT count(*)::int AS n FROM case_event WHERE case_id = $1`, [s.case.id]))[0].n,
    writes: (
      await h.sql(`SELECT count(*)::int AS n FROM audit_event WHERE case_id = $1 AND action = 'case.write'`, [
        s.case.id,
      ])
    )[0].n,
  });
  const projected = async () =>
    Object.fromEntries(
      (
        await h.sql(
          `SELECT deadline_id, due::text AS due, status, met_on::text AS met_on FROM case_deadline WHERE case_id = $1 AND kind LIKE 'annual-review' OR (case_id = $1 AND kind LIKE 'review-%')`,
          [s.case.id],
        )
      ).map((r: any) => [r.deadline_id, { due: r.due, status: r.status, metOn: r.met_on }]),
    );

  beforeAll(async () => {
    h = await startApi('planapi');
    s = new CaseSteps(h);
    await s.at('2025-03-03');
    const res = await s.call('POST', '/api/cases', {
      teamId: 'north',
      child: { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '2015-03-02' },
      request: { date: '2025-03-03', source: 'parent' },
    });
    expect(res.statusCode).toBe(201);
    s.case = res.json();
    await s.step('2025-04-01', { type: 'DecidedToAssess' });
    for (const provider of ['parent', 'education', 'health', 'psychology', 'social-care'])
      await s.step('2025-04-02', { type: 'AdviceRequested', adviceId: provider, provider });
    await s.step('2025-06-10', { type: 'DecidedToIssue' });
    await s.step('2025-06-23', { type: 'DraftPlanIssued' });
    await s.step('2025-07-08', { type: 'FinalPlanIssued', placement: 'mainstream' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('the final plan begins the plan: the first annual review is due within 12 months of its issue, projected with the case', async () => {
    expect(s.case.plan).toMatchObject({
      stage: 'maintained',
      issuedOn: '2025-07-08',
      nextReviewDue: '2026-07-07',
      reviews: [],
    });
    expect(s.case.plan.named).toEqual([
      expect.objectContaining({ from: '2025-07-08', settingType: 'mainstream', inArea: null }),
    ]);
    expect(s.case.allowedEvents.map((a: any) => a.type)).toEqual(
      expect.arrayContaining(['ReviewMeetingHeld', 'PlacementStarted', 'PhaseTransferDue', 'CeasingConsidered']),
    );
    expect(s.case.allowedEvents.map((a: any) => a.type)).not.toContain('PlanEnded');
    expect((await projected())['annual-review-1']).toEqual({ due: '2026-07-07', status: 'pending', metOn: null });
  });

  // the manager's queue and the caseworker's My work: this case's open deadlines, as (deadline id, due) pairs
  const work = async () => {
    const manager = await h.login('manager-north');
    const queue = await h.app.inject({
      method: 'GET',
      url: '/api/queues/deadlines?limit=200',
      headers: { cookie: manager, ...XHR },
    });
    const mine = await s.call('GET', '/api/queues/my-work');
    expect([queue.statusCode, mine.statusCode]).toEqual([200, 200]);
    const ours = (items: any[]) => items.filter((i) => i.caseId === s.case.id).map((i) => [i.deadlineId, i.due]);
    const caseload = queue.json().caseloads.find((l: any) => l.caseworker === s.case.caseworker);
    return { queue: ours(queue.json().items), myWork: ours(mine.json()), caseload };
  };

  it("the plan's annual review is work: in the manager's queue and the caseworker's My work, though the assessment is closed", async () => {
    await s.at('2026-06-25');
    const page = (await s.call('GET', `/api/cases/${s.case.id}`)).json();
    expect(page).toMatchObject({ stage: 'plan-issued', closed: true });
    // The plan is part of its caseworker's caseload beside the queue: maintained, not an open assessment.
    const planOnly = { caseworker: s.case.caseworker, openCases: 0, maintainedPlans: 1 };
    expect(await work()).toEqual({
      queue: [['annual-review-1', '2026-07-07']],
      myWork: [['annual-review-1', '2026-07-07']],
      caseload: expect.objectContaining({ ...planOnly, overdueCases: 0 }),
    });
    // My work looks two weeks ahead: a month earlier it is only in the queue
    await s.at('2026-06-01');
    expect(await work()).toMatchObject({ queue: [['annual-review-1', '2026-07-07']], myWork: [] });
    // Once the review date has passed, the plan counts as overdue in the caseload.
    await s.at('2026-07-08');
    expect((await work()).caseload).toMatchObject({ ...planOnly, overdueCases: 1 });
  });

  it('refuses a decision for a review whose meeting was never recorded: 422 naming reviewId, nothing stored', async () => {
    await s.at('2026-06-20');
    const before = await stored();
    const res = await s.append({
      type: 'ReviewDecisionNotified',
      date: '2026-06-20',
      reviewId: 'r1',
      decision: 'amend',
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json()).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [expect.objectContaining({ field: 'event.reviewId' })],
    });
    expect(await stored()).toEqual(before);
    const shape = await s.append({
      type: 'ReviewDecisionNotified',
      date: '2026-06-20',
      reviewId: 'r1',
      decision: 'maybe',
    });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().errors).toEqual([
      expect.objectContaining({ field: 'event.decision', message: expect.stringContaining('keep, amend, cease') }),
    ]);
  });

  it('records a review cycle: meeting, decision to amend with proposals, amended plan; the next review runs from the decision', async () => {
    const before = await stored();
    await s.step('2026-06-10', {
      type: 'ReviewMeetingHeld',
      reviewId: 'r1',
      invitedOn: '2026-05-20',
      adviceCirculatedOn: '2026-05-26',
    });
    expect(s.case.deadlines.find((d: any) => d.id === 'review-decision-r1')).toMatchObject({
      due: '2026-07-08',
      status: 'pending',
      label: expect.stringContaining('4 weeks'),
    });
    // s44(1): a second meeting while r1 awaits its decision is refused (409), and the form is not offered it
    const second = await s.append({
      type: 'ReviewMeetingHeld',
      date: '2026-06-10',
      reviewId: 'r2',
      invitedOn: '2026-05-20',
    });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'EVENT_NOT_ALLOWED', message: expect.stringContaining('r1') });
    expect(s.case.allowedEvents.map((a: any) => a.type)).not.toContain('ReviewMeetingHeld');
    await s.step('2026-07-01', { type: 'ReviewDecisionNotified', reviewId: 'r1', decision: 'amend' });
    await s.step('2026-07-01', { type: 'AmendmentsProposed', amendmentId: 'a1', following: 'review', reviewId: 'r1' });
    // reg 22(2): not before the family's 15 days have run
    await s.at('2026-07-10');
    const early = await s.append({ type: 'PlanAmended', date: '2026-07-10', amendmentId: 'a1' });
    expect(early.statusCode).toBe(422);
    await s.step('2026-08-20', { type: 'PlanAmended', amendmentId: 'a1' });
    expect(s.case.plan).toMatchObject({
      nextReviewDue: '2027-06-30',
      reviews: [expect.objectContaining({ reviewId: 'r1', decision: 'amend', decisionLabel: 'Amend the plan' })],
    });
    expect(s.case.plan.amendments).toEqual([expect.objectContaining({ amendmentId: 'a1', issuedOn: '2026-08-20' })]);
    const p = await projected();
    expect(p['annual-review-1']).toEqual({ due: '2026-07-07', status: 'met', metOn: '2026-07-01' });
    expect(p['annual-review-2']).toEqual({ due: '2027-06-30', status: 'pending', metOn: null });
    expect(p['review-decision-r1']).toMatchObject({ status: 'met' });
    const after = await stored();
    expect(after.versions - before.versions).toBe(4);
    expect(after.writes - before.writes).toBe(4);
    // the deadline worker is told of the new clock (the transactional outbox)
    const outbox = await h.sql(
      `SELECT deadline_id FROM deadline_outbox WHERE case_id = $1 AND deadline_id = 'annual-review-2'`,
      [s.case.id],
    );
    expect(outbox.length).toBeGreaterThan(0);
  });

  it('placements: the setting attended kept apart from the one named; a phase transfer gets its reg 18 date', async () => {
    await s.step('2026-09-01', {
      type: 'PlacementStarted',
      placementId: 'p1',
      settingType: 'resourced-provision',
      inArea: 'no',
      setting: 'URN 123456',
    });
    await s.step('2026-09-02', {
      type: 'PhaseTransferDue',
      transferId: 't1',
      transfer: 'primary-to-secondary',
      movesOn: '2027-09-01',
    });
    expect(s.case.plan.attended).toEqual([
      expect.objectContaining({ placementId: 'p1', settingType: 'resourced-provision', inArea: 'no' }),
    ]);
    expect(s.case.plan.phaseTransfers).toEqual([
      expect.objectContaining({ transferId: 't1', due: '2027-02-14', status: 'pending' }),
    ]);
  });

  it('imports plan histories: years of reviews, placements, a phase transfer and the cease, each line checked by the plan’s rules', async () => {
    await s.at('2027-01-10');
    const manager = await h.login('manager-north');
    const toFinal = [
      { type: 'RequestReceived', date: '2021-01-11', source: 'parent' },
      { type: 'DecidedToAssess', date: '2021-02-15' },
      ...['parent', 'education', 'health', 'psychology', 'social-care'].map((p) => ({
        type: 'AdviceRequested',
        date: '2021-02-16',
        adviceId: p,
        provider: p,
      })),
      { type: 'DecidedToIssue', date: '2021-04-19' },
      { type: 'DraftPlanIssued', date: '2021-04-26' },
      { type: 'FinalPlanIssued', date: '2021-05-24', placement: 'mainstream' },
    ];
    const review = (n: number, meetingOn: string, decisionOn: string, decision: string) => [
      {
        type: 'ReviewMeetingHeld',
        date: meetingOn,
        reviewId: `r${n}`,
        invitedOn: meetingOn.replace(/-\d\d$/, '-01'),
        adviceCirculatedOn: meetingOn.replace(/-\d\d$/, '-01'),
      },
      { type: 'ReviewDecisionNotified', date: decisionOn, reviewId: `r${n}`, decision },
    ];
    const history = [
      ...toFinal,
      { type: 'PlacementNamed', date: '2021-05-24', settingType: 'mainstream', inArea: 'yes', setting: 'URN 100001' },
      { type: 'PlacementStarted', date: '2021-06-01', placementId: 'p1', settingType: 'mainstream', inArea: 'yes' },
      ...review(1, '2022-05-16', '2022-05-20', 'keep'),
      {
        type: 'PhaseTransferDue',
        date: '2022-09-05',
        transferId: 't1',
        transfer: 'primary-to-secondary',
        movesOn: '2023-09-04',
      },
      ...review(2, '2023-01-16', '2023-01-27', 'amend'),
      {
        type: 'AmendmentsProposed',
        date: '2023-01-27',
        amendmentId: 'a1',
        following: 'review',
        reviewId: 'r2',
        transferId: 't1',
      },
      { type: 'PlanAmended', date: '2023-02-13', amendmentId: 'a1' },
      { type: 'PlacementNamed', date: '2023-02-13', settingType: 'special-state', inArea: 'yes' },
      { type: 'PlacementEnded', date: '2023-07-21', placementId: 'p1' },
      { type: 'PlacementStarted', date: '2023-09-04', placementId: 'p2', settingType: 'special-state', inArea: 'yes' },
      ...review(3, '2024-01-15', '2024-01-22', 'keep'),
      ...review(4, '2025-01-13', '2025-01-17', 'cease'),
      { type: 'CeasingConsidered', date: '2025-01-24' },
      { type: 'CeaseDecided', date: '2025-02-03', reason: 'needs-met-without-plan' },
      { type: 'PlanCeased', date: '2025-04-04', reason: 'needs-met-without-plan' },
    ];
    const line = (reference: string, events: unknown[]) =>
      JSON.stringify({
        reference,
        child: { givenName: 'Grace', familyName: 'Hopper', dateOfBirth: '2016-05-02' },
        events,
      });
    // a decision before its meeting is refused by the plan's rules, with the line, the reference and the reason
    const outOfOrder = [
      ...toFinal,
      { type: 'ReviewDecisionNotified', date: '2022-05-30', reviewId: 'r1', decision: 'keep' },
    ];
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: [line('PLAN-1', history), line('PLAN-2', outOfOrder)].join('\n'),
      headers: { cookie: manager, ...XHR, 'content-type': 'application/x-ndjson' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      accepted: 1,
      rejected: [{ line: 2, reference: 'PLAN-2', reason: expect.stringMatching(/ReviewDecisionNotified.*reviewId/) }],
    });
    const [imported] = await h.sql(`SELECT case_id FROM case_summary WHERE reference = 'PLAN-1'`);
    expect((await h.sql(`SELECT count(*)::int AS n FROM case_event WHERE case_id = $1`, [imported.case_id]))[0].n).toBe(
      history.length,
    );
    const reviews = await h.sql(
      `SELECT deadline_id, status, met_on::text AS met_on FROM case_deadline WHERE case_id = $1 AND kind = 'annual-review' ORDER BY deadline_id`,
      [imported.case_id],
    );
    expect(reviews).toEqual([
      { deadline_id: 'annual-review-1', status: 'met', met_on: '2022-05-20' },
      { deadline_id: 'annual-review-2', status: 'met', met_on: '2023-01-27' },
      { deadline_id: 'annual-review-3', status: 'met', met_on: '2024-01-22' },
      { deadline_id: 'annual-review-4', status: 'met', met_on: '2025-01-17' },
      { deadline_id: 'annual-review-5', status: 'not-applicable', met_on: null },
    ]);
    const [transfer] = await h.sql(
      `SELECT due::text AS due, status FROM case_deadline WHERE case_id = $1 AND deadline_id = 'phase-transfer-t1'`,
      [imported.case_id],
    );
    expect(transfer).toEqual({ due: '2023-02-14', status: 'met' });
    s.cookie = await h.login('cw-north-1');
    const page = await h.app.inject({
      method: 'GET',
      url: `/api/cases/${imported.case_id}`,
      headers: { cookie: s.cookie, ...XHR },
    });
    expect(page.json()).toMatchObject({
      stage: 'plan-ended',
      plan: { stage: 'ceased', endReason: 'needs-met-without-plan', nextReviewDue: null },
    });
    expect(page.json().plan.attended.map((p: any) => [p.placementId, p.settingType, p.to ?? null])).toEqual([
      ['p1', 'mainstream', '2023-07-21'],
      ['p2', 'special-state', null],
    ]);
    expect(page.json().plan.named.map((p: any) => [p.from, p.settingType, p.inArea])).toEqual([
      ['2021-05-24', 'mainstream', null],
      ['2021-05-24', 'mainstream', 'yes'],
      ['2023-02-13', 'special-state', 'yes'],
    ]);
  });

  it('the plan ceasing ends the case: the case reads it (one fact), and nothing more is allowed on the plan', async () => {
    await s.step('2026-10-01', { type: 'CeasingConsidered' });
    await s.step('2026-10-15', { type: 'CeaseDecided', reason: 'moved-outside-england' });
    await s.step('2026-12-16', { type: 'PlanCeased', reason: 'moved-outside-england' });
    expect(s.case).toMatchObject({
      stage: 'plan-ended',
      plan: { stage: 'ceased', endedOn: '2026-12-16', endReasonLabel: 'Moved outside England', nextReviewDue: null },
    });
    const more = await s.append({ type: 'PlacementEnded', date: '2026-12-16', placementId: 'p1' });
    expect(more.statusCode).toBe(409);
    // an ended plan is no one's work any more: nothing of it in the queue or My work
    expect(await work()).toEqual({ queue: [], myWork: [] });
  });
});
