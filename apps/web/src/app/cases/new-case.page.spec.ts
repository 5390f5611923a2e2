import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { caseDetail } from '../../testing/fixtures';
import { settle } from '../../testing/settle';
import { NewCasePage } from './new-case.page';

async function render() {
  TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
  const fixture = TestBed.createComponent(NewCasePage);
  const http = TestBed.inject(HttpTestingController);
  TestBed.tick();
  http.expectOne('/api/teams').flush([{ id: 't1', name: 'North team' }]);
  await TestBed.inject(ApplicationRef).whenStable();
  await settle(fixture);
  return { fixture, el: fixture.nativeElement as HTMLElement, http };
}

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
    const links = [...el.querySelectorAll('.govuk-error-summary a')].map((a) => [a.getAttribute('href'), a.textContent?.trim()]);
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
    expect([...el.querySelectorAll('.govuk-error-summary a')].map((a) => a.textContent?.trim())).toEqual(['The date of birth must be a real date']);
  });

  it('checks answers, then logs the request and opens the new case', async () => {
    const { fixture, el, http } = await render();
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    await fillIn(el);
    el.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await settle(fixture);
    expect(el.querySelector('h1')?.textContent).toContain('Check the request');
    const answers = [...el.querySelectorAll('.govuk-summary-list__row')].map((r) => r.querySelector('dd')?.textContent?.trim());
    expect(answers).toEqual(['Sam', 'Taylor', '4 May 2016', 'A123456789012', 'Not given', 'Not given', 'Parent', '5 January 2026', 'North team']);
    const check = http.expectOne({ method: 'POST', url: '/api/persons/matches' });
    expect(check.request.body).toEqual({ givenName: 'Sam', familyName: 'Taylor', dateOfBirth: '2016-05-04', upn: 'A123456789012' });
    check.flush([]); // a child not known yet: no question asked
    await settle(fixture);

    [...el.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.includes('Log the request'))!.click();
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
    [...el.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.includes('Log the request'))!.click();
    await settle(fixture);
    http.expectOne('/api/cases').flush(
      { statusCode: 400, code: 'VALIDATION', message: 'Invalid', errors: [{ field: 'request.date', message: 'The request date cannot be before the child was born' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle(fixture);
    expect([...el.querySelectorAll('.govuk-error-summary a')].map((a) => [a.getAttribute('href'), a.textContent?.trim()])).toEqual([
      ['#receivedOn-day', 'The request date cannot be before the child was born'],
    ]);
  });

  it('offers to link a child already known (same UPN, or a close name and date of birth), and links the request when asked', async () => {
    const { fixture, el, http } = await render();
    await fillIn(el);
    el.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await settle(fixture);
    http.expectOne('/api/persons/matches').flush([{ id: 'person-1', givenName: 'Sam', familyName: 'Taylor', dateOfBirth: '2016-05-04',
      upn: 'A123456789012', postcode: null, reason: 'upn', similarity: 1, caseCount: 1 }]);
    await settle(fixture);
    expect(el.querySelector('legend')?.textContent).toContain('Is this a child we already know?');
    const log = () => [...el.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.includes('Log the request'))!.click();
    log();
    await settle(fixture);
    expect(el.querySelector('.govuk-error-summary')?.textContent).toContain('Select whether this is a child we already know');
    http.expectNone('/api/cases');
    el.querySelector<HTMLInputElement>('#sameChild')!.click();
    await settle(fixture);
    log();
    await settle(fixture);
    const req = http.expectOne({ method: 'POST', url: '/api/cases' });
    expect(req.request.body.personId).toBe('person-1');
  });
});
