import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { CaseListItem, Me, Page } from '@ehc/contracts';
import { Session } from '../core/session';
import { settle } from '../../testing/settle';
import { CaseloadPage } from './caseload.page';

const me: Me = {
  id: 'u1',
  username: 'casey',
  displayName: 'Casey',
  role: 'caseworker',
  teamId: 't1',
  teamName: 'North',
};
const item = (over: Partial<CaseListItem>): CaseListItem => ({
  id: 'c1',
  reference: 'EHC-0001',
  childName: 'Sam Taylor',
  teamId: 't1',
  caseworker: 'u1',
  caseworkerName: 'Casey',
  stage: 'screening',
  stageLabel: 'Deciding whether to assess',
  closed: false,
  receivedOn: '2026-01-05',
  version: 2,
  nextDeadline: {
    id: 'd1',
    kind: 'decide-assess',
    label: 'Decide whether to assess',
    due: '2026-02-16',
    daysLeft: 12,
    rag: 'amber',
  },
  ...over,
});

async function render(query: Record<string, string> = {}) {
  TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
  const http = TestBed.inject(HttpTestingController);
  const session = TestBed.inject(Session);
  const loaded = session.load();
  http.expectOne('/api/auth/me').flush(me);
  await loaded;
  const fixture = TestBed.createComponent(CaseloadPage);
  for (const [k, v] of Object.entries(query)) fixture.componentRef.setInput(k, v);
  TestBed.tick();
  const req = http.expectOne((r) => r.url === '/api/cases');
  const page: Page<CaseListItem> = {
    items: [
      item({}),
      item({
        id: 'c2',
        reference: 'EHC-0002',
        nextDeadline: {
          id: 'd2',
          kind: 'final-plan',
          label: 'Issue the final plan',
          due: '2026-02-01',
          daysLeft: -3,
          rag: 'red',
        },
      }),
    ],
    nextCursor: 'abc',
  };
  req.flush(page);
  await TestBed.inject(ApplicationRef).whenStable();
  await settle(fixture);
  return { el: fixture.nativeElement as HTMLElement, params: req.request.params, http, fixture };
}

describe('caseload', () => {
  it('searches by the child’s name, date of birth and UPN in a POST body, never in the URL', async () => {
    const { el, http, fixture } = await render({ stage: 'screening' });
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const type = (id: string, v: string) => {
      const input = el.querySelector<HTMLInputElement>(`#${id}`)!;
      input.value = v;
      input.dispatchEvent(new Event('input'));
    };
    type('filter-name', 'Wright');
    type('filter-dob-day', '9');
    type('filter-dob-month', '6');
    type('filter-dob-year', '2014');
    type('filter-upn', 'a123456789012');
    await settle(fixture);
    el.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit'));
    TestBed.tick();
    const req = http.expectOne((r) => r.url === '/api/cases/search');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({
      name: 'Wright',
      dateOfBirth: '2014-06-09',
      upn: 'A123456789012',
      caseworker: 'me',
      stage: 'screening',
      sort: 'next_due',
      limit: 50,
    });
    req.flush({ items: [], nextCursor: null });
    expect(navigate).toHaveBeenCalled();
    expect(JSON.stringify(navigate.mock.calls)).not.toMatch(/Wright|2014|A123/i);
  });

  it('refuses a date of birth that is not a real date, naming the field', async () => {
    const { el, http, fixture } = await render();
    const day = el.querySelector<HTMLInputElement>('#filter-dob-day')!;
    day.value = '31';
    day.dispatchEvent(new Event('input'));
    for (const [id, v] of [
      ['filter-dob-month', '2'],
      ['filter-dob-year', '2015'],
    ]) {
      const i = el.querySelector<HTMLInputElement>(`#${id}`)!;
      i.value = v;
      i.dispatchEvent(new Event('input'));
    }
    el.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit'));
    await settle(fixture);
    expect(el.querySelector('.govuk-error-summary')?.textContent).toContain('Date of birth must be a real date');
    http.expectNone((r) => r.url === '/api/cases/search');
  });

  it('asks the server for my cases, one page at a time, sorted by next statutory deadline', async () => {
    const { params } = await render();
    expect([params.get('caseworker'), params.get('sort'), params.get('limit'), params.get('cursor')]).toEqual([
      'me',
      'next_due',
      '50',
      null,
    ]);
  });

  it('passes the filters from the URL to the server', async () => {
    const { params } = await render({ overdue: 'true', due: 'true', q: 'EHC-00', stage: 'screening', cursor: 'xyz' });
    expect([
      params.get('overdue'),
      params.get('dueWithinDays'),
      params.get('q'),
      params.get('stage'),
      params.get('cursor'),
    ]).toEqual(['true', '14', 'EHC-00', 'screening', 'xyz']);
  });

  it('shows days left or overdue as words in the tag, with the RAG colour as well', async () => {
    const { el } = await render();
    const tags = [...el.querySelectorAll('tbody .govuk-tag')].map((t) => [t.textContent?.trim(), t.className]);
    expect(tags).toEqual([
      ['12 days left', 'govuk-tag govuk-tag--yellow'],
      ['Overdue by 3 days', 'govuk-tag govuk-tag--red'],
    ]);
  });

  it('re-queries the server when a column header is clicked, marking the sorted column for screen readers', async () => {
    const { el } = await render();
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const header = [...el.querySelectorAll('th')].find((th) => th.textContent?.includes('Reference'))!;
    expect(header.getAttribute('aria-sort')).toBe('none');
    expect(
      [...el.querySelectorAll('th')].find((th) => th.textContent?.includes('Next deadline'))!.getAttribute('aria-sort'),
    ).toBe('ascending');
    header.querySelector('button')!.click();
    expect(navigate).toHaveBeenCalledWith(['/caseload'], {
      queryParams: { sort: 'reference', cursor: null },
      queryParamsHandling: 'merge',
    });
  });

  it('offers the next page when the server says there is one', async () => {
    const { el } = await render();
    expect(el.querySelector('a[rel=next]')?.textContent).toContain('Next page');
  });
});
