import type { CaseEvent } from './events.js';
import { allowedNextEvents, applyEvent } from './workflow.js';
import { withRequiredAdvice } from './advice-sought.js';

// An exception learned of after the outcome, or one recorded in error, can still be recorded or withdrawn after the
// final plan, a refusal or a withdrawal (regs 5(4), 10(4), 13(3)); its predicate is still checked against the limit.
const TODAY = '2025-12-31';
const request: CaseEvent = { type: 'RequestReceived', date: '2025-03-03', source: 'parent' };
// with every advice reg 6(1) requires sought before the decision to issue (withRequiredAdvice)
const planned: CaseEvent[] = withRequiredAdvice([
  request,
  { type: 'DecidedToAssess', date: '2025-04-10' },
  { type: 'DecidedToIssue', date: '2025-06-10' },
  { type: 'DraftPlanIssued', date: '2025-06-23' },
  { type: 'FinalPlanIssued', date: '2025-08-01', placement: 'mainstream' },
]);
const refused: CaseEvent[] = [
  request,
  { type: 'DecidedNotToAssess', date: '2025-04-01', reasons: 'Needs met by the school' },
];
const withdrawn: CaseEvent[] = [
  request,
  { type: 'DecidedToAssess', date: '2025-04-10' },
  { type: 'RequestWithdrawn', date: '2025-05-01', reason: 'Family decided not to go on' },
];
const epc = (appliesTo: string[], date = '2025-09-01'): CaseEvent =>
  ({
    type: 'ExceptionRecorded',
    date,
    exceptionId: 'x1',
    kind: 'exceptional-personal-circumstances',
    from: '2025-04-14',
    to: '2025-05-30',
    appliesTo,
    evidence: 'Parent in hospital; no contact possible',
  }) as CaseEvent;

describe('exceptions after an outcome', () => {
  it.each([
    ['after the final plan', planned, ['final-plan']],
    ['after a refusal to assess', refused, ['decision-to-assess']],
    ['after a withdrawal', withdrawn, ['final-plan']],
  ] as const)('recorded %s, and withdrawn again', (_what, history, appliesTo) => {
    const r = applyEvent([...history], epc([...appliesTo]), { today: TODAY });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.view.exceptions.map((x) => x.exceptionId)).toEqual(['x1']);
    expect(r.allowed.map((a) => a.type)).toContain('ExceptionWithdrawn');
    const w = applyEvent(
      [...history, epc([...appliesTo])],
      { type: 'ExceptionWithdrawn', date: '2025-09-02', exceptionId: 'x1', reason: 'Recorded in error' },
      { today: TODAY },
    );
    expect(w.ok && w.view.exceptions).toEqual([]);
  });

  it('still checked by its predicate: a closure exception cannot apply to advice (reg 8(2)), even after the plan', () => {
    const r = applyEvent(
      [...planned],
      { ...epc(['final-plan']), kind: 'school-closure', appliesTo: ['advice'] } as CaseEvent,
      { today: TODAY },
    );
    expect(r.ok ? 'ok' : r.error.code).toBe('EXCEPTION_INVALID');
  });
});

describe('the exception form is offered only what can apply to this case', () => {
  const spec = (history: CaseEvent[], name: string) =>
    allowedNextEvents(history, { today: TODAY })
      .find((a) => a.type === 'ExceptionRecorded')!
      .fields.find((f) => f.name === name);

  it('no advice requested: no closure or missed-appointment kinds, no adviceId; no coronavirus exception outside 2020', () => {
    expect(spec([request], 'kind')!.options).toEqual(['exceptional-personal-circumstances', 'absent-from-area']);
    expect(spec([request], 'adviceId')).toBeUndefined();
    expect(spec([request], 'appliesTo')!.options).toEqual(['decision-to-assess', 'no-plan-notice', 'final-plan']);
  });

  it('with advice: its ids are the adviceId choices (received or not), and advice limits can be chosen', () => {
    const h: CaseEvent[] = [
      ...planned.slice(0, 2),
      { type: 'AdviceRequested', date: '2025-04-11', adviceId: 'ep', provider: 'psychology' },
      { type: 'AdviceReceived', date: '2025-05-01', adviceId: 'ep' },
    ];
    expect(spec(h, 'adviceId')!.options).toEqual(['ep']);
    expect(spec(h, 'kind')!.options).toContain('school-closure');
    expect(spec(h, 'appliesTo')!.options).toContain('advice');
  });

  it('a case running in summer 2020 is offered the coronavirus exception', () => {
    expect(spec([{ type: 'RequestReceived', date: '2020-06-01', source: 'parent' }], 'kind')!.options).toContain(
      'coronavirus-2020',
    );
  });
});
