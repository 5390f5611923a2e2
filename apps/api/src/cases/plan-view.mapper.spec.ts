import { caseDeadlines, withRequiredAdvice, type CaseEvent } from '@ehc/workflow';
import { casePlan } from './plan-view.mapper.js';

// The case page's Plan section (docs/plan-life.md#one-log), read from the plan's fold and the case's deadlines.
const toFinal: CaseEvent[] = withRequiredAdvice([
  { type: 'RequestReceived', date: '2024-03-04', source: 'parent' },
  { type: 'DecidedToAssess', date: '2024-04-08' },
  { type: 'DecidedToIssue', date: '2024-06-03' },
  { type: 'DraftPlanIssued', date: '2024-06-10' },
  { type: 'FinalPlanIssued', date: '2024-07-08', placement: 'special-state' },
]);
const planOf = (h: CaseEvent[], today: string) => {
  const { view, deadlines } = caseDeadlines(h, { today });
  return casePlan(view, deadlines);
};

describe('casePlan', () => {
  it('the review now due is the open annual review; the setting the final plan named comes first, its area not recorded', () => {
    const p = planOf(toFinal, '2025-09-01')!;
    // annual-review-1 (due 2025-07-07) is overdue and still to be done: it is the review due
    expect(p).toMatchObject({ stage: 'maintained', issuedOn: '2024-07-08', nextReviewDue: '2025-07-07' });
    expect(p.named).toEqual([
      {
        from: '2024-07-08',
        settingType: 'special-state',
        settingTypeLabel: 'State-funded special school',
        inArea: null,
      },
    ]);
  });

  it('no review is due once the plan has ended, even one that was overdue when it ended', () => {
    const h = [...toFinal, { type: 'PlanCeased', date: '2025-09-01', reason: 'deceased' } as CaseEvent];
    const p = planOf(h, '2025-10-01')!;
    expect(p).toMatchObject({ stage: 'ceased', endedOn: '2025-09-01', endReasonLabel: 'Died', nextReviewDue: null });
  });

  it('a move into a school sixth form has no reg 18 date; a move to a post-16 institution has 30 March', () => {
    const h = [
      ...toFinal,
      {
        type: 'PhaseTransferDue',
        date: '2025-01-06',
        transferId: 't1',
        transfer: 'secondary-to-school-sixth-form',
        movesOn: '2025-09-03',
      },
    ] as CaseEvent[];
    expect(planOf(h, '2025-02-01')!.phaseTransfers).toEqual([
      expect.objectContaining({ transferId: 't1', due: null, status: null }),
    ]);
    const college = [
      ...toFinal,
      {
        type: 'PhaseTransferDue',
        date: '2025-01-06',
        transferId: 't2',
        transfer: 'secondary-to-post-16-institution',
        movesOn: '2025-09-03',
      },
    ] as CaseEvent[];
    expect(planOf(college, '2025-02-01')!.phaseTransfers).toEqual([
      expect.objectContaining({ transferId: 't2', due: '2025-03-30', status: 'pending' }),
    ]);
  });

  it('no plan before the final plan', () => {
    expect(planOf(toFinal.slice(0, -1), '2024-07-01')).toBeUndefined();
  });
});
