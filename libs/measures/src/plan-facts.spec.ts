import type { MeasureEventRow } from './timeliness-types.js';
import { planRowsFromCaseRows, type PlanFoldCache } from './plan-facts.js';
import { planReport } from './plan-report.js';

// Plans read from case_event rows (docs/plan-life.md#vocabulary) and the per-case fold cache the api keeps.
let seq = 0;
const row = (
  caseId: string,
  version: number,
  type: string,
  date: string,
  data: Record<string, unknown> = {},
): MeasureEventRow => ({
  caseId,
  eventId: `${caseId}-${version}`,
  reference: caseId.toUpperCase(),
  teamId: 'north',
  version,
  type,
  date,
  data,
  recordedAt: `${date}T12:00:00.000Z`,
});
const q = {
  on: '2026-01-15',
  from: '2025-01-01',
  to: '2025-12-31',
  year: 2025,
  trendFrom: '2025-06-01',
  basis: 'attended' as const,
  today: '2026-03-01',
};

describe('plans from case events', () => {
  const caseRows = (id = `c${++seq}`) => [
    row(id, 1, 'RequestReceived', '2024-01-08', { source: 'parent', year9From: '2025-09-01' }),
    row(id, 2, 'FinalPlanIssued', '2024-05-20', { placement: 'special-state', setting: 'Oak 123456' }),
    row(id, 3, 'PlacementStarted', '2024-06-03', { placementId: 'p1', settingType: 'special-state', inArea: 'yes' }),
  ];

  it('the plan as the case holds it (planHistoryOfCase): begun by the final plan with the setting it names, then its own events', () => {
    const plan = planRowsFromCaseRows(caseRows('a'));
    expect(plan.map((r) => [r.type, r.date, r.version])).toEqual([
      ['PlanIssued', '2024-05-20', 1],
      ['PlacementNamed', '2024-05-20', 2],
      ['PlacementStarted', '2024-06-03', 3],
    ]);
    expect(plan[0]!.data).toEqual({ year9From: '2025-09-01' });
    expect(plan[1]!.data).toEqual({ settingType: 'special-state', inArea: 'yes', setting: 'Oak 123456' });
    // the final plan's setting corrected (a URN added): the plan names the corrected setting
    const fixed = planRowsFromCaseRows([
      ...caseRows('b'),
      row('b', 4, 'EventCorrected', '2025-01-10', {
        corrects: 'b-2',
        correction: { setting: 'Oak 100001' },
        reason: 'URN',
      }),
    ]);
    expect(fixed[1]!.data['setting']).toBe('Oak 100001');
    // a census day before the final plan: no plan yet; between two of its events: the plan as it stood that day
    expect(planRowsFromCaseRows(caseRows('e'), { upTo: '2024-05-19' })).toEqual([]);
    expect(planRowsFromCaseRows(caseRows('f'), { upTo: '2024-06-02' }).map((r) => r.type)).toEqual([
      'PlanIssued',
      'PlacementNamed',
    ]);
    // the case's older PlanEnded ends the plan on its day, with the nearest cease reason; nothing after it is read
    const ended = planRowsFromCaseRows([
      ...caseRows('d'),
      row('d', 4, 'PlanEnded', '2025-02-01', { reason: 'died' }),
      row('d', 5, 'PlacementEnded', '2025-03-01', { placementId: 'p1' }),
    ]);
    expect(ended.map((r) => [r.type, r.data['reason'] ?? null])).toEqual([
      ['PlanIssued', null],
      ['PlacementNamed', null],
      ['PlacementStarted', null],
      ['PlanCeased', 'deceased'],
    ]);
    // no final plan, no plan
    expect(planRowsFromCaseRows(caseRows('c').slice(0, 1))).toEqual([]);
  });

  it('the fold cache gives the same report, and folds again a case whose stream moved (a correction)', () => {
    const rows = [...caseRows('x'), ...caseRows('y')];
    const cache: PlanFoldCache = new Map();
    const first = planReport(planRowsFromCaseRows(rows), q, cache);
    expect(cache.size).toBe(2);
    expect(first.settings.bySetting['special-state'].count).toBe(2);
    // the placement of x corrected to an independent special school: a new version of x's stream
    const corrected = [
      ...rows,
      row('x', 4, 'EventCorrected', '2026-02-01', {
        corrects: 'x-3',
        correction: { settingType: 'special-independent' },
        reason: 'wrong type',
      }),
    ];
    const again = planReport(planRowsFromCaseRows(corrected), q, cache);
    expect(again).toEqual(planReport(planRowsFromCaseRows(corrected), q));
    expect(again.settings.bySetting['special-independent'].count).toBe(1);
    // another day: nothing reused for a stale "today"
    const later = planReport(planRowsFromCaseRows(corrected), { ...q, today: '2026-03-02' }, cache);
    expect(later).toEqual(planReport(planRowsFromCaseRows(corrected), { ...q, today: '2026-03-02' }));
  });
});
