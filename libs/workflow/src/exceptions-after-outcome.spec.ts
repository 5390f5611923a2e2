import type { CaseEvent } from './events.js';
import { applyEvent } from './workflow.js';

// An exception learned of after the outcome, or one recorded in error, can still be recorded or withdrawn after the
// final plan, a refusal or a withdrawal (regs 5(4), 10(4), 13(3)); its predicate is still checked against the limit.
const TODAY = '2025-12-31';
const request: CaseEvent = { type: 'RequestReceived', date: '2025-03-03', source: 'parent' };
const planned: CaseEvent[] = [
  request, { type: 'DecidedToAssess', date: '2025-04-10' }, { type: 'DecidedToIssue', date: '2025-06-10' },
  { type: 'DraftPlanIssued', date: '2025-06-23' }, { type: 'FinalPlanIssued', date: '2025-08-01', placement: 'mainstream' },
];
const refused: CaseEvent[] = [request, { type: 'DecidedNotToAssess', date: '2025-04-01', reasons: 'Needs met by the school' }];
const withdrawn: CaseEvent[] = [request, { type: 'DecidedToAssess', date: '2025-04-10' }, { type: 'RequestWithdrawn', date: '2025-05-01', reason: 'Family decided not to go on' }];
const epc = (appliesTo: string[], date = '2025-09-01'): CaseEvent => ({
  type: 'ExceptionRecorded', date, exceptionId: 'x1', kind: 'exceptional-personal-circumstances', from: '2025-04-14', to: '2025-05-30',
  appliesTo, evidence: 'Parent in hospital; no contact possible',
} as CaseEvent);

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
    const w = applyEvent([...history, epc([...appliesTo])], { type: 'ExceptionWithdrawn', date: '2025-09-02', exceptionId: 'x1', reason: 'Recorded in error' }, { today: TODAY });
    expect(w.ok && w.view.exceptions).toEqual([]);
  });

  it('still checked by its predicate: a closure exception cannot apply to advice (reg 8(2)), even after the plan', () => {
    const r = applyEvent([...planned], { ...epc(['final-plan']), kind: 'school-closure', appliesTo: ['advice'] } as CaseEvent, { today: TODAY });
    expect(r.ok ? 'ok' : r.error.code).toBe('EXCEPTION_INVALID');
  });
});
