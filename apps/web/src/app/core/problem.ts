import { HttpErrorResponse } from '@angular/common/http';
import type { Problem } from '@ehc/contracts';
import { plainEnglish } from './plain-english';

/** One line of a GOV.UK error summary: `fieldId` is the id of the input the link moves focus to. */
export interface FieldError {
  fieldId: string;
  message: string;
}

/** Reads the server's Problem body out of an HTTP error, or makes one that says what went wrong. */
export function toProblem(err: unknown): Problem {
  if (err instanceof HttpErrorResponse) {
    const body = err.error as Partial<Problem> | null;
    // A problem details body (RFC 9457): `detail`/`status`, or the older `message`/`statusCode` the api also sends.
    const message =
      body && typeof body === 'object'
        ? typeof body.message === 'string'
          ? body.message
          : typeof body.detail === 'string'
            ? body.detail
            : undefined
        : undefined;
    if (body && message !== undefined) {
      // What people read is plain English: no event code names, field names or machine dates (plain-english.ts).
      return {
        statusCode: body.statusCode ?? body.status ?? err.status,
        code: body.code ?? 'ERROR',
        message: plainEnglish(body.code, message),
        errors: body.errors?.map((e) => ({ ...e, message: plainEnglish(body.code, e.message) })),
        allowed: body.allowed,
        currentVersion: body.currentVersion,
      };
    }
    if (err.status === 0) {
      return {
        statusCode: 0,
        code: 'OFFLINE',
        message: 'The service could not be reached. Check your connection and try again.',
      };
    }
    return {
      statusCode: err.status,
      code: 'ERROR',
      message: 'Sorry, there is a problem with the service. Try again later.',
    };
  }
  return { statusCode: 0, code: 'ERROR', message: 'Sorry, there is a problem with the service. Try again later.' };
}
