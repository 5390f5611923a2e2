import { VersionConflict, CommandRejected, EventIdReused, CaseNotFound, ReferenceTaken } from '@ehc/persistence';
import type { WorkflowError } from '@ehc/workflow';
import { DomainError } from '../common/domain-error.js';

/** Workflow codes → HTTP: 409 for "not allowed in this state", 422 for a date or reference that breaks the law's order. */
export function workflowStatus(code: WorkflowError['code']): number {
  switch (code) {
    case 'EVENT_NOT_ALLOWED': return 409;
    case 'INVALID_EVENT': return 400;
    default: return 422; // DATE_ORDER, DATE_IN_FUTURE, UNKNOWN_REFERENCE, EXCEPTION_INVALID
  }
}

export function toDomainError(e: unknown): unknown {
  if (e instanceof CommandRejected) {
    const w = e.error;
    return new DomainError(workflowStatus(w.code), w.code, w.message, {
      allowed: w.allowed?.filter((t) => t !== 'DeadlineMissed'),
      errors: w.field ? [{ field: `event.${w.field}`, message: w.message }] : undefined,
    });
  }
  if (e instanceof VersionConflict) return new DomainError(409, 'VERSION_CONFLICT', e.message, { currentVersion: e.currentVersion });
  if (e instanceof EventIdReused) return new DomainError(409, 'EVENT_ID_REUSED', e.message);
  if (e instanceof CaseNotFound) return new DomainError(404, 'NOT_FOUND', 'The case was not found');
  if (e instanceof ReferenceTaken) return new DomainError(409, 'REFERENCE_TAKEN', `A case with reference ${e.reference} already exists; choose another reference or leave it out to have one made`);
  return e;
}
