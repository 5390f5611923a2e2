// Reg 45 (unopposed appeals), as substituted by SI 2015/359 reg 8 (docs/law.md#reg-45--unopposed-appeals). Where
// the parent or young person has appealed and the LA tells the First-tier Tribunal that it will not oppose the appeal
// before it submits its response, the appeal is treated as decided in the appellant's favour (reg 45(1)-(2)) and the
// LA's time limits run from the day it told the Tribunal — not from the request, and not from the LA's own later
// decision. A concession after the response is a consent order: record it as TribunalOrderMade (reg 44 limits).
//
// Limits by what the appeal was against (days from the notification to the Tribunal). Paragraphs (3), (3A) and (4)
// were read in SI 2015/359 reg 8(a); the paragraphs for the other subjects could not be read in the stored copy, so
// their periods follow a published summary and they are cited as "reg 45" without a paragraph (docs/law.md):
//   refusal to assess (s51(2)(a)/(d)): tell the family it will assess within 2 weeks (reg 45(3)); then a
//     "no plan" notice within 10 weeks (reg 45(3A)(a)) or the final plan within 14 weeks (reg 45(3A)(b));
//   the plan's content (s51(2)(c)(i)/(ii), (e)): the amended plan within 5 weeks (reg 45(4));
//   the school or type of school named only (s51(2)(c)(iii)/(iv)): the amended plan within 2 weeks; when the content
//     was conceded too, the 5 weeks of reg 45(4) govern the one amended plan;
//   refusal to issue a plan (s51(2)(b)): draft within 5 weeks, final within 11 weeks;
//   ceasing (s51(2)(f)): keep maintaining the plan — no clock.
import type { IsoDate } from './dates.js';
import type { LawProblem } from './errors.js';
import { ORDERS_ON_THE_PLAN, type AppealNotOpposed, type CaseEvent, type DisputeSubject } from './events.js';

export const UNOPPOSED_DAYS = {
  notifyAssess: 14, // reg 45(3)
  noPlan: 70, // reg 45(3A)(a)
  finalAfterAssess: 98, // reg 45(3A)(b)
  draft: 35, // reg 45 (refusal to issue)
  finalAfterRefusalToIssue: 77, // reg 45 (refusal to issue)
  amendedPlanContent: 35, // reg 45(4)
  amendedPlanSchool: 14, // reg 45 (school named only)
} as const;

/** Subjects whose unopposed appeal starts a fresh assessment or plan (like a tribunal order, it supersedes D0's clocks). */
export const UNOPPOSED_RESTARTS: readonly DisputeSubject[] = ['refusal-to-assess', 'refusal-to-issue'];

/** Does this event start a new set of clocks that supersede the earlier ones (reg 44(2)(b)/(c), reg 45(3), reg 45 refusal to issue)? */
export function startsTribunalClocks(e: CaseEvent): boolean {
  return (
    (e.type === 'TribunalOrderMade' && !ORDERS_ON_THE_PLAN.includes(e.order)) ||
    (e.type === 'AppealNotOpposed' && UNOPPOSED_RESTARTS.includes(e.against)) ||
    (e.type === 'MediationAgreementReached' && e.agreement !== 'other')
  ); // reg 42: reg 44 limits from the agreement
}

/**
 * The appeals of a case not yet decided, conceded or concluded, by subject: when each was registered and, if the LA
 * has recorded it, when it submitted its response (TribunalResponseSubmitted).
 */
export function undecidedAppeals(
  history: readonly CaseEvent[],
): Map<DisputeSubject, { appealedOn: IsoDate; respondedOn?: IsoDate }> {
  const open = new Map<DisputeSubject, { appealedOn: IsoDate; respondedOn?: IsoDate }>();
  for (const h of history) {
    if (h.type === 'TribunalAppealRegistered') open.set(h.against, { appealedOn: h.date });
    // An order decides the appeal; a concession or a conclusion ends it (reg 45(2)).
    if (h.type === 'TribunalOrderMade') open.clear();
    if (h.type === 'AppealNotOpposed' || h.type === 'TribunalAppealConcluded') open.delete(h.against);
    if (h.type === 'TribunalResponseSubmitted') {
      const a = open.get(h.against);
      if (a && !a.respondedOn) open.set(h.against, { ...a, respondedOn: h.date });
    }
  }
  return open;
}

/**
 * reg 45(1): the LA can only decline to oppose an appeal that has been made and not yet decided — an appeal
 * registered against this subject, on or after the decision it disputes, with no tribunal order since, and not
 * already conceded — and only before it submits its response: reg 45(1) ties the concession to the submission of the
 * response, not to the day the response was due, so the check needs TribunalResponseSubmitted to be recorded.
 * `subjects` are those this stage of the case can concede (the decision that is current).
 */
export function appealMayBeUnopposed(
  history: readonly CaseEvent[],
  e: CaseEvent,
  subjects: readonly DisputeSubject[],
): LawProblem | undefined {
  if (e.type !== 'AppealNotOpposed') return undefined;
  if (!subjects.includes(e.against)) {
    return {
      code: 'EVENT_NOT_ALLOWED',
      field: 'against',
      message: `At this point of the case only an appeal against ${subjects.join(' or ')} can be left unopposed (reg 45(1)).`,
      regulation: 'reg 45(1)',
    };
  }
  const appeal = undecidedAppeals(history).get(e.against);
  if (!appeal) {
    return {
      code: 'EVENT_NOT_ALLOWED',
      field: 'against',
      message: `There is no undecided appeal against ${e.against} on this case: record TribunalAppealRegistered first. A concession after the Tribunal has decided is not reg 45.`,
      regulation: 'reg 45(1)',
    };
  }
  if (e.date < appeal.appealedOn) {
    return {
      code: 'DATE_ORDER',
      field: 'date',
      message: `The LA cannot tell the Tribunal it will not oppose before the appeal was registered on ${appeal.appealedOn}.`,
      regulation: 'reg 45(1)',
    };
  }
  if (appeal.respondedOn && e.date >= appeal.respondedOn) {
    return {
      code: 'EVENT_NOT_ALLOWED',
      field: 'date',
      message: `The LA submitted its response to this appeal on ${appeal.respondedOn}; reg 45 covers only a concession made before the response. Record the Tribunal's consent order as TribunalOrderMade (its limits are those of reg 44).`,
      regulation: 'reg 45(1)',
    };
  }
  return undefined;
}

/** The LA responds once to an appeal that is still undecided, not before it was registered. */
export function responseToAnUndecidedAppeal(history: readonly CaseEvent[], e: CaseEvent): LawProblem | undefined {
  if (e.type !== 'TribunalResponseSubmitted') return undefined;
  const appeal = undecidedAppeals(history).get(e.against);
  if (!appeal)
    return {
      code: 'EVENT_NOT_ALLOWED',
      field: 'against',
      message: `There is no undecided appeal against ${e.against} on this case.`,
      regulation: 'reg 45(1)',
    };
  if (appeal.respondedOn)
    return {
      code: 'EVENT_NOT_ALLOWED',
      field: 'against',
      message: `The response to this appeal was recorded on ${appeal.respondedOn}.`,
      regulation: 'reg 45(1)',
    };
  if (e.date < appeal.appealedOn)
    return {
      code: 'DATE_ORDER',
      field: 'date',
      message: `The response cannot be dated before the appeal was registered on ${appeal.appealedOn}.`,
      regulation: 'reg 45(1)',
    };
  return undefined;
}

/**
 * The reg 45 limit for an unopposed appeal about a plan already made, or undefined: 5 weeks for its content (reg 45(4)),
 * 2 weeks for the school or type named only. A school concession on the day the content was conceded too is not about
 * the school only: the one amended plan is due within the 5 weeks of reg 45(4), so it has no clock of its own.
 */
export function amendedPlanLimit(
  e: AppealNotOpposed,
  history: readonly CaseEvent[] = [],
): { days: number; regulation: string } | undefined {
  if (e.against === 'plan-content') return { days: UNOPPOSED_DAYS.amendedPlanContent, regulation: 'reg 45(4)' };
  if (e.against !== 'plan-school') return undefined;
  const contentToo = history.some(
    (h) => h.type === 'AppealNotOpposed' && h.against === 'plan-content' && h.date === e.date,
  );
  return contentToo ? undefined : { days: UNOPPOSED_DAYS.amendedPlanSchool, regulation: 'reg 45' };
}
