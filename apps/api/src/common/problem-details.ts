import type { Problem } from '@ehc/contracts';

/**
 * Problem details (RFC 9457) for every error the api answers. `type` names the kind of problem by its stable code
 * (a URN: it identifies, it is not meant to be fetched), `title` is the same for every occurrence of that code,
 * `detail` says what is wrong with this request and what is allowed, `instance` is the path that was called (never the
 * query string: a search term could be a name). `code`, `errors`, `allowed` and `currentVersion` are extensions;
 * `statusCode` and `message` repeat `status` and `detail` for clients written before (the web app reads them).
 */
export const PROBLEM_TYPE_PREFIX = 'urn:ehc:problem:';

/** Titles by code; a code not listed takes the HTTP status's own phrase. */
const TITLES: Record<string, string> = {
  INVALID_REQUEST: 'The request is not valid',
  INVALID_EVENT: 'The event is not valid',
  UNAUTHENTICATED: 'Sign in first',
  SIGN_IN_FAILED: 'Sign-in failed',
  FORBIDDEN: 'Not allowed for your role or team',
  CSRF_HEADER_MISSING: 'The X-Requested-With header is missing',
  NOT_FOUND: 'Not found',
  EVENT_NOT_ALLOWED: 'The law does not allow this event now',
  VERSION_CONFLICT: 'The case has changed since you loaded it',
  EVENT_ID_REUSED: 'The eventId was used for a different event',
  REFERENCE_TAKEN: 'The case reference is taken',
  USERNAME_TAKEN: 'The username is taken',
  LAST_ADMIN: 'The last admin cannot be removed',
  DATE_ORDER: "A date breaks the law's order",
  DATE_IN_FUTURE: 'A date is in the future',
  UNKNOWN_REFERENCE: 'A reference names nothing on this case',
  EXCEPTION_INVALID: 'The exception does not meet its statutory test',
  UNKNOWN_CASEWORKER: 'No such caseworker in the team',
  TOO_MANY_REQUESTS: 'Too many requests',
  PAYLOAD_TOO_LARGE: 'The request body is too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported content type',
  INTERNAL: 'Something went wrong on our side',
  DOCUMENT_STORE_UNAVAILABLE: 'The document store is not answering',
};

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemTitle(code: string, status: number): string {
  return TITLES[code] ?? STATUS_TITLES[status] ?? 'Error';
}

/** The body of a problem response. */
export function problemDetails(
  status: number,
  code: string,
  detail: string,
  url: string | undefined,
  extra: Pick<Problem, 'errors' | 'allowed' | 'currentVersion'> = {},
): Problem {
  const body: Problem = {
    type: `${PROBLEM_TYPE_PREFIX}${code.toLowerCase().replace(/_/g, '-')}`,
    title: problemTitle(code, status),
    status,
    detail,
    code,
    statusCode: status,
    message: detail,
  };
  if (url !== undefined) body.instance = url.split('?')[0]!;
  if (extra.errors !== undefined) body.errors = extra.errors;
  if (extra.allowed !== undefined) body.allowed = extra.allowed;
  if (extra.currentVersion !== undefined) body.currentVersion = extra.currentVersion;
  return body;
}
