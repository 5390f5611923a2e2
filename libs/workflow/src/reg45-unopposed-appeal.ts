// Reg 45 (unopposed appeals), as substituted by SI 2015/359 reg 8. Where the parent or young person has
// appealed and the LA tells the First-tier Tribunal that it will not oppose the appeal before it submits its
// response, the appeal is treated as decided in the appellant's favour (reg 45(1)-(2)) and the LA's time limits
// run from the day it told the Tribunal — not from the request, and not from the LA's own later decision.
// A concession after the response is a consent order: record it as TribunalOrderMade (reg 44 limits).
//
// Limits by what the appeal was against (days from the notification to the Tribunal):
//   refusal to assess (s51(2)(a)/(d)): tell the family it will assess within 2 weeks (reg 45(3)); then a
//     "no plan" notice within 10 weeks (reg 45(3A)(a)) or the final plan within 14 weeks (reg 45(3A)(b));
//   refusal to issue a plan (s51(2)(b)): draft within 5 weeks, final within 11 weeks (reg 45(5));
//   the plan's content (s51(2)(c)(i)/(ii), (e)): the amended plan within 5 weeks (reg 45(4));
//   the school or type of school named only (s51(2)(c)(iii)/(iv)): the amended plan within 2 weeks (reg 45(4A));
//   ceasing (s51(2)(f)): keep maintaining the plan (reg 45(6)) — no clock.
import type { IsoDate } from './dates.js';
import type { LawProblem } from './errors.js';
import type { AppealNotOpposed, CaseEvent, DisputeSubject } from './events.js';

export const UNOPPOSED_DAYS = {
  notifyAssess: 14, // reg 45(3)
  noPlan: 70, // reg 45(3A)(a)
  finalAfterAssess: 98, // reg 45(3A)(b)
  draft: 35, // reg 45(5)
  finalAfterRefusalToIssue: 77, // reg 45(5)
  amendedPlanContent: 35, // reg 45(4)
  amendedPlanSchool: 14, // reg 45(4A)
} as const;

/** Subjects whose unopposed appeal starts a fresh assessment or plan (like a tribunal order, it supersedes D0's clocks). */
export const UNOPPOSED_RESTARTS: readonly DisputeSubject[] = ['refusal-to-assess', 'refusal-to-issue'];

/** Does this event start a new set of clocks that supersede the earlier ones (reg 44(2)(b)/(c), reg 45(3)/(5))? */
export function startsTribunalClocks(e: CaseEvent): boolean {
  return (e.type === 'TribunalOrderMade' && e.order !== 'amend-plan')
    || (e.type === 'AppealNotOpposed' && UNOPPOSED_RESTARTS.includes(e.against))
    || (e.type === 'MediationAgreementReached' && e.agreement !== 'other'); // reg 42: reg 44 limits from the agreement
}

/**
 * reg 45(1): the LA can only decline to oppose an appeal that has been made and not yet decided — an appeal
 * registered against this subject, on or after the decision it disputes, with no tribunal order since, and not
 * already conceded. `subjects` are those this stage of the case can concede (the decision that is current).
 */
export function appealMayBeUnopposed(history: readonly CaseEvent[], e: CaseEvent, subjects: readonly DisputeSubject[]): LawProblem | undefined {
  if (e.type !== 'AppealNotOpposed') return undefined;
  if (!subjects.includes(e.against)) {
    return {
      code: 'EVENT_NOT_ALLOWED',
      field: 'against',
      message: `At this point of the case only an appeal against ${subjects.join(' or ')} can be left unopposed (reg 45(1)).`,
      regulation: 'reg 45(1)',
    };
  }
  let appealedOn: IsoDate | undefined;
  for (const h of history) {
    if (h.type === 'TribunalAppealRegistered' && h.against === e.against) appealedOn = h.date;
    // An order decides the appeal; a concession already made ends it (reg 45(2)).
    if (h.type === 'TribunalOrderMade' || ((h.type === 'AppealNotOpposed' || h.type === 'TribunalAppealConcluded') && h.against === e.against)) appealedOn = undefined;
  }
  if (!appealedOn) {
    return {
      code: 'EVENT_NOT_ALLOWED',
      field: 'against',
      message: `There is no undecided appeal against ${e.against} on this case: record TribunalAppealRegistered first. A concession after the Tribunal has decided is not reg 45.`,
      regulation: 'reg 45(1)',
    };
  }
  if (e.date < appealedOn) {
    return { code: 'DATE_ORDER', field: 'date', message: `The LA cannot tell the Tribunal it will not oppose before the appeal was registered on ${appealedOn}.`, regulation: 'reg 45(1)' };
  }
  return undefined;
}

/** The reg 45(4)/(4A) limit for an unopposed appeal about a plan already made, or undefined. */
export function amendedPlanLimit(e: AppealNotOpposed): { days: number; regulation: string } | undefined {
  if (e.against === 'plan-content') return { days: UNOPPOSED_DAYS.amendedPlanContent, regulation: 'reg 45(4)' };
  if (e.against === 'plan-school') return { days: UNOPPOSED_DAYS.amendedPlanSchool, regulation: 'reg 45(4A)' };
  return undefined;
}
