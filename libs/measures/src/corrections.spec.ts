import { applyCorrections } from './corrections.js';
import { computeTimeliness, timelinessCases } from './timeliness.js';
import type { TimelinessQuery } from './timeliness-types.js';
import { caseHistory, type Ev } from './test-fixtures.js';

// Corrections are events (the log is append-only): the measure counts the corrected history, and the figure
// "as at" a day counts only the events and corrections recorded by the end of that day.
let seq = 0;
/** `id` names an event a correction refers to; `recordedAt` is when it was written, for the figure "as at" a day. */
const history = (reference: string, events: (Ev & { id?: string; recordedAt?: string })[]) =>
  caseHistory(`c-${++seq}`, reference, events);
const q = (extra: Partial<TimelinessQuery> = {}): TimelinessQuery => ({
  from: '2025-01-01',
  to: '2025-12-31',
  today: '2026-01-15',
  ...extra,
});
const FINAL_ID = '0b0e7c52-46a2-4d8e-9d4e-2b4f0e4c1a01';

describe('the measure follows corrections (EventCorrected, EventRetracted)', () => {
  const corrected = history('R-1', [
    { type: 'RequestReceived', date: '2025-03-03' },
    { type: 'FinalPlanIssued', date: '2025-07-21', id: FINAL_ID }, // day 140: on time as entered
    // entered wrongly: the plan went out on 28 July (day 147). Corrected on 5 August.
    {
      type: 'EventCorrected',
      date: '2025-08-05',
      corrects: FINAL_ID.toUpperCase(),
      reason: 'date mistyped',
      correction: { date: '2025-07-28' },
    },
  ]);

  it('a corrected final-plan date moves the plan out of "within 20 weeks" in the figure, bands and drill-down', () => {
    const r = computeTimeliness(corrected, q());
    expect(r.includingExceptions).toEqual({ issued: 1, within20Weeks: 0, percent: 0 });
    expect(r.bands).toEqual({ within20Weeks: 0, from20To52Weeks: 1, over52Weeks: 0 });
    expect(timelinessCases(corrected, q())[0]).toMatchObject({
      finalIssuedOn: '2025-07-28',
      elapsedDays: 147,
      within20Weeks: false,
    });
  });

  it('as at a day before the correction was recorded, the figure is the one reported then (recorded time, not legal date)', () => {
    expect(computeTimeliness(corrected, q({ asAt: '2025-08-04' })).includingExceptions).toEqual({
      issued: 1,
      within20Weeks: 1,
      percent: 100,
    });
    expect(computeTimeliness(corrected, q({ asAt: '2025-08-05' })).includingExceptions).toEqual({
      issued: 1,
      within20Weeks: 0,
      percent: 0,
    });
  });

  it('a retracted final plan takes the case out of the period; a retracted exception puts it back in the excluding figure', () => {
    const rows = [
      ...history('R-retracted', [
        { type: 'RequestReceived', date: '2025-03-03' },
        { type: 'FinalPlanIssued', date: '2025-06-01', id: 'f-1' },
        { type: 'EventRetracted', date: '2025-06-10', retracts: 'f-1', reason: 'entered on the wrong case' },
      ]),
      ...history('R-exception', [
        { type: 'RequestReceived', date: '2025-03-03' },
        {
          type: 'ExceptionRecorded',
          date: '2025-04-01',
          id: 'x-1',
          exceptionId: 'x',
          kind: 'school-closure',
          appliesTo: ['final-plan'],
        },
        { type: 'FinalPlanIssued', date: '2025-08-01' },
        { type: 'EventRetracted', date: '2025-09-01', retracts: 'x-1', reason: 'no closure that week' },
      ]),
    ];
    expect(
      timelinessCases(rows, q()).map((c) => [c.reference, c.exceptionKinds, c.countedExcludingExceptions]),
    ).toEqual([['R-exception', [], true]]);
    expect(computeTimeliness(rows, q({ asAt: '2025-08-15' })).excludingExceptions.issued).toBe(0);
  });

  it('corrections apply in stream order (a later one wins for a field); fields other than the date are replaced too', () => {
    const rows = history('R-2', [
      {
        type: 'ExceptionRecorded',
        date: '2025-04-01',
        id: 'x-1',
        exceptionId: 'x',
        kind: 'school-closure',
        appliesTo: ['advice'],
      },
      {
        type: 'EventCorrected',
        date: '2025-04-02',
        corrects: 'x-1',
        reason: 'r',
        correction: { date: '2025-03-30', kind: 'absent-from-area' },
      },
      {
        type: 'EventCorrected',
        date: '2025-04-03',
        corrects: 'x-1',
        reason: 'r',
        correction: { appliesTo: ['final-plan'], kind: 'exceptional-personal-circumstances' },
      },
    ]);
    const [e] = applyCorrections(rows);
    expect(rows).toHaveLength(3);
    expect(applyCorrections(rows)).toHaveLength(1);
    expect(e).toMatchObject({
      date: '2025-03-30',
      data: { exceptionId: 'x', kind: 'exceptional-personal-circumstances', appliesTo: ['final-plan'] },
    });
  });

  it("a correction naming another case's event, or a correction, changes nothing", () => {
    const a = history('A', [{ type: 'FinalPlanIssued', date: '2025-05-01', id: 'shared' }]);
    const b = history('B', [
      { type: 'EventRetracted', date: '2025-05-02', id: 'r-1', retracts: 'shared', reason: 'r' },
      { type: 'EventCorrected', date: '2025-05-03', corrects: 'r-1', reason: 'r', correction: { date: '2025-01-01' } },
    ]);
    expect(applyCorrections([...a, ...b])).toEqual(a);
  });
});
