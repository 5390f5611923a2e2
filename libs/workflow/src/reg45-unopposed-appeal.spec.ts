import { deriveDeadlines, type Deadline } from './deadlines.js';
import type { CaseEvent } from './events.js';
import { applyEvent, allowedNextEvents, replay } from './workflow.js';
import { withRequiredAdvice } from './advice-sought.js';

const request: CaseEvent = { type: 'RequestReceived', date: '2022-03-07', source: 'parent' };
const byId = (ds: Deadline[]) => Object.fromEntries(ds.map((d) => [d.id, d]));
const refusedAndAppealed: CaseEvent[] = [
  request,
  { type: 'DecidedNotToAssess', date: '2022-04-11', reasons: 'r' },
  { type: 'TribunalAppealRegistered', date: '2022-05-20', against: 'refusal-to-assess' },
];

describe('reg 45 (unopposed appeals, as substituted by SI 2015/359): its own event and its own clocks', () => {
  it('reg 45(3)/(3A): not opposing an appeal against a refusal to assess starts 2/10/14-week clocks from that day; the original 20 weeks is superseded, not missed', () => {
    const h: CaseEvent[] = [
      ...refusedAndAppealed,
      { type: 'AppealNotOpposed', date: '2022-06-01', against: 'refusal-to-assess' },
      { type: 'DecidedToAssess', date: '2022-06-10' },
    ];
    expect(replay(h).stage).toBe('assessing');
    const d = byId(deriveDeadlines(h, { today: '2026-12-02' }));
    expect(d['unopposed-notify-assess']).toMatchObject({
      due: '2022-06-15',
      status: 'met',
      regulation: 'reg 45(3)',
      measuredFrom: 'LA told the Tribunal it would not oppose the appeal',
    });
    expect(d['unopposed-no-plan']).toMatchObject({ due: '2022-08-10', regulation: 'reg 45(3A)(a)' });
    expect(d['unopposed-final-plan']).toMatchObject({
      due: '2022-09-07',
      status: 'missed',
      regulation: 'reg 45(3A)(b)',
    });
    // Before reg 45 was modelled, the LA's later decision was a "reversal" and the final plan was "missed" from D0.
    expect(d['final-plan']).toMatchObject({ status: 'not-applicable' });
    expect(d['final-plan']!.daysLate).toBeUndefined();
  });

  it('reg 45(2)-(3): after not opposing, the LA must assess and cannot refuse again', () => {
    const h: CaseEvent[] = [
      ...refusedAndAppealed,
      { type: 'AppealNotOpposed', date: '2022-06-01', against: 'refusal-to-assess' },
    ];
    const r = applyEvent(
      h,
      { type: 'DecidedNotToAssess', date: '2022-06-05', reasons: 'again' },
      { today: '2026-12-02' },
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'EVENT_NOT_ALLOWED', regulation: 'reg 45(3)' } });
  });

  it('reg 45(1): needs an appeal registered and not yet decided; a concession after an order is not reg 45', () => {
    const noAppeal = applyEvent(
      [request, { type: 'DecidedNotToAssess', date: '2022-04-11', reasons: 'r' }],
      { type: 'AppealNotOpposed', date: '2022-06-01', against: 'refusal-to-assess' },
      { today: '2026-12-02' },
    );
    expect(noAppeal).toMatchObject({
      ok: false,
      error: { code: 'EVENT_NOT_ALLOWED', field: 'against', regulation: 'reg 45(1)' },
    });
    const before = applyEvent(
      refusedAndAppealed,
      { type: 'AppealNotOpposed', date: '2022-05-19', against: 'refusal-to-assess' },
      { today: '2026-12-02' },
    );
    expect(before).toMatchObject({ ok: false, error: { code: 'DATE_ORDER' } });
    const allowed = allowedNextEvents(refusedAndAppealed, { today: '2026-12-02' }).find(
      (a) => a.type === 'AppealNotOpposed',
    );
    expect(allowed?.fields.find((f) => f.name === 'against')?.options).toEqual(['refusal-to-assess']);
  });

  it('reg 45 (refusal to issue, paragraph not read in the stored text): draft within 5 weeks, final within 11', () => {
    const h: CaseEvent[] = withRequiredAdvice([
      request,
      { type: 'DecidedToAssess', date: '2022-04-11' },
      { type: 'DecidedNotToIssue', date: '2022-06-20', reasons: 'r' },
      { type: 'TribunalAppealRegistered', date: '2022-07-01', against: 'refusal-to-issue' },
      { type: 'AppealNotOpposed', date: '2022-08-01', against: 'refusal-to-issue' },
    ]);
    expect(replay(h).stage).toBe('drafting');
    const d = byId(deriveDeadlines(h, { today: '2022-08-02' }));
    expect(d['unopposed-draft']).toMatchObject({ due: '2022-09-05', regulation: 'reg 45', status: 'pending' });
    expect(d['unopposed-final-plan']).toMatchObject({ due: '2022-10-17', regulation: 'reg 45' });
    expect(d['final-plan']!.status).toBe('not-applicable');
  });

  it('reg 45(4) and reg 45 (school named only): about the plan itself — amended plan within 5 weeks (content) or 2 weeks (school only)', () => {
    const plan: CaseEvent[] = withRequiredAdvice([
      request,
      { type: 'DecidedToAssess', date: '2022-04-11' },
      { type: 'DecidedToIssue', date: '2022-06-01' },
      { type: 'DraftPlanIssued', date: '2022-06-10' },
      { type: 'FinalPlanIssued', date: '2022-07-20', placement: 'mainstream' },
    ]);
    const school: CaseEvent[] = [
      ...plan,
      { type: 'TribunalAppealRegistered', date: '2022-09-01', against: 'plan-school' },
      { type: 'AppealNotOpposed', date: '2022-10-03', against: 'plan-school' },
      { type: 'AmendedPlanIssued', date: '2022-10-18' },
    ];
    expect(byId(deriveDeadlines(school, { today: '2026-12-02' }))['unopposed-amended-plan']).toMatchObject({
      due: '2022-10-17',
      status: 'missed',
      daysLate: 1,
      regulation: 'reg 45',
    });
    const content: CaseEvent[] = [
      ...plan,
      { type: 'TribunalAppealRegistered', date: '2022-09-01', against: 'plan-content' },
      { type: 'AppealNotOpposed', date: '2022-10-03', against: 'plan-content' },
      { type: 'AmendedPlanIssued', date: '2022-10-18' },
    ];
    const d = byId(deriveDeadlines(content, { today: '2026-12-02' }));
    expect(d['unopposed-amended-plan']).toMatchObject({ due: '2022-11-07', status: 'met', regulation: 'reg 45(4)' });
    // the original 20-week limit was met and stays met
    expect(d['final-plan']!.status).toBe('met');
  });

  it('reg 45 (ceasing): not opposing an appeal against ceasing — the plan is maintained', () => {
    const ceased: CaseEvent[] = withRequiredAdvice([
      request,
      { type: 'DecidedToAssess', date: '2022-04-11' },
      { type: 'DecidedToIssue', date: '2022-06-01' },
      { type: 'DraftPlanIssued', date: '2022-06-10' },
      { type: 'FinalPlanIssued', date: '2022-07-20', placement: 'mainstream' },
      { type: 'PlanEnded', date: '2024-07-01', reason: 'ceased-no-longer-necessary' },
      { type: 'TribunalAppealRegistered', date: '2024-08-01', against: 'ceasing' },
    ]);
    expect(replay(ceased).stage).toBe('plan-ended');
    const r = applyEvent(
      ceased,
      { type: 'AppealNotOpposed', date: '2024-09-01', against: 'ceasing' },
      { today: '2026-12-02' },
    );
    expect(r).toMatchObject({ ok: true, view: { stage: 'plan-issued' } });
    expect(r.ok && r.view.planEnded).toBeUndefined();
  });
});

describe('reg 45 checked against its text (SI 2015/359 reg 8; docs/law.md#reg-45--unopposed-appeals)', () => {
  const plan: CaseEvent[] = withRequiredAdvice([
    request,
    { type: 'DecidedToAssess', date: '2022-04-11' },
    { type: 'DecidedToIssue', date: '2022-06-01' },
    { type: 'DraftPlanIssued', date: '2022-06-10' },
    { type: 'FinalPlanIssued', date: '2022-07-20', placement: 'mainstream' },
  ]);

  it('reg 45(1): the concession must come before the LA submits its response; after it, it is a consent order (reg 44)', () => {
    const responded: CaseEvent[] = [
      ...refusedAndAppealed,
      { type: 'TribunalResponseSubmitted', date: '2022-06-20', against: 'refusal-to-assess' },
    ];
    expect(replay(responded).stage).toBe('not-assessing');
    const after = applyEvent(
      responded,
      { type: 'AppealNotOpposed', date: '2022-06-21', against: 'refusal-to-assess' },
      { today: '2026-12-02' },
    );
    expect(after).toMatchObject({
      ok: false,
      error: { code: 'EVENT_NOT_ALLOWED', field: 'date', regulation: 'reg 45(1)' },
    });
    expect(!after.ok && after.error.message).toContain('TribunalOrderMade');
    // told the Tribunal before the response, recorded later: still reg 45
    expect(
      applyEvent(
        responded,
        { type: 'AppealNotOpposed', date: '2022-06-19', against: 'refusal-to-assess' },
        { today: '2026-12-02' },
      ).ok,
    ).toBe(true);
    // the consent order after the response is accepted and timed by reg 44(2)(b)
    const order = applyEvent(
      responded,
      { type: 'TribunalOrderMade', date: '2022-07-01', order: 'assess' },
      { today: '2026-12-02' },
    );
    expect(order.ok).toBe(true);
  });

  it('reg 45(1): a response needs an undecided appeal, once, not before it was registered', () => {
    expect(
      applyEvent(
        [request, { type: 'DecidedNotToAssess', date: '2022-04-11', reasons: 'r' }],
        { type: 'TribunalResponseSubmitted', date: '2022-06-01', against: 'refusal-to-assess' },
        { today: '2026-12-02' },
      ),
    ).toMatchObject({ ok: false, error: { code: 'EVENT_NOT_ALLOWED', field: 'against' } });
    expect(
      applyEvent(
        refusedAndAppealed,
        { type: 'TribunalResponseSubmitted', date: '2022-05-19', against: 'refusal-to-assess' },
        { today: '2026-12-02' },
      ),
    ).toMatchObject({ ok: false, error: { code: 'DATE_ORDER' } });
    const once: CaseEvent[] = [
      ...refusedAndAppealed,
      { type: 'TribunalResponseSubmitted', date: '2022-06-20', against: 'refusal-to-assess' },
    ];
    expect(
      applyEvent(
        once,
        { type: 'TribunalResponseSubmitted', date: '2022-06-21', against: 'refusal-to-assess' },
        { today: '2026-12-02' },
      ).ok,
    ).toBe(false);
    const offered = allowedNextEvents(refusedAndAppealed, { today: '2026-12-02' }).find(
      (a) => a.type === 'TribunalResponseSubmitted',
    );
    expect(offered?.fields.find((f) => f.name === 'against')?.options).toEqual(['refusal-to-assess']);
  });

  it('reg 45(4): school and content conceded together — the one amended plan is due in 5 weeks, not 2', () => {
    const both: CaseEvent[] = [
      ...plan,
      { type: 'TribunalAppealRegistered', date: '2022-09-01', against: 'plan-content' },
      { type: 'TribunalAppealRegistered', date: '2022-09-01', against: 'plan-school' },
      { type: 'AppealNotOpposed', date: '2022-10-03', against: 'plan-content' },
      { type: 'AppealNotOpposed', date: '2022-10-03', against: 'plan-school' },
      { type: 'AmendedPlanIssued', date: '2022-10-25' },
    ];
    const ds = deriveDeadlines(both, { today: '2026-12-02' }).filter((x) => x.kind === 'tribunal-amended-plan');
    expect(ds).toEqual([expect.objectContaining({ due: '2022-11-07', status: 'met', regulation: 'reg 45(4)' })]);
  });
});
