import type { CaseEvent } from './events.js';
import { checkSummary } from './migrated-summary.js';

// docs/migrated-histories.md: a summary may carry the plan's special educational needs (reg 12(1)(a), SEN2 module 5c),
// checked by the plan's own rules: after the final plan, not dated before it, the primary need not among the others.
const planned: CaseEvent[] = [
  { type: 'RequestReceived', date: '2024-01-08', source: 'parent' },
  { type: 'DecidedToAssess', date: '2024-02-12' },
  { type: 'FinalPlanIssued', date: '2024-05-20', placement: 'mainstream' },
];
const end = (date: string): CaseEvent => ({ type: 'HistoryMigrated', date, mode: 'summary', source: 'Old SEN system' });
const needs = (date: string, primaryNeed: string, otherNeeds?: string[]) =>
  ({ type: 'SenNeedsRecorded', date, primaryNeed, ...(otherNeeds ? { otherNeeds } : {}) }) as CaseEvent;

describe('summary histories: the plan’s special educational needs', () => {
  it('accepts the needs of the plan issued, and the case’s plan holds them', () => {
    const r = checkSummary([...planned, needs('2024-05-20', 'SEMH', ['SLCN']), end('2024-05-20')], 140, '2026-12-02');
    expect(r.ok).toBe(true);
    expect(r.ok && r.context.plan?.needs).toEqual([{ from: '2024-05-20', primary: 'SEMH', others: ['SLCN'] }]);
  });

  it('refuses needs with no plan, dated before the plan, or with the primary need among the others', () => {
    const noPlan = checkSummary([planned[0]!, planned[1]!, needs('2024-03-01', 'MLD'), end('2024-03-01')], 140);
    expect(noPlan).toMatchObject({ ok: false, index: 2, error: { code: 'EVENT_NOT_ALLOWED' } });
    const before = checkSummary([...planned, needs('2024-05-01', 'MLD'), end('2024-05-20')], 140);
    expect(before).toMatchObject({ ok: false, index: 3, error: { code: 'DATE_ORDER' } });
    const twice = checkSummary([...planned, needs('2024-06-01', 'MLD', ['MLD']), end('2024-06-01')], 140);
    expect(twice).toMatchObject({ ok: false, index: 3, error: { field: 'otherNeeds' } });
  });
});
