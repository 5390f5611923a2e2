// Europe/London wall-clock times as instants: alert times are London times (08:00 for a warning, 00:00 for the start
// of the day after a due date). The calendar, with these conversions, is one module: libs/workflow/src/dates.ts.
export { londonDate, londonInstant, londonOffsetMs } from '@ehc/workflow';
