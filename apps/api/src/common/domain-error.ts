/**
 * A domain error with a stable code, mapped once to an HTTP problem response (ProblemFilter).
 * 409: not allowed in this state / version conflict; 422: a date breaks the law's order.
 */
export class DomainError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: { errors?: { field: string; message: string }[]; allowed?: string[]; currentVersion?: number } = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError(404, 'NOT_FOUND', `${what} was not found`);
export const badRequest = (message: string, errors?: { field: string; message: string }[]) =>
  new DomainError(400, 'INVALID_REQUEST', message, { errors });
