import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { AllowedEvent } from '@ehc/contracts';
import { AllowedEventForm } from './allowed-event-form';

// The exception form (issue: it sent a made-up adviceId and every exception was refused). The advice id is asked only
// for the kinds that name an advice request, chosen from the case's advice; messages are plain English.
const exceptionRecorded: AllowedEvent = {
  type: 'ExceptionRecorded',
  label: 'Exception recorded',
  earliest: '2026-01-05',
  fields: [
    { name: 'date', kind: 'date', required: true, label: 'Date recorded' },
    { name: 'exceptionId', kind: 'ref', required: true, label: 'Exception reference' },
    {
      name: 'kind',
      kind: 'enum',
      required: true,
      label: 'Exception',
      options: ['school-closure', 'exceptional-personal-circumstances'],
    },
    { name: 'from', kind: 'date', required: true, label: 'From' },
    { name: 'to', kind: 'date', required: true, label: 'To' },
    {
      name: 'appliesTo',
      kind: 'enum',
      required: true,
      label: 'Time limits',
      options: ['decision-to-assess', 'final-plan'],
      many: true,
    },
    { name: 'evidence', kind: 'text', required: true, label: 'Evidence' },
    { name: 'familyInformedOn', kind: 'date', required: false, label: 'Date the family was told' },
    { name: 'adviceId', kind: 'ref', required: false, label: 'Advice request affected', options: ['ep'] },
  ],
};

async function render() {
  TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
  const fixture = TestBed.createComponent(AllowedEventForm);
  fixture.componentRef.setInput('caseId', 'case-1');
  fixture.componentRef.setInput('version', 3);
  fixture.componentRef.setInput('event', exceptionRecorded);
  fixture.componentRef.setInput('refOptions', {
    adviceId: [{ value: 'ep', label: 'Educational psychology, requested 6 January 2026' }],
  });
  await fixture.whenStable();
  return { fixture, el: fixture.nativeElement as HTMLElement, http: TestBed.inject(HttpTestingController) };
}
const choose = async (fixture: { whenStable(): Promise<unknown> }, el: HTMLElement, id: string) => {
  el.querySelector<HTMLInputElement>(`input[value="${id}"]`)!.click();
  await fixture.whenStable();
};
const typeInto = (el: HTMLElement, selector: string, text: string) => {
  const input = el.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
  input.value = text;
  input.dispatchEvent(new Event('input'));
};
const enterDate = (el: HTMLElement, prefix: string, [d, m, y]: string[]) =>
  ['day', 'month', 'year'].forEach((p, i) => typeInto(el, `#${prefix}-${p}`, [d, m, y][i]!));

describe('the exception form', () => {
  it('asks for the advice request only for a closure, and then from the case’s advice; never makes one up', async () => {
    const { fixture, el, http } = await render();
    expect(el.querySelector('[name="ExceptionRecorded-adviceId"]')).toBeNull();
    await choose(fixture, el, 'exceptional-personal-circumstances');
    expect(el.querySelector('[name="ExceptionRecorded-adviceId"]')).toBeNull();
    enterDate(el, 'ExceptionRecorded-date', ['6', '2', '2026']);
    enterDate(el, 'ExceptionRecorded-from', ['12', '1', '2026']);
    enterDate(el, 'ExceptionRecorded-to', ['30', '1', '2026']);
    await choose(fixture, el, 'final-plan');
    typeInto(el, '#ExceptionRecorded-evidence', 'Parent in hospital');
    el.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await fixture.whenStable();
    const req = http.expectOne('/api/cases/case-1/events');
    expect(req.request.body.event).not.toHaveProperty('adviceId');
    expect(req.request.body.event).toMatchObject({
      type: 'ExceptionRecorded',
      kind: 'exceptional-personal-circumstances',
      from: '2026-01-12',
      appliesTo: ['final-plan'],
    });
  });

  it('for a school closure: asks which advice request, in plain words, and says what is missing in plain English', async () => {
    const { fixture, el } = await render();
    await choose(fixture, el, 'school-closure');
    expect(el.textContent).toContain('First day the school was closed');
    expect(el.textContent).toContain('Day the school re-opened');
    expect(
      [...el.querySelectorAll('input[name="ExceptionRecorded-adviceId"]')].map((i) => (i as HTMLInputElement).value),
    ).toEqual(['ep']);
    expect(el.textContent).toContain('Educational psychology, requested 6 January 2026');
    el.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await fixture.whenStable();
    const summary = el.querySelector('.govuk-error-summary')!.textContent!;
    expect(summary).toContain('Enter the first day the school was closed');
    expect(summary).toContain('Select the advice request that was affected');
    expect(summary).toContain('Select which time limits could not be met');
  });
});
