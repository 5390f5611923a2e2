import fc from 'fast-check';
import type { PlanMeasureRow } from './plan-facts.js';
import { planDrilldown, planReport, planReportCsv } from './plan-report.js';
import { plansByPrimaryNeed, PRIMARY_NEED_GROUPS } from './plan-needs-measures.js';

/*
 * Plans maintained by primary need (docs/plan-life.md#the-boards-measures) against a second, deliberately naive
 * implementation written from the definition alone: no @ehc/workflow fold, its own calendar (JavaScript Date in UTC).
 * Generated plan histories whose lists of needs are recorded in any order of their dates; every figure and every
 * drill-down row must agree.
 */
const TODAY = '2027-06-01';
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const plus = (d: string, n: number) => iso(Date.parse(`${d}T00:00:00Z`) + n * DAY);
const CODES = ['SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'DS', 'OTH'] as const;

const genPlan = fc.record({
  issued: fc.integer({ min: 0, max: 1200 }),
  ceaseAfter: fc.option(fc.integer({ min: 1, max: 900 }), { nil: undefined }),
  lists: fc.array(
    fc.record({
      at: fc.integer({ min: 0, max: 900 }),
      primary: fc.constantFrom(...CODES),
      others: fc.uniqueArray(fc.constantFrom(...CODES), { maxLength: 3 }),
    }),
    { maxLength: 4 },
  ),
});
type GenPlan = typeof genPlan extends fc.Arbitrary<infer T> ? T : never;

interface Simple {
  reference: string;
  issued: string;
  ceased?: string;
  lists: { from: string; primary: string; seq: number }[];
}

let seq = 0;
function build(g: GenPlan, i: number): { rows: PlanMeasureRow[]; simple: Simple } {
  const issued = plus('2023-01-01', g.issued);
  const ceased = g.ceaseAfter === undefined ? undefined : plus(issued, g.ceaseAfter);
  const end = ceased !== undefined && ceased <= TODAY ? ceased : undefined;
  const fits = (d: string) => d <= TODAY && (end === undefined || d < end);
  const simple: Simple = {
    reference: `N${String(i).padStart(3, '0')}`,
    issued,
    ...(end ? { ceased: end } : {}),
    lists: [],
  };
  const events: ({ type: string; date: string } & Record<string, unknown>)[] = [{ type: 'PlanIssued', date: issued }];
  g.lists.forEach((l, k) => {
    const from = plus(issued, l.at);
    if (!fits(from)) return;
    const others = l.others.filter((o) => o !== l.primary);
    events.push({
      type: 'SenNeedsRecorded',
      date: from,
      primaryNeed: l.primary,
      ...(others.length ? { otherNeeds: others } : {}),
    });
    simple.lists.push({ from, primary: l.primary, seq: k });
  });
  if (end) events.push({ type: 'PlanCeased', date: end, reason: 'deceased' });
  const planId = `needs-${++seq}`;
  const rows = events.map(({ type, date, ...data }, v) => ({
    planId,
    reference: simple.reference,
    teamId: 'north',
    version: v + 1,
    type,
    date,
    data,
    recordedAt: `${TODAY}T12:00:00.000Z`,
  }));
  return { rows, simple };
}

/** The naive reading: maintained from issue to the day before the cease; the latest dated list (ties: recorded last). */
const maintained = (p: Simple, on: string) => p.issued <= on && (p.ceased === undefined || on < p.ceased);
function naivePrimary(p: Simple, on: string): { primary: string; from: string | null } {
  const pool = p.lists
    .filter((l) => l.from <= on)
    .sort((a, b) => (a.from === b.from ? a.seq - b.seq : a.from < b.from ? -1 : 1));
  const last = pool.at(-1);
  return last ? { primary: last.primary, from: last.from } : { primary: 'not-recorded', from: null };
}

describe('plans by primary need against a naive reference (generated histories)', () => {
  it('counts, shares and the drill-down list at any date; the report, its CSV and its drill-down agree', () => {
    fc.assert(
      fc.property(fc.array(genPlan, { maxLength: 20 }), fc.integer({ min: 0, max: 1600 }), (gs, dayN) => {
        const built = gs.map(build);
        const on = plus('2023-01-01', dayN);
        const rows = built.flatMap((b) => b.rows);
        const r = plansByPrimaryNeed(rows, { on, today: TODAY });
        expect(r.excluded).toEqual([]);
        const list = built
          .map((b) => b.simple)
          .filter((p) => maintained(p, on))
          .map((p) => ({ reference: p.reference, ...naivePrimary(p, on) }));
        expect(r.plans).toEqual(
          list.map((p) => ({ reference: p.reference, primaryNeed: p.primary, needsFrom: p.from })),
        );
        expect(r.total).toBe(list.length);
        for (const k of [...CODES, 'not-recorded']) {
          const n = list.filter((p) => p.primary === k).length;
          expect([k, r.byPrimaryNeed[k as keyof typeof r.byPrimaryNeed].count]).toEqual([k, n]);
          expect(r.byPrimaryNeed[k as keyof typeof r.byPrimaryNeed].percent).toBe(
            list.length ? Math.round((1000 * n) / list.length) / 10 : null,
          );
        }
        const report = planReport(rows, {
          on,
          from: on,
          to: on,
          year: Number(on.slice(0, 4)),
          trendFrom: on,
          basis: 'attended',
          today: TODAY,
        });
        expect(report.primaryNeed).toEqual(r);
        expect(planDrilldown(report, 'primary-need').rows).toEqual(list.map((p) => [p.reference, p.primary, p.from]));
        const csv = planReportCsv(report)
          .split('\n')
          .filter((l) => l.startsWith('learners with EHC plans by primary need,'));
        expect(csv.length).toBe(PRIMARY_NEED_GROUPS.length);
      }),
      { numRuns: 150 },
    );
  });
});
