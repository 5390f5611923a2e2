import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { TimelinessResponse } from '@ehc/contracts';
import { settle } from '../../testing/settle';
import { BoardPage, defaultPeriod } from './board.page';
import type { TimelinessBreakdown } from './breakdown';

const report = (over: Partial<TimelinessResponse> = {}): TimelinessResponse => ({
  period: ['2025-01-01', '2025-12-31'],
  boundaryDays: 140,
  includingExceptions: { issued: 200, within20Weeks: 97, percent: 48.5 },
  excludingExceptions: { issued: 190, within20Weeks: 95, percent: 50 },
  bands: { within20Weeks: 97, from20To52Weeks: 90, over52Weeks: 13 },
  weeksToIssue: { median: 21.3, mean: 24.04 },
  decisionWithin6Weeks: { decided: 300, within: 240, percent: 80 },
  noPlanWithin16Weeks: { decided: 20, within: 18, percent: 90 },
  adviceWithin6Weeks: { psychology: { returned: 150, within: 60, percent: 40 } },
  openPastDeadline: 37,
  openDueWithin4Weeks: 12,
  lateByCause: [{ cause: 'ep-advice-late', count: 41 }],
  series: [
    { period: '2025-01', issued: 10, within20Weeks: 4, percent: 40 },
    { period: '2025-02', issued: 0, within20Weeks: 0, percent: null },
    { period: '2025-03', issued: 20, within20Weeks: 11, percent: 55 },
  ],
  nationalReference: [
    { year: 2023, percentIncludingExceptions: 50.3, percentExcludingExceptions: 50.9 },
    { year: 2024, percentIncludingExceptions: 45.9, percentExcludingExceptions: 46.4 },
  ],
  ...over,
});

const breakdown: TimelinessBreakdown = {
  byTeam: [
    {
      team: 'north',
      teamName: 'North team',
      includingExceptions: { issued: 120, within20Weeks: 60, percent: 50 },
      excludingExceptions: { issued: 115, within20Weeks: 59, percent: 51.3 },
    },
    {
      team: 'south',
      teamName: 'South team',
      includingExceptions: { issued: 80, within20Weeks: 37, percent: 46.3 },
      excludingExceptions: { issued: 75, within20Weeks: 36, percent: 48 },
    },
  ],
  seriesExcludingExceptions: [
    { period: '2025-01', issued: 9, within20Weeks: 4, percent: 44.4 },
    { period: '2025-02', issued: 0, within20Weeks: 0, percent: null },
    { period: '2025-03', issued: 18, within20Weeks: 11, percent: 61.1 },
  ],
  previousPeriod: {
    from: '2024-01-01',
    to: '2024-12-31',
    includingExceptions: { issued: 180, within20Weeks: 81, percent: 45 },
    excludingExceptions: { issued: 170, within20Weeks: 80, percent: 47.1 },
  },
};

async function render(query: Record<string, string>, body: TimelinessResponse) {
  TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
  const fixture = TestBed.createComponent(BoardPage);
  for (const [k, v] of Object.entries(query)) fixture.componentRef.setInput(k, v);
  const http = TestBed.inject(HttpTestingController);
  TestBed.tick();
  const req = http.expectOne((r) => r.url === '/api/measures/timeliness');
  req.flush(body);
  http
    .expectOne((r) => r.url === '/api/measures/timeliness/cases')
    .flush({
      items: [
        {
          reference: 'EHC-1',
          receivedOn: '2025-01-02',
          finalIssuedOn: '2025-05-01',
          elapsedDays: 119,
          weeks: 17,
          within20Weeks: true,
          exceptionKinds: [],
          excludedReason: null,
        },
        {
          reference: 'EHC-2',
          receivedOn: '2025-01-03',
          finalIssuedOn: '2025-09-01',
          elapsedDays: 241,
          weeks: 34.4,
          within20Weeks: false,
          exceptionKinds: ['school-closure'],
          excludedReason: null,
          daysLate: 101,
          exceptionCoversDays: 12,
          reasonLimitImpractical: 'The only psychologist was off for the closure weeks',
        },
        {
          reference: 'EHC-3',
          receivedOn: '2025-01-03',
          finalIssuedOn: '2025-09-01',
          elapsedDays: 241,
          weeks: 34.4,
          within20Weeks: false,
          exceptionKinds: [],
          excludedReason: 'reversed-refusal-to-assess',
        },
      ],
    });
  http.expectOne((r) => r.url === '/api/measures/timeliness/breakdown').flush(breakdown);
  await TestBed.inject(ApplicationRef).whenStable();
  await settle(fixture);
  return { el: fixture.nativeElement as HTMLElement, params: req.request.params };
}

describe('board report', () => {
  it('says the figure in a sentence, names late causes plainly and breaks the figure down by team', async () => {
    const { el } = await render(
      { from: '2025-01-01', to: '2025-12-31' },
      report({
        lateByCause: [
          { cause: 'advice:psychology', count: 30 },
          { cause: 'draft-after-16-weeks', count: 12 },
        ],
      }),
    );
    expect(el.querySelector('[data-headline-sentence]')?.textContent?.trim()).toBe(
      'In the year to December 2025, 49% of new plans were issued within 20 weeks, up from 45% the year before.',
    );
    const causes = [...el.querySelectorAll('table')].find((t) =>
      t.caption?.textContent?.includes('Why plans were late'),
    )!;
    expect([...causes.querySelectorAll('tbody th')].map((c) => c.textContent?.trim())).toEqual([
      'Educational psychology advice late',
      'Draft plan sent after week 16',
    ]);
    expect(el.querySelector('[data-cause-note]')?.textContent).toContain('A late plan can have more than one cause');
    expect([...el.querySelectorAll('[data-by-team] tbody th')].map((c) => c.textContent?.trim())).toEqual([
      'North team',
      'South team',
    ]);
  });

  it('defaults to the last 12 months', () => {
    expect(defaultPeriod('2026-03-01')).toEqual({ from: '2025-03-02', to: '2026-03-01' });
  });

  it('asks for the chosen period by month, with the "as at" date when comparing', async () => {
    const { params } = await render({ from: '2025-01-01', to: '2025-12-31', asAt: '2026-01-31' }, report());
    expect([params.get('from'), params.get('to'), params.get('groupBy'), params.get('asAt')]).toEqual([
      '2025-01-01',
      '2025-12-31',
      'month',
      '2026-01-31',
    ]);
  });

  it('shows both headline figures with their counts and the England comparison', async () => {
    const { el } = await render({ from: '2025-01-01', to: '2025-12-31' }, report());
    expect(el.querySelector('[data-figure="including"]')?.textContent?.trim()).toBe('48.5%');
    expect(el.querySelector('[data-figure="excluding"]')?.textContent?.trim()).toBe('50.0%');
    const headlines = [...el.querySelectorAll('.cw-headline')].map((h) => h.textContent?.replace(/\s+/g, ' '));
    expect(headlines[0]).toContain('97 of 200 plans');
    expect(headlines[0]).toContain('England 2024: 45.9%');
    expect(headlines[1]).toContain('England 2024: 46.4%');
    expect(el.querySelector('[data-figure="open-past"]')?.textContent?.trim()).toBe('37');
  });

  it('lists the cases behind the figure by reference only, with CSV links for the same period', async () => {
    const { el } = await render({ from: '2025-01-01', to: '2025-12-31' }, report());
    const text = el.textContent ?? '';
    expect(text).toContain('EHC-2');
    expect(text).toContain('School closure');
    // how much of the lateness the exception covers, and why the limit was impractical
    expect(el.querySelector('[data-exception-cover]')?.textContent?.trim()).toBe(
      'Exception covers 12 of 101 days late. Why the limit was impractical: The only psychologist was off for the closure weeks',
    );
    // a plan after the LA reversed its own refusal is shown as outside the population
    expect(text).toContain('Reversed refusal to assess');
    const csv = [...el.querySelectorAll<HTMLAnchorElement>('a[download]')].map((a) => a.getAttribute('href'));
    expect(csv).toEqual([
      '/api/measures/timeliness?from=2025-01-01&to=2025-12-31&groupBy=month&format=csv',
      '/api/measures/timeliness/cases?from=2025-01-01&to=2025-12-31&format=csv',
    ]);
  });

  // The API sends asAtComparison (the page used to read a field that never came, so nothing rendered)
  it('shows the figure as reported on the "as at" date beside the corrected one, and the correction that changed a case', async () => {
    const { includingExceptions, nationalReference, ...rest } = report();
    const reported = {
      ...rest,
      asAt: '2026-01-31',
      includingExceptions: { issued: 198, within20Weeks: 99, percent: 50 },
    };
    const standing = {
      receivedOn: '2025-03-03',
      exceptionKinds: [],
      excludedReason: null,
      countedIncludingExceptions: true,
      countedExcludingExceptions: true,
    };
    const { el } = await render(
      { from: '2025-01-01', to: '2025-12-31', asAt: '2026-01-31' },
      report({
        asAtComparison: {
          date: '2026-01-31',
          report: reported,
          changes: [
            {
              reference: 'EHC-9',
              before: { ...standing, finalIssuedOn: '2025-07-21', within20Weeks: true },
              after: { ...standing, finalIssuedOn: '2025-07-28', within20Weeks: false },
              corrections: [
                {
                  type: 'EventCorrected',
                  correctedType: 'FinalPlanIssued',
                  correctedDate: '2025-07-21',
                  correction: { date: '2025-07-28' },
                  reason: 'Sent a week later than entered',
                  by: 'Tess Manager',
                  recordedAt: '2026-02-03T10:15:00.000Z',
                  date: '2026-02-03',
                },
              ],
              eventsRecordedSince: [
                { type: 'EventCorrected', date: '2026-02-03', recordedAt: '2026-02-03T10:15:00.000Z' },
              ],
            },
          ],
        },
      }),
    );
    expect(el.textContent).toContain('As reported on 31 January 2026, and now');
    expect(el.querySelector('[data-figure="reported-including"]')?.textContent).toContain('50.0% (99 of 198)');
    expect(el.querySelector('[data-figure="now-including"]')?.textContent).toContain('48.5% (97 of 200)');
    expect(includingExceptions.percent).toBe(48.5);
    const row = el.querySelector('[data-reference="EHC-9"]')?.textContent?.replace(/\s+/g, ' ');
    expect(row).toContain('Within 20 weeks, final plan 21 July 2025');
    expect(row).toContain('Over 20 weeks, final plan 28 July 2025');
    expect(row).toContain('Final plan issued of 21 July 2025: date corrected to 28 July 2025');
    expect(row).toContain('By Tess Manager, 3 February 2026 at 10:15am. Reason: Sent a week later than entered');
  });
});
