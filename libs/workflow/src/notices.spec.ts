import { withRequiredAdvice } from './advice-sought.js';
import { deriveDeadlines, type Deadline } from './deadlines.js';
import type { CaseEvent } from './events.js';
import { allowedNextEvents, applyEvent, replay } from './workflow.js';

const byId = (ds: Deadline[]) => Object.fromEntries(ds.map((d) => [d.id, d]));
const today = { today: '2026-12-02' };
const D0 = '2025-03-03'; // decision due 2025-04-14, final plan due 2025-07-21
const request: CaseEvent = { type: 'RequestReceived', date: D0, source: 'parent' };

describe('a time limit for a notice is met on the date the notice is sent (regs 5(1), 10(1), 13(2))', () => {
  it('a decision made on day 40 but sent on day 44 meets the 6-week limit on day 44: missed by 2 days', () => {
    const h: CaseEvent[] = [
      request,
      { type: 'DecidedToAssess', date: '2025-04-12' },
      { type: 'NoticeSent', date: '2025-04-16', notice: 'decision-to-assess', sentTo: 'parent' },
    ];
    replay(h);
    expect(byId(deriveDeadlines(h, today))['decision-to-assess']).toMatchObject({
      status: 'missed',
      metOn: '2025-04-16',
      daysLate: 2,
    });
  });

  it("without a notice recorded, the decision's own date is the day it was notified", () => {
    const h: CaseEvent[] = [request, { type: 'DecidedToAssess', date: '2025-04-12' }];
    expect(byId(deriveDeadlines(h, today))['decision-to-assess']).toMatchObject({ status: 'met', metOn: '2025-04-12' });
  });

  it("a refusal's notice must carry the right of appeal and mediation information; without it the limit is not met", () => {
    const refused: CaseEvent[] = [request, { type: 'DecidedNotToAssess', date: '2025-04-10', reasons: 'r' }];
    expect(
      applyEvent(
        refused,
        { type: 'NoticeSent', date: '2025-04-10', notice: 'decision-not-to-assess', sentTo: 'parent' },
        today,
      ),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_EVENT', field: 'appealInformation' } });
    const defective: CaseEvent[] = [
      ...refused,
      {
        type: 'NoticeSent',
        date: '2025-04-10',
        notice: 'decision-not-to-assess',
        sentTo: 'parent',
        appealInformation: 'not-included',
      },
    ];
    replay(defective);
    expect(byId(deriveDeadlines(defective, { today: '2025-04-20' }))['decision-to-assess']).toMatchObject({
      status: 'missed',
      daysLate: 6,
    });
    const resent: CaseEvent[] = [
      ...defective,
      {
        type: 'NoticeSent',
        date: '2025-04-18',
        notice: 'decision-not-to-assess',
        sentTo: 'parent',
        appealInformation: 'included',
      },
    ];
    expect(byId(deriveDeadlines(resent, { today: '2025-04-20' }))['decision-to-assess']).toMatchObject({
      status: 'missed',
      metOn: '2025-04-18',
      daysLate: 4,
    });
  });

  it('reg 13(2) and reg 14 are separate duties: a final plan sent without the appeal information still meets the 20 weeks', () => {
    const h: CaseEvent[] = withRequiredAdvice([
      request,
      { type: 'DecidedToAssess', date: '2025-04-10' },
      { type: 'DecidedToIssue', date: '2025-06-01' },
      { type: 'DraftPlanIssued', date: '2025-06-23' },
      { type: 'FinalPlanIssued', date: '2025-07-10', placement: 'mainstream' },
      {
        type: 'NoticeSent',
        date: '2025-07-11',
        notice: 'final-plan',
        sentTo: 'parent',
        appealInformation: 'not-included',
      },
    ]);
    replay(h);
    expect(byId(deriveDeadlines(h, today))['final-plan']).toMatchObject({ status: 'met', metOn: '2025-07-11' });
  });

  it('a notice announces a decision the case has made, not before it', () => {
    expect(
      applyEvent(
        [request],
        { type: 'NoticeSent', date: '2025-03-04', notice: 'decision-to-assess', sentTo: 'parent' },
        today,
      ),
    ).toMatchObject({ ok: false, error: { code: 'UNKNOWN_REFERENCE' } });
    const h: CaseEvent[] = [request, { type: 'DecidedToAssess', date: '2025-04-12' }];
    expect(
      applyEvent(h, { type: 'NoticeSent', date: '2025-04-11', notice: 'decision-to-assess', sentTo: 'parent' }, today),
    ).toMatchObject({ ok: false, error: { code: 'DATE_ORDER' } });
  });
});

describe('reg 13(1): an amended draft served again gives a fresh 15 days; the 20-week date does not move', () => {
  const drafted: CaseEvent[] = withRequiredAdvice([
    request,
    { type: 'DecidedToAssess', date: '2025-04-10' },
    { type: 'DecidedToIssue', date: '2025-06-01' },
    { type: 'DraftPlanIssued', date: '2025-06-23' },
    { type: 'AmendedDraftServed', date: '2025-07-01' },
  ]);
  it('the plan cannot be finalised until 15 days after the re-served draft', () => {
    expect(replay(drafted).finalisableFrom).toBe('2025-07-16');
    expect(
      applyEvent(drafted, { type: 'FinalPlanIssued', date: '2025-07-15', placement: 'mainstream' }, today),
    ).toMatchObject({ ok: false, error: { code: 'DATE_ORDER', regulation: 'reg 13(1)' } });
    expect(allowedNextEvents(drafted, today).find((a) => a.type === 'FinalPlanIssued')?.earliest).toBe('2025-07-16');
  });
  it('each service has its own 15 days; the final plan is still due on day 140', () => {
    const h = [...drafted, { type: 'FinalPlanIssued', date: '2025-07-22', placement: 'mainstream' } as CaseEvent];
    const d = byId(deriveDeadlines(h, today));
    expect(d['draft-period']).toMatchObject({ from: '2025-06-23', due: '2025-07-07' });
    expect(d['draft-period-2']).toMatchObject({
      from: '2025-07-01',
      due: '2025-07-15',
      measuredFrom: 'amended draft served again',
    });
    expect(d['final-plan']).toMatchObject({ due: '2025-07-21', status: 'missed', daysLate: 1 });
  });
});

describe('what a caseworker must be able to record', () => {
  const drafted: CaseEvent[] = withRequiredAdvice([
    request,
    { type: 'DecidedToAssess', date: '2025-04-10' },
    { type: 'DecidedToIssue', date: '2025-06-01' },
    { type: 'DraftPlanIssued', date: '2025-06-23' },
  ]);
  const issued: CaseEvent[] = [...drafted, { type: 'FinalPlanIssued', date: '2025-07-10', placement: 'mainstream' }];

  it('reg 10: a decision not to issue after a draft (timed by the 16-week notice limit; the draft period stops)', () => {
    const h = [
      ...drafted,
      { type: 'DecidedNotToIssue', date: '2025-06-24', reasons: 'needs met at SEN support after all' } as CaseEvent,
    ];
    expect(replay(h).stage).toBe('not-issuing');
    const d = byId(deriveDeadlines(h, today));
    expect(d['no-plan-notice']).toMatchObject({ status: 'missed', metOn: '2025-06-24', daysLate: 1 }); // day 113
    expect(d['draft-period']!.status).toBe('not-applicable');
  });

  it('reg 44(2)(c): not after an order to make a plan', () => {
    const ordered: CaseEvent[] = withRequiredAdvice([
      request,
      { type: 'DecidedToAssess', date: '2025-04-10' },
      { type: 'DecidedNotToIssue', date: '2025-06-20', reasons: 'r' },
      { type: 'TribunalOrderMade', date: '2025-10-01', order: 'make-plan' },
    ]);
    expect(applyEvent(ordered, { type: 'DecidedNotToIssue', date: '2025-10-02', reasons: 'r' }, today)).toMatchObject({
      ok: false,
      error: { regulation: 'reg 44(2)(c)' },
    });
  });

  it('tribunal outcomes other than "assess" and "make a plan": dismissed, withdrawn, remitted; orders on the plan', () => {
    const appealed = [
      ...issued,
      { type: 'TribunalAppealRegistered', date: '2025-08-01', against: 'plan-content' } as CaseEvent,
    ];
    expect(
      applyEvent(
        appealed,
        { type: 'TribunalAppealConcluded', date: '2025-11-01', against: 'plan-content', outcome: 'dismissed' },
        today,
      ).ok,
    ).toBe(true);
    expect(
      applyEvent(
        appealed,
        { type: 'TribunalAppealConcluded', date: '2025-11-01', against: 'refusal-to-assess', outcome: 'withdrawn' },
        today,
      ),
    ).toMatchObject({ ok: false, error: { field: 'against' } });
    const order: CaseEvent = {
      type: 'TribunalOrderMade',
      date: '2025-11-01',
      order: 'amend-plan',
      finalBy: '2025-12-06',
    };
    const r = applyEvent(appealed, order, today);
    expect(r.ok).toBe(true);
    const h = [...appealed, order, { type: 'AmendedPlanIssued', date: '2025-12-05' } as CaseEvent];
    const d = byId(deriveDeadlines(h, today));
    expect(d['tribunal-amended-plan']).toMatchObject({ due: '2025-12-06', status: 'met', regulation: 'reg 44(1)' });
    expect(d['final-plan']!.status).toBe('met'); // an order on the plan does not supersede the 20 weeks already met
    expect(applyEvent(issued, order, today)).toMatchObject({ ok: false, error: { field: 'order' } });
  });

  it('a move out of area, a death, or ceasing, after the final plan', () => {
    for (const reason of ['moved-out-of-area', 'died', 'ceased-no-longer-necessary'] as const) {
      const r = applyEvent(issued, { type: 'PlanEnded', date: '2026-02-01', reason }, today);
      expect(r).toMatchObject({ ok: true, view: { stage: 'plan-ended', closed: true, planEnded: { reason } } });
    }
    const ceased = [
      ...issued,
      { type: 'PlanEnded', date: '2026-02-01', reason: 'ceased-no-longer-necessary' } as CaseEvent,
    ];
    expect(
      applyEvent(
        ceased,
        {
          type: 'NoticeSent',
          date: '2026-02-02',
          notice: 'decision-to-cease',
          sentTo: 'young-person',
          appealInformation: 'included',
        },
        today,
      ).ok,
    ).toBe(true);
  });
});
