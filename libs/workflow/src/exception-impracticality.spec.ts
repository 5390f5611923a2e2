import { deriveDeadlines } from './deadlines.js';
import type { CaseEvent, ExceptionRecorded } from './events.js';
import { coverageOfLateness, exceptionDays, needsImpracticalityReason } from './exception-impracticality.js';
import { applyEvent, replay } from './workflow.js';
import { withRequiredAdvice } from './advice-sought.js';

const D0 = '2025-03-03'; // final plan due 2025-07-21
const oneDay: ExceptionRecorded = {
  type: 'ExceptionRecorded',
  date: '2025-05-02',
  exceptionId: 'epc',
  kind: 'exceptional-personal-circumstances',
  from: '2025-05-01',
  to: '2025-05-01',
  appliesTo: ['final-plan'],
  evidence: 'hospital stay',
};
const path = (x: ExceptionRecorded, finalOn: string): CaseEvent[] =>
  withRequiredAdvice([
    { type: 'RequestReceived', date: D0, source: 'parent' },
    { type: 'DecidedToAssess', date: '2025-04-10' },
    x,
    { type: 'DecidedToIssue', date: '2025-06-01' },
    { type: 'DraftPlanIssued', date: '2025-06-23' },
    { type: 'FinalPlanIssued', date: finalOn, placement: 'mainstream' },
  ]);
const finalPlan = (h: CaseEvent[]) => deriveDeadlines(h, { today: '2026-12-02' }).find((d) => d.id === 'final-plan')!;

describe('reg 10(4) via reg 13(3): personal circumstances shorter than the lateness must be shown to have made the limit impractical', () => {
  it('a one-day exception does not excuse a plan 63 weeks late without a reason (it is missed, not excepted)', () => {
    const h = path(oneDay, '2026-10-05'); // 441 days late
    replay(h);
    expect(finalPlan(h)).toMatchObject({ status: 'missed', daysLate: 441, exceptionIds: ['epc'] });
  });

  it("with the caseworker's reason it excuses the lateness", () => {
    const h = path(
      {
        ...oneDay,
        reasonLimitImpractical: 'the surgery closed the only placement that could meet need; see panel minutes',
      },
      '2026-10-05',
    );
    expect(finalPlan(h)).toMatchObject({ status: 'excepted', daysLate: 441 });
  });

  it('no reason is needed when the circumstances last at least as long as the lateness', () => {
    const h = path({ ...oneDay, to: '2025-05-10' }, '2025-07-31'); // 10 days covered, 10 days late
    expect(finalPlan(h)).toMatchObject({ status: 'excepted', daysLate: 10 });
    expect(coverageOfLateness({ from: '2025-05-01', to: '2025-05-10' }, 10)).toEqual({
      coveredDays: 10,
      daysLate: 10,
      coversAll: true,
    });
  });

  it('recording such an exception once the limit is missed by more than it covers (here 43 days, plan not yet issued) needs the reason', () => {
    const h = path(oneDay, '2025-09-01').filter((e) => e.type !== 'ExceptionRecorded' && e.type !== 'FinalPlanIssued');
    const r = applyEvent(h, { ...oneDay, date: '2025-09-02' }, { today: '2026-12-02' });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'EXCEPTION_INVALID', field: 'reasonLimitImpractical', regulation: 'reg 10(4)' },
    });
    expect(r.ok ? '' : r.error.message).toMatch(/missed by 43 days but the circumstances cover 1/);
    expect(
      applyEvent(h, { ...oneDay, date: '2025-09-02', reasonLimitImpractical: 'why' }, { today: '2026-12-02' }).ok,
    ).toBe(true);
  });

  it('asks only about personal circumstances', () => {
    expect(exceptionDays({ from: '2025-05-01', to: '2025-05-01' })).toBe(1);
    expect(needsImpracticalityReason({ ...oneDay, kind: 'absent-from-area' }, 400)).toBe(false);
    expect(needsImpracticalityReason(oneDay, 2)).toBe(true);
    expect(needsImpracticalityReason(oneDay, 1)).toBe(false);
  });
});
