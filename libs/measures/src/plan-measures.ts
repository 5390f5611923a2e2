/**
 * The board's other measures (docs/plan-life.md#the-boards-measures), computed from raw plan events — the pure
 * reference a SQL version must equal:
 * - learners with EHC plans by setting type at a date (number and %), and as a trend over dates;
 * - post-16 learners in local versus independent specialist settings;
 * - plans amended following the Year 9 review;
 * - annual reviews concluded within 12 months, and decisions notified within 4 weeks of the meeting;
 * - phase transfers finalised by the reg 18 date (15 February / 31 March / 5 months before).
 * Every figure comes with its drill-down list. Pure: no clock.
 */
import { addMonths, attendedOn, type PlanContext, type SettingType } from '@ehc/workflow';
import { addDays, assertIsoDate } from './calendar-dates.js';
import { percent } from './figures.js';
import {
  foldPlans,
  maintainedOn,
  type ExcludedPlan,
  type FoldedPlan,
  type PlanMeasureRow,
  type PlanQueryBase,
} from './plan-facts.js';

/** Which setting counts: the one the plan names (section I) or the one attended (SEN2 keeps them apart). */
export type SettingBasis = 'named' | 'attended';

/** The plans already folded (foldPlans) for the same query: the board's report folds once for all its measures. */
export interface FoldedPlans {
  plans: FoldedPlan[];
  excluded: ExcludedPlan[];
}
/** Raw plan-event rows, or the plans folded from them. */
export type PlanRows = readonly PlanMeasureRow[] | FoldedPlans;
const folded = (rows: PlanRows, q: PlanQueryBase): FoldedPlans => ('plans' in rows ? rows : foldPlans(rows, q));

/** The board's three kinds of setting, and what has no recorded setting. */
export type SettingGroup = 'mainstream' | 'specialist' | 'independent-specialist' | 'other' | 'unknown';

/** How setting types fall into the board's groups (CFA s83(2): a post-16 institution not specially organised is mainstream). */
export const SETTING_GROUP: Record<SettingType, SettingGroup> = {
  mainstream: 'mainstream',
  'resourced-provision': 'mainstream',
  'post-16-college': 'mainstream',
  'early-years': 'mainstream',
  'special-state': 'specialist',
  'special-independent': 'independent-specialist',
  'post-16-independent-specialist': 'independent-specialist',
  other: 'other',
  'not-in-education': 'other',
};

export interface Share {
  count: number;
  percent: number | null;
}

interface SettingOfPlan {
  settingType: SettingType | 'unknown';
  inArea: 'yes' | 'no' | 'unknown';
}

/** Of several settings, the one with the latest start (the last recorded of those starting that day). */
function latestStarted<T extends { from: string }>(xs: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const x of xs) if (best === undefined || x.from >= best.from) best = x;
  return best;
}

/**
 * The setting a plan has on a date: the named one in force (the latest dated naming on or before the day, whatever
 * order it was recorded in), or the one attended (of several at once, the latest started).
 */
function settingOf(c: PlanContext, on: string, basis: SettingBasis): SettingOfPlan {
  const s = basis === 'named' ? latestStarted(c.named.filter((x) => x.from <= on)) : latestStarted(attendedOn(c, on));
  return s ? { settingType: s.settingType, inArea: s.inArea } : { settingType: 'unknown', inArea: 'unknown' };
}

export interface SettingQuery extends PlanQueryBase {
  on: string;
  basis: SettingBasis;
}

export interface SettingFigures {
  on: string;
  basis: SettingBasis;
  total: number;
  bySetting: Record<SettingType | 'unknown', Share>;
  byGroup: Record<SettingGroup, Share>;
  inArea: Share;
  outOfArea: Share;
  plans: {
    reference: string;
    settingType: SettingType | 'unknown';
    group: SettingGroup;
    inArea: 'yes' | 'no' | 'unknown';
  }[];
  excluded: ExcludedPlan[];
}

const SETTING_KEYS: (SettingType | 'unknown')[] = [...(Object.keys(SETTING_GROUP) as SettingType[]), 'unknown'];
const GROUP_KEYS: SettingGroup[] = ['mainstream', 'specialist', 'independent-specialist', 'other', 'unknown'];
const shares = <K extends string>(keys: readonly K[], counts: Map<K, number>, total: number) =>
  Object.fromEntries(
    keys.map((k) => [k, { count: counts.get(k) ?? 0, percent: percent(counts.get(k) ?? 0, total) }]),
  ) as Record<K, Share>;
const tally = <K>(xs: readonly K[]) => xs.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<K, number>());

/** Learners with EHC plans maintained on `on`, by setting type (number and % of all plans maintained that day). */
export function plansBySetting(rows: PlanRows, q: SettingQuery): SettingFigures {
  assertIsoDate(q.on, 'on');
  return settingFiguresOf(folded(rows, q), q.on, q.basis);
}

/** The setting figures without their drill-down list (a trend's months: the board reads the counts only). */
export type SettingTotals = Omit<SettingFigures, 'plans' | 'excluded'>;

/** The figures on one day in one pass over the plans; the drill-down list is built only when asked for. */
function settingTotalsOf(
  plans: readonly FoldedPlan[],
  on: string,
  basis: SettingBasis,
  list?: SettingFigures['plans'],
): SettingTotals {
  const bySetting = new Map<SettingType | 'unknown', number>();
  const byGroup = new Map<SettingGroup, number>();
  const area = new Map<'yes' | 'no' | 'unknown', number>();
  let total = 0;
  for (const p of plans) {
    if (!maintainedOn(p.context, on)) continue;
    const s = settingOf(p.context, on, basis);
    const group = s.settingType === 'unknown' ? ('unknown' as const) : SETTING_GROUP[s.settingType];
    total++;
    bySetting.set(s.settingType, (bySetting.get(s.settingType) ?? 0) + 1);
    byGroup.set(group, (byGroup.get(group) ?? 0) + 1);
    area.set(s.inArea, (area.get(s.inArea) ?? 0) + 1);
    list?.push({ reference: p.reference, ...s, group });
  }
  return {
    on,
    basis,
    total,
    bySetting: shares(SETTING_KEYS, bySetting, total),
    byGroup: shares(GROUP_KEYS, byGroup, total),
    inArea: { count: area.get('yes') ?? 0, percent: percent(area.get('yes') ?? 0, total) },
    outOfArea: { count: area.get('no') ?? 0, percent: percent(area.get('no') ?? 0, total) },
  };
}

function settingFiguresOf({ plans, excluded }: FoldedPlans, on: string, basis: SettingBasis): SettingFigures {
  const list: SettingFigures['plans'] = [];
  return { ...settingTotalsOf(plans, on, basis, list), plans: list, excluded };
}

/** The same figures at each of several dates (a trend: e.g. each census day in January), the plans folded once. */
export function settingTrend(
  rows: PlanRows,
  q: PlanQueryBase & { dates: readonly string[]; basis: SettingBasis },
): SettingFigures[] {
  q.dates.forEach((d) => assertIsoDate(d, 'dates'));
  const once = folded(rows, q);
  return q.dates.map((on) => settingFiguresOf(once, on, q.basis));
}

/** settingTrend's figures without each date's drill-down list (the board's monthly trend). */
export function settingTrendTotals(
  rows: PlanRows,
  q: PlanQueryBase & { dates: readonly string[]; basis: SettingBasis },
): SettingTotals[] {
  q.dates.forEach((d) => assertIsoDate(d, 'dates'));
  const { plans } = folded(rows, q);
  return q.dates.map((on) => settingTotalsOf(plans, on, q.basis));
}

/** The trend's dates, month by month: the last day of each month from `from`'s month to `to` (`to` itself last if mid-month). */
export function monthlyDates(from: string, to: string): string[] {
  assertIsoDate(from, 'from');
  assertIsoDate(to, 'to');
  if (from > to) throw new RangeError(`from (${from}) is after to (${to})`);
  const out: string[] = [];
  let first = `${from.slice(0, 7)}-01`;
  while (first <= to) {
    const next = addMonths(first, 1);
    const last = addDays(next, -1);
    out.push(last < to ? last : to);
    first = next;
    if (out.length > 240) throw new RangeError('a monthly trend covers at most 20 years');
  }
  return out;
}

export interface Post16Figures {
  on: string;
  basis: SettingBasis;
  /** Plans maintained on `on` for young people over compulsory school age (post16From ≤ on). */
  total: number;
  /** Independent specialist settings (independent special schools, independent specialist post-16 institutions). */
  independentSpecialist: Share;
  /** Every other recorded setting (FE and sixth-form colleges, school sixth forms, state special schools…). */
  local: Share;
  unknown: Share;
  /** Of the independent specialist placements, how many are outside the council's area. */
  independentSpecialistOutOfArea: number;
  plans: {
    reference: string;
    settingType: SettingType | 'unknown';
    kind: 'independent-specialist' | 'local' | 'unknown';
    inArea: 'yes' | 'no' | 'unknown';
  }[];
  /** Plans maintained on the day with no post16From recorded: their age phase is unknown, so they are not counted. */
  withoutPost16Date: string[];
  excluded: ExcludedPlan[];
}

/** Post-16 learners with EHC plans in local versus independent specialist settings, on a date. */
export function post16BySetting(rows: PlanRows, q: SettingQuery): Post16Figures {
  assertIsoDate(q.on, 'on');
  const { plans, excluded } = folded(rows, q);
  const maintained = plans.filter((p) => maintainedOn(p.context, q.on));
  const list = maintained
    .filter((p) => p.context.post16From !== undefined && p.context.post16From <= q.on)
    .map((p) => {
      const s = settingOf(p.context, q.on, q.basis);
      const kind =
        s.settingType === 'unknown'
          ? ('unknown' as const)
          : SETTING_GROUP[s.settingType] === 'independent-specialist'
            ? ('independent-specialist' as const)
            : ('local' as const);
      return { reference: p.reference, ...s, kind };
    });
  const total = list.length;
  const k = tally(list.map((p) => p.kind));
  const share = (key: 'independent-specialist' | 'local' | 'unknown') => ({
    count: k.get(key) ?? 0,
    percent: percent(k.get(key) ?? 0, total),
  });
  return {
    on: q.on,
    basis: q.basis,
    total,
    independentSpecialist: share('independent-specialist'),
    local: share('local'),
    unknown: share('unknown'),
    independentSpecialistOutOfArea: list.filter((p) => p.kind === 'independent-specialist' && p.inArea === 'no').length,
    plans: list,
    withoutPost16Date: maintained.filter((p) => p.context.post16From === undefined).map((p) => p.reference),
    excluded,
  };
}

export interface PeriodQuery extends PlanQueryBase {
  from: string;
  to: string;
}

function period(q: PeriodQuery): void {
  assertIsoDate(q.from, 'from');
  assertIsoDate(q.to, 'to');
  if (q.from > q.to) throw new RangeError(`from (${q.from}) is after to (${q.to})`);
}

export interface Year9Amendments {
  /** Plans whose Year 9 review (reg 20(6)) decided to amend and whose amended plan was issued in the period. */
  amended: number;
  /** Year 9 reviews that decided to amend but whose amended plan is not issued yet (as of the rows). */
  awaitingAmendedPlan: number;
  plans: { reference: string; meetingOn: string; decisionOn: string; amendedOn?: string }[];
  /** Plans with reviews in the period but no year9From recorded: they cannot be placed in Year 9. */
  withoutYear9Date: string[];
  excluded: ExcludedPlan[];
}

/** "Number of EHC plans amended following the Year 9 review": the amended plan issued in [from, to]. */
export function plansAmendedAfterYear9Review(rows: PlanRows, q: PeriodQuery): Year9Amendments {
  period(q);
  const { plans, excluded } = folded(rows, q);
  const out: Year9Amendments['plans'] = [];
  let awaiting = 0;
  const withoutYear9Date: string[] = [];
  for (const p of plans) {
    const c = p.context;
    if (!c.year9From) {
      if (c.reviews.some((r) => r.meetingOn <= q.to)) withoutYear9Date.push(p.reference);
      continue;
    }
    // Year 9 is the school year starting on year9From: its review is the meeting held during that year.
    const year10From = addMonths(c.year9From, 12);
    const y9 = c.reviews.find((r) => r.meetingOn >= c.year9From! && r.meetingOn < year10From && r.decision === 'amend');
    if (!y9) continue;
    const amendment = c.amendments.find((a) => a.reviewId === y9.reviewId && a.issuedOn);
    if (amendment && amendment.issuedOn! >= q.from && amendment.issuedOn! <= q.to) {
      out.push({
        reference: p.reference,
        meetingOn: y9.meetingOn,
        decisionOn: y9.decisionOn!,
        amendedOn: amendment.issuedOn!,
      });
    } else if (
      !amendment &&
      !c.amendments.some((a) => a.reviewId === y9.reviewId && a.droppedOn) &&
      y9.decisionOn! <= q.to
    ) {
      awaiting++;
    }
  }
  return { amended: out.length, awaitingAmendedPlan: awaiting, plans: out, withoutYear9Date, excluded };
}

export interface ReviewTimeliness {
  /** Annual reviews due (s44(1)) in the period. */
  due: number;
  /** …concluded (decision notified) on or before the due day. */
  concludedInTime: number;
  concludedLate: number;
  /** …not concluded and already past due ("today"). */
  overdue: number;
  /** …not yet due at "today". */
  pending: number;
  /** concludedInTime / (due − pending), to 1 decimal. */
  percentInTime: number | null;
  /** Of the reviews due, how many had their meeting held on or before the due day. */
  meetingHeldInTime: number;
  /** Review meetings held in the period (DfE `total_review_meeting`). */
  meetings: number;
  /** …decision notified within 4 weeks of the meeting (DfE `number_decsion_4weeks`). */
  decisionWithin4Weeks: number;
  decisionAfter4Weeks: number;
  /** …no decision yet (DfE `no_outcome`). */
  noDecision: number;
  /** decisionWithin4Weeks / meetings, to 1 decimal (the DfE's denominator is not published: docs/plan-life.md). */
  percentDecisionWithin4Weeks: number | null;
  outcomes: { keep: number; amend: number; cease: number };
  reviews: { reference: string; deadline: string; due: string; status: string; concludedOn?: string }[];
  meetingsList: {
    reference: string;
    reviewId: string;
    meetingOn: string;
    decisionOn?: string;
    decision?: string;
    withinFourWeeks: boolean | null;
  }[];
  excluded: ExcludedPlan[];
}

/** reg 20: "within 4 weeks of the review meeting". */
export const REVIEW_DECISION_DAYS = 28;

/** Annual reviews held within 12 months, and decisions notified within 4 weeks of the meeting, for [from, to]. */
export function annualReviewTimeliness(rows: PlanRows, q: PeriodQuery): ReviewTimeliness {
  period(q);
  const { plans, excluded } = folded(rows, q);
  const reviews: ReviewTimeliness['reviews'] = [];
  const meetingsList: ReviewTimeliness['meetingsList'] = [];
  let meetingHeldInTime = 0;
  for (const p of plans) {
    for (const d of p.deadlines) {
      if (d.kind !== 'annual-review' || d.due < q.from || d.due > q.to || d.status === 'not-applicable') continue;
      reviews.push({
        reference: p.reference,
        deadline: d.id,
        due: d.due,
        status: d.status,
        ...(d.metOn ? { concludedOn: d.metOn } : {}),
      });
      if (p.context.reviews.some((r) => r.meetingOn >= d.from && r.meetingOn <= d.due)) meetingHeldInTime++;
    }
    for (const r of p.context.reviews) {
      if (r.meetingOn < q.from || r.meetingOn > q.to) continue;
      const within = r.decisionOn ? r.decisionOn <= addDays(r.meetingOn, REVIEW_DECISION_DAYS) : null;
      meetingsList.push({
        reference: p.reference,
        reviewId: r.reviewId,
        meetingOn: r.meetingOn,
        ...(r.decisionOn ? { decisionOn: r.decisionOn, decision: r.decision! } : {}),
        withinFourWeeks: within,
      });
    }
  }
  const count = (f: (r: ReviewTimeliness['reviews'][number]) => boolean) => reviews.filter(f).length;
  const concludedInTime = count((r) => r.status === 'met');
  const pending = count((r) => r.status === 'pending');
  const within = meetingsList.filter((m) => m.withinFourWeeks === true).length;
  const decisions = tally(meetingsList.flatMap((m) => (m.decision ? [m.decision] : [])));
  return {
    due: reviews.length,
    concludedInTime,
    concludedLate: count((r) => r.status === 'missed' && r.concludedOn !== undefined),
    overdue: count((r) => r.status === 'missed' && r.concludedOn === undefined),
    pending,
    percentInTime: percent(concludedInTime, reviews.length - pending),
    meetingHeldInTime,
    meetings: meetingsList.length,
    decisionWithin4Weeks: within,
    decisionAfter4Weeks: meetingsList.filter((m) => m.withinFourWeeks === false).length,
    noDecision: meetingsList.filter((m) => m.withinFourWeeks === null).length,
    percentDecisionWithin4Weeks: percent(within, meetingsList.length),
    outcomes: {
      keep: decisions.get('keep') ?? 0,
      amend: decisions.get('amend') ?? 0,
      cease: decisions.get('cease') ?? 0,
    },
    reviews,
    meetingsList,
    excluded,
  };
}

export interface PhaseTransferFigures {
  year: number;
  byRule: Record<
    '15-february' | '31-march' | '5-months-before',
    { due: number; met: number; missed: number; pending: number; percentMet: number | null }
  >;
  transfers: {
    reference: string;
    transferId: string;
    transfer: string;
    movesOn: string;
    due: string;
    status: string;
    finalisedOn?: string;
  }[];
  /** Moves into a school sixth form in the year: not a transfer between phases, so no reg 18 date (listed, not counted). */
  sixthFormMoves: { reference: string; transferId: string; movesOn: string }[];
  excluded: ExcludedPlan[];
}

/** Phase transfers whose reg 18 date falls in calendar year `year`, finalised (amended plan naming the setting) by it. */
export function phaseTransferTimeliness(rows: PlanRows, q: PlanQueryBase & { year: number }): PhaseTransferFigures {
  if (!Number.isInteger(q.year) || q.year < 1900 || q.year > 2199)
    throw new RangeError('year must be a whole calendar year');
  const { plans, excluded } = folded(rows, q);
  const from = `${q.year}-01-01`;
  const to = `${q.year}-12-31`;
  const transfers: PhaseTransferFigures['transfers'] = [];
  const sixthFormMoves: PhaseTransferFigures['sixthFormMoves'] = [];
  const rule = (t: string) =>
    t === 'secondary-to-post-16-institution'
      ? ('31-march' as const)
      : t === 'post-16-to-post-16'
        ? ('5-months-before' as const)
        : ('15-february' as const);
  const byRule: PhaseTransferFigures['byRule'] = {
    '15-february': { due: 0, met: 0, missed: 0, pending: 0, percentMet: null },
    '31-march': { due: 0, met: 0, missed: 0, pending: 0, percentMet: null },
    '5-months-before': { due: 0, met: 0, missed: 0, pending: 0, percentMet: null },
  };
  for (const p of plans) {
    for (const t of p.context.transfers) {
      if (t.transfer === 'secondary-to-school-sixth-form') {
        if (t.movesOn >= from && t.movesOn <= to)
          sixthFormMoves.push({ reference: p.reference, transferId: t.transferId, movesOn: t.movesOn });
        continue;
      }
      const d = p.deadlines.find((x) => x.id === `phase-transfer-${t.transferId}`);
      if (!d || d.due < from || d.due > to || d.status === 'not-applicable') continue;
      transfers.push({
        reference: p.reference,
        transferId: t.transferId,
        transfer: t.transfer,
        movesOn: t.movesOn,
        due: d.due,
        status: d.status,
        ...(d.metOn ? { finalisedOn: d.metOn } : {}),
      });
      const b = byRule[rule(t.transfer)];
      b.due++;
      if (d.status === 'met') b.met++;
      else if (d.status === 'pending') b.pending++;
      else b.missed++;
    }
  }
  for (const b of Object.values(byRule)) b.percentMet = percent(b.met, b.met + b.missed);
  return { year: q.year, byRule, transfers, sixthFormMoves, excluded };
}
