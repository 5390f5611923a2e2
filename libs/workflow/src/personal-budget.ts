// The personal budget's rules on a maintained plan (CFA 2014 s49; SI 2014/1652), as checks and a fold that
// maintained-plan.ts takes in (docs/plan-life.md#personal-budgets). Each check returns the problem or nothing, citing
// what it encodes; no time limit is derived here: none of the regulations' text we could read sets one.
import type { IsoDate } from './dates.js';
import type { LawProblem, WorkflowErrorCode } from './errors.js';
import type { FieldSpec } from './event-shape.js';
import type { PlanContext } from './maintained-plan.js';
import type { PlanEvent } from './plan-events.js';
import type {
  BudgetDecision,
  BudgetEndReason,
  BudgetPart,
  BudgetRequester,
  PersonalBudgetEvent,
  PersonalBudgetEventType,
} from './personal-budget-events.js';
import { PERSONAL_BUDGET_EVENT_FIELDS } from './personal-budget-events.js';

/**
 * What the budget rules read: the requests so far and the first day over compulsory school age. A maintained plan
 * (PlanContext) is one; so are the budgets asked for while the council secures the plan's preparation (s49(1), PB reg 3:
 * plan-on-case.ts budgetsWhilePreparing), judged by the same checks before the plan exists.
 */
export type BudgetContext = Pick<PlanContext, 'personalBudgets' | 'post16From'>;

export const PERSONAL_BUDGET_EVENT_TYPES = Object.keys(PERSONAL_BUDGET_EVENT_FIELDS) as PersonalBudgetEventType[];
// A set: the question is asked for most events of a case, on every command (recordEvent, the deadlines).
const IS_PERSONAL_BUDGET_EVENT_TYPE: ReadonlySet<string> = new Set(PERSONAL_BUDGET_EVENT_TYPES);
export function isPersonalBudgetEventType(t: unknown): t is PersonalBudgetEventType {
  return typeof t === 'string' && IS_PERSONAL_BUDGET_EVENT_TYPE.has(t);
}

export interface PersonalBudgetView {
  budgetRequestId: string;
  requestedOn: IsoDate;
  requestedBy: BudgetRequester;
  parts: BudgetPart[];
  directPaymentsRequested: 'yes' | 'no';
  decidedOn?: IsoDate;
  decision?: BudgetDecision;
  amount?: string;
  directPayments?: 'yes' | 'no';
  arrangements?: 'yes' | 'no';
  thirdParty?: 'yes' | 'no';
  endedOn?: IsoDate;
  endReason?: BudgetEndReason;
}

const problem = (code: WorkflowErrorCode, message: string, field?: string, regulation?: string): LawProblem => ({
  code,
  message,
  ...(field ? { field } : {}),
  ...(regulation ? { regulation } : {}),
});

/** Pounds, whole or with pence: "2400", "2400.50". */
const AMOUNT = /^(0|[1-9]\d{0,6})(\.\d{2})?$/;

function findRequest(c: BudgetContext, id: string): PersonalBudgetView | LawProblem {
  return (
    c.personalBudgets.find((b) => b.budgetRequestId === id) ??
    problem(
      'UNKNOWN_REFERENCE',
      `No personal budget request with that budgetRequestId on this plan. Requests: ${
        c.personalBudgets.map((b) => b.budgetRequestId).join(', ') || 'none'
      }.`,
      'budgetRequestId',
    )
  );
}
const isProblem = (x: object): x is LawProblem => 'code' in x;

/** s49(1): the request is the parent's, or the young person's once over compulsory school age (s83(2)). */
export function budgetRequestIsNew(c: BudgetContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'PersonalBudgetRequested') return undefined;
  if (c.personalBudgets.some((b) => b.budgetRequestId === e.budgetRequestId))
    return problem('INVALID_EVENT', 'This budgetRequestId is already used on this plan.', 'budgetRequestId');
  if (e.parts.length === 0)
    return problem('INVALID_EVENT', 'Say which provision the budget is asked for (parts).', 'parts', 's49(1)');
  if (e.requestedBy === 'young-person' && c.post16From && e.date < c.post16From)
    return problem(
      'INVALID_EVENT',
      `A young person is over compulsory school age (from ${c.post16From}); before then the request is the parent's.`,
      'requestedBy',
      's49(1), s83(2)',
    );
  return undefined;
}

/**
 * The decision answers an open request, on or after it. Agreed: the amount (section J) and at least one way it is
 * managed; direct payments only if they were asked for (reg 4: a request for direct payments). Refused: the reasons.
 * Direct payments asked for and not agreed: the reasons for that (reg 7, text not seen: see docs).
 */
export function budgetDecisionAnswersTheRequest(c: BudgetContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'PersonalBudgetDecided') return undefined;
  const b = findRequest(c, e.budgetRequestId);
  if (isProblem(b)) return b;
  if (b.decidedOn)
    return problem(
      'EVENT_NOT_ALLOWED',
      `Personal budget request ${b.budgetRequestId} was decided on ${b.decidedOn} already.`,
      'budgetRequestId',
    );
  if (e.date < b.requestedOn)
    return problem(
      'DATE_ORDER',
      `The decision cannot be dated before the request (${b.requestedOn}).`,
      'date',
      's49(1)',
    );
  const ways = [e.directPayments, e.arrangements, e.thirdParty];
  if (e.decision === 'agreed') {
    if (!e.amount || !AMOUNT.test(e.amount))
      return problem(
        'INVALID_EVENT',
        'An agreed personal budget is an amount: give it in pounds a year (e.g. 2400 or 2400.50).',
        'amount',
        's49',
      );
    if (!ways.includes('yes'))
      return problem(
        'INVALID_EVENT',
        'Say how the agreed budget is managed: direct payments, an arrangement or a third party (at least one yes).',
        'arrangements',
        's49',
      );
    if ((e.directPayments === 'yes' || e.thirdParty === 'yes') && b.directPaymentsRequested !== 'yes')
      return problem(
        'EVENT_NOT_ALLOWED',
        'Direct payments are made only when they were asked for: this request did not ask for them.',
        'directPayments',
        'reg 4 ◐',
      );
    if (e.reasons) return problem('INVALID_EVENT', 'reasons are given only with a refusal.', 'reasons');
    if (
      b.directPaymentsRequested === 'yes' &&
      e.directPayments !== 'yes' &&
      e.thirdParty !== 'yes' &&
      !e.directPaymentsRefusedReasons
    )
      return problem(
        'INVALID_EVENT',
        'Direct payments were asked for and not agreed: record the reasons given (directPaymentsRefusedReasons).',
        'directPaymentsRefusedReasons',
        'reg 7 ◐',
      );
  } else {
    if (e.amount || ways.some((w) => w !== undefined))
      return problem(
        'INVALID_EVENT',
        'A refused request has no amount and no way of managing it.',
        e.amount ? 'amount' : 'arrangements',
      );
    if (!e.reasons)
      return problem(
        'INVALID_EVENT',
        'A refusal is notified with its reasons: record them (reasons).',
        'reasons',
        'reg 4A; SEND Code of Practice ch.9 ◐',
      );
  }
  if (e.directPaymentsRefusedReasons && (b.directPaymentsRequested !== 'yes' || e.decision === 'refused'))
    return problem(
      'INVALID_EVENT',
      'directPaymentsRefusedReasons are given only when direct payments were asked for and the budget agreed without them.',
      'directPaymentsRefusedReasons',
    );
  return undefined;
}

/** Only an agreed budget that is still in place can end, and not before it was agreed. */
export function budgetIsInPlace(c: BudgetContext, e: PlanEvent): LawProblem | undefined {
  if (e.type !== 'PersonalBudgetEnded') return undefined;
  const b = findRequest(c, e.budgetRequestId);
  if (isProblem(b)) return b;
  if (b.decision !== 'agreed')
    return problem(
      'EVENT_NOT_ALLOWED',
      `Personal budget request ${b.budgetRequestId} ${b.decision ? 'was refused' : 'has no decision yet'}: only an agreed budget can end.`,
      'budgetRequestId',
    );
  if (b.endedOn)
    return problem('EVENT_NOT_ALLOWED', `That personal budget ended on ${b.endedOn} already.`, 'budgetRequestId');
  if (e.date < b.decidedOn!)
    return problem('DATE_ORDER', `A personal budget cannot end before it was agreed (${b.decidedOn}).`, 'date');
  return undefined;
}

/** Every budget rule in turn (each answers only its own event type): the first problem, or nothing. */
export function personalBudgetProblem(c: BudgetContext, e: PersonalBudgetEvent): LawProblem | undefined {
  return budgetRequestIsNew(c, e) ?? budgetDecisionAnswersTheRequest(c, e) ?? budgetIsInPlace(c, e);
}

/** Folds a personal budget event into the plan's list of requests. */
export function recordPersonalBudgetEvent(
  budgets: readonly PersonalBudgetView[],
  e: PersonalBudgetEvent,
): PersonalBudgetView[] {
  switch (e.type) {
    case 'PersonalBudgetRequested':
      return [
        ...budgets,
        {
          budgetRequestId: e.budgetRequestId,
          requestedOn: e.date,
          requestedBy: e.requestedBy,
          parts: [...e.parts],
          directPaymentsRequested: e.directPaymentsRequested,
        },
      ];
    case 'PersonalBudgetDecided':
      return budgets.map((b) =>
        b.budgetRequestId === e.budgetRequestId
          ? {
              ...b,
              decidedOn: e.date,
              decision: e.decision,
              ...(e.amount ? { amount: e.amount } : {}),
              ...(e.directPayments ? { directPayments: e.directPayments } : {}),
              ...(e.arrangements ? { arrangements: e.arrangements } : {}),
              ...(e.thirdParty ? { thirdParty: e.thirdParty } : {}),
            }
          : b,
      );
    case 'PersonalBudgetEnded':
      return budgets.map((b) =>
        b.budgetRequestId === e.budgetRequestId ? { ...b, endedOn: e.date, endReason: e.endReason } : b,
      );
  }
}

/** The agreed budgets in place on a date: agreed on or before it and not ended before it. */
export function personalBudgetsOn(c: PlanContext, on: IsoDate): PersonalBudgetView[] {
  return c.personalBudgets.filter(
    (b) => b.decision === 'agreed' && b.decidedOn! <= on && (b.endedOn === undefined || on <= b.endedOn),
  );
}

/** For forms: the requests awaiting a decision, and the agreed budgets still in place. */
export function openBudgetRequests(c: BudgetContext): PersonalBudgetView[] {
  return c.personalBudgets.filter((b) => !b.decidedOn);
}
export function budgetsInPlace(c: BudgetContext): PersonalBudgetView[] {
  return c.personalBudgets.filter((b) => b.decision === 'agreed' && !b.endedOn);
}

/**
 * For forms: a personal budget event as it may be recorded next, its reference narrowed to what it may answer (an open
 * request to decide, a budget in place to end) with the earliest lawful date; undefined when there is nothing to answer.
 * A request may be dated from `earliest` (the plan's start, or the day the council became bound to prepare it).
 */
export function offerBudgetEvent(
  c: BudgetContext,
  type: PersonalBudgetEventType,
  earliest: IsoDate | undefined,
): { type: PersonalBudgetEventType; fields: FieldSpec[]; earliest?: IsoDate } | undefined {
  let fields = PERSONAL_BUDGET_EVENT_FIELDS[type];
  let from = earliest;
  if (type !== 'PersonalBudgetRequested') {
    const list = type === 'PersonalBudgetDecided' ? openBudgetRequests(c) : budgetsInPlace(c);
    if (!list.length) return undefined;
    const ids = list.map((b) => b.budgetRequestId);
    fields = fields.map((f) => (f.name === 'budgetRequestId' ? { ...f, options: ids } : f));
    from = list.map((b) => (type === 'PersonalBudgetDecided' ? b.requestedOn : b.decidedOn!)).sort()[0];
  }
  return from ? { type, fields, earliest: from } : { type, fields };
}
