import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { caseDetail, timeline } from '../../testing/fixtures';
import { settle, tickWhilePending } from '../../testing/settle';
import { CasePage } from './case.page';
import { flushCasework } from '../../testing/casework';

async function render() {
  TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
  const fixture = TestBed.createComponent(CasePage);
  fixture.componentRef.setInput('id', 'case-1');
  const http = TestBed.inject(HttpTestingController);
  TestBed.tick();
  http.expectOne('/api/cases/case-1').flush(caseDetail());
  http.expectOne('/api/cases/case-1/events').flush(timeline());
  await flushCasework(http, 'case-1');
  await TestBed.inject(ApplicationRef).whenStable();
  await settle(fixture);
  return { fixture, el: fixture.nativeElement as HTMLElement, http };
}

describe('case page', () => {
  it('shows who the case is about in the identity bar', async () => {
    const { el } = await render();
    const bar = el.querySelector('.moj-identity-bar')!;
    expect(bar.textContent).toContain('Sam Taylor');
    expect(bar.textContent).toContain('4 May 2016');
    expect(bar.textContent).toContain('EHC-2026-0001');
  });

  it('renders one form per allowed event, named as the action that records it', async () => {
    const { el } = await render();
    // (the casework panels below — letters, documents, notes — have details of their own)
    const summaries = [...el.querySelectorAll('.govuk-details__summary-text')]
      .filter((s) => !s.closest('cw-casework-panels'))
      .map((s) => s.textContent?.trim());
    expect(summaries).toEqual(['Request advice', 'Record a decision not to issue a plan']);
    expect(el.querySelectorAll('cw-allowed-event-form')).toHaveLength(2);
  });

  it('shows each deadline’s status in words', async () => {
    const { el } = await render();
    const rows = [...el.querySelectorAll('cw-deadlines-table tbody tr')].map((r) =>
      r.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(rows[0]).toContain('Met on 10 February 2026');
    expect(rows[1]).toContain('85 days left');
  });

  it('marks the current stage in words, not only by style', async () => {
    const { el } = await render();
    const current = el.querySelector('[aria-current="step"]');
    expect(current?.textContent).toContain('Advice');
    expect(current?.textContent).toContain('current step');
  });

  it('after a version conflict reloads the case and tells the user someone else changed it', async () => {
    const { fixture, el, http } = await render();
    const form = el.querySelector<HTMLElement>('#do-DecidedNotToIssue')!;
    const set = (sel: string, v: string) => {
      const i = form.querySelector<HTMLInputElement>(sel)!;
      i.value = v;
      i.dispatchEvent(new Event('input'));
    };
    set('#DecidedNotToIssue-date-day', '20');
    set('#DecidedNotToIssue-date-month', '2');
    set('#DecidedNotToIssue-date-year', '2026');
    set('#DecidedNotToIssue-reasons', 'Needs can be met');
    form.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await settle(fixture);
    http
      .expectOne({ method: 'POST', url: '/api/cases/case-1/events' })
      .flush(
        { statusCode: 409, code: 'VERSION_CONFLICT', message: 'The case has changed', currentVersion: 4 },
        { status: 409, statusText: 'Conflict' },
      );
    await tickWhilePending();
    http.expectOne('/api/cases/case-1').flush(caseDetail({ version: 4 }));
    http.expectOne('/api/cases/case-1/events').flush(timeline());
    await settle(fixture);
    expect(el.querySelector('.govuk-notification-banner')?.textContent).toContain('Someone else changed this case');
  });
});
