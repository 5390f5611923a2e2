// Why the workflow refused an event. Messages say what is wrong and what is allowed; they may name
// dates, stages, event types and references, never a free-text value (it could be personal data).
import type { CaseEventType } from './events.js';

export type WorkflowErrorCode =
  | 'EVENT_NOT_ALLOWED' // the event cannot happen at this point of the case
  | 'DATE_ORDER' // dated before the request or before the step it follows
  | 'DATE_IN_FUTURE' // dated after today
  | 'INVALID_EVENT' // wrong shape, or a duplicate reference
  | 'UNKNOWN_REFERENCE' // refers to advice, a consultation or an exception the case does not have
  | 'EXCEPTION_INVALID'; // the claimed exception does not meet its statutory predicate (docs/law.md#exceptions)

export interface WorkflowError {
  code: WorkflowErrorCode;
  message: string;
  /** Event types allowed at this point of the case. */
  allowed: CaseEventType[];
  field?: string;
  regulation?: string;
}

/** A problem found by a rule, before the caller adds the list of allowed events. */
export type LawProblem = Omit<WorkflowError, 'allowed'>;

export class WorkflowRejection extends Error {
  constructor(readonly error: WorkflowError) {
    super(error.message);
    this.name = 'WorkflowRejection';
  }
}
