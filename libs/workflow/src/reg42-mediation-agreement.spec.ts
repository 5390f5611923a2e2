import { withRequiredAdvice } from './advice-sought.js';
import { deriveDeadlines, type Deadline } from './deadlines.js';
import type { CaseEvent } from './events.js';
import { applyEvent, replay } from './workflow.js';

const byId = (ds: Deadline[]) => Object.fromEntries(ds.map((d) => [d.id, d]));
const today = { today: '2026-12-02' };
const request: CaseEvent = { type: 'RequestReceived', date: '2025-03-03', source: 'parent' };
const refused: CaseEvent[] = [
  request,
  { type: 'DecidedNotToAssess', date: '2025-04-10', reasons: 'r' },
  { type: 'MediationStarted', date: '2025-05-01', against: 'refusal-to-assess' },
];

describe('reg 42: a mediation agreement on an appealable matter runs the reg 44 limits from its date', () => {
  it('an agreement to assess: notify within 2 weeks, "no plan" within 10, the plan within 14 — the original 20 weeks is superseded', () => {
    const h: CaseEvent[] = [
      ...refused,
      { type: 'MediationAgreementReached', date: '2025-06-02', agreementId: 'm1', agreement: 'assess' },
    ];
    expect(replay(h).stage).toBe('awaiting-decision-to-assess');
    const d = byId(deriveDeadlines(h, { today: '2025-06-03' }));
    expect(d['mediation-notify-assess']).toMatchObject({
      due: '2025-06-16',
      regulation: 'reg 42 (reg 44(2)(b))',
      measuredFrom: 'mediation agreement (reg 42)',
    });
    expect(d['mediation-final-plan']).toMatchObject({ due: '2025-09-08' });
    expect(d['final-plan']!.status).toBe('not-applicable');
    expect(applyEvent(h, { type: 'DecidedNotToAssess', date: '2025-06-05', reasons: 'again' }, today)).toMatchObject({
      ok: false,
      error: { regulation: 'reg 42' },
    });
  });

  it('an agreement to make a plan after a refusal to issue: draft within 5 weeks, final within 11', () => {
    const h: CaseEvent[] = withRequiredAdvice([
      request,
      { type: 'DecidedToAssess', date: '2025-04-10' },
      { type: 'DecidedNotToIssue', date: '2025-06-20', reasons: 'r' },
      { type: 'MediationStarted', date: '2025-07-01', against: 'refusal-to-issue' },
      { type: 'MediationAgreementReached', date: '2025-07-21', agreementId: 'm1', agreement: 'make-plan' },
    ]);
    expect(replay(h).stage).toBe('drafting');
    const d = byId(deriveDeadlines(h, { today: '2025-07-22' }));
    expect(d['mediation-draft']).toMatchObject({ due: '2025-08-25', regulation: 'reg 42 (reg 44(2)(c))' });
    expect(d['mediation-final-plan']).toMatchObject({ due: '2025-10-06' });
  });

  it('needs a mediation about that decision', () => {
    const noMediation = refused.slice(0, 2);
    expect(
      applyEvent(
        noMediation,
        { type: 'MediationAgreementReached', date: '2025-06-02', agreementId: 'm1', agreement: 'assess' },
        today,
      ),
    ).toMatchObject({ ok: false, error: { regulation: 'reg 42' } });
  });
});

describe('reg 42: anything else agreed is done within 2 weeks unless the parties agree otherwise', () => {
  it('2 weeks from the agreement by default, met by AgreedActionDone', () => {
    const h: CaseEvent[] = [
      ...refused,
      { type: 'MediationAgreementReached', date: '2025-06-02', agreementId: 'm2', agreement: 'other' },
    ];
    expect(replay(h).stage).toBe('not-assessing');
    expect(byId(deriveDeadlines(h, { today: '2025-06-20' }))['mediation-agreed-action-m2']).toMatchObject({
      due: '2025-06-16',
      status: 'missed',
      daysLate: 4,
      regulation: 'reg 42',
    });
    const done = [...h, { type: 'AgreedActionDone', date: '2025-06-10', agreementId: 'm2' } as CaseEvent];
    replay(done);
    expect(byId(deriveDeadlines(done, today))['mediation-agreed-action-m2']).toMatchObject({
      status: 'met',
      metOn: '2025-06-10',
    });
  });
  it('or by the date the parties agreed', () => {
    const h: CaseEvent[] = [
      ...refused,
      {
        type: 'MediationAgreementReached',
        date: '2025-06-02',
        agreementId: 'm3',
        agreement: 'other',
        doneBy: '2025-07-31',
      },
    ];
    expect(byId(deriveDeadlines(h, { today: '2025-06-20' }))['mediation-agreed-action-m3']).toMatchObject({
      due: '2025-07-31',
      status: 'pending',
    });
    expect(
      applyEvent(
        refused,
        {
          type: 'MediationAgreementReached',
          date: '2025-06-02',
          agreementId: 'm4',
          agreement: 'assess',
          doneBy: '2025-07-31',
        },
        today,
      ),
    ).toMatchObject({ ok: false, error: { field: 'doneBy' } });
  });
});
