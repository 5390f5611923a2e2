import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { AllowedEvent, CaseDetail, Problem } from '@ehc/contracts';
import { caseDetail } from '../../testing/fixtures';
import { settle } from '../../testing/settle';
import { AllowedEventForm } from './allowed-event-form';

async function render(event: AllowedEvent, refOptions = {}) {
  TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
  const fixture = TestBed.createComponent(AllowedEventForm);
  fixture.componentRef.setInput('caseId', 'case-1');
  fixture.componentRef.setInput('version', 3);
  fixture.componentRef.setInput('event', event);
  fixture.componentRef.setInput('refOptions', refOptions);
  const recorded: CaseDetail[] = [];
  const stale: Problem[] = [];
  fixture.componentInstance.recorded.subscribe((d) => recorded.push(d));
  fixture.componentInstance.stale.subscribe((p) => stale.push(p));
  await fixture.whenStable();
  return {
    fixture,
    el: fixture.nativeElement as HTMLElement,
    http: TestBed.inject(HttpTestingController),
    recorded,
    stale,
  };
}

function typeInto(el: HTMLElement, selector: string, text: string) {
  const input = el.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
  input.value = text;
  input.dispatchEvent(new Event('input'));
}

function enterDate(el: HTMLElement, prefix: string, d: string, m: string, y: string) {
  typeInto(el, `#${prefix}-day`, d);
  typeInto(el, `#${prefix}-month`, m);
  typeInto(el, `#${prefix}-year`, y);
}

const summaryLinks = (el: HTMLElement) =>
  [...el.querySelectorAll('.govuk-error-summary li')].map((li) => [
    li.querySelector('a')?.getAttribute('href') ?? null,
    li.textContent?.trim(),
  ]);

const adviceRequested = caseDetail().allowedEvents[0];
const decidedNotToIssue = caseDetail().allowedEvents[1];

describe('a form for one allowed event, drawn from its FieldSpecs', () => {
  it('renders only the fields the event needs: a date input for dates, labelled choices for an enum, nothing for a new id', async () => {
    const { el } = await render(adviceRequested);
    expect(el.querySelector('#AdviceRequested-date-day')).not.toBeNull(); // the event date, always asked
    expect(el.querySelector('#AdviceRequested-receivedByProvider-day')).not.toBeNull();
    expect(el.querySelector('legend')?.textContent).toContain('Date');
    // Advisers are checkboxes: several can be asked in one go (one AdviceRequested each).
    const boxes = [...el.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
    expect(boxes.map((r) => r.value)).toEqual(['education', 'health', 'psychology', 'social-care']);
    expect([...el.querySelectorAll('.govuk-checkboxes__label')].map((l) => l.textContent?.trim())).toContain(
      'Educational psychology',
    );
    expect(el.querySelector('button[type=submit]')?.textContent?.trim()).toBe('Request advice');
    expect(el.textContent).toContain('Date the provider received the request (optional)');
    expect(el.querySelector('[id^="AdviceRequested-adviceId"]')).toBeNull();
  });

  it('requests advice from several advisers in one form: one AdviceRequested each, chained on the version each returns', async () => {
    const { el, http, recorded, fixture } = await render(adviceRequested);
    enterDate(el, 'AdviceRequested-date', '2', '3', '2026');
    for (const v of ['education', 'psychology']) {
      const box = el.querySelector<HTMLInputElement>(`input[type=checkbox][value="${v}"]`)!;
      box.checked = true;
      box.dispatchEvent(new Event('change'));
    }
    await settle(fixture);
    el.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit'));
    const first = http.expectOne({ method: 'POST', url: '/api/cases/case-1/events' });
    expect(first.request.body).toMatchObject({
      expectedVersion: 3,
      event: { type: 'AdviceRequested', date: '2026-03-02', provider: 'education' },
    });
    first.flush({ ...caseDetail(), version: 4 });
    await settle(fixture);
    const second = http.expectOne({ method: 'POST', url: '/api/cases/case-1/events' });
    expect(second.request.body).toMatchObject({
      expectedVersion: 4,
      event: { type: 'AdviceRequested', date: '2026-03-02', provider: 'psychology' },
    });
    expect(second.request.body.event.adviceId).not.toBe(first.request.body.event.adviceId);
    expect(second.request.body.eventId).not.toBe(first.request.body.eventId);
    second.flush({ ...caseDetail(), version: 5 });
    await settle(fixture);
    expect(recorded.map((d) => d.version)).toEqual([5]);
  });

  it('renders free text that needs explaining as a textarea', async () => {
    const { el } = await render(decidedNotToIssue);
    expect(el.querySelector('textarea#DecidedNotToIssue-reasons')).not.toBeNull();
  });

  it('lists existing records as choices for a reference field', async () => {
    const event: AllowedEvent = {
      type: 'AdviceReceived',
      label: 'Advice received',
      fields: [{ name: 'adviceId', kind: 'ref', required: true, label: 'Which advice' }],
    };
    const { el } = await render(event, { adviceId: [{ value: 'adv-1', label: 'Health, requested 1 March 2026' }] });
    const radio = el.querySelector<HTMLInputElement>('input[type=radio]#AdviceReceived-adviceId')!;
    expect(radio.value).toBe('adv-1');
  });

  it('labels a reference field the server narrowed (options are ids) with the record it names, never the raw id', async () => {
    const event: AllowedEvent = {
      type: 'AdviceReceived',
      label: 'Advice received',
      fields: [
        {
          name: 'adviceId',
          kind: 'ref',
          required: true,
          label: 'Which advice',
          options: ['3f6c0e2a-9b1d-4c7e-8a55-0d2f1b7c9e41'],
        },
      ],
    };
    const { el } = await render(event, {
      adviceId: [
        { value: '3f6c0e2a-9b1d-4c7e-8a55-0d2f1b7c9e41', label: 'Educational psychology, requested 17 February 2026' },
        { value: 'adv-other', label: 'Health, requested 1 March 2026' },
      ],
    });
    const labels = [...el.querySelectorAll('.govuk-radios__label')].map((l) => l.textContent?.trim());
    expect(labels).toEqual(['Educational psychology, requested 17 February 2026']);
    expect(el.querySelector<HTMLInputElement>('input[type=radio]')!.value).toBe('3f6c0e2a-9b1d-4c7e-8a55-0d2f1b7c9e41');
  });

  it('checks required fields and real dates before sending anything', async () => {
    const { fixture, el, http } = await render(adviceRequested);
    enterDate(el, 'AdviceRequested-receivedByProvider', '31', '2', '2026');
    el.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await settle(fixture);
    expect(summaryLinks(el)).toEqual([
      ['#AdviceRequested-date-day', 'Enter the date'],
      ['#AdviceRequested-provider', 'Select who the advice is from'],
      ['#AdviceRequested-receivedByProvider-day', 'The date the provider received the request must be a real date'],
    ]);
    http.expectNone(() => true);
  });

  it('refuses a date before the earliest the law allows, naming it', async () => {
    const { fixture, el, http } = await render(decidedNotToIssue);
    enterDate(el, 'DecidedNotToIssue-date', '1', '2', '2026');
    typeInto(el, '#DecidedNotToIssue-reasons', 'Needs can be met from ordinary provision');
    el.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await settle(fixture);
    expect(summaryLinks(el)).toEqual([
      ['#DecidedNotToIssue-date-day', 'The date must be on or after 10 February 2026'],
    ]);
    http.expectNone(() => true);
  });

  it('sends the event with the case version it was drawn from and a fresh event id', async () => {
    const { fixture, el, http, recorded } = await render(adviceRequested);
    enterDate(el, 'AdviceRequested-date', '2', '3', '2026');
    el.querySelector<HTMLInputElement>('input[value=health]')!.click();
    el.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await settle(fixture);
    const req = http.expectOne({ method: 'POST', url: '/api/cases/case-1/events' });
    const body = req.request.body;
    expect(body.expectedVersion).toBe(3);
    expect(body.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.event).toEqual({
      type: 'AdviceRequested',
      date: '2026-03-02',
      provider: 'health',
      adviceId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    req.flush(caseDetail({ version: 4 }));
    await settle(fixture);
    expect(recorded.map((d) => d.version)).toEqual([4]);
  });

  it('shows the server’s field errors (400) against the right fields', async () => {
    const { fixture, el, http } = await render(decidedNotToIssue);
    enterDate(el, 'DecidedNotToIssue-date', '20', '2', '2026');
    typeInto(el, '#DecidedNotToIssue-reasons', 'x');
    el.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await settle(fixture);
    http.expectOne('/api/cases/case-1/events').flush(
      {
        statusCode: 400,
        code: 'VALIDATION',
        message: 'Invalid',
        errors: [{ field: 'event.reasons', message: 'Reasons must be at least 10 characters' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle(fixture);
    expect(summaryLinks(el)).toEqual([['#DecidedNotToIssue-reasons', 'Reasons must be at least 10 characters']]);
    expect(el.querySelector('#DecidedNotToIssue-reasons-error')?.textContent).toContain(
      'Reasons must be at least 10 characters',
    );
  });

  it('puts a 422 (date breaks the order the law sets) on the date field with the server’s explanation', async () => {
    const { fixture, el, http } = await render(decidedNotToIssue);
    enterDate(el, 'DecidedNotToIssue-date', '20', '2', '2026');
    typeInto(el, '#DecidedNotToIssue-reasons', 'Needs can be met');
    el.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await settle(fixture);
    http.expectOne('/api/cases/case-1/events').flush(
      {
        statusCode: 422,
        code: 'DATE_ORDER',
        message: 'The decision cannot be before advice was received on 25 February 2026',
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await settle(fixture);
    expect(summaryLinks(el)).toEqual([
      ['#DecidedNotToIssue-date-day', 'The decision cannot be before advice was received on 25 February 2026'],
    ]);
  });

  it('on a 409 says what is allowed now and asks the page to reload the case', async () => {
    const { fixture, el, http, stale } = await render(decidedNotToIssue);
    enterDate(el, 'DecidedNotToIssue-date', '20', '2', '2026');
    typeInto(el, '#DecidedNotToIssue-reasons', 'Needs can be met');
    el.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await settle(fixture);
    http.expectOne('/api/cases/case-1/events').flush(
      {
        statusCode: 409,
        code: 'EVENT_NOT_ALLOWED',
        message: 'A plan has already been decided on.',
        allowed: ['DraftPlanIssued'],
      },
      { status: 409, statusText: 'Conflict' },
    );
    await settle(fixture);
    expect(el.querySelector('.govuk-error-summary')?.textContent).toContain(
      'A plan has already been decided on. You can now: Draft plan issued.',
    );
    expect(stale.map((p) => p.code)).toEqual(['EVENT_NOT_ALLOWED']);
  });
});
