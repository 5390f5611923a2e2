// Test fixtures of the measures' specs (not a spec: jest's unit project runs only *.spec.ts; the build leaves it out).
import type { PlanMeasureRow } from './plan-facts.js';
import type { MeasureEventRow } from './timeliness-types.js';

/** An event as a spec writes it: its type, its legal date, and its fields. */
export type Ev = { type: string; date: string } & Record<string, unknown>;

/**
 * One case's history as the measures read it from the event log: versions 1, 2, … in the order given, each recorded
 * at noon (UTC) of its legal date unless the event says `recordedAt`; `id` names the event (corrections refer to it).
 */
export function caseHistory(
  caseId: string,
  reference: string,
  events: (Ev & { id?: string; recordedAt?: string })[],
  teamId = 'north',
): MeasureEventRow[] {
  return events.map(({ type, date, id, recordedAt, ...data }, i) => ({
    caseId,
    eventId: id ?? `${caseId}-${i}`,
    reference,
    teamId,
    version: i + 1,
    type,
    date,
    data,
    recordedAt: recordedAt ?? `${date}T12:00:00.000Z`,
  }));
}

/** One plan's stream as the plan measures read it: the same rows as caseHistory, keyed by the plan. */
export function planHistory(
  planId: string,
  reference: string,
  events: (Ev & { recordedAt?: string })[],
  teamId = 'north',
): PlanMeasureRow[] {
  return caseHistory(planId, reference, events, teamId).map(({ caseId, eventId, ...row }) => ({ planId, ...row }));
}
