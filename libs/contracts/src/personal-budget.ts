// Labels of the personal budget's events and vocabularies (docs/plan-life.md#personal-budgets), taken into labels.ts.
// The codes are libs/workflow's (personal-budget-events.ts).

export const PERSONAL_BUDGET_EVENT_LABELS: Record<string, string> = {
  PersonalBudgetRequested: 'Personal budget requested',
  PersonalBudgetDecided: 'Personal budget decided',
  PersonalBudgetEnded: 'Personal budget ended',
};
export const PERSONAL_BUDGET_ACTION_LABELS: Record<string, string> = {
  PersonalBudgetRequested: 'Record a request for a personal budget',
  PersonalBudgetDecided: 'Record the personal budget decision',
  PersonalBudgetEnded: 'Record that a personal budget ended',
};
export const BUDGET_REQUESTER_LABELS: Record<string, string> = {
  parent: 'Parent',
  'young-person': 'Young person',
};
export const BUDGET_PART_LABELS: Record<string, string> = {
  education: 'Special educational provision (section F)',
  health: 'Health provision (section G)',
  'social-care': 'Social care provision (section H)',
};
export const BUDGET_DECISION_LABELS: Record<string, string> = {
  agreed: 'Agreed',
  refused: 'Refused',
};
export const BUDGET_END_REASON_LABELS: Record<string, string> = {
  'no-longer-wanted': 'The family no longer wants it',
  'council-decision': 'The council’s decision',
  other: 'Other',
};

/** A request for a personal budget on the plan, with its decision and end (docs/plan-life.md#personal-budgets). */
export interface PlanPersonalBudget {
  budgetRequestId: string;
  requestedOn: string;
  requestedBy: string;
  requestedByLabel: string;
  parts: string[];
  partLabels: string[];
  directPaymentsRequested: 'yes' | 'no';
  decidedOn?: string;
  decision?: string;
  decisionLabel?: string;
  /** Pounds a year, as recorded ("2400.50"). */
  amount?: string;
  /** How an agreed budget is managed, in words ("Direct payments, an arrangement"). */
  managedAs?: string;
  endedOn?: string;
  endReasonLabel?: string;
  /** Agreed and not ended: the personal budget the plan has now. */
  inPlace: boolean;
}
