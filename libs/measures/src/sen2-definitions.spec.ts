import { addDays } from './calendar-dates.js';
import { computeTimeliness, timelinessCases } from './timeliness.js';
import { timelinessCasesCsv } from './timeliness-csv.js';
import type { MeasureEventRow, TimelinessQuery } from './timeliness-types.js';
import { caseHistory, type Ev } from './test-fixtures.js';

// The measure's definition choices against DfE's SEN2 (docs/measure-definitions.md)
// states each with its SEN2 source.
let seq = 0;
const history = (reference: string, events: Ev[]) => caseHistory(`s2-${++seq}`, reference, events);
const plan = (reference: string, received: string, days: number, extra: Ev[] = [], after: Ev[] = []) =>
  history(reference, [
    { type: 'RequestReceived', date: received, source: 'parent' },
    ...extra,
    { type: 'FinalPlanIssued', date: addDays(received, days), placement: 'mainstream' },
    ...after,
  ]);
const q = (extra: Partial<TimelinessQuery> = {}): TimelinessQuery => ({
  from: '2025-01-01',
  to: '2025-12-31',
  today: '2026-03-01',
  ...extra,
});
const reasons = (rows: MeasureEventRow[], query = q()) =>
  Object.fromEntries(timelinessCases(rows, query).map((c) => [c.reference, c.excludedReason]));

describe('point 11 — which disputes take a plan out of the 20-week population (SEN2 request/assessment mediation and tribunal items)', () => {
  it('a mediation counts once its meeting has been held, and only about this request, assessment or first plan', () => {
    const rows = [
      ...plan('M-held', '2025-01-06', 100, [
        { type: 'MediationStarted', date: '2025-02-01', against: 'refusal-to-assess', meetingHeldOn: '2025-02-25' },
      ]),
      ...plan('M-no-meeting', '2025-01-06', 100, [
        { type: 'MediationStarted', date: '2025-02-01', against: 'refusal-to-assess' },
      ]),
      ...plan(
        'M-content',
        '2025-01-06',
        100,
        [],
        [{ type: 'MediationStarted', date: '2025-05-01', against: 'plan-content', meetingHeldOn: '2025-05-20' }],
      ),
    ];
    expect(reasons(rows)).toEqual({ 'M-held': 'mediation', 'M-no-meeting': null, 'M-content': 'mediation' });
  });

  it("a dispute set after the reference date (the period's last day) or about something else never excludes the plan", () => {
    const rows = [
      // an appeal about the first plan's content registered in the next year: not in the 2025 return
      ...plan(
        'T-later',
        '2025-05-05',
        120,
        [],
        [{ type: 'TribunalAppealRegistered', date: '2026-01-20', against: 'plan-content' }],
      ),
      // a dispute about something other than this request or assessment (e.g. a later amendment)
      ...plan(
        'T-amendment',
        '2025-01-06',
        120,
        [],
        [{ type: 'TribunalAppealRegistered', date: '2025-11-01', against: 'amendment' }],
      ),
      ...plan('T-refusal', '2025-01-06', 120, [
        { type: 'TribunalAppealRegistered', date: '2025-02-01', against: 'refusal-to-issue' },
      ]),
      ...plan('T-order', '2025-01-06', 120, [{ type: 'TribunalOrderMade', date: '2025-02-01', order: 'assess' }]),
    ];
    expect(reasons(rows)).toEqual({
      'T-later': null,
      'T-amendment': null,
      'T-refusal': 'tribunal',
      'T-order': 'tribunal',
    });
    // the same appeal does exclude the plan from a period whose reference date it precedes
    expect(reasons(rows, q({ to: '2026-01-31' }))['T-later']).toBe('tribunal');
  });
});

describe('point 12 — the LA reversing its own refusal keeps the original outcome and date (SEN2 requestoutcome/assessmentoutcome)', () => {
  const rows = [
    ...plan('R-assess', '2025-01-06', 200, [
      { type: 'DecidedNotToAssess', date: '2025-02-10', reasons: 'r' },
      { type: 'DecidedToAssess', date: '2025-03-20' },
    ]),
    ...plan('R-issue', '2025-01-06', 200, [
      { type: 'DecidedToAssess', date: '2025-02-10' },
      { type: 'DecidedNotToIssue', date: '2025-04-20', reasons: 'r' },
      { type: 'DecidedToIssue', date: '2025-05-20' },
    ]),
    ...plan('R-plain', '2025-01-06', 130, [{ type: 'DecidedToAssess', date: '2025-02-10' }]),
  ];

  it('the plan issued after the reversal is outside the 20-week population, and the drill-down says why', () => {
    expect(reasons(rows)).toEqual({
      'R-assess': 'reversed-refusal-to-assess',
      'R-issue': 'reversed-refusal-to-issue',
      'R-plain': null,
    });
    expect(computeTimeliness(rows, q()).includingExceptions).toEqual({ issued: 1, within20Weeks: 1, percent: 100 });
    expect(timelinessCasesCsv(timelinessCases(rows, q()))).toContain(
      'R-assess,north,2025-01-06,2025-07-25,200,28.6,false,,reversed-refusal-to-assess,false,false',
    );
  });

  it('the case counts in the 6-week and 16-week figures with its original decision and date', () => {
    const r = computeTimeliness(rows, q());
    expect(r.decisionWithin6Weeks).toEqual({ decided: 3, within: 3, percent: 100 }); // refusal on day 35, not the reversal on day 73
    expect(r.noPlanWithin16Weeks).toEqual({ decided: 1, within: 1, percent: 100 }); // the refusal to issue on day 104
  });
});

describe('point 13 — "excluding exceptions" removes a plan only for an exception to the 20-week limit (reg 13(3), SEN2 week20)', () => {
  const exception = (appliesTo: string[], kind: string) => ({
    type: 'ExceptionRecorded',
    date: '2025-02-01',
    exceptionId: 'x',
    kind,
    from: '2025-02-01',
    to: '2025-02-20',
    appliesTo,
    evidence: 'e',
  });
  it('an exception to the 20-week limit removes the plan from numerator and denominator', () => {
    const rows = plan('E-20', '2025-01-06', 160, [exception(['final-plan'], 'absent-from-area')]);
    expect(timelinessCases(rows, q())[0]).toMatchObject({
      countedIncludingExceptions: true,
      countedExcludingExceptions: false,
    });
  });
  it('an exception to an advice limit alone (reg 8(2)) never does', () => {
    const rows = plan('E-advice', '2025-01-06', 160, [
      { ...exception(['advice'], 'missed-appointment'), adviceId: 'ep' },
    ]);
    expect(timelinessCases(rows, q())[0]).toMatchObject({
      exceptionKinds: [],
      countedIncludingExceptions: true,
      countedExcludingExceptions: true,
    });
    expect(computeTimeliness(rows, q()).excludingExceptions).toEqual({ issued: 1, within20Weeks: 0, percent: 0 });
  });
});

describe('point 14 — "decided within 6 weeks" by the calendar year the request was received (SEN2 requests.csv)', () => {
  it('a request received in December and decided in January counts in the year it was received', () => {
    const rows = [
      ...history('D-dec', [
        { type: 'RequestReceived', date: '2024-12-10', source: 'parent' },
        { type: 'DecidedToAssess', date: '2025-01-30' },
      ]),
      ...history('D-jan', [
        { type: 'RequestReceived', date: '2025-01-06', source: 'parent' },
        { type: 'DecidedToAssess', date: '2025-02-10' },
      ]),
      ...history('D-open', [{ type: 'RequestReceived', date: '2025-11-20', source: 'parent' }]),
    ];
    expect(computeTimeliness(rows, q()).decisionWithin6Weeks).toEqual({ decided: 1, within: 1, percent: 100 });
    expect(computeTimeliness(rows, q({ from: '2024-01-01', to: '2024-12-31' })).decisionWithin6Weeks).toEqual({
      decided: 1,
      within: 0,
      percent: 0,
    });
  });
});

describe('point 8 — "exception covers N of M days late", with the reason the limit was impractical', () => {
  it('shows on the drill-down and in the CSV how much of the lateness the exception covers', () => {
    const rows = plan('X-1', '2025-01-06', 200, [
      {
        type: 'ExceptionRecorded',
        date: '2025-03-01',
        exceptionId: 'x',
        kind: 'exceptional-personal-circumstances',
        from: '2025-03-01',
        to: '2025-03-11',
        appliesTo: ['final-plan'],
        evidence: 'e',
        reasonLimitImpractical: 'Family abroad for the only weeks the psychologist could see the child',
      },
    ]);
    const [row] = timelinessCases(rows, q());
    expect(row).toMatchObject({
      daysLate: 60,
      exceptionCoversDays: 10,
      reasonLimitImpractical: 'Family abroad for the only weeks the psychologist could see the child',
    });
    const csv = timelinessCasesCsv([row!]);
    expect(csv.split('\r\n')[0]).toContain('days_late,exception_covers_days,exception_cover,reason_limit_impractical');
    expect(csv).toContain(
      '60,10,exception covers 10 of 60 days late,Family abroad for the only weeks the psychologist could see the child',
    );
  });
});
