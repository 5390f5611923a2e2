// The audit export is written with the project's one CSV writer (libs/measures/src/csv.ts): RFC 4180 quoting,
// formulas defused, objects (the detail) as JSON.
export { csvCell, csvLine } from '@ehc/measures';
