/**
 * The board's plan measures as one report (docs/plan-life.md#the-boards-measures): every measure from one fold of
 * the plans, its drill-down lists, and CSV for the board pack. Pseudonymous: case references, dates and setting types.
 */
import { toCsv, type CsvCell } from './csv.js';
import { foldPlans, type PlanFoldCache, type PlanMeasureRow } from './plan-facts.js';
import {
  annualReviewTimeliness,
  monthlyDates,
  phaseTransferTimeliness,
  plansAmendedAfterYear9Review,
  plansBySetting,
  post16BySetting,
  settingTrendTotals,
  type Post16Figures,
  type PhaseTransferFigures,
  type ReviewTimeliness,
  type SettingBasis,
  type SettingFigures,
  type SettingTotals,
  type Year9Amendments,
} from './plan-measures.js';
import { plansByPrimaryNeed, type PrimaryNeedFigures } from './plan-needs-measures.js';

export interface PlanReportQuery {
  /** The day the setting figures are counted on. */
  on: string;
  /** The period of the review and Year 9 figures (inclusive). */
  from: string;
  to: string;
  /** The calendar year of the phase-transfer dates. */
  year: number;
  /** The monthly trend runs from this day's month to `on`. */
  trendFrom: string;
  basis: SettingBasis;
  today: string;
  team?: string;
  asAt?: string;
}

export interface PlanReport {
  query: PlanReportQuery;
  settings: SettingFigures;
  /** Month by month: the last day of each month, with the totals and the board's groups (the list is not repeated). */
  trend: SettingTotals[];
  post16: Post16Figures;
  year9: Year9Amendments;
  reviews: ReviewTimeliness;
  phaseTransfers: PhaseTransferFigures;
  /** Plans maintained on `on` by primary need (section B, reg 12(1)(a)). */
  primaryNeed: PrimaryNeedFigures;
}

/** Every plan measure from the same plans (folded once; `cache` reuses plans folded before, see foldPlans). */
export function planReport(rows: readonly PlanMeasureRow[], q: PlanReportQuery, cache?: PlanFoldCache): PlanReport {
  const folded = foldPlans(rows, q, cache);
  return {
    query: q,
    settings: plansBySetting(folded, q),
    trend: settingTrendTotals(folded, { ...q, dates: monthlyDates(q.trendFrom, q.on) }),
    post16: post16BySetting(folded, q),
    year9: plansAmendedAfterYear9Review(folded, q),
    reviews: annualReviewTimeliness(folded, q),
    phaseTransfers: phaseTransferTimeliness(folded, q),
    primaryNeed: plansByPrimaryNeed(folded, q),
  };
}

/** One row per figure: measure, group, number, denominator, %, with the day or period it is for. */
export function planReportCsv(r: PlanReport): string {
  const rows: CsvCell[][] = [];
  const q = r.query;
  const add = (measure: string, when: string, group: string, n: number, of: number | null, pct: number | null) =>
    rows.push([measure, when, q.asAt ?? null, q.team ?? null, group, n, of, pct]);
  const s = r.settings;
  for (const [k, v] of Object.entries(s.bySetting))
    add(`learners with EHC plans by setting type (${s.basis})`, s.on, k, v.count, s.total, v.percent);
  for (const [k, v] of Object.entries(s.byGroup))
    add(`learners with EHC plans by setting group (${s.basis})`, s.on, k, v.count, s.total, v.percent);
  add("learners with EHC plans in the council's area", s.on, 'in area', s.inArea.count, s.total, s.inArea.percent);
  add(
    "learners with EHC plans outside the council's area",
    s.on,
    'out of area',
    s.outOfArea.count,
    s.total,
    s.outOfArea.percent,
  );
  for (const t of r.trend)
    for (const [k, v] of Object.entries(t.byGroup))
      add('trend: learners with EHC plans by setting group', t.on, k, v.count, t.total, v.percent);
  const p = r.post16;
  add(
    'post-16 learners with EHC plans',
    p.on,
    'independent specialist',
    p.independentSpecialist.count,
    p.total,
    p.independentSpecialist.percent,
  );
  add('post-16 learners with EHC plans', p.on, 'local', p.local.count, p.total, p.local.percent);
  add('post-16 learners with EHC plans', p.on, 'unknown setting', p.unknown.count, p.total, p.unknown.percent);
  const period = `${q.from}..${q.to}`;
  add('plans amended following the Year 9 review', period, 'amended plan issued', r.year9.amended, null, null);
  add(
    'plans amended following the Year 9 review',
    period,
    'awaiting the amended plan',
    r.year9.awaitingAmendedPlan,
    null,
    null,
  );
  const v = r.reviews;
  add(
    'annual reviews concluded within 12 months (s44(1))',
    period,
    'in time',
    v.concludedInTime,
    v.due - v.pending,
    v.percentInTime,
  );
  add('annual reviews concluded within 12 months (s44(1))', period, 'late', v.concludedLate, null, null);
  add('annual reviews concluded within 12 months (s44(1))', period, 'overdue', v.overdue, null, null);
  add('annual reviews concluded within 12 months (s44(1))', period, 'not yet due', v.pending, null, null);
  add(
    'review decisions notified within 4 weeks of the meeting (reg 20)',
    period,
    'within 4 weeks',
    v.decisionWithin4Weeks,
    v.meetings,
    v.percentDecisionWithin4Weeks,
  );
  add(
    'review decisions notified within 4 weeks of the meeting (reg 20)',
    period,
    'after 4 weeks',
    v.decisionAfter4Weeks,
    v.meetings,
    null,
  );
  add(
    'review decisions notified within 4 weeks of the meeting (reg 20)',
    period,
    'no decision yet',
    v.noDecision,
    v.meetings,
    null,
  );
  for (const [rule, b] of Object.entries(r.phaseTransfers.byRule))
    add(
      'phase transfers finalised by the reg 18 date',
      String(r.phaseTransfers.year),
      rule,
      b.met,
      b.met + b.missed,
      b.percentMet,
    );
  const n = r.primaryNeed;
  for (const [k, v] of Object.entries(n.byPrimaryNeed))
    add('learners with EHC plans by primary need', n.on, k, v.count, n.total, v.percent);
  return toCsv(['measure', 'on_or_period', 'as_at', 'team', 'group', 'number', 'of', 'percent'], rows);
}

export const PLAN_DRILLDOWNS = [
  'settings',
  'post16',
  'year9',
  'reviews',
  'meetings',
  'phase-transfers',
  'primary-need',
] as const;
export type PlanDrilldown = (typeof PLAN_DRILLDOWNS)[number];

/** The cases behind one measure, as a header and rows (for the page and its CSV). */
export function planDrilldown(r: PlanReport, which: PlanDrilldown): { header: string[]; rows: CsvCell[][] } {
  switch (which) {
    case 'settings':
      return {
        header: ['reference', 'setting_type', 'group', 'in_area'],
        rows: r.settings.plans.map((p) => [p.reference, p.settingType, p.group, p.inArea]),
      };
    case 'post16':
      return {
        header: ['reference', 'setting_type', 'kind', 'in_area'],
        rows: r.post16.plans.map((p) => [p.reference, p.settingType, p.kind, p.inArea]),
      };
    case 'year9':
      return {
        header: ['reference', 'meeting_on', 'decision_on', 'amended_on'],
        rows: r.year9.plans.map((p) => [p.reference, p.meetingOn, p.decisionOn, p.amendedOn ?? null]),
      };
    case 'reviews':
      return {
        header: ['reference', 'deadline', 'due', 'status', 'concluded_on'],
        rows: r.reviews.reviews.map((p) => [p.reference, p.deadline, p.due, p.status, p.concludedOn ?? null]),
      };
    case 'meetings':
      return {
        header: ['reference', 'review', 'meeting_on', 'decision_on', 'decision', 'within_4_weeks'],
        rows: r.reviews.meetingsList.map((m) => [
          m.reference,
          m.reviewId,
          m.meetingOn,
          m.decisionOn ?? null,
          m.decision ?? null,
          m.withinFourWeeks,
        ]),
      };
    case 'phase-transfers':
      return {
        header: ['reference', 'transfer', 'moves_on', 'due', 'status', 'finalised_on'],
        rows: r.phaseTransfers.transfers.map((t) => [
          t.reference,
          t.transfer,
          t.movesOn,
          t.due,
          t.status,
          t.finalisedOn ?? null,
        ]),
      };
    case 'primary-need':
      return {
        header: ['reference', 'primary_need', 'needs_from'],
        rows: r.primaryNeed.plans.map((p) => [p.reference, p.primaryNeed, p.needsFrom]),
      };
  }
}

export function planDrilldownCsv(r: PlanReport, which: PlanDrilldown): string {
  const d = planDrilldown(r, which);
  return toCsv(d.header, d.rows);
}
