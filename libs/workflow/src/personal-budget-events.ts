// Personal budgets (CFA 2014 s49; SEN (Personal Budgets) Regulations 2014, SI 2014/1652): the maintained plan's
// events for a request for a personal budget, the council's decision on it and the budget's end
// (docs/plan-life.md#personal-budgets). A module of its own, spread into PLAN_EVENT_FIELDS (plan-events.ts), so the
// plan's other vocabulary and this one change apart. Names are a contract: add, never rename.
import type { IsoDate } from './dates.js';
import type { FieldSpec } from './event-shape.js';

/** s49(1): a personal budget is prepared if the child's parent or the young person asks. */
export const BUDGET_REQUESTERS = ['parent', 'young-person'] as const;
/** The plan's parts a budget may cover: special educational (section F), health (G) and social care (H) provision. */
export const BUDGET_PARTS = ['education', 'health', 'social-care'] as const;
export const BUDGET_DECISIONS = ['agreed', 'refused'] as const;
/** Why a budget stopped: the family no longer wants it (for direct payments, reg 14), the council's decision, other. */
export const BUDGET_END_REASONS = ['no-longer-wanted', 'council-decision', 'other'] as const;

export type BudgetRequester = (typeof BUDGET_REQUESTERS)[number];
export type BudgetPart = (typeof BUDGET_PARTS)[number];
export type BudgetDecision = (typeof BUDGET_DECISIONS)[number];
export type BudgetEndReason = (typeof BUDGET_END_REASONS)[number];
type YesNo = 'yes' | 'no';

interface Dated<T extends string> {
  type: T;
  /** When it happened, 'YYYY-MM-DD'. */
  date: IsoDate;
}

/** s49(1), reg 4: the child's parent or the young person asked for a personal budget (`date`: the request received). */
export interface PersonalBudgetRequested extends Dated<'PersonalBudgetRequested'> {
  budgetRequestId: string;
  requestedBy: BudgetRequester;
  parts: BudgetPart[];
  /** reg 4: the request asked for direct payments as well. */
  directPaymentsRequested: YesNo;
}
/**
 * The council's decision on a request, notified (`date`). Agreed: the amount a year, set out in section J of the plan,
 * and how it is managed (any of the three). Refused: the reasons given. Direct payments asked for and not agreed: the
 * reasons given for that.
 */
export interface PersonalBudgetDecided extends Dated<'PersonalBudgetDecided'> {
  budgetRequestId: string;
  decision: BudgetDecision;
  /** Pounds a year, e.g. "2400" or "2400.50". */
  amount?: string;
  directPayments?: YesNo;
  /** An arrangement: the council, school or college holds the money and secures the provision (a notional budget). */
  arrangements?: YesNo;
  /** Direct payments paid to and managed by a third party (a person or organisation) for the family. */
  thirdParty?: YesNo;
  reasons?: string;
  directPaymentsRefusedReasons?: string;
}
/** The agreed budget stopped (`date`: the last day it was in place). */
export interface PersonalBudgetEnded extends Dated<'PersonalBudgetEnded'> {
  budgetRequestId: string;
  endReason: BudgetEndReason;
}

export type PersonalBudgetEvent = PersonalBudgetRequested | PersonalBudgetDecided | PersonalBudgetEnded;
export type PersonalBudgetEventType = PersonalBudgetEvent['type'];

const MAX_REASONS = 2000;
const YES_NO = ['yes', 'no'] as const;
const date = (name: string, label: string): FieldSpec => ({ name, kind: 'date', required: true, label });
const ref = (name: string, label: string): FieldSpec => ({ name, kind: 'ref', required: true, label });
const oneOf = (name: string, options: readonly string[], label: string, required = true): FieldSpec => ({
  name,
  kind: 'enum',
  required,
  options,
  label,
});
const text = (name: string, label: string, max: number): FieldSpec => ({
  name,
  kind: 'text',
  required: false,
  label,
  max,
});

/** What each personal budget event needs (PLAN_EVENT_FIELDS takes them in). `date` first. */
export const PERSONAL_BUDGET_EVENT_FIELDS: Record<PersonalBudgetEventType, FieldSpec[]> = {
  PersonalBudgetRequested: [
    date('date', 'Date the request was received'),
    ref('budgetRequestId', 'Personal budget request reference'),
    oneOf('requestedBy', BUDGET_REQUESTERS, 'Requested by'),
    { ...oneOf('parts', BUDGET_PARTS, 'Provision the budget is asked for'), many: true },
    oneOf('directPaymentsRequested', YES_NO, 'Were direct payments asked for?'),
  ],
  PersonalBudgetDecided: [
    date('date', 'Date the decision was notified'),
    ref('budgetRequestId', 'The request decided'),
    oneOf('decision', BUDGET_DECISIONS, 'Decision'),
    text('amount', 'If agreed: amount a year in pounds (as set out in section J)', 12),
    oneOf('directPayments', YES_NO, 'If agreed: paid as direct payments?', false),
    oneOf('arrangements', YES_NO, 'If agreed: an arrangement (the council, school or college holds the money)?', false),
    oneOf('thirdParty', YES_NO, 'If agreed: direct payments managed by a third party?', false),
    text('reasons', 'If refused: the reasons given', MAX_REASONS),
    text(
      'directPaymentsRefusedReasons',
      'If direct payments were asked for and not agreed: the reasons given',
      MAX_REASONS,
    ),
  ],
  PersonalBudgetEnded: [
    date('date', 'Last day of the personal budget'),
    ref('budgetRequestId', 'The personal budget'),
    oneOf('endReason', BUDGET_END_REASONS, 'Why it ended'),
  ],
};
