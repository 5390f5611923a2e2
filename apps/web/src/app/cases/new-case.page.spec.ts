import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { renderCaseOpening } from '../../testing/case-opening';
import { caseDetail } from '../../testing/fixtures';
import { settle } from '../../testing/settle';
import { NewCasePage } from './new-case.page';

const render = () => renderCaseOpening(NewCasePage);

function typeInto(el: HTMLElement, id: string, text: string) {
  const input = el.querySelector<HTMLInputElement>(`#${id}`)!;
  input.value = text;
  input.dispatchEvent(new Event('input'));
}

async function fillIn(el: HTMLElement) {
  typeInto(el, 'givenName', 'Sam');
  typeInto(el, 'familyName', 'Taylor');
  typeInto(el, 'dateOfBirth-day', '4');
  typeInto(el, 'dateOfBirth-month', '5');
  typeInto(el, 'dateOfBirth-year', '2016');
  typeInto(el, 'upn', 'a123456789012');
  el.querySelector<HTMLInputElement>('#source')!.click(); // Parent
  typeInto(el, 'receivedOn-day', '5');
  typeInto(el, 'receivedOn-month', '1');
  typeInto(el, 'receivedOn-year', '2026');
  const team = el.querySelector<HTMLSelectElement>('#teamId')!;
  team.value = 't1';
  team.dispatchEvent(new Event('input'));
  team.dispatchEvent(new Event('change'));
}

describe('new request form', () => {
  it('lists every missing answer in the error summary, linking to the first box of each date', async () => {
    const { fixture, el } = await render();
    el.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await settle(fixture);
    const links = [...el.querySelectorAll('.govuk-error-summary a')].map((a) => [
      a.getAttribute('href'),
      a.textContent?.trim(),
    ]);
    expect(links).toEqual([
      ['#givenName', 'Enter the child’s first name'],
      ['#familyName', 'Enter the child’s last name'],
      ['#dateOfBirth-day', 'Enter the date of birth'],
      ['#source', 'Select who made the request'],
      ['#receivedOn-day', 'Enter the date the request was received'],
      ['#teamId', 'Select the team'],
    ]);
    expect(el.querySelector('#dateOfBirth-error')?.textContent).toContain('Enter the date of birth');
  });

  it('refuses a date of birth that does not exist', async () => {
    const { fixture, el } = await render();
    await fillIn(el);
    typeInto(el, 'dateOfBirth-day', '30');
    typeInto(el, 'dateOfBirth-month', '2');
    el.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await settle(fixture);
    expect([...el.querySelectorAll('.govuk-error-summary a')].map((a) => a.textContent?.trim())).toEqual([
      'The date of birth must be a real date',
    ]);
  });

  it('checks answers, then logs the request and opens the new case', async () => {
    const { fixture, el, http } = await render();
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    await fillIn(el);
    el.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await settle(fixture);
    expect(el.querySelector('h1')?.textContent).toContain('Check the request');
    const answers = [...el.querySelectorAll('.govuk-summary-list__row')].map((r) =>
      r.querySelector('dd')?.textContent?.trim(),
    );
    expect(answers).toEqual([
      'Sam',
      'Taylor',
      '4 May 2016',
      'A123456789012',
      'Not given',
      'Not given',
      'Parent',
      '5 January 2026',
      'North team',
    ]);
    const check = http.expectOne({ method: 'POST', url: '/api/persons/matches' });
    expect(check.request.body).toEqual({
      givenName: 'Sam',
      familyName: 'Taylor',
      dateOfBirth: '2016-05-04',
      upn: 'A123456789012',
    });
    check.flush([]); // a child not known yet: no question asked
    await settle(fixture);

    [...el.querySelectorAll<HTMLButtonElement>('button')]
      .find((b) => b.textContent?.includes('Log the request'))!
      .click();
    await settle(fixture);
    const req = http.expectOne({ method: 'POST', url: '/api/cases' });
    expect(req.request.body).toEqual({
      teamId: 't1',
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      child: { givenName: 'Sam', familyName: 'Taylor', dateOfBirth: '2016-05-04', upn: 'A123456789012' },
      request: { date: '2026-01-05', source: 'parent' },
    });
    req.flush(caseDetail({ id: 'new-case' }));
    await settle(fixture);
    expect(navigate).toHaveBeenCalledWith(['/cases', 'new-case']);
  });

  it('goes back to the form with the server’s field errors linked to their fields', async () => {
    const { fixture, el, http } = await render();
    await fillIn(el);
    el.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await settle(fixture);
    http.expectOne('/api/persons/matches').flush([]);
    await settle(fixture);
    [...el.querySelectorAll<HTMLButtonElement>('button')]
      .find((b) => b.textContent?.includes('Log the request'))!
      .click();
    await settle(fixture);
    http.expectOne('/api/cases').flush(
      {
        statusCode: 400,
        code: 'VALIDATION',
        message: 'Invalid',
        errors: [{ field: 'request.date', message: 'The request date cannot be before the child was born' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle(fixture);
    expect(
      [...el.querySelectorAll('.govuk-error-summary a')].map((a) => [a.getAttribute('href'), a.textContent?.trim()]),
    ).toEqual([['#receivedOn-day', 'The request date cannot be before the child was born']]);
  });

  it('offers to link a child already known (same UPN, or a close name and date of birth), and links the request when asked', async () => {
    const { fixture, el, http } = await render();
    await fillIn(el);
    el.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await settle(fixture);
    http.expectOne('/api/persons/matches').flush([
      {
        id: 'person-1',
        givenName: 'Sam',
        familyName: 'Taylor',
        dateOfBirth: '2016-05-04',
        upn: 'A123456789012',
        postcode: null,
        reason: 'upn',
        similarity: 1,
        caseCount: 1,
      },
    ]);
    await settle(fixture);
    expect(el.querySelector('legend')?.textContent).toContain('Is this a child we already know?');
    const log = () =>
      [...el.querySelectorAll<HTMLButtonElement>('button')]
        .find((b) => b.textContent?.includes('Log the request'))!
        .click();
    log();
    await settle(fixture);
    expect(el.querySelector('.govuk-error-summary')?.textContent).toContain(
      'Select whether this is a child we already know',
    );
    http.expectNone('/api/cases');
    el.querySelector<HTMLInputElement>('#sameChild')!.click();
    await settle(fixture);
    log();
    await settle(fixture);
    const req = http.expectOne({ method: 'POST', url: '/api/cases' });
    expect(req.request.body.personId).toBe('person-1');
  });

  describe('a parent asking for a young person (s36(1), s83(2), regs 63-64)', () => {
    const question = (el: HTMLElement) =>
      [...el.querySelectorAll('legend')].find((l) =>
        l.textContent?.includes('How is the parent acting for the young person?'),
      );
    const continueTo = async (fixture: Awaited<ReturnType<typeof render>>['fixture'], el: HTMLElement) => {
      el.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
      await settle(fixture);
    };
    const logIt = async (
      fixture: Awaited<ReturnType<typeof render>>['fixture'],
      el: HTMLElement,
      http: HttpTestingController,
    ) => {
      http.expectOne('/api/persons/matches').flush([]);
      await settle(fixture);
      [...el.querySelectorAll<HTMLButtonElement>('button')]
        .find((b) => b.textContent?.includes('Log the request'))!
        .click();
      await settle(fixture);
      return http.expectOne({ method: 'POST', url: '/api/cases' });
    };

    it('asks how the parent acts only when the date of birth and request date make the child a young person', async () => {
      const { fixture, el } = await render();
      await fillIn(el); // born 4 May 2016, asked 5 January 2026: a child
      await settle(fixture);
      expect(question(el)).toBeUndefined();
      // Born 4 May 2008: compulsory school age ended on 27 June 2024, so a young person on 5 January 2026.
      typeInto(el, 'dateOfBirth-year', '2008');
      await settle(fixture);
      expect(question(el)).toBeDefined();
      expect(el.querySelector('#parentActsAs-hint')?.textContent).toContain('past compulsory school age');
      expect([...el.querySelectorAll('label[for^=parentActsAs]')].map((l) => l.textContent?.trim())).toEqual([
        'As the young person’s agent',
        'As the alternative person because the young person lacks capacity',
      ]);
      // The young person asking for themselves: no question.
      el.querySelector<HTMLInputElement>('#source-young-person')!.click();
      await settle(fixture);
      expect(question(el)).toBeUndefined();
    });

    it('requires an answer, and sends it as request.parentActsAs', async () => {
      const { fixture, el, http } = await render();
      await fillIn(el);
      typeInto(el, 'dateOfBirth-year', '2008');
      await settle(fixture);
      await continueTo(fixture, el);
      expect(
        [...el.querySelectorAll('.govuk-error-summary a')].map((a) => [a.getAttribute('href'), a.textContent?.trim()]),
      ).toEqual([['#parentActsAs', 'Select how the parent is acting for the young person']]);
      expect(el.querySelector('#parentActsAs-error')?.textContent).toContain(
        'Select how the parent is acting for the young person',
      );
      el.querySelector<HTMLInputElement>('#parentActsAs-alternative-person')!.click();
      await settle(fixture);
      await continueTo(fixture, el);
      expect(el.querySelector('h1')?.textContent).toContain('Check the request');
      expect(el.querySelector('.govuk-summary-list')?.textContent).toContain('As the alternative person');
      const req = await logIt(fixture, el, http);
      expect(req.request.body.request).toEqual({
        date: '2026-01-05',
        source: 'parent',
        parentActsAs: 'alternative-person',
      });
    });

    it('shows the api’s refusal of someone aged 25 or over on the source, in plain English', async () => {
      const { fixture, el, http } = await render();
      await fillIn(el);
      typeInto(el, 'dateOfBirth-year', '2000'); // 25 on 4 May 2025
      await settle(fixture);
      expect(question(el)).toBeUndefined();
      await continueTo(fixture, el);
      const req = await logIt(fixture, el, http);
      expect(req.request.body.request).toEqual({ date: '2026-01-05', source: 'parent' });
      req.flush(
        {
          statusCode: 422,
          code: 'INVALID_EVENT',
          message:
            'No request can be made for someone aged 25 or over on the date of the request (s36(1), s83(2): a young person is under 25).',
          errors: [
            {
              field: 'request.source',
              message:
                'No request can be made for someone aged 25 or over on the date of the request (s36(1), s83(2): a young person is under 25).',
            },
          ],
        },
        { status: 422, statusText: 'Unprocessable Entity' },
      );
      await settle(fixture);
      const expected =
        'The young person was 25 or older on the date the request was received, so they cannot have an EHC needs assessment. Check the date of birth';
      expect(
        [...el.querySelectorAll('.govuk-error-summary a')].map((a) => [a.getAttribute('href'), a.textContent?.trim()]),
      ).toEqual([['#source', expected]]);
      expect(el.querySelector('#source-error')?.textContent).toContain(expected);
      expect(el.querySelector('#source')?.closest('.govuk-form-group')?.classList).toContain('govuk-form-group--error');
    });

    it('shows the api’s refusals of the date of birth and of the missing answer on their fields', async () => {
      const { fixture, el, http } = await render();
      await fillIn(el);
      typeInto(el, 'dateOfBirth-year', '2026'); // 4 May 2026, after the request of 5 January 2026
      await continueTo(fixture, el);
      const req = await logIt(fixture, el, http);
      req.flush(
        {
          statusCode: 422,
          code: 'DATE_ORDER',
          message: 'refused',
          errors: [
            { field: 'child.dateOfBirth', message: 'The child cannot be born after the date of the request.' },
            {
              field: 'request.parentActsAs',
              message: 'record parentActsAs (agent, alternative-person), or source young-person.',
            },
          ],
        },
        { status: 422, statusText: 'Unprocessable Entity' },
      );
      await settle(fixture);
      expect(
        [...el.querySelectorAll('.govuk-error-summary a')].map((a) => [a.getAttribute('href'), a.textContent?.trim()]),
      ).toEqual([
        ['#dateOfBirth-day', 'The date of birth must be on or before the date the request was received'],
        ['#parentActsAs', 'Select how the parent is acting for the young person'],
      ]);
      expect(el.querySelector('#dateOfBirth-error')?.textContent).toContain(
        'The date of birth must be on or before the date the request was received',
      );
    });

    it('a young person asking for themselves before the end of compulsory school age is told to select Parent, on the source', async () => {
      const { fixture, el, http } = await render();
      await fillIn(el);
      el.querySelector<HTMLInputElement>('#source-young-person')!.click();
      await settle(fixture);
      await continueTo(fixture, el);
      const req = await logIt(fixture, el, http);
      req.flush(
        {
          statusCode: 422,
          code: 'INVALID_EVENT',
          message: 'refused',
          errors: [{ field: 'request.source', message: 'A young person is over compulsory school age (s36(1)).' }],
        },
        { status: 422, statusText: 'Unprocessable Entity' },
      );
      await settle(fixture);
      expect(el.querySelector('#source-error')?.textContent).toContain('Before that, select Parent');
      // Continue clears the api's refusal: the form's own checks decide again.
      el.querySelector<HTMLInputElement>('#source')!.click();
      await settle(fixture);
      await continueTo(fixture, el);
      expect(el.querySelector('h1')?.textContent).toContain('Check the request');
    });
  });
});
