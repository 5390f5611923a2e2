import fc from 'fast-check';
import { addDays } from './calendar-dates.js';
import { planHistory, type Ev as BaseEv } from './test-fixtures.js';
import {
  annualReviewTimeliness,
  phaseTransferTimeliness,
  plansAmendedAfterYear9Review,
  plansBySetting,
  post16BySetting,
  settingTrend,
} from './plan-measures.js';

type Ev = BaseEv & { recordedAt?: string };
let seq = 0;
/** One plan's rows, versions 1..n, recorded at noon UTC on the business date unless given. */
const plan = (reference: string, events: Ev[], teamId = 'north') =>
  planHistory(`plan-${++seq}`, reference, events, teamId);
const issued = (date: string, extra: Record<string, unknown> = {}): Ev => ({ type: 'PlanIssued', date, ...extra });
const attends = (date: string, placementId: string, settingType: string, inArea = 'yes'): Ev => ({
  type: 'PlacementStarted',
  date,
  placementId,
  settingType,
  inArea,
});
const names = (date: string, settingType: string, inArea = 'yes'): Ev => ({
  type: 'PlacementNamed',
  date,
  settingType,
  inArea,
});
const meeting = (reviewId: string, date: string, extra: Record<string, unknown> = {}): Ev => ({
  type: 'ReviewMeetingHeld',
  date,
  reviewId,
  invitedOn: addDays(date, -14),
  adviceCirculatedOn: addDays(date, -14),
  ...extra,
});
const decision = (reviewId: string, date: string, d: string): Ev => ({
  type: 'ReviewDecisionNotified',
  date,
  reviewId,
  decision: d,
});
const TODAY = '2027-06-01';

describe('learners with EHC plans by setting type at a date', () => {
  const rows = [
    ...plan('A', [issued('2025-01-10'), attends('2025-01-10', 'p1', 'mainstream'), names('2025-01-10', 'mainstream')]),
    ...plan('B', [
      issued('2025-02-10'),
      attends('2025-02-10', 'p1', 'special-state'),
      names('2025-02-10', 'special-independent', 'no'),
    ]),
    ...plan('C', [issued('2025-03-10'), attends('2025-03-10', 'p1', 'special-independent', 'no')]),
    ...plan('D', [
      issued('2025-03-10'),
      attends('2025-03-10', 'p1', 'resourced-provision'),
      { type: 'PlanCeased', date: '2025-12-01', reason: 'deceased' },
    ]),
    ...plan('E', [issued('2026-05-01'), attends('2026-05-01', 'p1', 'mainstream')]), // not yet maintained on the census day
  ];
  it('counts the plans maintained that day by the setting attended, with % of all of them', () => {
    const r = plansBySetting(rows, { on: '2026-01-15', basis: 'attended', today: TODAY });
    expect(r.total).toBe(3);
    expect(r.bySetting['mainstream']).toEqual({ count: 1, percent: 33.3 });
    expect(r.bySetting['special-state']).toEqual({ count: 1, percent: 33.3 });
    expect(r.bySetting['special-independent']).toEqual({ count: 1, percent: 33.3 });
    expect(r.bySetting['resourced-provision'].count).toBe(0); // D ceased on 2025-12-01
    expect(r.byGroup).toMatchObject({
      mainstream: { count: 1 },
      specialist: { count: 1 },
      'independent-specialist': { count: 1 },
      unknown: { count: 0 },
    });
    expect(r.outOfArea).toEqual({ count: 1, percent: 33.3 });
    expect(r.plans.map((p) => p.reference)).toEqual(['A', 'B', 'C']);
  });
  it('the setting named in the plan is a separate figure from the setting attended (SEN2 modules 4 and 5)', () => {
    const r = plansBySetting(rows, { on: '2026-01-15', basis: 'named', today: TODAY });
    expect(r.bySetting['special-independent'].count).toBe(1); // B is named there, attends a state special school
    expect(r.bySetting['unknown'].count).toBe(1); // C has no named setting recorded
  });
  it('the cease date ends the plan: maintained the day before, not on the day', () => {
    expect(
      plansBySetting(rows, { on: '2025-11-30', basis: 'attended', today: TODAY }).bySetting['resourced-provision']
        .count,
    ).toBe(1);
    expect(
      plansBySetting(rows, { on: '2025-12-01', basis: 'attended', today: TODAY }).bySetting['resourced-provision']
        .count,
    ).toBe(0);
  });
  it('a trend is the same figure at each date; as-at leaves out what was recorded later', () => {
    const t = settingTrend(rows, {
      dates: ['2025-01-15', '2026-01-15', '2027-01-15'],
      basis: 'attended',
      today: TODAY,
    });
    expect(t.map((x) => x.total)).toEqual([1, 3, 4]);
    const late = [
      ...plan('F', [
        { ...issued('2025-06-01'), recordedAt: '2026-03-01T10:00:00Z' },
        { ...attends('2025-06-01', 'p1', 'mainstream'), recordedAt: '2026-03-01T10:00:00Z' },
      ]),
    ];
    expect(
      plansBySetting([...rows, ...late], { on: '2026-01-15', basis: 'attended', today: TODAY, asAt: '2026-02-01' })
        .total,
    ).toBe(3);
    expect(plansBySetting([...rows, ...late], { on: '2026-01-15', basis: 'attended', today: TODAY }).total).toBe(4);
  });
  it('a history the plan rules refuse is listed as excluded, not counted', () => {
    const bad = plan('X', [issued('2025-01-10'), { type: 'ReviewReportSent', date: '2025-02-01', reviewId: 'nope' }]);
    const r = plansBySetting([...rows, ...bad], { on: '2026-01-15', basis: 'attended', today: TODAY });
    expect(r.total).toBe(3);
    expect(r.excluded).toEqual([{ reference: 'X', reason: expect.stringContaining('event 2') }]);
  });
  it('property: the setting counts always add up to the total, and the groups too', () => {
    const types = [
      'mainstream',
      'resourced-provision',
      'special-state',
      'special-independent',
      'post-16-college',
      'post-16-independent-specialist',
      'early-years',
      'other',
      'not-in-education',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 700 }), fc.option(fc.constantFrom(...types), { nil: undefined })), {
          maxLength: 25,
        }),
        (specs) => {
          const rs = specs.flatMap(([n, t], i) =>
            plan(`P${i}`, [
              issued(addDays('2024-01-01', n)),
              ...(t ? [attends(addDays('2024-01-01', n), 'p', t)] : []),
            ]),
          );
          const r = plansBySetting(rs, { on: '2025-01-01', basis: 'attended', today: TODAY });
          const sum = (o: Record<string, { count: number }>) => Object.values(o).reduce((a, b) => a + b.count, 0);
          expect(sum(r.bySetting)).toBe(r.total);
          expect(sum(r.byGroup)).toBe(r.total);
          expect(r.total).toBe(specs.filter(([n]) => addDays('2024-01-01', n) <= '2025-01-01').length);
        },
      ),
    );
  });
});

describe('post-16 learners in local versus independent specialist settings', () => {
  it('only young people over compulsory school age on the day; independent specialist against everything else', () => {
    const rows = [
      ...plan('Y1', [
        issued('2024-01-10', { post16From: '2025-06-28' }),
        attends('2025-09-01', 'p', 'post-16-college'),
      ]),
      ...plan('Y2', [
        issued('2024-01-10', { post16From: '2025-06-28' }),
        attends('2025-09-01', 'p', 'post-16-independent-specialist', 'no'),
      ]),
      ...plan('Y3', [
        issued('2024-01-10', { post16From: '2025-06-28' }),
        attends('2025-09-01', 'p', 'special-independent', 'yes'),
      ]),
      ...plan('K', [
        issued('2024-01-10', { post16From: '2027-06-26' }),
        attends('2024-01-10', 'p', 'special-independent'),
      ]), // still a child
      ...plan('U', [issued('2024-01-10'), attends('2024-01-10', 'p', 'mainstream')]), // no post-16 date known
    ];
    const r = post16BySetting(rows, { on: '2026-01-15', basis: 'attended', today: TODAY });
    expect(r.total).toBe(3);
    expect(r.independentSpecialist).toEqual({ count: 2, percent: 66.7 });
    expect(r.local).toEqual({ count: 1, percent: 33.3 });
    expect(r.independentSpecialistOutOfArea).toBe(1);
    expect(r.withoutPost16Date).toEqual(['U']);
  });
});

describe('plans amended following the Year 9 review (reg 20(6))', () => {
  const y9 = { year9From: '2025-09-01' };
  const amendAfter = (reviewId: string, meetingOn: string, decidedOn: string, issuedOn?: string): Ev[] => [
    meeting(reviewId, meetingOn, { preparingForAdulthood: 'yes' }),
    decision(reviewId, decidedOn, 'amend'),
    { type: 'AmendmentsProposed', date: decidedOn, amendmentId: `a-${reviewId}`, following: 'review', reviewId },
    ...(issuedOn ? [{ type: 'PlanAmended', date: issuedOn, amendmentId: `a-${reviewId}` }] : []),
  ];
  it('counts plans whose review in Year 9 decided to amend and whose amended plan was issued in the period', () => {
    const rows = [
      ...plan('Y9', [issued('2024-11-01', y9), ...amendAfter('r1', '2025-10-10', '2025-10-30', '2025-12-01')]),
      ...plan('Y8', [issued('2024-11-01', y9), ...amendAfter('r1', '2025-07-10', '2025-07-30', '2025-09-01')]), // review in Year 8
      ...plan('Y9-keep', [
        issued('2024-11-01', y9),
        meeting('r1', '2025-10-10', { preparingForAdulthood: 'yes' }),
        decision('r1', '2025-10-30', 'keep'),
      ]),
      ...plan('Y9-open', [issued('2024-11-01', y9), ...amendAfter('r1', '2026-03-10', '2026-03-30')]),
      ...plan('NoDOB', [issued('2024-11-01'), meeting('r1', '2025-10-10'), decision('r1', '2025-10-30', 'amend')]),
    ];
    const r = plansAmendedAfterYear9Review(rows, { from: '2025-09-01', to: '2026-08-31', today: TODAY });
    expect(r.amended).toBe(1);
    expect(r.plans).toEqual([
      { reference: 'Y9', meetingOn: '2025-10-10', decisionOn: '2025-10-30', amendedOn: '2025-12-01' },
    ]);
    expect(r.awaitingAmendedPlan).toBe(1);
    expect(r.withoutYear9Date).toEqual(['NoDOB']);
  });
});

describe('annual reviews: concluded within 12 months, decisions within 4 weeks of the meeting', () => {
  it('s44(1): due dates in the period; in time iff the decision is notified on or before the due day', () => {
    const rows = [
      // due 2026-01-09: concluded on the day
      ...plan('OnTime', [issued('2025-01-10'), meeting('r1', '2025-12-15'), decision('r1', '2026-01-09', 'keep')]),
      // due 2026-02-09: meeting in time, decision a day late
      ...plan('Late', [issued('2025-02-10'), meeting('r1', '2026-01-20'), decision('r1', '2026-02-10', 'amend')]),
      // due 2026-03-09: nothing yet, and "today" is after it
      ...plan('Overdue', [issued('2025-03-10')]),
      // due 2026-12-09: not due yet at today
      ...plan('Pending', [issued('2025-12-10')]),
    ];
    const r = annualReviewTimeliness(rows, { from: '2026-01-01', to: '2026-12-31', today: '2026-06-01' });
    expect(r).toMatchObject({
      due: 4,
      concludedInTime: 1,
      concludedLate: 1,
      overdue: 1,
      pending: 1,
      percentInTime: 33.3,
      meetingHeldInTime: 2,
    });
    expect(r.reviews.map((x) => [x.reference, x.status])).toEqual([
      ['Late', 'missed'],
      ['OnTime', 'met'],
      ['Overdue', 'missed'],
      ['Pending', 'pending'],
    ]);
  });
  it('reg 20: a decision on meeting + 28 is within 4 weeks, + 29 is not; no decision is counted apart', () => {
    const rows = [
      ...plan('D28', [issued('2025-01-10'), meeting('r1', '2025-11-03'), decision('r1', '2025-12-01', 'keep')]),
      ...plan('D29', [issued('2025-01-10'), meeting('r1', '2025-11-03'), decision('r1', '2025-12-02', 'cease')]),
      ...plan('None', [issued('2025-01-10'), meeting('r1', '2025-11-03')]),
    ];
    const r = annualReviewTimeliness(rows, { from: '2025-01-01', to: '2025-12-31', today: TODAY });
    expect(r).toMatchObject({
      meetings: 3,
      decisionWithin4Weeks: 1,
      decisionAfter4Weeks: 1,
      noDecision: 1,
      percentDecisionWithin4Weeks: 33.3,
      outcomes: { keep: 1, amend: 0, cease: 1 },
    });
  });
});

describe('phase transfers finalised by the reg 18 date', () => {
  const transfer = (transfer: string, movesOn: string, issuedOn?: string): Ev[] => [
    { type: 'PhaseTransferDue', date: '2026-06-01', transferId: 't1', transfer, movesOn },
    ...(issuedOn
      ? [
          {
            type: 'AmendmentsProposed',
            date: addDays(issuedOn, -20),
            amendmentId: 'a1',
            following: 'other',
            transferId: 't1',
          },
          { type: 'PlanAmended', date: issuedOn, amendmentId: 'a1' },
        ]
      : []),
  ];
  it('15 February and 31 March (last days 14 February and 30 March), 5 months before; sixth-form moves listed apart', () => {
    const rows = [
      ...plan('PS-met', [issued('2025-01-10'), ...transfer('primary-to-secondary', '2027-09-01', '2027-02-14')]),
      ...plan('PS-late', [issued('2025-01-10'), ...transfer('primary-to-secondary', '2027-09-01', '2027-02-15')]),
      ...plan('P16-met', [
        issued('2025-01-10'),
        ...transfer('secondary-to-post-16-institution', '2027-09-01', '2027-03-30'),
      ]),
      ...plan('P16-late', [
        issued('2025-01-10'),
        ...transfer('secondary-to-post-16-institution', '2027-09-01', '2027-03-31'),
      ]),
      ...plan('SF', [issued('2025-01-10'), ...transfer('secondary-to-school-sixth-form', '2027-09-01')]),
      ...plan('Post16', [issued('2025-01-10'), ...transfer('post-16-to-post-16', '2027-09-01')]), // due 2027-04-01, nothing done, today after
    ];
    const r = phaseTransferTimeliness(rows, { year: 2027, today: '2027-06-01' });
    expect(r.byRule['15-february']).toEqual({ due: 2, met: 1, missed: 1, pending: 0, percentMet: 50 });
    expect(r.byRule['31-march']).toEqual({ due: 2, met: 1, missed: 1, pending: 0, percentMet: 50 });
    expect(r.byRule['5-months-before']).toEqual({ due: 1, met: 0, missed: 1, pending: 0, percentMet: 0 });
    expect(r.sixthFormMoves).toEqual([{ reference: 'SF', transferId: 't1', movesOn: '2027-09-01' }]);
  });
});
