import fc from 'fast-check';
import type { PlanMeasureRow } from './plan-facts.js';
import {
  annualReviewTimeliness,
  monthlyDates,
  plansAmendedAfterYear9Review,
  plansBySetting,
  post16BySetting,
  settingTrend,
  settingTrendTotals,
  SETTING_GROUP,
} from './plan-measures.js';
import { planHistory, type Ev } from './test-fixtures.js';

/*
 * The board's plan measures (docs/plan-life.md#the-boards-measures) against a second, deliberately naive
 * implementation written from the definitions alone: no @ehc/workflow fold, no deadline engine, its own calendar
 * (JavaScript Date in UTC). Generated plan histories; every figure and every drill-down row must agree.
 */

const TODAY = '2027-06-01';
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
const plus = (d: string, n: number) => iso(ms(d) + n * DAY);
/** "12 months starting with" d ends the day before the same date a year on (29 February → 28 February). */
const lastDayOf12Months = (d: string) => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return iso(Date.UTC(y + 1, m - 1, day) - DAY);
};
const TYPES = [
  'mainstream',
  'resourced-provision',
  'special-state',
  'special-independent',
  'post-16-college',
  'post-16-independent-specialist',
  'early-years',
  'other',
  'not-in-education',
] as const;

let seq = 0;
const rowsOf = (reference: string, events: Ev[]) => planHistory(`ref-${++seq}`, reference, events);

// ---- settings -------------------------------------------------------------------------------------------------
const setting = fc.record({
  at: fc.integer({ min: 0, max: 900 }),
  type: fc.constantFrom(...TYPES),
  inArea: fc.constantFrom('yes', 'no'),
});
const genPlan = fc.record({
  issued: fc.integer({ min: 0, max: 1200 }),
  ceaseAfter: fc.option(fc.integer({ min: 1, max: 900 }), { nil: undefined }),
  post16After: fc.option(fc.integer({ min: -400, max: 900 }), { nil: undefined }),
  named: fc.array(setting, { maxLength: 3 }),
  attended: fc.array(
    fc.record({
      at: fc.integer({ min: 0, max: 900 }),
      type: fc.constantFrom(...TYPES),
      inArea: fc.constantFrom('yes', 'no'),
      stay: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
    }),
    { maxLength: 3 },
  ),
});
type GenPlan = typeof genPlan extends fc.Arbitrary<infer T> ? T : never;

interface Simple {
  reference: string;
  issued: string;
  ceased?: string;
  post16From?: string;
  named: { from: string; type: string; inArea: string }[];
  attended: { from: string; to?: string; type: string; inArea: string }[];
}

/** A generated plan as events (only those dated by TODAY and before its cease date) and as the naive record. */
function build(g: GenPlan, i: number): { rows: PlanMeasureRow[]; simple: Simple } {
  const issued = plus('2023-01-01', g.issued);
  const ceased = g.ceaseAfter === undefined ? undefined : plus(issued, g.ceaseAfter);
  const end = ceased !== undefined && ceased <= TODAY ? ceased : undefined;
  const fits = (d: string) => d <= TODAY && (end === undefined || d < end);
  const post16From = g.post16After === undefined ? undefined : plus(issued, g.post16After);
  const simple: Simple = {
    reference: `P${String(i).padStart(3, '0')}`,
    issued,
    ...(end ? { ceased: end } : {}),
    ...(post16From ? { post16From } : {}),
    named: [],
    attended: [],
  };
  const events: Ev[] = [{ type: 'PlanIssued', date: issued, ...(post16From ? { post16From } : {}) }];
  for (const n of g.named) {
    const from = plus(issued, n.at);
    if (!fits(from)) continue;
    events.push({ type: 'PlacementNamed', date: from, settingType: n.type, inArea: n.inArea });
    simple.named.push({ from, type: n.type, inArea: n.inArea });
  }
  g.attended.forEach((a, k) => {
    const from = plus(issued, a.at);
    if (!fits(from)) return;
    events.push({ type: 'PlacementStarted', date: from, placementId: `p${k}`, settingType: a.type, inArea: a.inArea });
    const to = a.stay === undefined ? undefined : plus(from, a.stay);
    if (to !== undefined && fits(to)) events.push({ type: 'PlacementEnded', date: to, placementId: `p${k}` });
    simple.attended.push({ from, ...(to !== undefined && fits(to) ? { to } : {}), type: a.type, inArea: a.inArea });
  });
  if (end) events.push({ type: 'PlanCeased', date: end, reason: 'deceased' });
  return { rows: rowsOf(simple.reference, events), simple };
}

/** The naive reading: maintained from issue to the day before the cease; the latest setting named / started. */
function naiveSetting(p: Simple, on: string, basis: 'named' | 'attended') {
  const pool =
    basis === 'named'
      ? p.named.filter((n) => n.from <= on)
      : p.attended.filter((a) => a.from <= on && (a.to === undefined || on <= a.to));
  let best: { type: string; inArea: string; from: string } | undefined;
  for (const x of pool) if (!best || x.from >= best.from) best = x;
  return best ? { settingType: best.type, inArea: best.inArea } : { settingType: 'unknown', inArea: 'unknown' };
}
const maintained = (p: Simple, on: string) => p.issued <= on && (p.ceased === undefined || on < p.ceased);

describe('plan measures against a naive reference (generated histories)', () => {
  it('learners by setting type, named and attended, at any date: counts, groups, area and the drill-down list', () => {
    fc.assert(
      fc.property(
        fc.array(genPlan, { maxLength: 20 }),
        fc.integer({ min: 0, max: 1600 }),
        fc.constantFrom('named' as const, 'attended' as const),
        (gs, dayN, basis) => {
          const built = gs.map(build);
          const on = plus('2023-01-01', dayN);
          const r = plansBySetting(
            built.flatMap((b) => b.rows),
            { on, basis, today: TODAY },
          );
          expect(r.excluded).toEqual([]);
          const list = built
            .map((b) => b.simple)
            .filter((p) => maintained(p, on))
            .map((p) => ({ reference: p.reference, ...naiveSetting(p, on, basis) }));
          expect(r.plans.map(({ reference, settingType, inArea }) => ({ reference, settingType, inArea }))).toEqual(
            list,
          );
          expect(r.total).toBe(list.length);
          for (const t of [...TYPES, 'unknown'] as const)
            expect(r.bySetting[t].count).toBe(list.filter((p) => p.settingType === t).length);
          const independent = list.filter(
            (p) => p.settingType === 'special-independent' || p.settingType === 'post-16-independent-specialist',
          ).length;
          expect(r.byGroup['independent-specialist'].count).toBe(independent);
          expect(r.byGroup.specialist.count).toBe(list.filter((p) => p.settingType === 'special-state').length);
          expect(r.outOfArea.count).toBe(list.filter((p) => p.inArea === 'no').length);
          if (list.length)
            expect(r.byGroup['independent-specialist'].percent).toBe(
              Math.round((1000 * independent) / list.length) / 10,
            );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('post-16 learners: only those over compulsory school age on the day, independent specialist against local', () => {
    fc.assert(
      fc.property(fc.array(genPlan, { maxLength: 20 }), fc.integer({ min: 0, max: 1600 }), (gs, dayN) => {
        const built = gs.map(build);
        const on = plus('2023-01-01', dayN);
        const r = post16BySetting(
          built.flatMap((b) => b.rows),
          { on, basis: 'attended', today: TODAY },
        );
        const ps = built.map((b) => b.simple).filter((p) => maintained(p, on));
        const young = ps
          .filter((p) => p.post16From !== undefined && p.post16From <= on)
          .map((p) => naiveSetting(p, on, 'attended'));
        expect(r.total).toBe(young.length);
        expect(r.independentSpecialist.count).toBe(
          young.filter(
            (s) => s.settingType === 'special-independent' || s.settingType === 'post-16-independent-specialist',
          ).length,
        );
        expect(r.unknown.count).toBe(young.filter((s) => s.settingType === 'unknown').length);
        expect(r.local.count).toBe(young.length - r.independentSpecialist.count - r.unknown.count);
        expect(r.withoutPost16Date).toEqual(ps.filter((p) => p.post16From === undefined).map((p) => p.reference));
      }),
      { numRuns: 100 },
    );
  });

  it('a monthly trend is the figure on the last day of each month', () => {
    expect(monthlyDates('2024-01-15', '2024-04-10')).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-10']);
    const built = [genPlanFixed(0, 'mainstream'), genPlanFixed(40, 'special-state')].map(build);
    const t = settingTrend(
      built.flatMap((b) => b.rows),
      { dates: monthlyDates('2023-01-01', '2023-03-31'), basis: 'attended', today: TODAY },
    );
    expect(t.map((x) => [x.on, x.total, x.byGroup.specialist.count])).toEqual([
      ['2023-01-31', 1, 0],
      ['2023-02-28', 2, 1],
      ['2023-03-31', 2, 1],
    ]);
  });
});

describe("the board's trend reads the counts only (settingTrendTotals)", () => {
  it('property: each month the naive counts, and the same figures as settingTrend without its drill-down list', () => {
    fc.assert(
      fc.property(
        fc.array(genPlan, { maxLength: 20 }),
        fc.integer({ min: 0, max: 1600 }),
        fc.constantFrom('named' as const, 'attended' as const),
        (gs, dayN, basis) => {
          const built = gs.map(build);
          const rows = built.flatMap((b) => b.rows);
          const q = { dates: monthlyDates('2023-01-01', plus('2023-01-01', dayN)), basis, today: TODAY };
          const totals = settingTrendTotals(rows, q);
          expect(totals).toEqual(settingTrend(rows, q).map(({ plans: _p, excluded: _e, ...t }) => t));
          for (const t of totals) {
            const list = built
              .map((b) => b.simple)
              .filter((p) => maintained(p, t.on))
              .map((p) => naiveSetting(p, t.on, basis));
            expect(t.total).toBe(list.length);
            for (const k of [...TYPES, 'unknown'] as const)
              expect(t.bySetting[k].count).toBe(list.filter((p) => p.settingType === k).length);
            expect(t.inArea.count).toBe(list.filter((p) => p.inArea === 'yes').length);
            expect(t.outOfArea.count).toBe(list.filter((p) => p.inArea === 'no').length);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

function genPlanFixed(issued: number, type: (typeof TYPES)[number]): GenPlan {
  return {
    issued,
    ceaseAfter: undefined,
    post16After: undefined,
    named: [],
    attended: [{ at: 0, type, inArea: 'yes', stay: undefined }],
  };
}

// ---- reviews -------------------------------------------------------------------------------------------------
const genReviews = fc.record({
  issued: fc.integer({ min: 0, max: 700 }),
  reviews: fc.array(
    fc.record({
      gap: fc.integer({ min: 150, max: 420 }),
      took: fc.option(fc.integer({ min: 0, max: 45 }), { nil: undefined }),
      decision: fc.constantFrom('keep', 'amend', 'cease'),
    }),
    { maxLength: 4 },
  ),
});
type GenReviews = typeof genReviews extends fc.Arbitrary<infer T> ? T : never;
interface SimpleReview {
  meetingOn: string;
  decisionOn?: string;
  decision: string;
}

function buildReviews(
  g: GenReviews,
  i: number,
): { rows: PlanMeasureRow[]; issued: string; reviews: SimpleReview[]; reference: string } {
  const issued = plus('2023-01-01', g.issued);
  const reference = `R${String(i).padStart(3, '0')}`;
  const events: Ev[] = [{ type: 'PlanIssued', date: issued }];
  const reviews: SimpleReview[] = [];
  let last = issued;
  for (const [k, r] of g.reviews.entries()) {
    const meetingOn = plus(last, r.gap);
    if (meetingOn > TODAY) break;
    events.push({
      type: 'ReviewMeetingHeld',
      date: meetingOn,
      reviewId: `r${k}`,
      invitedOn: plus(meetingOn, -14),
      adviceCirculatedOn: plus(meetingOn, -14),
    });
    const decisionOn = r.took === undefined ? undefined : plus(meetingOn, r.took);
    if (decisionOn === undefined || decisionOn > TODAY) {
      reviews.push({ meetingOn, decision: r.decision });
      break;
    }
    events.push({
      type: 'ReviewDecisionNotified',
      date: decisionOn,
      reviewId: `r${k}`,
      decision: r.decision === 'cease' ? 'keep' : r.decision,
    });
    reviews.push({ meetingOn, decisionOn, decision: r.decision === 'cease' ? 'keep' : r.decision });
    last = decisionOn;
  }
  return { rows: rowsOf(reference, events), issued, reviews, reference };
}

/** s44(1) by hand: the first review within 12 months of the issue, each later one within 12 months of the previous decision. */
function naiveDue(issued: string, reviews: SimpleReview[], today: string) {
  const out: { due: string; status: string; concludedOn?: string }[] = [];
  let start = issued;
  for (let k = 0; ; k++) {
    const due = lastDayOf12Months(start);
    const decisionOn = reviews[k]?.decisionOn;
    if (decisionOn !== undefined) {
      out.push({ due, status: decisionOn <= due ? 'met' : 'missed', concludedOn: decisionOn });
      start = decisionOn;
      continue;
    }
    out.push({ due, status: today > due ? 'missed' : 'pending' });
    return out;
  }
}

describe('annual reviews against a naive reference (generated histories)', () => {
  it('reviews due in the period (s44(1)) and decisions within 4 weeks of the meeting (reg 20)', () => {
    fc.assert(
      fc.property(fc.array(genReviews, { maxLength: 12 }), fc.integer({ min: 2023, max: 2026 }), (gs, year) => {
        const built = gs.map(buildReviews);
        const from = `${year}-01-01`,
          to = `${year}-12-31`;
        const r = annualReviewTimeliness(
          built.flatMap((b) => b.rows),
          { from, to, today: TODAY },
        );
        expect(r.excluded).toEqual([]);
        const due = built.flatMap((b) =>
          naiveDue(b.issued, b.reviews, TODAY)
            .filter((d) => d.due >= from && d.due <= to)
            .map((d) => ({ reference: b.reference, ...d })),
        );
        expect(
          r.reviews.map(({ reference, due: d, status, concludedOn }) => ({
            reference,
            due: d,
            status,
            ...(concludedOn ? { concludedOn } : {}),
          })),
        ).toEqual(due);
        expect(r.concludedInTime).toBe(due.filter((d) => d.status === 'met').length);
        expect(r.overdue).toBe(due.filter((d) => d.status === 'missed' && !d.concludedOn).length);
        const meetings = built.flatMap((b) => b.reviews.filter((m) => m.meetingOn >= from && m.meetingOn <= to));
        expect(r.meetings).toBe(meetings.length);
        expect(r.decisionWithin4Weeks).toBe(
          meetings.filter((m) => m.decisionOn !== undefined && ms(m.decisionOn) - ms(m.meetingOn) <= 28 * DAY).length,
        );
        expect(r.noDecision).toBe(meetings.filter((m) => m.decisionOn === undefined).length);
        expect(r.outcomes.amend).toBe(
          meetings.filter((m) => m.decisionOn !== undefined && m.decision === 'amend').length,
        );
      }),
      { numRuns: 150 },
    );
  });
});

// ---- Year 9 --------------------------------------------------------------------------------------------------
describe('plans amended following the Year 9 review against a naive reference', () => {
  it('a review meeting in the school year starting year9From that decided to amend, amended plan issued in the period', () => {
    const gen = fc.record({
      issued: fc.integer({ min: 0, max: 300 }),
      y9: fc.integer({ min: 0, max: 900 }),
      meeting: fc.integer({ min: 200, max: 700 }),
      decision: fc.constantFrom('keep', 'amend'),
      issuedAfter: fc.option(fc.integer({ min: 15, max: 90 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(gen, { maxLength: 15 }), (gs) => {
        const from = '2024-09-01',
          to = '2025-08-31';
        const expected: string[] = [];
        const rows = gs.flatMap((g, i) => {
          const issued = plus('2022-09-01', g.issued);
          const year9From = plus('2022-09-01', g.y9);
          const meetingOn = plus(issued, g.meeting);
          const decidedOn = plus(meetingOn, 20);
          const amendedOn = g.issuedAfter === undefined ? undefined : plus(decidedOn, g.issuedAfter);
          const reference = `Y${String(i).padStart(3, '0')}`;
          const inYear9 =
            meetingOn >= year9From &&
            ms(meetingOn) <
              Date.UTC(
                Number(year9From.slice(0, 4)) + 1,
                Number(year9From.slice(5, 7)) - 1,
                Number(year9From.slice(8, 10)),
              );
          if (inYear9 && g.decision === 'amend' && amendedOn !== undefined && amendedOn >= from && amendedOn <= to)
            expected.push(reference);
          return rowsOf(reference, [
            { type: 'PlanIssued', date: issued, year9From },
            {
              type: 'ReviewMeetingHeld',
              date: meetingOn,
              reviewId: 'r1',
              invitedOn: plus(meetingOn, -14),
              preparingForAdulthood: 'yes',
            },
            { type: 'ReviewDecisionNotified', date: decidedOn, reviewId: 'r1', decision: g.decision },
            ...(g.decision === 'amend'
              ? [
                  {
                    type: 'AmendmentsProposed',
                    date: decidedOn,
                    amendmentId: 'a1',
                    following: 'review',
                    reviewId: 'r1',
                  },
                ]
              : []),
            ...(g.decision === 'amend' && amendedOn
              ? [{ type: 'PlanAmended', date: amendedOn, amendmentId: 'a1' }]
              : []),
          ]);
        });
        const r = plansAmendedAfterYear9Review(rows, { from, to, today: TODAY });
        expect(r.excluded).toEqual([]);
        expect(r.plans.map((p) => p.reference)).toEqual(expected);
        expect(r.amended).toBe(expected.length);
      }),
      { numRuns: 150 },
    );
  });
});

it('every setting type belongs to exactly one of the board’s groups', () => {
  expect(Object.keys(SETTING_GROUP).sort()).toEqual([...TYPES].sort());
});
