import { addDays } from './dates.js';
import type { CaseEvent } from './events.js';
import { allowedNextEvents, applyEvent, replay, type CaseView } from './workflow.js';
import { requiredAdviceRequests, withRequiredAdvice } from './advice-sought.js';
import { WorkflowRejection, type WorkflowError } from './errors.js';

// docs/law.md#counting-days worked example: request received Mon 2025-03-03 (D0).
const D0 = '2025-03-03';
const TODAY = '2025-12-31';
const request: CaseEvent = { type: 'RequestReceived', date: D0, source: 'parent' };
const toAssessing: CaseEvent[] = [request, { type: 'DecidedToAssess', date: '2025-04-10' }];
/** Assessing, with every advice reg 6(1) requires sought (so a decision whether to issue is possible). */
const adviceSought: CaseEvent[] = [...toAssessing, ...requiredAdviceRequests(toAssessing, '2025-04-10')];
const toDraftPeriod: CaseEvent[] = withRequiredAdvice([
  ...toAssessing,
  { type: 'AdviceRequested', date: '2025-04-11', adviceId: 'ep', provider: 'psychology' },
  { type: 'AdviceReceived', date: '2025-05-20', adviceId: 'ep' },
  { type: 'DecidedToIssue', date: '2025-06-10' },
  { type: 'DraftPlanIssued', date: '2025-06-23' },
]);

function rejected(history: CaseEvent[], event: CaseEvent, today = TODAY): WorkflowError {
  const r = applyEvent(history, event, { today });
  if (r.ok) throw new Error(`expected ${event.type} to be rejected`);
  return r.error;
}
function accepted(history: CaseEvent[], event: CaseEvent, today = TODAY): CaseView {
  const r = applyEvent(history, event, { today });
  if (!r.ok) throw new Error(`expected ${event.type} to be accepted: ${r.error.message}`);
  return r.view;
}

describe('a case starts with the request (s36(1), s24)', () => {
  it('RequestReceived is day 0 and comes first', () => {
    const view = replay([request]);
    expect(view).toMatchObject({
      stage: 'awaiting-decision-to-assess',
      receivedOn: D0,
      source: 'parent',
      closed: false,
    });
    const e = rejected([], { type: 'DecidedToAssess', date: D0 });
    expect(e.code).toBe('EVENT_NOT_ALLOWED');
    expect(e.allowed).toEqual(['RequestReceived']);
  });

  it('RequestReceived happens exactly once: a new request is a new case', () => {
    const e = rejected([request], { type: 'RequestReceived', date: '2025-03-10', source: 'school' });
    expect(e.code).toBe('EVENT_NOT_ALLOWED');
    expect(e.message).toMatch(/new case/);
  });

  it('replay of an empty history is rejected', () => {
    expect(() => replay([])).toThrow(WorkflowRejection);
  });
});

describe('general guards on every event', () => {
  it('DATE_ORDER: no event dated before D0', () => {
    const e = rejected([request], { type: 'CaseworkerAssigned', date: '2025-03-02', caseworker: 'cw1' });
    expect(e).toMatchObject({ code: 'DATE_ORDER', field: 'date' });
    expect(e.message).toContain(D0);
  });

  it('DATE_IN_FUTURE: no event dated after today', () => {
    const e = rejected([request], { type: 'DecidedToAssess', date: '2025-04-01' }, '2025-03-31');
    expect(e).toMatchObject({ code: 'DATE_IN_FUTURE', field: 'date' });
    expect(accepted([request], { type: 'DecidedToAssess', date: '2025-03-31' }, '2025-03-31').stage).toBe('assessing');
  });

  it('DATE_ORDER: a step of the main flow cannot predate the previous step', () => {
    const e = rejected(adviceSought, { type: 'DecidedToIssue', date: '2025-04-09' });
    expect(e.code).toBe('DATE_ORDER');
    expect(e.message).toContain('2025-04-10');
  });

  it('INVALID_EVENT: wrong shapes are rejected with what is allowed, never echoing the value', () => {
    const e = rejected([request], { type: 'RequestWithdrawn', date: '2025-04-01', reason: '' } as CaseEvent);
    expect(e.code).toBe('INVALID_EVENT');
    const bad = rejected([request], {
      type: 'FinalPlanIssued',
      date: '2025-04-01',
      placement: 'Ada Smith School',
    } as unknown as CaseEvent);
    expect(bad.code).toBe('INVALID_EVENT');
    expect(bad.message).toContain('mainstream');
    expect(bad.message).not.toContain('Ada Smith');
  });

  it('every rejection lists the event types allowed now', () => {
    const e = rejected(toAssessing, { type: 'DraftPlanIssued', date: '2025-05-01' });
    expect(e.code).toBe('EVENT_NOT_ALLOWED');
    expect(e.allowed).toEqual(
      expect.arrayContaining(['AdviceRequested', 'DecidedToIssue', 'DecidedNotToIssue', 'RequestWithdrawn']),
    );
    expect(e.allowed).not.toContain('DraftPlanIssued');
    expect(e.message).toMatch(/not allowed while the case is assessing/);
  });
});

describe('decision whether to assess (reg 5(1), s36(5))', () => {
  it('DecidedToAssess moves to assessing; DecidedNotToAssess to not-assessing (closed)', () => {
    expect(replay(toAssessing).stage).toBe('assessing');
    const v = replay([request, { type: 'DecidedNotToAssess', date: '2025-04-01', reasons: 'r' }]);
    expect(v).toMatchObject({ stage: 'not-assessing', closed: true, decidedNotToAssessOn: '2025-04-01' });
  });

  it('LA reversal of a refusal to assess continues the same case (R (W) v Hertfordshire)', () => {
    const v = replay([
      request,
      { type: 'DecidedNotToAssess', date: '2025-04-01', reasons: 'r' },
      { type: 'DecidedToAssess', date: '2025-05-01' },
    ]);
    expect(v).toMatchObject({ stage: 'assessing', receivedOn: D0, flags: { reversedRefusal: true } });
  });

  it('after a tribunal order to assess (reg 44(2)(b)) the LA must notify it will assess and cannot refuse again', () => {
    const h: CaseEvent[] = [
      request,
      { type: 'DecidedNotToAssess', date: '2025-04-01', reasons: 'r' },
      { type: 'TribunalAppealRegistered', date: '2025-05-01', against: 'refusal-to-assess' },
      { type: 'TribunalOrderMade', date: '2025-09-01', order: 'assess' },
    ];
    const v = replay(h);
    expect(v).toMatchObject({
      stage: 'awaiting-decision-to-assess',
      tribunalOrder: { order: 'assess', date: '2025-09-01' },
      flags: { tribunal: true },
    });
    const e = rejected(h, { type: 'DecidedNotToAssess', date: '2025-09-05', reasons: 'r' });
    expect(e).toMatchObject({ code: 'EVENT_NOT_ALLOWED', regulation: 'reg 44(2)(b)' });
    expect(allowedNextEvents(h, { today: TODAY }).map((a) => a.type)).not.toContain('DecidedNotToAssess');
  });

  it('reg 44(2)(b): after a refusal to assess the only order is "assess"', () => {
    const h: CaseEvent[] = [request, { type: 'DecidedNotToAssess', date: '2025-04-01', reasons: 'r' }];
    expect(rejected(h, { type: 'TribunalOrderMade', date: '2025-09-01', order: 'make-plan' })).toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
      field: 'order',
    });
  });
});

describe('advice (reg 6, reg 8(1))', () => {
  it('AdviceReceived must match a requested, not-yet-received adviceId (UNKNOWN_REFERENCE)', () => {
    const h: CaseEvent[] = [
      ...toAssessing,
      { type: 'AdviceRequested', date: '2025-04-11', adviceId: 'ep', provider: 'psychology' },
    ];
    expect(rejected(h, { type: 'AdviceReceived', date: '2025-05-01', adviceId: 'health' })).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      field: 'adviceId',
    });
    const h2 = [...h, { type: 'AdviceReceived', date: '2025-05-01', adviceId: 'ep' } as CaseEvent];
    expect(rejected(h2, { type: 'AdviceReceived', date: '2025-05-02', adviceId: 'ep' }).code).toBe('UNKNOWN_REFERENCE');
  });

  it('a duplicate adviceId is rejected', () => {
    const h: CaseEvent[] = [
      ...toAssessing,
      { type: 'AdviceRequested', date: '2025-04-11', adviceId: 'ep', provider: 'psychology' },
    ];
    expect(
      rejected(h, { type: 'AdviceRequested', date: '2025-04-12', adviceId: 'ep', provider: 'health' }),
    ).toMatchObject({ code: 'INVALID_EVENT', field: 'adviceId' });
  });

  it('advice cannot be received before the provider received the request; receivedByProvider not before sending', () => {
    const h: CaseEvent[] = [
      ...toAssessing,
      {
        type: 'AdviceRequested',
        date: '2025-04-11',
        adviceId: 'ep',
        provider: 'psychology',
        receivedByProvider: '2025-04-14',
      },
    ];
    expect(rejected(h, { type: 'AdviceReceived', date: '2025-04-13', adviceId: 'ep' }).code).toBe('DATE_ORDER');
    expect(
      rejected(toAssessing, {
        type: 'AdviceRequested',
        date: '2025-04-11',
        adviceId: 'x',
        provider: 'health',
        receivedByProvider: '2025-04-10',
      }),
    ).toMatchObject({
      code: 'DATE_ORDER',
      field: 'receivedByProvider',
    });
  });

  it('reg 6: advice for the assessment is not requested before the decision to assess', () => {
    expect(
      rejected(toAssessing, { type: 'AdviceRequested', date: '2025-04-09', adviceId: 'x', provider: 'health' }).code,
    ).toBe('DATE_ORDER');
  });

  it('advice arriving after the plan is still recorded (reg 8 clock of the provider)', () => {
    const h: CaseEvent[] = withRequiredAdvice([
      ...toAssessing,
      { type: 'AdviceRequested', date: '2025-04-11', adviceId: 'h', provider: 'health' },
      { type: 'DecidedToIssue', date: '2025-06-10' },
      { type: 'DraftPlanIssued', date: '2025-06-23' },
      { type: 'FinalPlanIssued', date: '2025-07-08', placement: 'mainstream' },
    ]);
    expect(
      accepted(h, { type: 'AdviceReceived', date: '2025-07-20', adviceId: 'h' }).advice.find((a) => a.adviceId === 'h'),
    ).toMatchObject({ adviceId: 'h', receivedOn: '2025-07-20' });
  });
});

describe('decision whether to issue (s36(9), reg 10)', () => {
  it('DecidedToIssue only in assessing, or as a reversal from not-issuing', () => {
    expect(rejected([request], { type: 'DecidedToIssue', date: '2025-04-01' }).code).toBe('EVENT_NOT_ALLOWED');
    const refused: CaseEvent[] = [...adviceSought, { type: 'DecidedNotToIssue', date: '2025-06-20', reasons: 'r' }];
    expect(replay(refused)).toMatchObject({ stage: 'not-issuing', closed: true });
    const v = accepted(refused, { type: 'DecidedToIssue', date: '2025-07-01' });
    expect(v).toMatchObject({ stage: 'drafting', flags: { reversedRefusal: true }, receivedOn: D0 });
  });

  it('reg 44(2)(c): a tribunal order to make a plan after "no plan" moves to drafting', () => {
    const refused: CaseEvent[] = [...adviceSought, { type: 'DecidedNotToIssue', date: '2025-06-20', reasons: 'r' }];
    const v = accepted(refused, { type: 'TribunalOrderMade', date: '2025-10-01', order: 'make-plan' });
    expect(v).toMatchObject({ stage: 'drafting', flags: { tribunal: true }, tribunalOrder: { order: 'make-plan' } });
  });
});

describe('draft and final plan (reg 13)', () => {
  it('docs/law.md#counting-days: draft served 2025-06-23 → FinalPlanIssued not allowed before 2025-07-08 (reg 13(1))', () => {
    const e = rejected(toDraftPeriod, { type: 'FinalPlanIssued', date: '2025-07-07', placement: 'mainstream' });
    expect(e).toMatchObject({ code: 'DATE_ORDER', regulation: 'reg 13(1)' });
    expect(e.message).toBe(
      'FinalPlanIssued is not allowed before 2025-07-08: the 15-day period for representations (reg 13(1)) runs 2025-06-23..2025-07-07.',
    );
    const v = accepted(toDraftPeriod, { type: 'FinalPlanIssued', date: '2025-07-08', placement: 'mainstream' });
    expect(v).toMatchObject({
      stage: 'plan-issued',
      finalIssuedOn: '2025-07-08',
      placement: 'mainstream',
      closed: true,
    });
  });

  it('the view shows when a draft becomes finalisable, and allowedNextEvents gives it as earliest', () => {
    expect(replay(toDraftPeriod).finalisableFrom).toBe('2025-07-08');
    const final = allowedNextEvents(toDraftPeriod, { today: '2025-06-30' }).find((a) => a.type === 'FinalPlanIssued');
    expect(final?.earliest).toBe('2025-07-08');
  });

  it('FinalPlanIssued only after DraftPlanIssued', () => {
    const drafting: CaseEvent[] = [...adviceSought, { type: 'DecidedToIssue', date: '2025-06-10' }];
    expect(rejected(drafting, { type: 'FinalPlanIssued', date: '2025-07-20', placement: 'mainstream' }).code).toBe(
      'EVENT_NOT_ALLOWED',
    );
  });
});

describe('setting consultations (s39(2), s40(3), CoP 9.83)', () => {
  const drafting: CaseEvent[] = [...adviceSought, { type: 'DecidedToIssue', date: '2025-06-10' }];
  it('SettingResponded must match a consultation; duplicate consultationId rejected', () => {
    const h: CaseEvent[] = [
      ...drafting,
      { type: 'SettingConsulted', date: '2025-06-12', consultationId: 'c1', setting: 'URN 100000' },
    ];
    expect(
      rejected(h, { type: 'SettingResponded', date: '2025-06-20', consultationId: 'c2', outcome: 'can-meet-needs' })
        .code,
    ).toBe('UNKNOWN_REFERENCE');
    expect(
      rejected(h, { type: 'SettingConsulted', date: '2025-06-13', consultationId: 'c1', setting: 'URN 2' }),
    ).toMatchObject({ code: 'INVALID_EVENT', field: 'consultationId' });
    const v = accepted(h, {
      type: 'SettingResponded',
      date: '2025-06-20',
      consultationId: 'c1',
      outcome: 'can-meet-needs',
    });
    expect(v.consultations).toEqual([
      {
        consultationId: 'c1',
        setting: 'URN 100000',
        consultedOn: '2025-06-12',
        respondedOn: '2025-06-20',
        outcome: 'can-meet-needs',
      },
    ]);
  });
});

describe('closing a case: withdrawal (SEN2 W) and moving out (SEN2 exported)', () => {
  it.each([
    ['awaiting-decision-to-assess', [request]],
    ['assessing', toAssessing],
    ['draft-period', toDraftPeriod],
  ] as const)('from %s', (_stage, history) => {
    expect(
      accepted([...history], { type: 'RequestWithdrawn', date: '2025-06-30', reason: 'family moved on' }),
    ).toMatchObject({ stage: 'withdrawn', closed: true, withdrawnOn: '2025-06-30' });
    expect(accepted([...history], { type: 'MovedOutOfArea', date: '2025-06-30' })).toMatchObject({
      stage: 'moved-out',
      closed: true,
      movedOutOn: '2025-06-30',
    });
  });

  it('nothing but an exception is allowed after the case is closed by withdrawal', () => {
    const h: CaseEvent[] = [request, { type: 'RequestWithdrawn', date: '2025-03-10', reason: 'r' }];
    const e = rejected(h, { type: 'CaseworkerAssigned', date: '2025-03-11', caseworker: 'cw' });
    expect(e.code).toBe('EVENT_NOT_ALLOWED');
    expect(e.allowed).toEqual(['ExceptionRecorded', 'ExceptionWithdrawn']);
    expect(allowedNextEvents(h, { today: TODAY }).map((a) => a.type)).toEqual(['ExceptionRecorded']);
  });

  it('a refused case is not withdrawn: RequestWithdrawn only from an open stage', () => {
    const h: CaseEvent[] = [request, { type: 'DecidedNotToAssess', date: '2025-04-01', reasons: 'r' }];
    expect(rejected(h, { type: 'RequestWithdrawn', date: '2025-04-10', reason: 'r' }).code).toBe('EVENT_NOT_ALLOWED');
  });
});

describe('mediation and tribunal (s51-55; docs/law.md#the-boards-measure flags)', () => {
  it('flags the case, and is only about a decision the case has', () => {
    const refused: CaseEvent[] = [request, { type: 'DecidedNotToAssess', date: '2025-04-01', reasons: 'r' }];
    expect(
      accepted(refused, { type: 'MediationStarted', date: '2025-04-20', against: 'refusal-to-assess' }).flags.mediation,
    ).toBe(true);
    expect(
      accepted(refused, { type: 'TribunalAppealRegistered', date: '2025-05-20', against: 'refusal-to-assess' }).flags
        .tribunal,
    ).toBe(true);
    expect(rejected(refused, { type: 'MediationStarted', date: '2025-04-20', against: 'plan-content' })).toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
      field: 'against',
    });
    expect(rejected(refused, { type: 'MediationStarted', date: '2025-03-20', against: 'refusal-to-assess' }).code).toBe(
      'DATE_ORDER',
    );
  });

  it('allowed after the plan is issued, about its content', () => {
    const h: CaseEvent[] = [
      ...toDraftPeriod,
      { type: 'FinalPlanIssued', date: '2025-07-10', placement: 'special-state' },
    ];
    expect(
      accepted(h, { type: 'TribunalAppealRegistered', date: '2025-08-01', against: 'plan-content' }).flags.tribunal,
    ).toBe(true);
  });
});

describe('exceptions on the case (regs 5(4), 8(2), 10(4), 13(3))', () => {
  const epc: CaseEvent = {
    type: 'ExceptionRecorded',
    date: '2025-04-01',
    exceptionId: 'x1',
    kind: 'exceptional-personal-circumstances',
    from: '2025-03-20',
    to: '2025-04-30',
    appliesTo: ['decision-to-assess', 'final-plan'],
    evidence: 'hospital admission',
  };
  it('a valid exception is recorded and sets the SEN2 Week20 flag when it covers the 20 weeks', () => {
    const v = accepted([request], epc);
    expect(v.exceptions.map((x) => x.exceptionId)).toEqual(['x1']);
    expect(v.flags.exception20Week).toBe(true);
  });

  it('ExceptionWithdrawn must reference a recorded, not-yet-withdrawn exception; ids are never reused', () => {
    const h: CaseEvent[] = [request, epc];
    expect(
      rejected(h, { type: 'ExceptionWithdrawn', date: '2025-04-02', exceptionId: 'x9', reason: 'error' }).code,
    ).toBe('UNKNOWN_REFERENCE');
    const w: CaseEvent = { type: 'ExceptionWithdrawn', date: '2025-04-02', exceptionId: 'x1', reason: 'error' };
    const v = accepted(h, w);
    expect(v.exceptions).toEqual([]);
    expect(v.flags.exception20Week).toBe(false);
    expect(rejected([...h, w], w).code).toBe('UNKNOWN_REFERENCE');
    expect(rejected([...h, w], { ...epc, date: '2025-04-03' } as CaseEvent)).toMatchObject({
      code: 'INVALID_EVENT',
      field: 'exceptionId',
    });
  });

  it('an invalid exception is rejected with EXCEPTION_INVALID and its regulation', () => {
    const e = rejected([request], { ...epc, appliesTo: ['draft-period'] } as CaseEvent);
    expect(e).toMatchObject({ code: 'EXCEPTION_INVALID', field: 'appliesTo' });
    expect(e.regulation).toContain('10(4)(c)');
  });
});

describe('DeadlineMissed (written by the system)', () => {
  it('allowed once the deadline has passed unmet; a second one for the same deadline is EVENT_NOT_ALLOWED', () => {
    const missed: CaseEvent = {
      type: 'DeadlineMissed',
      date: '2025-04-15',
      deadline: 'decision-to-assess',
      due: '2025-04-14',
    };
    const v = accepted([request], missed);
    expect(v.missedDeadlines).toEqual(['decision-to-assess']);
    expect(rejected([request, missed], { ...missed, date: '2025-04-16' } as CaseEvent)).toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
      field: 'deadline',
    });
  });

  it('not before the deadline has passed, not for an unknown id, not with the wrong due date, not if met', () => {
    expect(
      rejected([request], {
        type: 'DeadlineMissed',
        date: '2025-04-14',
        deadline: 'decision-to-assess',
        due: '2025-04-14',
      }).code,
    ).toBe('DATE_ORDER');
    expect(
      rejected([request], { type: 'DeadlineMissed', date: '2025-04-15', deadline: 'advice-ep', due: '2025-04-14' })
        .code,
    ).toBe('UNKNOWN_REFERENCE');
    expect(
      rejected([request], {
        type: 'DeadlineMissed',
        date: '2025-04-15',
        deadline: 'decision-to-assess',
        due: '2025-04-13',
      }),
    ).toMatchObject({ code: 'INVALID_EVENT', field: 'due' });
    expect(
      rejected(toAssessing, {
        type: 'DeadlineMissed',
        date: '2025-04-15',
        deadline: 'decision-to-assess',
        due: '2025-04-14',
      }).code,
    ).toBe('EVENT_NOT_ALLOWED');
  });

  it('allowedNextEvents offers DeadlineMissed only for deadlines that have passed and are not yet recorded', () => {
    const before = allowedNextEvents([request], { today: '2025-04-14' }).find((a) => a.type === 'DeadlineMissed');
    expect(before).toBeUndefined();
    const after = allowedNextEvents([request], { today: '2025-04-15' }).find((a) => a.type === 'DeadlineMissed');
    expect(after?.earliest).toBe('2025-04-15');
    expect(after?.fields.find((f) => f.name === 'deadline')?.options).toEqual(['decision-to-assess']);
  });
});

describe('replay of a whole import line', () => {
  it('replays the docs/events.md import example to plan-issued, once the rest of the reg 6(1) advice is sought', () => {
    const v = replay(
      withRequiredAdvice([
        { type: 'RequestReceived', date: '2024-01-08', source: 'parent' },
        { type: 'DecidedToAssess', date: '2024-02-12' },
        { type: 'AdviceRequested', date: '2024-02-13', adviceId: 'ep', provider: 'psychology' },
        { type: 'AdviceReceived', date: '2024-03-20', adviceId: 'ep' },
        { type: 'DecidedToIssue', date: '2024-04-15' },
        { type: 'DraftPlanIssued', date: '2024-04-22' },
        { type: 'FinalPlanIssued', date: '2024-05-20', placement: 'mainstream' },
      ]),
    );
    expect(v).toMatchObject({
      stage: 'plan-issued',
      closed: true,
      finalIssuedOn: '2024-05-20',
      lastEventDate: '2024-05-20',
      eventCount: 11,
    });
  });

  it('throws a WorkflowRejection naming the event number and reason', () => {
    try {
      replay([request, { type: 'DecidedToIssue', date: '2025-04-01' }]);
      throw new Error('expected a rejection');
    } catch (err) {
      expect(err).toBeInstanceOf(WorkflowRejection);
      const e = (err as WorkflowRejection).error;
      expect(e.code).toBe('EVENT_NOT_ALLOWED');
      expect(e.message).toMatch(/^Event 2 \(DecidedToIssue\):/);
    }
  });

  it('ignores nothing: an unknown field such as child details is rejected', () => {
    expect(() => replay([{ ...request, child: { givenName: 'Ada' } } as unknown as CaseEvent])).toThrow(
      /Child details belong on the case/,
    );
  });
});

describe('allowedNextEvents', () => {
  it('narrows references to the ones that fit', () => {
    const h: CaseEvent[] = [
      ...toAssessing,
      { type: 'AdviceRequested', date: '2025-04-11', adviceId: 'ep', provider: 'psychology' },
      {
        type: 'AdviceRequested',
        date: '2025-04-12',
        adviceId: 'h',
        provider: 'health',
        receivedByProvider: '2025-04-14',
      },
      { type: 'AdviceReceived', date: '2025-05-01', adviceId: 'ep' },
    ];
    const next = allowedNextEvents(h, { today: '2025-05-02' });
    const received = next.find((a) => a.type === 'AdviceReceived');
    expect(received?.fields.find((f) => f.name === 'adviceId')?.options).toEqual(['h']);
    expect(received?.earliest).toBe('2025-04-14');
    expect(next.map((a) => a.type)).not.toContain('ExceptionWithdrawn');
    expect(next.find((a) => a.type === 'DecidedToIssue')?.earliest).toBe('2025-04-10');
  });

  it('an empty history can only start with RequestReceived', () => {
    expect(allowedNextEvents([], { today: TODAY }).map((a) => a.type)).toEqual(['RequestReceived']);
  });

  it('uses the configurable final-plan boundary', () => {
    // reg 13(2) with a 139-day convention (SEND Advice Surrey "day 1" counting, docs/law.md#counting-days).
    const due139 = addDays(D0, 139);
    const r = applyEvent(
      [request],
      { type: 'DeadlineMissed', date: addDays(due139, 1), deadline: 'final-plan', due: due139 },
      { today: TODAY, finalPlanDays: 139 },
    );
    expect(r.ok).toBe(true);
  });
});
