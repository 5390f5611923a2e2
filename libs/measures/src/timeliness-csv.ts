/**
 * CSV for the board pack: the figures and the drill-down behind them (RFC 4180: CRLF, quotes doubled).
 * Pseudonymous by construction: the rows carry the case reference, never child data.
 */
import { toCsv, type CsvCell } from './csv.js';
import type { MeasureCaseRow, TimelinessReport } from './timeliness-types.js';

/** One row per figure: measure, numerator, denominator, percent, plus the period, boundary and as-at date. */
export function timelinessFiguresCsv(r: TimelinessReport): string {
  const rows: CsvCell[][] = [];
  const add = (measure: string, numerator: number | null, denominator: number | null, value: number | null) =>
    rows.push([r.period[0], r.period[1], r.asAt, r.team, r.boundaryDays, measure, numerator, denominator, value]);
  add(
    'issued within 20 weeks, including exceptions (%)',
    r.includingExceptions.within20Weeks,
    r.includingExceptions.issued,
    r.includingExceptions.percent,
  );
  add(
    'issued within 20 weeks, excluding exceptions (%)',
    r.excludingExceptions.within20Weeks,
    r.excludingExceptions.issued,
    r.excludingExceptions.percent,
  );
  add('issued within 20 weeks (number)', r.bands.within20Weeks, null, null);
  add('issued after 20 and within 52 weeks (number)', r.bands.from20To52Weeks, null, null);
  add('issued after 52 weeks (number)', r.bands.over52Weeks, null, null);
  add('median weeks to issue, including exceptions', null, null, r.weeksToIssue.median);
  add('mean weeks to issue, including exceptions', null, null, r.weeksToIssue.mean);
  add('median weeks to issue, excluding exceptions', null, null, r.weeksToIssueExcludingExceptions.median);
  add('mean weeks to issue, excluding exceptions', null, null, r.weeksToIssueExcludingExceptions.mean);
  add(
    'plans excluded from the population (mediation, tribunal, no request date)',
    r.excludedFromPopulation,
    null,
    null,
  );
  add(
    'decision whether to assess within 6 weeks (%)',
    r.decisionWithin6Weeks.within,
    r.decisionWithin6Weeks.decided,
    r.decisionWithin6Weeks.percent,
  );
  add(
    '"no plan" notice within 16 weeks (%)',
    r.noPlanWithin16Weeks.within,
    r.noPlanWithin16Weeks.decided,
    r.noPlanWithin16Weeks.percent,
  );
  for (const [provider, f] of Object.entries(r.adviceWithin6Weeks)) {
    add(`advice returned within 6 weeks: ${provider} (%)`, f.within, f.returned, f.percent);
  }
  add('open cases past 20 weeks (number)', r.openPastDeadline, null, null);
  add('open cases reaching 20 weeks within 4 weeks (number)', r.openDueWithin4Weeks, null, null);
  for (const c of r.lateByCause) add(`late plans by cause: ${c.cause} (number)`, c.count, null, null);
  for (const s of r.series ?? [])
    add(`issued within 20 weeks, including exceptions, ${s.period} (%)`, s.within20Weeks, s.issued, s.percent);
  return toCsv(['from', 'to', 'as_at', 'team', 'boundary_days', 'measure', 'numerator', 'denominator', 'value'], rows);
}

/** "exception covers N of M days late" for a late plan with an exception to the 20-week limit (reg 13(3)), else null. */
export function exceptionCoverText(r: Pick<MeasureCaseRow, 'daysLate' | 'exceptionCoversDays'>): string | null {
  if (r.daysLate === null || r.exceptionCoversDays === null) return null;
  return `exception covers ${r.exceptionCoversDays} of ${r.daysLate} days late`;
}

export function timelinessCasesCsv(rows: MeasureCaseRow[]): string {
  return toCsv(
    [
      'reference',
      'team',
      'received_on',
      'final_issued_on',
      'elapsed_days',
      'weeks',
      'within_20_weeks',
      'exception_kinds',
      'excluded_reason',
      'counted_including_exceptions',
      'counted_excluding_exceptions',
      'late_causes',
      'days_late',
      'exception_covers_days',
      'exception_cover',
      'reason_limit_impractical',
    ],
    rows.map((r) => [
      r.reference,
      r.team,
      r.receivedOn,
      r.finalIssuedOn,
      r.elapsedDays,
      r.weeks,
      r.within20Weeks,
      r.exceptionKinds.join(';'),
      r.excludedReason,
      r.countedIncludingExceptions,
      r.countedExcludingExceptions,
      r.lateCauses.join(';'),
      r.daysLate,
      r.exceptionCoversDays,
      exceptionCoverText(r),
      r.reasonLimitImpractical,
    ]),
  );
}
