import { addDays } from './calendar-dates.js';
import { percent } from './figures.js';
import { computeTimeliness, timelinessCases } from './timeliness.js';
import type { MeasureEventRow, TimelinessQuery } from './timeliness-types.js';
import { caseHistory, type Ev as BaseEv } from './test-fixtures.js';

// ---- hand-built histories -------------------------------------------------------------------------------
type Ev = BaseEv & { recordedAt?: string };
let caseSeq = 0;

/** One case's rows: versions 1..n in order; recorded at noon UTC on the business date unless given. */
const history = (reference: string, events: Ev[], teamId = 'north') =>
  caseHistory(`case-${++caseSeq}`, reference, events, teamId);

/** A plan issued `days` after the request, with optional extra events. */
function plan(reference: string, received: string, days: number, extra: Ev[] = [], teamId?: string): MeasureEventRow[] {
  return history(
    reference,
    [
      { type: 'RequestReceived', date: received, source: 'parent', child: { givenName: 'Ada', familyName: 'Smith' } },
      ...extra,
      { type: 'FinalPlanIssued', date: addDays(received, days), placement: 'mainstream' },
    ],
    teamId,
  );
}

const q = (extra: Partial<TimelinessQuery> = {}): TimelinessQuery => ({
  from: '2025-01-01',
  to: '2025-12-31',
  today: '2026-01-15',
  ...extra,
});

describe('timeliness measure: % of new EHC plans issued within 20 weeks (docs/law.md#the-boards-measure)', () => {
  it('reg 13(2) / docs/law.md#counting-days: issued on day 140 is within 20 weeks, day 141 is not', () => {
    const rows = [...plan('R-140', '2025-03-03', 140), ...plan('R-141', '2025-03-03', 141)];
    const r = computeTimeliness(rows, q());
    expect(r.includingExceptions).toEqual({ issued: 2, within20Weeks: 1, percent: 50 });
    expect(r.boundaryDays).toBe(140);
    expect(r.convention).toMatch(/received \+ 140 days/);
    const cases = timelinessCases(rows, q());
    expect(cases.map((c) => [c.reference, c.elapsedDays, c.within20Weeks])).toEqual([
      ['R-140', 140, true],
      ['R-141', 141, false],
    ]);
  });

  it('docs/law.md#counting-days: the boundary is configurable (receipt counted as day 1 ⇒ 139)', () => {
    const rows = [...plan('R-139', '2025-03-03', 139), ...plan('R-140', '2025-03-03', 140)];
    expect(computeTimeliness(rows, q({ boundaryDays: 139 })).includingExceptions.within20Weeks).toBe(1);
    expect(computeTimeliness(rows, q({ boundaryDays: 140 })).includingExceptions.within20Weeks).toBe(2);
    expect(() => computeTimeliness(rows, q({ boundaryDays: 0 }))).toThrow(/boundaryDays/);
  });

  it('population P: plans whose final issue date is in [from, to], both ends inclusive', () => {
    const rows = [
      ...plan('R-before', '2024-08-01', addDaysBetween('2024-08-01', '2024-12-31')),
      ...plan('R-first', '2024-08-20', addDaysBetween('2024-08-20', '2025-01-01')),
      ...plan('R-last', '2025-08-20', addDaysBetween('2025-08-20', '2025-12-31')),
      ...plan('R-after', '2025-08-20', addDaysBetween('2025-08-20', '2026-01-01')),
    ];
    expect(timelinessCases(rows, q()).map((c) => c.reference)).toEqual(['R-first', 'R-last']);
  });

  it('docs/law.md#the-boards-measure: a case with mediation or a tribunal is left out of P and listed as excluded with its reason', () => {
    const rows = [
      ...plan('R-clean', '2025-01-06', 100),
      ...plan('R-med', '2025-01-06', 100, [
        { type: 'MediationStarted', date: '2025-02-01', against: 'refusal-to-assess', meetingHeldOn: '2025-02-20' },
      ]),
      ...plan('R-trib', '2025-01-06', 200, [
        { type: 'TribunalAppealRegistered', date: '2025-02-01', against: 'refusal-to-assess' },
      ]),
      ...plan('R-order', '2025-01-06', 200, [{ type: 'TribunalOrderMade', date: '2025-03-01', order: 'assess' }]),
      ...plan('R-both', '2025-01-06', 200, [
        { type: 'MediationStarted', date: '2025-02-01', against: 'refusal-to-assess', meetingHeldOn: '2025-02-20' },
        { type: 'TribunalAppealRegistered', date: '2025-03-01', against: 'refusal-to-assess' },
      ]),
    ];
    const r = computeTimeliness(rows, q());
    expect(r.includingExceptions).toEqual({ issued: 1, within20Weeks: 1, percent: 100 });
    expect(r.excludedFromPopulation).toBe(4);
    const reasons = Object.fromEntries(
      timelinessCases(rows, q()).map((c) => [c.reference, [c.excludedReason, c.countedIncludingExceptions]]),
    );
    expect(reasons).toEqual({
      'R-clean': [null, true],
      'R-med': ['mediation', false],
      'R-trib': ['tribunal', false],
      'R-order': ['tribunal', false],
      'R-both': ['mediation-and-tribunal', false],
    });
  });

  it('SEN2 Week20: an active final-plan exception removes the case from numerator AND denominator of the excluding figure', () => {
    const exception = (id: string, appliesTo: string[], kind = 'absent-from-area'): Ev => ({
      type: 'ExceptionRecorded',
      date: '2025-02-01',
      exceptionId: id,
      kind,
      from: '2025-02-01',
      to: '2025-03-15',
      appliesTo,
      evidence: 'x',
    });
    const rows = [
      ...plan('R-on-time', '2025-01-06', 120),
      ...plan('R-late', '2025-01-06', 160),
      ...plan('R-excepted', '2025-01-06', 170, [exception('e1', ['final-plan', 'no-plan-notice'])]),
      // an exception claimed only for the 6-week decision does not touch the 20-week figure
      ...plan('R-other-limit', '2025-01-06', 170, [exception('e2', ['decision-to-assess'])]),
      // withdrawn (recorded in error): the case counts again
      ...plan('R-withdrawn', '2025-01-06', 130, [
        exception('e3', ['final-plan']),
        { type: 'ExceptionWithdrawn', date: '2025-02-10', exceptionId: 'e3', reason: 'error' },
      ]),
    ];
    const r = computeTimeliness(rows, q());
    expect(r.includingExceptions).toEqual({ issued: 5, within20Weeks: 2, percent: 40 });
    expect(r.excludingExceptions).toEqual({ issued: 4, within20Weeks: 2, percent: 50 });
    const byRef = Object.fromEntries(timelinessCases(rows, q()).map((c) => [c.reference, c]));
    expect(byRef['R-excepted']).toMatchObject({
      exceptionKinds: ['absent-from-area'],
      countedIncludingExceptions: true,
      countedExcludingExceptions: false,
    });
    expect(byRef['R-other-limit']).toMatchObject({ exceptionKinds: [], countedExcludingExceptions: true });
    expect(byRef['R-withdrawn']).toMatchObject({ exceptionKinds: [], countedExcludingExceptions: true });
  });

  it('asAt: the figure as reported ignores corrections recorded later; without asAt the corrected figure shows', () => {
    const rows = [
      ...history('R-corrected', [
        { type: 'RequestReceived', date: '2025-03-03', recordedAt: '2025-03-03T09:00:00Z' },
        { type: 'FinalPlanIssued', date: '2025-07-21', recordedAt: '2025-07-21T15:00:00Z' },
        // correction recorded in August: the plan actually went out on 2025-07-28 (day 147, late)
        { type: 'FinalPlanIssued', date: '2025-07-28', recordedAt: '2025-08-05T10:00:00Z' },
      ]),
      ...history('R-recorded-late', [
        { type: 'RequestReceived', date: '2025-03-10', recordedAt: '2025-03-10T09:00:00Z' },
        // issued in July but only recorded at 00:30 BST on 1 Aug, after the board's as-at day 31 July
        { type: 'FinalPlanIssued', date: '2025-07-25', recordedAt: '2025-07-31T23:30:00Z' },
      ]),
    ];
    const asReported = computeTimeliness(rows, q({ asAt: '2025-07-31' }));
    expect(asReported.asAt).toBe('2025-07-31');
    expect(asReported.includingExceptions).toEqual({ issued: 1, within20Weeks: 1, percent: 100 });
    const corrected = computeTimeliness(rows, q());
    expect(corrected.includingExceptions).toEqual({ issued: 2, within20Weeks: 1, percent: 50 });
    expect(timelinessCases(rows, q()).find((c) => c.reference === 'R-corrected')).toMatchObject({
      finalIssuedOn: '2025-07-28',
      elapsedDays: 147,
    });
    // as at a later day, the late-recorded plan is in
    expect(computeTimeliness(rows, q({ asAt: '2025-08-01' })).includingExceptions.issued).toBe(2);
  });

  it('bands: within (≤ boundary), 20–52 weeks (≤ 364 days), over 52 weeks (> 364 days); weeks to issue median and mean', () => {
    const rows = [
      ...plan('A', '2024-06-03', 100),
      ...plan('B', '2024-06-03', 141),
      ...plan('C', '2024-06-03', 364),
      ...plan('D', '2024-06-03', 365),
    ];
    const r = computeTimeliness(rows, q({ from: '2024-01-01', to: '2025-12-31' }));
    expect(r.bands).toEqual({ within20Weeks: 1, from20To52Weeks: 2, over52Weeks: 1 });
    // median of 100, 141, 364, 365 days = 252.5 days = 36.1 weeks; mean 242.5 days = 34.6 weeks
    expect(r.weeksToIssue).toEqual({ median: 36.1, mean: 34.6 });
    expect(computeTimeliness([], q()).weeksToIssue).toEqual({ median: null, mean: null });
  });

  it('percent to 1 decimal, null with no plans: the published England and Warwickshire 2024 figures reproduce', () => {
    expect(percent(41_448, 90_392)).toBe(45.9); // England incl. exceptions
    expect(percent(39_407, 84_866)).toBe(46.4); // England excl. exceptions (DfE headline)
    expect(percent(0, 0)).toBeNull();
    const r = computeTimeliness([], q());
    expect(r.includingExceptions).toEqual({ issued: 0, within20Weeks: 0, percent: null });
  });

  it('example: Warwickshire 2024 (docs/law.md#published-figures) — 1,122 plans, 238 within, 3 excepted late plans ⇒ 21.2% incl., 21.3% excl., bands 238/830/54', () => {
    const rows: MeasureEventRow[] = [];
    const exc: Ev = {
      type: 'ExceptionRecorded',
      date: '2024-02-01',
      exceptionId: 'x',
      kind: 'exceptional-personal-circumstances',
      from: '2024-02-01',
      to: '2024-03-01',
      appliesTo: ['final-plan'],
    };
    for (let i = 0; i < 1122; i++) {
      const days = i < 238 ? 100 + (i % 41) : i < 238 + 830 ? 141 + (i % 224) : 365 + (i % 30);
      const final = addDays('2024-01-01', i % 365);
      rows.push(...plan(`W-${i}`, addDays(final, -days), days, i >= 1119 ? [exc] : []));
    }
    const r = computeTimeliness(rows, { from: '2024-01-01', to: '2024-12-31', today: '2025-01-15' });
    expect(r.includingExceptions).toEqual({ issued: 1122, within20Weeks: 238, percent: 21.2 });
    expect(r.excludingExceptions).toEqual({ issued: 1119, within20Weeks: 238, percent: 21.3 });
    expect(r.bands).toEqual({ within20Weeks: 238, from20To52Weeks: 830, over52Weeks: 54 });
  });

  it('reg 5(1): 6-week decision over requests whose FIRST decision falls in the period; a later reversal does not move it', () => {
    const rows = [
      ...history('D-42', [
        { type: 'RequestReceived', date: '2025-03-03' },
        { type: 'DecidedToAssess', date: '2025-04-14' },
      ]),
      ...history('D-43', [
        { type: 'RequestReceived', date: '2025-03-03' },
        { type: 'DecidedNotToAssess', date: '2025-04-15', reasons: 'x' },
      ]),
      // refused on time in 2025, reversed late: counted once, on time
      ...history('D-rev', [
        { type: 'RequestReceived', date: '2025-03-03' },
        { type: 'DecidedNotToAssess', date: '2025-03-20' },
        { type: 'DecidedToAssess', date: '2025-09-01' },
      ]),
      // first decision in 2024: not in the 2025 figure even though a reversal falls in 2025
      ...history('D-2024', [
        { type: 'RequestReceived', date: '2024-11-01' },
        { type: 'DecidedNotToAssess', date: '2024-12-01' },
        { type: 'DecidedToAssess', date: '2025-02-01' },
      ]),
    ];
    expect(computeTimeliness(rows, q()).decisionWithin6Weeks).toEqual({ decided: 3, within: 2, percent: 66.7 });
  });

  it('reg 10(1): "no plan" notices given in the period, within 16 weeks (112 days)', () => {
    const rows = [
      ...history('N-112', [
        { type: 'RequestReceived', date: '2025-03-03' },
        { type: 'DecidedToAssess', date: '2025-04-01' },
        { type: 'DecidedNotToIssue', date: '2025-06-23' },
      ]),
      ...history('N-113', [
        { type: 'RequestReceived', date: '2025-03-03' },
        { type: 'DecidedToAssess', date: '2025-04-01' },
        { type: 'DecidedNotToIssue', date: '2025-06-24' },
      ]),
    ];
    expect(computeTimeliness(rows, q()).noPlanWithin16Weeks).toEqual({ decided: 2, within: 1, percent: 50 });
  });

  it('reg 44(2)(b), reg 45(3A)(a): a "no plan" notice after an order to assess (or an unopposed appeal) is timed by the 10 weeks from it, as on the case page', () => {
    const underOrder = (ref: string, trigger: Ev, notice: string) =>
      history(ref, [
        { type: 'RequestReceived', date: '2024-09-02' },
        { type: 'DecidedNotToAssess', date: '2024-10-01', reasons: 'x' },
        { type: 'TribunalAppealRegistered', date: '2024-11-01', against: 'refusal-to-assess' },
        trigger,
        { type: 'DecidedToAssess', date: '2025-03-10' },
        { type: 'DecidedNotToIssue', date: notice, reasons: 'x' },
      ]);
    const rows = [
      ...underOrder('O-70', { type: 'TribunalOrderMade', date: '2025-03-03', order: 'assess' }, '2025-05-12'), // order + 70: on time
      ...underOrder('O-71', { type: 'TribunalOrderMade', date: '2025-03-03', order: 'assess' }, '2025-05-13'), // order + 71: late
      ...underOrder(
        'U-70',
        { type: 'AppealNotOpposed', date: '2025-03-03', against: 'refusal-to-assess' },
        '2025-05-12',
      ),
    ];
    // Measured from the request (day 252 and later) all three would be late.
    expect(computeTimeliness(rows, q()).noPlanWithin16Weeks).toEqual({ decided: 3, within: 2, percent: 66.7 });
  });

  it('reg 8(1): advice within 6 weeks of the PROVIDER receiving the request, by provider, for advice returned in the period', () => {
    const rows = history('A-1', [
      { type: 'RequestReceived', date: '2025-01-06' },
      { type: 'AdviceRequested', date: '2025-02-03', adviceId: 'ep', provider: 'psychology' },
      {
        type: 'AdviceRequested',
        date: '2025-02-03',
        adviceId: 'h',
        provider: 'health',
        receivedByProvider: '2025-02-10',
      },
      { type: 'AdviceRequested', date: '2025-02-03', adviceId: 'sc', provider: 'social-care' },
      { type: 'AdviceReceived', date: '2025-03-18', adviceId: 'ep' }, // 43 days after the request: late
      { type: 'AdviceReceived', date: '2025-03-24', adviceId: 'h' }, // 48 after the request but 42 after receipt: on time
    ]);
    expect(computeTimeliness(rows, q()).adviceWithin6Weeks).toEqual({
      health: { returned: 1, within: 1, percent: 100 },
      psychology: { returned: 1, within: 0, percent: 0 },
    });
  });

  it('docs/law.md#the-boards-measure views 4–5: open cases past 20 weeks at today, and open cases reaching it within 4 weeks; closed cases are not open', () => {
    const today = '2025-10-01';
    const open = (ref: string, received: string, more: Ev[] = []) =>
      history(ref, [{ type: 'RequestReceived', date: received }, ...more]);
    const rows = [
      ...open('O-past', addDays(today, -141)),
      ...open('O-due-today', addDays(today, -140)), // last on-time day is today
      ...open('O-due-28', addDays(today, -112)),
      ...open('O-later', addDays(today, -111)),
      ...open('O-issued', addDays(today, -200), [{ type: 'FinalPlanIssued', date: addDays(today, -10) }]),
      ...open('O-withdrawn', addDays(today, -200), [{ type: 'RequestWithdrawn', date: addDays(today, -100) }]),
      ...open('O-moved', addDays(today, -200), [{ type: 'MovedOutOfArea', date: addDays(today, -100) }]),
      ...open('O-not-assessed', addDays(today, -200), [{ type: 'DecidedNotToAssess', date: addDays(today, -170) }]),
      ...open('O-not-issued', addDays(today, -200), [
        { type: 'DecidedToAssess', date: addDays(today, -170) },
        { type: 'DecidedNotToIssue', date: addDays(today, -90) },
      ]),
      // refusal reversed: open again
      ...open('O-reversed', addDays(today, -200), [
        { type: 'DecidedNotToAssess', date: addDays(today, -170) },
        { type: 'DecidedToAssess', date: addDays(today, -60) },
      ]),
    ];
    const r = computeTimeliness(rows, q({ today }));
    expect(r.openPastDeadline).toBe(2); // O-past, O-reversed
    expect(r.openDueWithin4Weeks).toBe(2); // O-due-today, O-due-28
  });

  it('late plans by cause: the stages that overran, naming the advice provider and the exception kind', () => {
    const rows = [
      ...plan('L-decision', '2025-01-06', 150, [{ type: 'DecidedToAssess', date: addDays('2025-01-06', 43) }]),
      ...plan('L-advice', '2025-01-06', 150, [
        { type: 'DecidedToAssess', date: addDays('2025-01-06', 40) },
        { type: 'AdviceRequested', date: addDays('2025-01-06', 41), adviceId: 'ep', provider: 'psychology' },
        { type: 'AdviceReceived', date: addDays('2025-01-06', 41 + 60), adviceId: 'ep' },
        { type: 'AdviceRequested', date: addDays('2025-01-06', 41), adviceId: 'h', provider: 'health' },
        { type: 'AdviceReceived', date: addDays('2025-01-06', 41 + 30), adviceId: 'h' },
      ]),
      ...plan('L-draft', '2025-01-06', 150, [{ type: 'DraftPlanIssued', date: addDays('2025-01-06', 125) }]),
      ...plan('L-draft-final', '2025-01-06', 150, [{ type: 'DraftPlanIssued', date: addDays('2025-01-06', 100) }]),
      ...plan('L-exception', '2025-01-06', 150, [
        {
          type: 'ExceptionRecorded',
          date: '2025-02-01',
          exceptionId: 'e',
          kind: 'school-closure',
          from: '2025-02-01',
          to: '2025-03-01',
          appliesTo: ['final-plan'],
        },
      ]),
      ...plan('L-none', '2025-01-06', 150),
      ...plan('L-on-time', '2025-01-06', 140, [{ type: 'DecidedToAssess', date: addDays('2025-01-06', 60) }]),
      // excluded from P: not in the causes
      ...plan('L-mediation', '2025-01-06', 150, [
        { type: 'MediationStarted', date: '2025-02-01', against: 'plan-content', meetingHeldOn: '2025-02-20' },
      ]),
    ];
    const r = computeTimeliness(rows, q());
    expect(r.lateByCause).toEqual([
      { cause: 'advice:psychology', count: 1 },
      { cause: 'decision-to-assess', count: 1 },
      { cause: 'draft-after-16-weeks', count: 1 },
      { cause: 'draft-to-final', count: 1 },
      { cause: 'exception:school-closure', count: 1 },
      { cause: 'unattributed', count: 1 },
    ]);
    const byRef = Object.fromEntries(timelinessCases(rows, q()).map((c) => [c.reference, c.lateCauses]));
    expect(byRef['L-draft']).toEqual(['draft-after-16-weeks']); // draft day 125 > 112; 25 days to final ≤ 28
    expect(byRef['L-draft-final']).toEqual(['draft-to-final']); // draft day 100, final day 150: 50 days > 28
    expect(byRef['L-advice']).toEqual(['advice:psychology']); // health returned in 30 days
    expect(byRef['L-on-time']).toEqual([]); // a plan on time has no late cause even if a stage overran
  });

  it("team filter: only the team's cases", () => {
    const rows = [...plan('T-n', '2025-01-06', 100, [], 'north'), ...plan('T-s', '2025-01-06', 200, [], 'south')];
    expect(computeTimeliness(rows, q({ team: 'south' })).includingExceptions).toEqual({
      issued: 1,
      within20Weeks: 0,
      percent: 0,
    });
    expect(timelinessCases(rows, q({ team: 'north' })).map((c) => c.reference)).toEqual(['T-n']);
  });

  it('series by month, quarter and year of final issue, every period present even when empty', () => {
    const rows = [
      ...plan('S-1', '2024-11-04', 100),
      ...plan('S-2', '2024-11-04', 150),
      ...plan('S-3', '2025-01-06', 120),
    ];
    const range = { from: '2025-01-15', to: '2025-06-30' };
    const months = computeTimeliness(rows, q({ ...range, groupBy: 'month' })).series!;
    expect(months.map((s) => s.period)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
    expect(months.find((s) => s.period === '2025-02')).toEqual({
      period: '2025-02',
      issued: 1,
      within20Weeks: 1,
      percent: 100,
    });
    expect(months.find((s) => s.period === '2025-04')).toEqual({
      period: '2025-04',
      issued: 1,
      within20Weeks: 0,
      percent: 0,
    });
    expect(months.find((s) => s.period === '2025-05')).toEqual({
      period: '2025-05',
      issued: 1,
      within20Weeks: 1,
      percent: 100,
    });
    expect(months.find((s) => s.period === '2025-01')).toEqual({
      period: '2025-01',
      issued: 0,
      within20Weeks: 0,
      percent: null,
    });
    const quarters = computeTimeliness(rows, q({ ...range, groupBy: 'quarter' })).series!;
    expect(quarters).toEqual([
      { period: '2025-Q1', issued: 1, within20Weeks: 1, percent: 100 },
      { period: '2025-Q2', issued: 2, within20Weeks: 1, percent: 50 },
    ]);
    expect(
      computeTimeliness(rows, q({ from: '2024-01-01', to: '2025-12-31', groupBy: 'year' })).series!.map(
        (s) => s.period,
      ),
    ).toEqual(['2024', '2025']);
    expect(computeTimeliness(rows, q()).series).toBeUndefined();
  });

  it('drill-down is pseudonymous: no child data, even when the request event carries it', () => {
    const rows = plan('P-1', '2025-01-06', 100);
    const json = JSON.stringify(timelinessCases(rows, q())) + JSON.stringify(computeTimeliness(rows, q()));
    expect(json).toContain('P-1');
    expect(json).not.toMatch(/Ada|Smith|child/);
  });

  it('a case with a final plan but no request date is listed as a data-quality exclusion', () => {
    const rows = history('Q-1', [{ type: 'FinalPlanIssued', date: '2025-05-01' }]);
    expect(timelinessCases(rows, q())).toEqual([
      expect.objectContaining({
        reference: 'Q-1',
        receivedOn: null,
        elapsedDays: null,
        excludedReason: 'no-request-received',
        countedIncludingExceptions: false,
      }),
    ]);
    expect(computeTimeliness(rows, q()).includingExceptions.issued).toBe(0);
  });

  it('rejects malformed queries instead of computing a misleading figure', () => {
    expect(() => computeTimeliness([], q({ from: '2025-02-30' }))).toThrow(/from/);
    expect(() => computeTimeliness([], q({ from: '2025-12-31', to: '2025-01-01' }))).toThrow(/after/);
    expect(() => computeTimeliness([], q({ asAt: 'yesterday' }))).toThrow(/asAt/);
  });
});

function addDaysBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 86_400_000;
}
