import { HttpErrorResponse } from '@angular/common/http';
import { toProblem } from './problem';

describe("reading the api's problem responses (RFC 9457)", () => {
  it('reads a problem details body with its extensions', () => {
    const err = new HttpErrorResponse({
      status: 409,
      error: {
        type: 'urn:ehc:problem:version-conflict',
        title: 'The case has changed since you loaded it',
        status: 409,
        detail: 'Reload the case',
        instance: '/api/cases/1/events',
        code: 'VERSION_CONFLICT',
        currentVersion: 7,
        statusCode: 409,
        message: 'Reload the case',
      },
    });
    expect(toProblem(err)).toEqual({
      statusCode: 409,
      code: 'VERSION_CONFLICT',
      message: 'Reload the case',
      errors: undefined,
      allowed: undefined,
      currentVersion: 7,
    });
  });

  it('reads a body that has only the RFC 9457 members (detail, status)', () => {
    const err = new HttpErrorResponse({
      status: 422,
      error: {
        type: 'urn:ehc:problem:date-order',
        title: 'x',
        status: 422,
        detail: 'The date is before the request',
        code: 'DATE_ORDER',
      },
    });
    expect(toProblem(err)).toMatchObject({
      statusCode: 422,
      code: 'DATE_ORDER',
      message: 'The date is before the request',
    });
  });

  it('says the service could not be reached when there is no response', () => {
    expect(toProblem(new HttpErrorResponse({ status: 0 }))).toMatchObject({ code: 'OFFLINE' });
  });
});
