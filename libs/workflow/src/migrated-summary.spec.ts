import type { CaseEvent } from './events.js';
import { checkSummary } from './migrated-summary.js';

// docs/migrated-histories.md: a summary is checked for what its data allows, including the order a Tribunal made.
const planned: CaseEvent[] = [
  { type: 'RequestReceived', date: '2024-01-08', source: 'parent' },
  { type: 'DecidedToAssess', date: '2024-02-12' },
  { type: 'FinalPlanIssued', date: '2024-05-20', placement: 'mainstream' },
  { type: 'TribunalAppealRegistered', date: '2024-07-01', against: 'plan-content' },
];
const end = (date: string): CaseEvent => ({ type: 'HistoryMigrated', date, mode: 'summary', source: 'Old SEN system' });

describe('summary histories: Tribunal orders (reg 44(2))', () => {
  it('reg 44(2)(e), (f): an order on the plan follows the plan, and the case stays a plan', () => {
    for (const order of ['amend-provision', 'amend-school'] as const) {
      const r = checkSummary(
        [...planned, { type: 'TribunalOrderMade', date: '2024-11-01', order }, end('2024-11-01')],
        140,
        '2026-12-02',
      );
      expect(r).toMatchObject({ ok: true, stage: 'plan-issued' });
    }
  });

  it('reg 44(2)(c): an order on the plan does not answer a refusal to issue (only an order to make a plan does)', () => {
    const refused: CaseEvent[] = [
      planned[0]!,
      planned[1]!,
      { type: 'DecidedNotToIssue', date: '2024-04-20', reasons: 'r' },
    ];
    expect(
      checkSummary(
        [...refused, { type: 'TribunalOrderMade', date: '2024-08-01', order: 'amend-provision' }, end('2024-08-01')],
        140,
        '2026-12-02',
      ),
    ).toMatchObject({ ok: false });
    expect(
      checkSummary(
        [...refused, { type: 'TribunalOrderMade', date: '2024-08-01', order: 'make-plan' }, end('2024-08-01')],
        140,
        '2026-12-02',
      ),
    ).toMatchObject({ ok: true, stage: 'drafting' });
  });
});
