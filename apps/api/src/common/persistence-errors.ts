import {
  CaseNotFound,
  CommandRejected,
  EventIdReused,
  InvalidCursor,
  ReferenceTaken,
  VersionConflict,
} from '@ehc/persistence';
import type { WorkflowError } from '@ehc/workflow';
import { DomainError } from './domain-error.js';

/** Workflow codes → HTTP: 409 for "not allowed in this state", 422 for a date or reference that breaks the law's order. */
export function workflowStatus(code: WorkflowError['code']): number {
  switch (code) {
    case 'EVENT_NOT_ALLOWED':
      return 409;
    case 'INVALID_EVENT':
      return 400;
    default:
      return 422; // DATE_ORDER, DATE_IN_FUTURE, UNKNOWN_REFERENCE, EXCEPTION_INVALID
  }
}

/**
 * A unique index whose violation has its own answer (a constraint the service checks first, but two requests at once
 * can both pass the check: the index decides, and the second gets the same answer the check would have given).
 */
const UNIQUE_ANSWERS: Record<string, () => DomainError> = {
  case_note_corrected_once: () =>
    new DomainError(
      409,
      'ALREADY_CORRECTED',
      'That note has already been corrected: correct the newest version instead',
      { errors: [{ field: 'corrects', message: 'correct the newest version of the note' }] },
    ),
};

interface PgError {
  code?: string;
  constraint?: string;
  table?: string;
}

/**
 * The one place where what the persistence layer throws becomes a problem response (docs/architecture.md "Errors"):
 * the write path's own errors (the statechart's refusal, a stale version, a reused event id, a case not found, a
 * taken reference, a cursor this list did not make) and PostgreSQL's (a unique, foreign-key or check violation, a
 * serialization failure or deadlock). Services throw them as they are; the audit interceptor (which records a
 * refusal by its status) and the problem filter both read them through this function. Anything else is returned
 * unchanged, and so is any violation on the audit trail: losing an audit row is the server's failure, never the
 * client's (a 500).
 */
export function asProblemError(e: unknown): unknown {
  if (e instanceof CommandRejected) {
    const w = e.error;
    return new DomainError(workflowStatus(w.code), w.code, w.message, {
      allowed: w.allowed?.filter((t) => t !== 'DeadlineMissed'),
      errors: w.field ? [{ field: `event.${w.field}`, message: w.message }] : undefined,
    });
  }
  if (e instanceof VersionConflict)
    return new DomainError(409, 'VERSION_CONFLICT', e.message, { currentVersion: e.currentVersion });
  if (e instanceof EventIdReused) return new DomainError(409, 'EVENT_ID_REUSED', e.message);
  if (e instanceof CaseNotFound) return new DomainError(404, 'NOT_FOUND', 'The case was not found');
  if (e instanceof ReferenceTaken)
    return new DomainError(
      409,
      'REFERENCE_TAKEN',
      `A case with reference ${e.reference} already exists; choose another reference or leave it out to have one made`,
    );
  if (e instanceof InvalidCursor)
    return new DomainError(400, 'INVALID_REQUEST', e.message, {
      errors: [{ field: 'cursor', message: 'not a cursor from this list' }],
    });
  const pg = e as PgError | null;
  if (!pg || typeof pg.code !== 'string' || pg.table === 'audit_event') return e;
  switch (pg.code) {
    case '23505':
      return (
        UNIQUE_ANSWERS[pg.constraint ?? '']?.() ??
        new DomainError(
          409,
          'CONFLICT',
          'The same record was written at the same time by another request; reload and try again',
        )
      );
    case '40001':
    case '40P01':
      return new DomainError(
        409,
        'CONCURRENT_CHANGE',
        'Another change to the same records was being saved at the same time; nothing was changed: try again',
      );
    case '23503':
      return new DomainError(
        422,
        'UNKNOWN_REFERENCE',
        'The request refers to a record that does not exist (or no longer exists); nothing was changed',
      );
    case '23514':
      return new DomainError(422, 'INVALID_VALUE', 'A value is outside what is allowed; nothing was changed');
    default:
      return e;
  }
}
