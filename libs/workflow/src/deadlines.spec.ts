import { addDays } from './dates.js';
import { deriveDeadlines, nextDeadline, type Deadline } from './deadlines.js';
import type { CaseEvent } from './events.js';
import { replay } from './workflow.js';
import { withRequiredAdvice } from './advice-sought.js';

const D0 = '2025-03-03';
const request: CaseEvent = { type: 'RequestReceived', date: D0, source: 'parent' };
const byId = (ds: Deadline[]) => Object.fromEntries(ds.map((d) => [d.id, d]));
const at = (history: CaseEvent[], today: string, finalPlanDays?: number) => {
  // every history used here is a lawful one, once the advice reg 6(1) requires is sought (these tests are about other limits)
  const h = withRequiredAdvice(history);
  replay(h, { finalPlanDays });
  return byId(deriveDeadlines(h, { today, finalPlanDays }));
};

function planPath(finalOn: string): CaseEvent[] {
  return [
    request,
    { type: 'DecidedToAssess', date: '2025-04-10' },
    { type: 'DecidedToIssue', date: '2025-06-01' },
    { type: 'DraftPlanIssued', date: '2025-06-23' },
    { type: 'FinalPlanIssued', date: finalOn, placement: 'mainstream' },
  ];
}

describe('docs/law.md#counting-days worked example: request received Mon 2025-03-03', () => {
  const d = at([request], '2025-03-03');
  it('reg 5(1): decision whether to assess due D0+42 = Mon 2025-04-14', () => {
    expect(d['decision-to-assess']).toMatchObject({
      due: '2025-04-14',
      from: D0,
      regulation: 'reg 5(1)',
      statutory: true,
      status: 'pending',
      measuredFrom: 'request received',
    });
  });
  it('reg 10(1): "no plan" notice due D0+112 = Mon 2025-06-23', () => {
    expect(d['no-plan-notice']).toMatchObject({ due: '2025-06-23', regulation: 'reg 10(1)', status: 'pending' });
  });
  it('reg 13(2): final plan due D0+140 = Mon 2025-07-21', () => {
    expect(d['final-plan']).toMatchObject({ due: '2025-07-21', regulation: 'reg 13(2)', status: 'pending' });
  });
  it('reg 13(1): draft served 2025-06-23 → representations run 2025-06-23..2025-07-07', () => {
    const h = planPath('2025-07-08').slice(0, 4);
    expect(at(h, '2025-07-01')['draft-period']).toMatchObject({
      from: '2025-06-23',
      due: '2025-07-07',
      status: 'pending',
      regulation: 'reg 13(1)',
    });
    expect(at(h, '2025-07-08')['draft-period']).toMatchObject({ status: 'met' });
  });
  it('nextDeadline is the earliest pending one', () => {
    expect(nextDeadline(deriveDeadlines([request], { today: D0 }))?.id).toBe('decision-to-assess');
    expect(nextDeadline(deriveDeadlines(planPath('2025-07-08').slice(0, 2), { today: '2025-04-10' }))?.id).toBe(
      'no-plan-notice',
    );
  });
});

describe('reg 13(2) boundary: met iff issued on or before D0 + finalPlanDays', () => {
  it('day 140 is on time, day 141 is late by 1', () => {
    expect(at(planPath(addDays(D0, 140)), '2025-12-31')['final-plan']).toMatchObject({
      status: 'met',
      metOn: '2025-07-21',
    });
    expect(at(planPath(addDays(D0, 141)), '2025-12-31')['final-plan']).toMatchObject({
      status: 'missed',
      metOn: '2025-07-22',
      daysLate: 1,
    });
  });
  it('the boundary is configurable (docs/law.md#counting-days: "Day 1" counting gives 139)', () => {
    expect(at(planPath(addDays(D0, 140)), '2025-12-31', 139)['final-plan']).toMatchObject({
      due: '2025-07-20',
      status: 'missed',
      daysLate: 1,
    });
    expect(at(planPath(addDays(D0, 139)), '2025-12-31', 139)['final-plan']).toMatchObject({ status: 'met' });
  });
  it('an open case past the due date is missed, daysLate counted to today', () => {
    expect(at([request, { type: 'DecidedToAssess', date: '2025-04-10' }], '2025-07-25')['final-plan']).toMatchObject({
      status: 'missed',
      daysLate: 4,
    });
    expect(at([request, { type: 'DecidedToAssess', date: '2025-04-10' }], '2025-07-21')['final-plan']).toMatchObject({
      status: 'pending',
    });
  });
});

describe('reg 5(1): decision whether to assess within 6 weeks', () => {
  it('met by either decision on or before D0+42; late decision is missed with daysLate', () => {
    expect(
      at([request, { type: 'DecidedNotToAssess', date: '2025-04-14', reasons: 'r' }], '2025-05-01')[
        'decision-to-assess'
      ],
    ).toMatchObject({ status: 'met', metOn: '2025-04-14' });
    expect(
      at([request, { type: 'DecidedToAssess', date: '2025-04-16' }], '2025-05-01')['decision-to-assess'],
    ).toMatchObject({ status: 'missed', daysLate: 2, metOn: '2025-04-16' });
  });
});

describe('reg 10(1): the "no plan" notice applies only if the outcome is not to issue', () => {
  const assessing: CaseEvent[] = [request, { type: 'DecidedToAssess', date: '2025-04-10' }];
  it('after DecidedToIssue it is not-applicable, even when decided after day 112', () => {
    expect(
      at([...assessing, { type: 'DecidedToIssue', date: '2025-06-01' }], '2025-12-01')['no-plan-notice'].status,
    ).toBe('not-applicable');
    expect(
      at([...assessing, { type: 'DecidedToIssue', date: '2025-07-01' }], '2025-12-01')['no-plan-notice'].status,
    ).toBe('not-applicable');
  });
  it('DecidedNotToIssue on day 112 is met, on day 113 missed; the final-plan limit then does not apply', () => {
    const on = at([...assessing, { type: 'DecidedNotToIssue', date: '2025-06-23', reasons: 'r' }], '2025-12-01');
    expect(on['no-plan-notice']).toMatchObject({ status: 'met' });
    expect(on['final-plan'].status).toBe('not-applicable');
    expect(
      at([...assessing, { type: 'DecidedNotToIssue', date: '2025-06-24', reasons: 'r' }], '2025-12-01')[
        'no-plan-notice'
      ],
    ).toMatchObject({ status: 'missed', daysLate: 1 });
  });
  it('a refusal to assess makes the 16- and 20-week limits not-applicable', () => {
    const d = at([request, { type: 'DecidedNotToAssess', date: '2025-04-01', reasons: 'r' }], '2025-12-01');
    expect(d['no-plan-notice'].status).toBe('not-applicable');
    expect(d['final-plan'].status).toBe('not-applicable');
  });
});

describe('reversal keeps the original D0 (R (W) v Hertfordshire CC)', () => {
  it('LA reverses its refusal to assess: 20-week clock still runs from the first request', () => {
    const h: CaseEvent[] = [
      request,
      { type: 'DecidedNotToAssess', date: '2025-04-01', reasons: 'r' },
      { type: 'DecidedToAssess', date: '2025-05-01' },
    ];
    const d = at(h, '2025-07-22');
    expect(d['final-plan']).toMatchObject({ due: '2025-07-21', status: 'missed', daysLate: 1 });
    expect(d['decision-to-assess']).toMatchObject({ status: 'met', metOn: '2025-04-01' });
    expect(replay(h).flags.reversedRefusal).toBe(true);
  });
  it('LA reverses "no plan": the no-plan notice keeps its status, the final-plan clock resumes on D0', () => {
    const h: CaseEvent[] = [
      request,
      { type: 'DecidedToAssess', date: '2025-04-10' },
      { type: 'DecidedNotToIssue', date: '2025-06-01', reasons: 'r' },
      { type: 'DecidedToIssue', date: '2025-06-20' },
    ];
    const d = at(h, '2025-07-01');
    expect(d['no-plan-notice'].status).toBe('met');
    expect(d['final-plan']).toMatchObject({ due: '2025-07-21', status: 'pending' });
  });
});

describe('reg 8(1): advice within 6 weeks of the provider receiving the request', () => {
  const assessing: CaseEvent[] = [request, { type: 'DecidedToAssess', date: '2025-04-10' }];
  it('clock runs from receivedByProvider (defaults to the request date)', () => {
    const h: CaseEvent[] = [
      ...assessing,
      { type: 'AdviceRequested', date: '2025-04-11', adviceId: 'ep', provider: 'psychology' },
      {
        type: 'AdviceRequested',
        date: '2025-04-11',
        adviceId: 'hl',
        provider: 'health',
        receivedByProvider: '2025-04-14',
      },
    ];
    const d = at(h, '2025-04-20');
    expect(d['advice-ep']).toMatchObject({
      from: '2025-04-11',
      due: '2025-05-23',
      regulation: 'reg 8(1)',
      status: 'pending',
      subject: { adviceId: 'ep', provider: 'psychology' },
    });
    expect(d['advice-hl']).toMatchObject({ from: '2025-04-14', due: '2025-05-26' });
  });
  it('met on the due date; late advice is missed', () => {
    const base: CaseEvent[] = [
      ...assessing,
      { type: 'AdviceRequested', date: '2025-04-11', adviceId: 'ep', provider: 'psychology' },
    ];
    expect(
      at([...base, { type: 'AdviceReceived', date: '2025-05-23', adviceId: 'ep' }], '2025-06-01')['advice-ep'].status,
    ).toBe('met');
    expect(
      at([...base, { type: 'AdviceReceived', date: '2025-05-25', adviceId: 'ep' }], '2025-06-01')['advice-ep'],
    ).toMatchObject({ status: 'missed', daysLate: 2 });
  });
});

describe('withdrawal and moving out stop the clocks', () => {
  it('stopped before the due date → not-applicable; after it → missed (it had already passed unmet)', () => {
    const early = at([request, { type: 'RequestWithdrawn', date: '2025-04-01', reason: 'r' }], '2025-12-01');
    expect(early['decision-to-assess']).toMatchObject({ status: 'not-applicable', stoppedOn: '2025-04-01' });
    expect(early['final-plan'].status).toBe('not-applicable');
    const late = at([request, { type: 'MovedOutOfArea', date: '2025-04-20' }], '2025-12-01');
    expect(late['decision-to-assess']).toMatchObject({ status: 'missed', daysLate: 6, stoppedOn: '2025-04-20' });
    expect(late['final-plan'].status).toBe('not-applicable');
  });
  it('withdrawal during the draft period makes the period not-applicable', () => {
    const h: CaseEvent[] = [
      ...planPath('2025-07-08').slice(0, 4),
      { type: 'RequestWithdrawn', date: '2025-06-30', reason: 'r' },
    ];
    expect(at(h, '2025-12-01')['draft-period'].status).toBe('not-applicable');
  });
});

describe('CoP 9.83: settings should reply to a consultation within 15 days (guidance)', () => {
  it('is not statutory, and is met or missed on the reply date', () => {
    const h: CaseEvent[] = [
      ...planPath('2025-07-08').slice(0, 3),
      { type: 'SettingConsulted', date: '2025-06-02', consultationId: 'c1', setting: 'URN 1' },
      { type: 'SettingConsulted', date: '2025-06-02', consultationId: 'c2', setting: 'URN 2' },
      { type: 'SettingResponded', date: '2025-06-17', consultationId: 'c1', outcome: 'can-meet-needs' },
      { type: 'SettingResponded', date: '2025-06-18', consultationId: 'c2', outcome: 'cannot-meet-needs' },
    ];
    const d = at(h, '2025-06-20');
    expect(d['setting-consultation-c1']).toMatchObject({
      statutory: false,
      regulation: 'CoP 9.83',
      due: '2025-06-17',
      status: 'met',
      subject: { consultationId: 'c1' },
    });
    expect(d['setting-consultation-c2']).toMatchObject({ status: 'missed', daysLate: 1 });
  });
});

describe('reg 44(2): tribunal orders have their own clocks', () => {
  it('order to assess: notify within 14 days, "no plan" within 70, final plan within 98; original clocks not-applicable', () => {
    const h: CaseEvent[] = [
      request,
      { type: 'DecidedNotToAssess', date: '2025-04-01', reasons: 'r' },
      { type: 'TribunalAppealRegistered', date: '2025-05-01', against: 'refusal-to-assess' },
      { type: 'TribunalOrderMade', date: '2025-09-01', order: 'assess' },
      { type: 'DecidedToAssess', date: '2025-09-15' },
    ];
    const d = at(h, '2025-09-20');
    expect(d['tribunal-notify-assess']).toMatchObject({
      kind: 'tribunal-notify-assess',
      from: '2025-09-01',
      due: '2025-09-15',
      status: 'met',
      regulation: 'reg 44(2)(b)',
      measuredFrom: 'tribunal order',
    });
    expect(d['tribunal-no-plan']).toMatchObject({ due: '2025-11-10', status: 'pending' });
    expect(d['tribunal-final-plan']).toMatchObject({ due: '2025-12-08', status: 'pending' });
    expect(d['final-plan'].status).toBe('not-applicable');
    expect(d['decision-to-assess'].status).toBe('met');
    const issuing = at([...h, { type: 'DecidedToIssue', date: '2025-10-01' }], '2025-12-09');
    expect(issuing['tribunal-no-plan'].status).toBe('not-applicable');
    expect(issuing['tribunal-final-plan']).toMatchObject({ status: 'missed', daysLate: 1 });
  });

  it('order to make a plan: draft within 35 days, final within 77', () => {
    const h: CaseEvent[] = [
      request,
      { type: 'DecidedToAssess', date: '2025-04-10' },
      { type: 'DecidedNotToIssue', date: '2025-06-20', reasons: 'r' },
      { type: 'TribunalOrderMade', date: '2025-10-01', order: 'make-plan' },
      { type: 'DraftPlanIssued', date: '2025-11-06' },
    ];
    const d = at(h, '2025-11-10');
    expect(d['tribunal-draft']).toMatchObject({
      due: '2025-11-05',
      status: 'missed',
      daysLate: 1,
      metOn: '2025-11-06',
      regulation: 'reg 44(2)(c)',
    });
    expect(d['tribunal-final-plan']).toMatchObject({
      due: '2025-12-17',
      status: 'pending',
      regulation: 'reg 44(2)(c)',
    });
    expect(d['no-plan-notice'].status).toBe('met');
    expect(d['final-plan'].status).toBe('not-applicable');
  });
});

describe('exceptions never move a due date (docs/law.md#exceptions)', () => {
  const absent: CaseEvent = {
    type: 'ExceptionRecorded',
    date: '2025-07-01',
    exceptionId: 'abs',
    kind: 'absent-from-area',
    from: '2025-05-01',
    to: '2025-06-15',
    appliesTo: ['final-plan'],
    evidence: 'family abroad',
  };
  const late = planPath('2025-07-30');
  it('a missed limit covered by a valid exception is "excepted", with the same due date and daysLate', () => {
    const h = [...late.slice(0, 4), absent, late[4]!];
    const d = at(h, '2025-08-01');
    expect(d['final-plan']).toMatchObject({
      due: '2025-07-21',
      status: 'excepted',
      daysLate: 9,
      exceptionIds: ['abs'],
    });
    expect(d['decision-to-assess'].exceptionIds).toEqual([]);
  });
  it('a met limit stays met even with an exception; a withdrawn exception no longer excuses', () => {
    const onTime = planPath('2025-07-20');
    expect(at([...onTime.slice(0, 4), absent, onTime[4]!], '2025-08-01')['final-plan']).toMatchObject({
      status: 'met',
      exceptionIds: ['abs'],
    });
    const h = [
      ...late.slice(0, 4),
      absent,
      { type: 'ExceptionWithdrawn', date: '2025-07-02', exceptionId: 'abs', reason: 'recorded in error' } as CaseEvent,
      late[4]!,
    ];
    expect(at(h, '2025-08-01')['final-plan']).toMatchObject({ status: 'missed', exceptionIds: [] });
  });
});

describe('deadline ids are deterministic and contain no ":"', () => {
  it('the same history gives the same ids and due dates on every replay', () => {
    const h = planPath('2025-07-08');
    const a = deriveDeadlines(h, { today: '2025-08-01' });
    const b = deriveDeadlines([...h], { today: '2025-08-01' });
    expect(a).toEqual(b);
    expect(a.every((d) => !d.id.includes(':'))).toBe(true);
    // after the final plan, the maintained plan's first annual review (s44(1), plan-deadlines.ts)
    expect(a.map((d) => d.id)).toEqual([
      'decision-to-assess',
      'no-plan-notice',
      'final-plan',
      'draft-period',
      'annual-review-1',
    ]);
  });
});

describe('docs/law.md#counting-days school closure exception excuses a late final plan (reg 13(3) → reg 10(4)(a))', () => {
  it('head-teacher advice requested 2025-07-20, school closed 2025-07-23..2025-09-03: plan issued 2025-09-21 is excepted', () => {
    const h: CaseEvent[] = [
      request,
      { type: 'DecidedToAssess', date: '2025-04-10' },
      { type: 'AdviceRequested', date: '2025-07-20', adviceId: 'head', provider: 'education' },
      {
        type: 'ExceptionRecorded',
        date: '2025-07-21',
        exceptionId: 'summer',
        kind: 'school-closure',
        from: '2025-07-23',
        to: '2025-09-03',
        appliesTo: ['final-plan'],
        evidence: 'summer closure',
        familyInformedOn: '2025-07-21',
        adviceId: 'head',
      },
      { type: 'AdviceReceived', date: '2025-09-05', adviceId: 'head' },
      { type: 'DecidedToIssue', date: '2025-09-05' },
      { type: 'DraftPlanIssued', date: '2025-09-06' },
      { type: 'FinalPlanIssued', date: '2025-09-21', placement: 'mainstream' },
    ];
    const d = at(h, '2025-10-01');
    expect(d['final-plan']).toMatchObject({
      due: '2025-07-21',
      status: 'excepted',
      daysLate: 62,
      exceptionIds: ['summer'],
    });
    // reg 8(2) has no closure limb: the head teacher's own 6 weeks are not excused.
    expect(d['advice-head']).toMatchObject({ due: '2025-08-31', status: 'missed', daysLate: 5, exceptionIds: [] });
    expect(replay(withRequiredAdvice(h)).flags.exception20Week).toBe(true);
  });
});

describe('reg 10(1): the 16-week "no plan" limit binds only a refusal', () => {
  const base = [
    { type: 'RequestReceived', date: '2025-03-03', source: 'parent' },
    { type: 'DecidedToAssess', date: '2025-04-01' },
  ] as unknown as import('./events.js').CaseEvent[];
  const noPlan = (h: import('./events.js').CaseEvent[], today: string) =>
    deriveDeadlines(h, { today }).find((d) => d.kind === 'no-plan-notice')!;

  it('is pending up to day 112 and lapses (not missed) when the day passes with no outcome', () => {
    expect(noPlan(base, '2025-06-23').status).toBe('pending');
    expect(noPlan(base, '2025-06-24').status).toBe('not-applicable');
  });

  it('is missed when the refusal is notified after day 112, on the day it came', () => {
    const h = [
      ...base,
      { type: 'DecidedNotToIssue', date: '2025-07-01', reasons: 'x' },
    ] as unknown as import('./events.js').CaseEvent[];
    expect(noPlan(h, '2025-08-01')).toMatchObject({ status: 'missed', metOn: '2025-07-01', daysLate: 8 });
  });
});
