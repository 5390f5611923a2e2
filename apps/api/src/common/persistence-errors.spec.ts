import {
  CaseNotFound,
  CommandRejected,
  EventIdReused,
  InvalidCursor,
  ReferenceTaken,
  VersionConflict,
} from '@ehc/persistence';
import { DomainError } from './domain-error.js';
import { asProblemError } from './persistence-errors.js';

const answer = (e: unknown) => {
  const d = asProblemError(e);
  return d instanceof DomainError ? { status: d.statusCode, code: d.code, ...d.extra } : d;
};
const pg = (code: string, more: Record<string, string> = {}) => Object.assign(new Error('db'), { code, ...more });

describe('persistence errors → problem responses (one place)', () => {
  it('maps the write path’s own errors', () => {
    expect(
      answer(
        new CommandRejected({
          code: 'EVENT_NOT_ALLOWED',
          message: 'no',
          allowed: ['DecidedToAssess', 'DeadlineMissed'],
        } as never),
      ),
    ).toMatchObject({ status: 409, code: 'EVENT_NOT_ALLOWED', allowed: ['DecidedToAssess'] });
    expect(
      answer(new CommandRejected({ code: 'DATE_ORDER', message: 'too early', field: 'date' } as never)),
    ).toMatchObject({ status: 422, code: 'DATE_ORDER', errors: [{ field: 'event.date', message: 'too early' }] });
    expect(answer(new VersionConflict(7))).toMatchObject({ status: 409, code: 'VERSION_CONFLICT', currentVersion: 7 });
    expect(answer(new EventIdReused())).toMatchObject({ status: 409, code: 'EVENT_ID_REUSED' });
    expect(answer(new CaseNotFound())).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(answer(new ReferenceTaken('EHC-1'))).toMatchObject({ status: 409, code: 'REFERENCE_TAKEN' });
    expect(answer(new InvalidCursor())).toMatchObject({
      status: 400,
      code: 'INVALID_REQUEST',
      errors: [{ field: 'cursor' }],
    });
  });

  it('maps PostgreSQL’s unique, serialization, deadlock, foreign-key and check violations', () => {
    expect(answer(pg('23505', { constraint: 'case_note_corrected_once', table: 'case_note' }))).toMatchObject({
      status: 409,
      code: 'ALREADY_CORRECTED',
    });
    expect(answer(pg('23505', { constraint: 'some_key', table: 'person' }))).toMatchObject({
      status: 409,
      code: 'CONFLICT',
    });
    expect(answer(pg('40001'))).toMatchObject({ status: 409, code: 'CONCURRENT_CHANGE' });
    expect(answer(pg('40P01'))).toMatchObject({ status: 409, code: 'CONCURRENT_CHANGE' });
    expect(answer(pg('23503', { table: 'case_note' }))).toMatchObject({ status: 422, code: 'UNKNOWN_REFERENCE' });
    expect(answer(pg('23514', { table: 'person' }))).toMatchObject({ status: 422, code: 'INVALID_VALUE' });
  });

  it('leaves the rest alone: a failed audit row is the server’s failure, other errors stay 500', () => {
    for (const e of [
      pg('23514', { table: 'audit_event' }),
      pg('23505', { table: 'audit_event' }),
      pg('57P01'),
      new Error('boom'),
      undefined,
    ]) {
      expect(asProblemError(e)).toBe(e);
    }
  });
});
