/**
 * "% of new EHC plans issued within 20 weeks" and its companion figures, computed from raw case events
 * (docs/law.md#the-boards-measure, after the DfE's SEN2 definitions). This is the reference the API's SQL is tested against.
 * Pure: "today" is a parameter, nothing is read from a clock, a file or a database.
 */
import { asAtCutoff, assertIsoDate, daysBetween } from './calendar-dates.js';
import { byCodeUnit, foldCases, type CaseFacts } from './case-facts.js';
import { applyCorrections } from './corrections.js';
import { band, median, percent, periodLabel, periodLabels, weeks, weeksToIssue } from './figures.js';
import type {
  AdviceFigure,
  ExcludedReason,
  MeasureCaseRow,
  MeasureEventRow,
  TimelinessBands,
  TimelinessQuery,
  TimelinessReport,
} from './timeliness-types.js';

/** reg 13(2): "within 20 weeks" = received + 140 days (docs/law.md#counting-days; the DfE boundary is unconfirmed, hence configurable). */
export const DEFAULT_BOUNDARY_DAYS = 140;
/** reg 5(1) and reg 8(1): 6 weeks. */
export const SIX_WEEKS_DAYS = 42;
/** reg 10(1): 16 weeks. */
export const SIXTEEN_WEEKS_DAYS = 112;
/** SEN2 band edge: "after 52 weeks" ⇔ more than 364 days. */
export const FIFTY_TWO_WEEKS_DAYS = 364;
/** Forecast horizon for open cases about to pass the limit. */
export const FORECAST_DAYS = 28;
/** CoP 9.77 flowchart: draft at week 16, final at week 20, so 4 weeks from draft to final. */
export const DRAFT_TO_FINAL_DAYS = 28;

export interface NormalisedQuery extends TimelinessQuery {
  boundaryDays: number;
}

/** Validates a query (so neither path ever runs with a malformed date) and applies defaults. */
export function normaliseQuery(q: TimelinessQuery): NormalisedQuery {
  assertIsoDate(q.from, 'from');
  assertIsoDate(q.to, 'to');
  assertIsoDate(q.today, 'today');
  if (q.from > q.to) throw new RangeError(`from (${q.from}) is after to (${q.to})`);
  const boundaryDays = q.boundaryDays ?? DEFAULT_BOUNDARY_DAYS;
  if (!Number.isInteger(boundaryDays) || boundaryDays < 1 || boundaryDays > 1000) {
    throw new RangeError(`boundaryDays must be a whole number of days between 1 and 1000, got ${q.boundaryDays}`);
  }
  if (q.asAt !== undefined) asAtCutoff(q.asAt); // throws on an unreadable asAt
  if (q.groupBy !== undefined && !['month', 'quarter', 'year'].includes(q.groupBy)) {
    throw new RangeError(`groupBy must be month, quarter or year, got ${JSON.stringify(q.groupBy)}`);
  }
  return { ...q, boundaryDays };
}

/** The convention every report states (docs/law.md#counting-days): which day counts as day 0 and the last on-time day. */
export function conventionText(boundaryDays: number): string {
  return `received date is day 0; issued within 20 weeks ⇔ final plan date ≤ received + ${boundaryDays} days`;
}

const inPeriod = (date: string | null, q: TimelinessQuery): date is string =>
  date !== null && q.from <= date && date <= q.to;

function rowFilter(q: NormalisedQuery): (row: MeasureEventRow) => boolean {
  const recordedInTime = q.asAt === undefined ? () => true : asAtCutoff(q.asAt);
  return (row) => (q.team === undefined || row.teamId === q.team) && recordedInTime(row.recordedAt);
}

/**
 * The cases as the measure sees them: the team's events recorded by the as-at moment (recorded time, never the
 * legal date), with the corrections recorded by then applied.
 */
function casesOf(rows: Iterable<MeasureEventRow>, q: NormalisedQuery): CaseFacts[] {
  const include = rowFilter(q);
  // SEN2's reference date for disputes: the last day of the period (docs/measure-definitions.md)
  return foldCases(applyCorrections([...rows].filter(include)), () => true, q.to);
}

function excludedReason(c: CaseFacts): ExcludedReason | null {
  if (c.received === null) return 'no-request-received'; // data quality: no day 0, no elapsed time
  // docs/law.md#the-boards-measure: DfE timeliness covers "assessments … where no mediation or tribunal has taken place"
  if (c.mediation && c.tribunal) return 'mediation-and-tribunal';
  if (c.mediation) return 'mediation';
  if (c.tribunal) return 'tribunal';
  // SEN2 requestoutcome / assessmentoutcome: "If a local authority decides not to proceed … and this decision is
  // subsequently changed … the original … outcome and … date should not be changed": the later plan is not a new
  // plan of this assessment, so it stays out of the 20-week population (the refusal counts in the 6/16-week figure)
  if (c.refusedToAssess) return 'reversed-refusal-to-assess';
  if (c.refusedToIssue) return 'reversed-refusal-to-issue';
  return null;
}

/**
 * How many days of the assessment (request day to the day before the plan) fall in the periods of the case's
 * exceptions to the 20-week limit: each period from its `from` day up to the day before its `to` (a closure's
 * `to` is the day it re-opens). Shown beside the days late, so the board sees "covers N of M days late".
 */
export function exceptionCoverDays(c: CaseFacts & { received: string; finalIssued: string }): number {
  const days = new Set<number>();
  for (const x of c.finalPlanExceptions) {
    if (x.from === null || x.to === null) continue;
    const start = x.from > c.received ? x.from : c.received;
    const end = x.to < c.finalIssued ? x.to : c.finalIssued;
    for (let d = daysBetween(c.received, start); d < daysBetween(c.received, end); d++) days.add(d);
  }
  return days.size;
}

/**
 * Why a plan was late: each stage that overran its own limit. A late plan with none of these is 'unattributed'.
 *  - decision-to-assess: first decision more than 6 weeks after the request (reg 5(1))
 *  - advice:<provider>: advice returned more than 6 weeks after the provider received the request (reg 8(1))
 *  - draft-after-16-weeks: draft served after week 16 (CoP flowchart; reg 10(1) is the 16-week point)
 *  - draft-to-final: more than 4 weeks between draft and final (CoP flowchart)
 *  - exception:<kind>: an active exception to the 20-week limit (reg 13(3))
 */
export function lateCauses(c: CaseFacts): string[] {
  if (c.received === null || c.finalIssued === null) return [];
  const causes = new Set<string>();
  if (c.firstDecision !== null && daysBetween(c.received, c.firstDecision) > SIX_WEEKS_DAYS)
    causes.add('decision-to-assess');
  for (const a of c.advice) {
    if (a.returned !== null && daysBetween(a.start, a.returned) > SIX_WEEKS_DAYS) causes.add(`advice:${a.provider}`);
  }
  if (c.draftIssued !== null && daysBetween(c.received, c.draftIssued) > SIXTEEN_WEEKS_DAYS)
    causes.add('draft-after-16-weeks');
  if (c.draftIssued !== null && daysBetween(c.draftIssued, c.finalIssued) > DRAFT_TO_FINAL_DAYS)
    causes.add('draft-to-final');
  for (const kind of c.finalPlanExceptionKinds) causes.add(`exception:${kind}`);
  return causes.size === 0 ? ['unattributed'] : [...causes].sort(byCodeUnit);
}

const reasonOf = (c: CaseFacts): string | null => {
  const reasons = [
    ...new Set(c.finalPlanExceptions.map((x) => x.reasonLimitImpractical).filter((r): r is string => r !== null)),
  ];
  return reasons.length ? reasons.join('; ') : null;
};

function caseRow(c: CaseFacts & { finalIssued: string }, q: NormalisedQuery): MeasureCaseRow {
  const reason = excludedReason(c);
  const elapsed = c.received === null ? null : daysBetween(c.received, c.finalIssued);
  const within = elapsed === null ? null : elapsed <= q.boundaryDays;
  const counted = reason === null;
  return {
    reference: c.reference,
    team: c.teamId,
    receivedOn: c.received,
    finalIssuedOn: c.finalIssued,
    elapsedDays: elapsed,
    weeks: elapsed === null ? null : weeks(elapsed),
    within20Weeks: within,
    exceptionKinds: c.finalPlanExceptionKinds,
    excludedReason: reason,
    countedIncludingExceptions: counted,
    // SEN2 Week20 = 1 removes the case from numerator and denominator of the _ex figures
    countedExcludingExceptions: counted && c.finalPlanExceptionKinds.length === 0,
    lateCauses: within === false ? lateCauses(c) : [],
    daysLate: within === false ? elapsed! - q.boundaryDays : null,
    exceptionCoversDays:
      within === false && c.finalPlanExceptions.length > 0
        ? exceptionCoverDays(c as CaseFacts & { received: string; finalIssued: string })
        : null,
    reasonLimitImpractical: reasonOf(c),
  };
}

const byFinalThenReference = (a: MeasureCaseRow, b: MeasureCaseRow) =>
  byCodeUnit(a.finalIssuedOn, b.finalIssuedOn) || byCodeUnit(a.reference, b.reference);

function drillDown(cases: CaseFacts[], q: NormalisedQuery): MeasureCaseRow[] {
  return cases
    .filter((c): c is CaseFacts & { finalIssued: string } => inPeriod(c.finalIssued, q))
    .map((c) => caseRow(c, q))
    .sort(byFinalThenReference);
}

/** The drill-down behind the figures: every case with a final plan issued in the period, counted or not. */
export function timelinessCases(rows: Iterable<MeasureEventRow>, query: TimelinessQuery): MeasureCaseRow[] {
  const q = normaliseQuery(query);
  return drillDown(casesOf(rows, q), q);
}

function bandsOf(elapsed: number[], boundaryDays: number): TimelinessBands {
  const b: TimelinessBands = { within20Weeks: 0, from20To52Weeks: 0, over52Weeks: 0 };
  for (const d of elapsed) b[band(d, boundaryDays)] += 1;
  return b;
}

export function computeTimeliness(rows: Iterable<MeasureEventRow>, query: TimelinessQuery): TimelinessReport {
  const q = normaliseQuery(query);
  const cases = casesOf(rows, q);
  const drill = drillDown(cases, q);

  const p = drill.filter((r) => r.countedIncludingExceptions);
  const pex = drill.filter((r) => r.countedExcludingExceptions);
  const elapsedP = p.map((r) => r.elapsedDays!);
  const elapsedPex = pex.map((r) => r.elapsedDays!);
  const withinP = p.filter((r) => r.within20Weeks).length;
  const withinPex = pex.filter((r) => r.within20Weeks).length;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

  // 6-week decision (reg 5(1)): requests RECEIVED in the period that have been decided, by their first decision
  // (SEN2 requests.csv counts by the calendar year the request was received; a reversal keeps the first decision)
  const decided = cases.filter((c) => inPeriod(c.received, q) && c.firstDecision !== null);
  const decidedWithin = decided.filter((c) => daysBetween(c.received!, c.firstDecision!) <= SIX_WEEKS_DAYS).length;

  // 16-week "no plan" notice (reg 10(1)): notices given in the period, each against the limit that applied to it
  // (10 weeks from a tribunal order to assess, reg 44(2)(b), or from an unopposed appeal, reg 45(3A)(a))
  const noPlan = cases.filter((c) => c.received !== null && inPeriod(c.firstNoPlan, q));
  const noPlanWithin = noPlan.filter(
    (c) => c.noPlanLimit !== null && daysBetween(c.noPlanLimit.from, c.firstNoPlan!) <= c.noPlanLimit.days,
  ).length;

  // reg 8(1): advice returned in the period, within 6 weeks of the provider receiving the request
  const advice: Record<string, AdviceFigure> = {};
  for (const c of cases) {
    for (const a of c.advice) {
      if (!inPeriod(a.returned, q)) continue;
      const f = (advice[a.provider] ??= { returned: 0, within: 0, percent: null });
      f.returned += 1;
      if (daysBetween(a.start, a.returned) <= SIX_WEEKS_DAYS) f.within += 1;
    }
  }
  const adviceWithin6Weeks: Record<string, AdviceFigure> = {};
  for (const provider of Object.keys(advice).sort(byCodeUnit)) {
    const f = advice[provider]!;
    adviceWithin6Weeks[provider] = { ...f, percent: percent(f.within, f.returned) };
  }

  // Open backlog at today (docs/law.md#the-boards-measure companion views 4 and 5): no final plan and not closed
  let openPastDeadline = 0;
  let openDueWithin4Weeks = 0;
  for (const c of cases) {
    const open =
      c.received !== null &&
      c.finalIssued === null &&
      !c.withdrawn &&
      !c.movedOut &&
      !c.closedNotAssessed &&
      !c.closedNotIssued;
    if (!open) continue;
    const daysLeft = daysBetween(q.today, c.received!) + q.boundaryDays; // last on-time day minus today
    if (daysLeft < 0) openPastDeadline += 1;
    else if (daysLeft <= FORECAST_DAYS) openDueWithin4Weeks += 1;
  }

  const causeCounts = new Map<string, number>();
  for (const r of p) for (const cause of r.lateCauses) causeCounts.set(cause, (causeCounts.get(cause) ?? 0) + 1);
  const lateByCause = [...causeCounts]
    .map(([cause, count]) => ({ cause, count }))
    .sort((a, b) => b.count - a.count || byCodeUnit(a.cause, b.cause));

  const report: TimelinessReport = {
    period: [q.from, q.to],
    boundaryDays: q.boundaryDays,
    convention: conventionText(q.boundaryDays),
    asAt: q.asAt ?? null,
    team: q.team ?? null,
    includingExceptions: { issued: p.length, within20Weeks: withinP, percent: percent(withinP, p.length) },
    excludingExceptions: { issued: pex.length, within20Weeks: withinPex, percent: percent(withinPex, pex.length) },
    bands: bandsOf(elapsedP, q.boundaryDays),
    bandsExcludingExceptions: bandsOf(elapsedPex, q.boundaryDays),
    weeksToIssue: weeksToIssue(elapsedP.length, sum(elapsedP), median(elapsedP)),
    weeksToIssueExcludingExceptions: weeksToIssue(elapsedPex.length, sum(elapsedPex), median(elapsedPex)),
    excludedFromPopulation: drill.length - p.length,
    decisionWithin6Weeks: {
      decided: decided.length,
      within: decidedWithin,
      percent: percent(decidedWithin, decided.length),
    },
    noPlanWithin16Weeks: {
      decided: noPlan.length,
      within: noPlanWithin,
      percent: percent(noPlanWithin, noPlan.length),
    },
    adviceWithin6Weeks,
    openPastDeadline,
    openDueWithin4Weeks,
    lateByCause,
  };
  if (q.groupBy) {
    const unit = q.groupBy;
    const points = new Map(periodLabels(q.from, q.to, unit).map((label) => [label, { issued: 0, within: 0 }]));
    for (const r of p) {
      const point = points.get(periodLabel(r.finalIssuedOn, unit))!;
      point.issued += 1;
      if (r.within20Weeks) point.within += 1;
    }
    report.series = [...points].map(([period, s]) => ({
      period,
      issued: s.issued,
      within20Weeks: s.within,
      percent: percent(s.within, s.issued),
    }));
  }
  return report;
}
