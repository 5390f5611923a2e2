// Reg 42: what follows a mediation agreement. Where the parent or young person and the LA reach an agreement in
// mediation about a matter that could be appealed to the Tribunal, the LA must act as if the Tribunal had ordered it,
// with reg 44's time limits running from the date of the agreement: an agreement to assess has the 2/10/14 weeks of
// reg 44(2)(b), an agreement to make a plan the 5/11 weeks of reg 44(2)(c). Anything else agreed must be done within
// 2 weeks of the agreement, unless the parties agreed another period (recorded as `doneBy`).
import type { LawProblem } from './errors.js';
import type { CaseEvent, DisputeSubject, MediationAgreement } from './events.js';

/** reg 42: anything agreed that reg 44 does not time must be done within 2 weeks. */
export const AGREED_ACTION_DAYS = 14;

/** Which decision an agreement on an appealable matter reverses, so which stage of the case it can follow. */
export const AGREEMENT_ABOUT: Record<MediationAgreement, DisputeSubject | undefined> = {
  assess: 'refusal-to-assess',
  'make-plan': 'refusal-to-issue',
  other: undefined,
};

/** Does this agreement start reg 44(2) clocks that supersede the earlier ones (an agreement to assess or to make a plan)? */
export function agreementStartsReg44Clocks(e: CaseEvent): boolean {
  return e.type === 'MediationAgreementReached' && e.agreement !== 'other';
}

/**
 * reg 42: an agreement follows a mediation about that decision; `allowed` are the agreements this stage can take
 * (assess after a refusal to assess, make-plan after a refusal to issue, other anywhere). Each agreement has its own id.
 */
export function agreementFollowsMediation(
  history: readonly CaseEvent[],
  e: CaseEvent,
  allowed: readonly MediationAgreement[],
): LawProblem | undefined {
  if (e.type === 'AgreedActionDone') {
    const agreed = history.find((h) => h.type === 'MediationAgreementReached' && h.agreementId === e.agreementId);
    const done = history.some((h) => h.type === 'AgreedActionDone' && h.agreementId === e.agreementId);
    if (!agreed || agreed.type !== 'MediationAgreementReached' || agreed.agreement !== 'other' || done) {
      return {
        code: 'UNKNOWN_REFERENCE',
        field: 'agreementId',
        message: 'No outstanding action agreed in mediation has that agreementId on this case.',
        regulation: 'reg 42',
      };
    }
    if (e.date < agreed.date)
      return {
        code: 'DATE_ORDER',
        field: 'date',
        message: `The agreed action cannot be done before the agreement of ${agreed.date}.`,
        regulation: 'reg 42',
      };
    return undefined;
  }
  if (e.type !== 'MediationAgreementReached') return undefined;
  if (!allowed.includes(e.agreement)) {
    return {
      code: 'EVENT_NOT_ALLOWED',
      field: 'agreement',
      message: `At this point of the case a mediation agreement can be: ${allowed.join(', ')}.`,
      regulation: 'reg 42',
    };
  }
  if (history.some((h) => h.type === 'MediationAgreementReached' && h.agreementId === e.agreementId)) {
    return {
      code: 'INVALID_EVENT',
      field: 'agreementId',
      message: 'This agreementId is already used on this case.',
      regulation: 'reg 42',
    };
  }
  const about = AGREEMENT_ABOUT[e.agreement];
  const mediation = [...history]
    .reverse()
    .find((h) => h.type === 'MediationStarted' && (about === undefined || h.against === about));
  if (!mediation) {
    return {
      code: 'EVENT_NOT_ALLOWED',
      field: 'agreement',
      message: `There is no mediation${about ? ` about the ${about.replace(/-/g, ' ')}` : ''} on this case (MediationStarted).`,
      regulation: 'reg 42',
    };
  }
  if (e.date < mediation.date)
    return {
      code: 'DATE_ORDER',
      field: 'date',
      message: `The agreement cannot come before the mediation started on ${mediation.date}.`,
      regulation: 'reg 42',
    };
  if (e.doneBy !== undefined && e.agreement !== 'other') {
    return {
      code: 'INVALID_EVENT',
      field: 'doneBy',
      message:
        'An agreement to assess or to make a plan is timed by reg 44 from its date; doneBy is for other agreed actions.',
      regulation: 'reg 42',
    };
  }
  if (e.doneBy !== undefined && e.doneBy < e.date)
    return {
      code: 'DATE_ORDER',
      field: 'doneBy',
      message: 'doneBy cannot be before the agreement.',
      regulation: 'reg 42',
    };
  return undefined;
}
