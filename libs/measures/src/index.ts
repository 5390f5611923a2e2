// The timeliness measure (docs/law.md#the-boards-measure): pure reference implementation over raw case events.
export * from './timeliness-types.js';
export {
  computeTimeliness,
  timelinessCases,
  lateCauses,
  exceptionCoverDays,
  normaliseQuery,
  conventionText,
  DEFAULT_BOUNDARY_DAYS,
  SIX_WEEKS_DAYS,
  SIXTEEN_WEEKS_DAYS,
  FIFTY_TWO_WEEKS_DAYS,
  FORECAST_DAYS,
  DRAFT_TO_FINAL_DAYS,
} from './timeliness.js';
export type { NormalisedQuery } from './timeliness.js';
export { percent, weeks, weeksToIssue, median, band, periodLabel, periodLabels } from './figures.js';
export { isIsoDate, assertIsoDate, addDays, daysBetween, londonMidnightUtcMs, asAtCutoff } from './calendar-dates.js';
export { toCsv, csvCell, csvLine, type CsvCell } from './csv.js';
export { timelinessFiguresCsv, timelinessCasesCsv, exceptionCoverText } from './timeliness-csv.js';
export {
  TRIBUNAL_NO_PLAN_DAYS,
  DISPUTES_ABOUT_THIS_ASSESSMENT,
  foldCases,
  byCodeUnit,
  type CaseFacts,
  type FinalPlanException,
} from './case-facts.js';
export { applyCorrections, CORRECTION_TYPES } from './corrections.js';
// The board's plan measures (docs/plan-life.md#the-boards-measures): pure reference over raw plan events.
export {
  foldPlans,
  maintainedOn,
  planRowsFromCaseRows,
  PLAN_START_SOURCE_TYPES,
  PLAN_READ_TYPES,
  MEASURE_DEADLINE_KINDS,
  type PlanMeasureRow,
  type PlanFoldCache,
  type PlanQueryBase,
  type FoldedPlan,
  type ExcludedPlan,
} from './plan-facts.js';
export * from './plan-measures.js';
// Plans maintained by primary need (docs/plan-life.md#the-boards-measures).
export * from './plan-needs-measures.js';
// DRAFT: SEN2 person-level plan modules (4a, 4b, 5a, 5b) from plan events (docs/plan-life.md#sen2-draft).
export * from './sen2-plan-modules.js';
// The SEN2 person-level return (docs/sen2.md): built from the event log, checked, written as XML.
export * from './sen2-return.js';
export * from './plan-report.js';
