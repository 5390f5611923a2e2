// The exception part of "What you can do now" (regs 5(4), 8(2), 10(4), 13(3)): which fields a person is asked for,
// in plain English, and which references the form makes up itself. The server offers only the kinds, time limits and
// advice that can apply to the case (allowed events); these helpers keep the form to what the chosen kind needs.

/** A new record's own reference, made by the form (a person never types an id). Any other id is chosen from the case. */
const GENERATED: Record<string, string> = {
  AdviceRequested: 'adviceId',
  SettingConsulted: 'consultationId',
  ExceptionRecorded: 'exceptionId',
  InformationRequested: 'requestId',
  AdviceAskedByFamily: 'askId',
  MediationAgreementReached: 'agreementId',
  // the maintained plan's new records (docs/plan-life.md#vocabulary)
  ReviewMeetingHeld: 'reviewId',
  AmendmentsProposed: 'amendmentId',
  PhaseTransferDue: 'transferId',
  PlacementStarted: 'placementId',
  ReassessmentRequested: 'reassessmentId',
  PersonalBudgetRequested: 'budgetRequestId',
};

export function isGeneratedId(type: string, field: string): boolean {
  return GENERATED[type] === field;
}

/** Kinds of exception that name an advice request: closures (the request to the head teacher) and missed appointments. */
const NAMES_ADVICE = new Set(['school-closure', 'early-years-closure', 'missed-appointment']);
const CLOSURE = new Set(['school-closure', 'early-years-closure']);

/** Whether a field of the event is asked for, given the answers so far (the advice request only for the kinds that name one). */
export function isFieldShown(type: string, field: string, values: Readonly<Record<string, unknown>>): boolean {
  if (type !== 'ExceptionRecorded' || field !== 'adviceId') return true;
  return NAMES_ADVICE.has(String(values['kind'] ?? ''));
}

/** Whether a field the vocabulary makes optional must be answered for the chosen kind. */
export function isFieldRequired(
  type: string,
  field: string,
  required: boolean,
  values: Readonly<Record<string, unknown>>,
): boolean {
  return (
    required || (type === 'ExceptionRecorded' && field === 'adviceId' && NAMES_ADVICE.has(String(values['kind'] ?? '')))
  );
}

/** The question a field asks, in words that fit the chosen kind of exception. */
export function exceptionFieldLabel(
  field: string,
  fallback: string,
  values: Readonly<Record<string, unknown>>,
): string {
  const kind = String(values['kind'] ?? '');
  const closure = CLOSURE.has(kind);
  const setting = kind === 'early-years-closure' ? 'early years setting' : 'school';
  switch (field) {
    case 'date':
      return 'Date you are recording the exception';
    case 'kind':
      return 'Why could the time limit not be met?';
    case 'from':
      return closure
        ? `First day the ${setting} was closed`
        : kind === 'absent-from-area'
          ? 'First day the child or young person was away from the area'
          : 'First day of the circumstances';
    case 'to':
      return closure
        ? `Day the ${setting} re-opened`
        : kind === 'absent-from-area'
          ? 'Day they came back to the area'
          : 'Last day of the circumstances';
    case 'appliesTo':
      return 'Which time limits could not be met because of this?';
    case 'evidence':
      return 'What is the evidence, and why could the time limit not be met?';
    case 'adviceId':
      return closure
        ? `The advice request to the head teacher or ${setting} that was affected`
        : 'The advice affected by the missed appointment';
    case 'familyInformedOn':
      return 'Date the family were told about the exception';
    default:
      return fallback;
  }
}

/** "Enter the first day the school was closed", "Select which time limits …": GOV.UK error messages for the exception form. */
export function exceptionFieldMessage(
  field: string,
  label: string,
  kind: 'missing' | 'invalid-date',
  hasChoices: boolean,
): string {
  const lower = label.charAt(0).toLowerCase() + label.slice(1);
  if (kind === 'invalid-date') return `${label.replace(/^Date /, 'The date ')} must be a real date`;
  if (field === 'kind') return 'Select why the time limit could not be met';
  if (field === 'appliesTo') return 'Select which time limits could not be met';
  if (field === 'adviceId') return 'Select the advice request that was affected';
  if (field === 'evidence') return 'Enter the evidence and why the time limit could not be met';
  return hasChoices ? `Select ${lower}` : `Enter the ${lower.replace(/^the /, '')}`;
}
