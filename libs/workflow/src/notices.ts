// Notices. The regulations set time limits for telling the parent or young person (reg 5(1) "notify", reg 10(1)
// "notify", reg 13(2) "send the finalised EHC plan", reg 44/45 likewise): such a limit is met on the day the notice is
// SENT. A decision recorded on one day and sent later meets its limit on the later day. Notices of an appealable
// decision must carry the right of appeal, the time limits, and mediation and disagreement-resolution information
// (regs 5(3), 10(3), 14, 31; reg 32): a refusal's notice without it is recorded, but does not meet the limit.
// Where no NoticeSent is recorded for a decision, its own date is taken as the day it was notified (the decision
// events are dated "the date … was notified").
import type { LawProblem } from './errors.js';
import type { CaseEvent, CaseEventType, NoticeKind } from './events.js';

/** Which decision or step each notice announces. */
export const NOTICE_OF: Record<NoticeKind, CaseEventType> = {
  'decision-to-assess': 'DecidedToAssess',
  'decision-not-to-assess': 'DecidedNotToAssess',
  'decision-not-to-issue': 'DecidedNotToIssue',
  'draft-plan': 'DraftPlanIssued',
  'amended-draft-plan': 'AmendedDraftServed',
  'final-plan': 'FinalPlanIssued',
  'amended-plan': 'AmendedPlanIssued',
  'decision-to-cease': 'PlanEnded',
  'plan-transferred': 'TransferredPlanReceived', // reg 15(4)
};

/** Notices of decisions the family can appeal (s51(2)): they must carry the appeal and mediation information. */
export const APPEALABLE_NOTICES: readonly NoticeKind[] = [
  'decision-not-to-assess',
  'decision-not-to-issue',
  'final-plan',
  'amended-plan',
  'decision-to-cease',
];
/**
 * Notices whose regulation makes that information part of the notice itself (reg 5(3), reg 10(3), reg 31): without it
 * the time limit is not met. For a plan, sending it (reg 13(2)) and telling the family of the right of appeal (reg 14)
 * are separate duties, so a plan sent without the information still meets the plan's limit (the notice records the gap).
 */
export const INFORMATION_IS_PART_OF_THE_NOTICE: readonly NoticeKind[] = [
  'decision-not-to-assess',
  'decision-not-to-issue',
  'decision-to-cease',
];

// The notice kind of each decision, looked up once (notifiedOn runs for every limit met, on every command).
const KIND_FOR = new Map<CaseEventType, NoticeKind>();
for (const k of Object.keys(NOTICE_OF) as NoticeKind[]) if (!KIND_FOR.has(NOTICE_OF[k])) KIND_FOR.set(NOTICE_OF[k], k);
const kindFor = (t: CaseEventType): NoticeKind | undefined => KIND_FOR.get(t);

/**
 * The day the decision at `window[i]` was notified: the first proper NoticeSent for it later in the window (before the
 * next event of the same kind), else — if notices for it were sent but none proper — null (not yet notified), else
 * its own date. The window is `window` up to (not including) index `end`.
 */
export function notifiedOn(window: readonly CaseEvent[], i: number, end = window.length): string | null {
  const decision = window[i]!;
  const kind = kindFor(decision.type);
  if (!kind) return decision.date;
  let defective = false;
  for (let j = i + 1; j < end; j++) {
    const e = window[j]!;
    if (e.type === decision.type) break;
    if (e.type !== 'NoticeSent' || e.notice !== kind) continue;
    if (INFORMATION_IS_PART_OF_THE_NOTICE.includes(kind) && e.appealInformation !== 'included') {
      defective = true;
      continue;
    }
    return e.date;
  }
  return defective ? null : decision.date;
}

/** A notice announces a decision the case has made, on or after it, with the appeal information where the law requires it. */
export function noticeFollowsItsDecision(history: readonly CaseEvent[], e: CaseEvent): LawProblem | undefined {
  if (e.type !== 'NoticeSent') return undefined;
  const of = NOTICE_OF[e.notice];
  const decision = [...history]
    .reverse()
    .find((h) => h.type === of && (of !== 'PlanEnded' || (h.type === 'PlanEnded' && h.reason.startsWith('ceased'))));
  if (!decision) {
    return {
      code: 'UNKNOWN_REFERENCE',
      field: 'notice',
      message: `There is no ${of === 'PlanEnded' ? 'decision to cease the plan' : of} on this case for this notice to announce.`,
    };
  }
  if (e.date < decision.date)
    return {
      code: 'DATE_ORDER',
      field: 'date',
      message: `A notice cannot be sent before the decision it announces (${decision.date}).`,
    };
  if (APPEALABLE_NOTICES.includes(e.notice) && e.appealInformation === undefined) {
    return {
      code: 'INVALID_EVENT',
      field: 'appealInformation',
      message:
        'Say whether the notice carried the right of appeal, time limits and mediation information (included, not-included): the law requires it for this decision.',
      regulation: 'regs 5(3), 10(3), 14, 31, 32',
    };
  }
  return undefined;
}
