/**
 * Summary histories migrated from an older system (docs/migrated-histories.md): request, decision and plan dates,
 * usually without the advice, draft and consultation events that live casework records. Such a history cannot be
 * replayed through the statechart step by step (a plan without a recorded draft is refused there, rightly, for
 * live work), so it is checked here for everything its data allows, and the case's state is set from it:
 *  - it starts with the request (s36(1), s24: day 0 of every clock), and no event is dated before it or after today;
 *  - the main-flow steps are in date order and in an order the law allows (a decision whether to assess before
 *    any plan, reg 5(1); a plan only while the LA is assessing or has decided to issue, s36(8), reg 13; a "no plan"
 *    notice only after a decision to assess, reg 10(1); nothing of the assessment after a withdrawal or a move);
 *  - an exception names a real period (from ≤ to) and an unused reference; a withdrawal names an active one;
 *  - the 20-week arithmetic of reg 13(2) then runs on its dates exactly as on live cases (deriveDeadlines).
 * The marker event `HistoryMigrated` closes the summary; anything after it is live casework under the full rules.
 */
import type { IsoDate } from './dates.js';
import { initialContext, recordEvent, type CaseContext } from './ehc-assessment.machine.js';
import type { WorkflowError } from './errors.js';
import type { CaseEvent, CaseEventType } from './events.js';
import { planGuard } from './plan-on-case.js';

/** What a summary may hold: the SEN2 request and assessment items and the events that qualify them. */
export const SUMMARY_EVENT_TYPES: readonly CaseEventType[] = [
  'RequestReceived',
  'CaseworkerAssigned',
  'DecidedToAssess',
  'DecidedNotToAssess',
  'DecidedToIssue',
  'DecidedNotToIssue',
  'FinalPlanIssued',
  'ExceptionRecorded',
  'ExceptionWithdrawn',
  'MediationStarted',
  'TribunalAppealRegistered',
  'TribunalOrderMade',
  'RequestWithdrawn',
  'MovedOutOfArea',
  // reg 12(1)(a): the plan's needs (section B), which SEN2 module 5c reports for every active plan
  'SenNeedsRecorded',
];

type SummaryStage =
  | 'awaiting-decision-to-assess'
  | 'not-assessing'
  | 'assessing'
  | 'not-issuing'
  | 'drafting'
  | 'plan-issued'
  | 'withdrawn'
  | 'moved-out';

const FLOW: readonly CaseEventType[] = [
  'DecidedToAssess',
  'DecidedNotToAssess',
  'DecidedToIssue',
  'DecidedNotToIssue',
  'FinalPlanIssued',
  'TribunalOrderMade',
  'RequestWithdrawn',
  'MovedOutOfArea',
];
const OPEN: readonly SummaryStage[] = ['awaiting-decision-to-assess', 'assessing', 'drafting'];

/** The stage a main-flow event leads to from `stage`, or null when the law does not allow it there. */
function next(stage: SummaryStage, e: CaseEvent): SummaryStage | null {
  switch (e.type) {
    // reg 5(1): the decision whether to assess; a later decision to assess after a refusal is the LA's reversal
    case 'DecidedToAssess':
      return stage === 'awaiting-decision-to-assess' || stage === 'not-assessing' ? 'assessing' : null;
    case 'DecidedNotToAssess':
      return stage === 'awaiting-decision-to-assess' ? 'not-assessing' : null;
    // reg 10(1) / s36(8): after an assessment; a decision to issue after a refusal is a reversal
    case 'DecidedToIssue':
      return stage === 'assessing' || stage === 'not-issuing' ? 'drafting' : null;
    case 'DecidedNotToIssue':
      return stage === 'assessing' || stage === 'drafting' ? 'not-issuing' : null;
    // reg 13: a plan follows an assessment (old systems often kept no decision-to-issue or draft date);
    // after a recorded refusal to issue it is the LA's reversal (SEN2 keeps the refusal as the outcome)
    case 'FinalPlanIssued':
      return stage === 'assessing' || stage === 'drafting' || stage === 'not-issuing' ? 'plan-issued' : null;
    // reg 44(2)(b)/(c): an order to assess answers a refusal to assess; an order to make a plan a refusal to issue;
    // reg 44(2)(e)/(f): an order on the plan (its provision, the school named) follows the plan
    case 'TribunalOrderMade':
      if (e.order === 'assess') return stage === 'not-assessing' ? 'awaiting-decision-to-assess' : null;
      if (e.order === 'make-plan') return stage === 'not-issuing' ? 'drafting' : null;
      return stage === 'plan-issued' ? 'plan-issued' : null;
    // SEN2 outcome W and "exported": the assessment ends while it is open
    case 'RequestWithdrawn':
      return OPEN.includes(stage) ? 'withdrawn' : null;
    case 'MovedOutOfArea':
      return OPEN.includes(stage) ? 'moved-out' : null;
    default:
      return stage;
  }
}

export type SummaryCheck =
  { ok: true; stage: SummaryStage; context: CaseContext } | { ok: false; index: number; error: WorkflowError };

/**
 * Checks a summary history (its events up to and including `HistoryMigrated`) and returns the stage and the
 * machine context it leaves the case in. `today` bounds the dates when given (the importer's check).
 */
export function checkSummary(summary: readonly CaseEvent[], finalPlanDays: number, today?: IsoDate): SummaryCheck {
  const fail = (index: number, code: WorkflowError['code'], message: string, field?: string): SummaryCheck => ({
    ok: false,
    index,
    error: { code, message, allowed: [...SUMMARY_EVENT_TYPES], ...(field ? { field } : {}) },
  });
  const first = summary[0];
  if (!first || first.type !== 'RequestReceived')
    return fail(
      0,
      'EVENT_NOT_ALLOWED',
      'A summary history starts with RequestReceived: the request is day 0 of every clock (s36(1), s24).',
    );
  const last = summary.length - 1;
  if (summary[last]!.type !== 'HistoryMigrated')
    return fail(last, 'EVENT_NOT_ALLOWED', "A summary history ends with the importer's HistoryMigrated record.");
  let stage: SummaryStage = 'awaiting-decision-to-assess';
  let context = recordEvent(initialContext(finalPlanDays), first);
  let flowDate = first.date;
  let decided = false;
  const active = new Set<string>();
  const used = new Set<string>();
  for (let i = 1; i < summary.length; i++) {
    const e = summary[i]!;
    if (e.type === 'HistoryMigrated') {
      if (i !== last)
        return fail(i, 'EVENT_NOT_ALLOWED', 'HistoryMigrated closes a summary and is written once, by the importer.');
    } else if (!SUMMARY_EVENT_TYPES.includes(e.type)) {
      return fail(
        i,
        'EVENT_NOT_ALLOWED',
        `${e.type} is not part of a summary history; import the case in full mode to record it. A summary may hold: ${SUMMARY_EVENT_TYPES.join(', ')}.`,
      );
    }
    if (e.date < first.date)
      return fail(
        i,
        'DATE_ORDER',
        `${e.type} cannot be dated before the request was received on ${first.date} (day 0).`,
        'date',
      );
    if (today !== undefined && e.date > today)
      return fail(
        i,
        'DATE_IN_FUTURE',
        `${e.type} is dated after today (${today}); a history records what has happened.`,
        'date',
      );
    if (e.type === 'HistoryMigrated') break;
    if (FLOW.includes(e.type)) {
      if (e.date < flowDate)
        return fail(
          i,
          'DATE_ORDER',
          `${e.type} is dated before the previous step of the case (${flowDate}); the dates of a summary must be in order.`,
          'date',
        );
      const to = next(stage, e);
      if (to === null)
        return fail(i, 'EVENT_NOT_ALLOWED', `${e.type} cannot follow a case that is ${stage} in a summary history.`);
      stage = to;
      flowDate = e.date;
      if (e.type !== 'RequestWithdrawn' && e.type !== 'MovedOutOfArea') decided = true;
    } else if (stage === 'withdrawn' || stage === 'moved-out') {
      return fail(i, 'EVENT_NOT_ALLOWED', `${e.type} cannot follow the end of the case (${stage}).`);
    } else if (e.type === 'MediationStarted' || e.type === 'TribunalAppealRegistered') {
      // s51-55: mediation and appeals are about a decision, so one must have been made
      if (!decided)
        return fail(i, 'EVENT_NOT_ALLOWED', `${e.type} needs a decision to dispute; none is recorded before it.`);
    } else if (e.type === 'ExceptionRecorded') {
      if (e.from > e.to)
        return fail(i, 'EXCEPTION_INVALID', "An exception's period must start on or before it ends (from ≤ to).", 'to');
      if (used.has(e.exceptionId))
        return fail(
          i,
          'INVALID_EVENT',
          'exceptionId is already used on this case; each exception has its own reference.',
          'exceptionId',
        );
      used.add(e.exceptionId);
      active.add(e.exceptionId);
    } else if (e.type === 'SenNeedsRecorded') {
      // the needs of the plan issued (reg 12(1)(a)), decided by the plan's own rules: not before the plan, each once
      if (stage !== 'plan-issued')
        return fail(
          i,
          'EVENT_NOT_ALLOWED',
          'SenNeedsRecorded needs the final plan (FinalPlanIssued) recorded before it.',
        );
      const p = planGuard(context, e);
      if (p) return fail(i, p.code, p.message, p.field);
    } else if (e.type === 'ExceptionWithdrawn') {
      if (!active.delete(e.exceptionId))
        return fail(
          i,
          'UNKNOWN_REFERENCE',
          'exceptionId does not match an active exception on this case.',
          'exceptionId',
        );
    }
    context = recordEvent(context, e);
  }
  context = recordEvent(context, summary[last]!);
  return { ok: true, stage, context };
}

/** Where a stored history's migrated summary ends (the index of HistoryMigrated), or -1 for live casework only. */
export function summaryEnd(history: readonly unknown[]): number {
  return history.findIndex((e) => (e as { type?: unknown } | null)?.type === 'HistoryMigrated');
}
