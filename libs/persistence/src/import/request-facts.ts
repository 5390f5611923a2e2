import { addDays, compulsorySchoolAgeEnds, requesterProblem, year9StartsOn, type CaseEvent } from '@ehc/workflow';
import type { ImportLine } from './import-line.js';

/**
 * The law on who may ask (s36(1), s24, s83(2), regs 63-64) needs the child's date of birth, which lives on the case
 * and not in the event log, so the importer checks it here, like POST /cases. It also records on RequestReceived the
 * first day of the child's Year 9 (reg 6(1)(g)), worked out from the date of birth, unless the line gives it.
 * Deterministic: the same line always gives the same events (and event ids).
 */
export function withRequestFacts(line: ImportLine): { ok: true; line: ImportLine } | { ok: false; reason: string } {
  const first = line.events[0];
  if (first?.type === 'TransferredPlanReceived') {
    // reg 15: a plan transferred in; the plan's rules need the Year 9 and post-16 dates, worked out as POST /cases/transfers-in does.
    const dob = line.child.dateOfBirth;
    const transfer: CaseEvent = {
      ...first,
      year9From: first.year9From ?? year9StartsOn(dob),
      post16From: first.post16From ?? addDays(compulsorySchoolAgeEnds(dob), 1),
    };
    return { ok: true, line: { ...line, events: [transfer, ...line.events.slice(1)] } };
  }
  if (!first || first.type !== 'RequestReceived') return { ok: true, line };
  const problem = requesterProblem({
    source: first.source,
    requestDate: first.date,
    dateOfBirth: line.child.dateOfBirth,
    parentActsAs: first.parentActsAs,
    broughtBy: first.broughtBy,
  });
  if (problem) {
    const field = problem.field === 'dateOfBirth' ? 'child.dateOfBirth' : `events[0].${problem.field}`;
    return { ok: false, reason: `${field}: ${problem.message}` };
  }
  if (first.year9From !== undefined) return { ok: true, line };
  const request: CaseEvent = { ...first, year9From: year9StartsOn(line.child.dateOfBirth) };
  return { ok: true, line: { ...line, events: [request, ...line.events.slice(1)] } };
}
