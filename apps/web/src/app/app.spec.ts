import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Me } from '@ehc/contracts';
import { settle } from '../testing/settle';
import { ALERT_STREAM } from './alerts/alerts-store';
import { App } from './app';

async function render(me: Me) {
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      provideHttpClient(),
      provideHttpClientTesting(),
      { provide: ALERT_STREAM, useValue: () => null },
    ],
  });
  const fixture = TestBed.createComponent(App);
  const http = TestBed.inject(HttpTestingController);
  http.expectOne('/api/auth/me').flush(me);
  await settle(fixture);
  return { fixture, el: fixture.nativeElement as HTMLElement, http };
}

describe('app shell', () => {
  it('has a skip link to the main content, the service name and who is signed in', async () => {
    const { el, http } = await render({
      id: 'u1',
      username: 'b',
      displayName: 'Bo Board',
      role: 'board',
      teamId: null,
      teamName: null,
    });
    expect(el.querySelector('.govuk-skip-link')?.getAttribute('href')).toBe('#main-content');
    expect(el.querySelector('main#main-content')).not.toBeNull();
    expect(el.querySelector('.govuk-service-navigation__service-name')?.textContent?.trim()).toBe('EHC assessments');
    expect(el.textContent).toContain('Signed in as Bo Board');
    http.expectNone('/api/alerts'); // the board has no alerts
  });

  it('shows only the sections the role may use, with the unread alert count in words', async () => {
    const { fixture, el, http } = await render({
      id: 'u1',
      username: 'c',
      displayName: 'Casey',
      role: 'caseworker',
      teamId: 't1',
      teamName: 'North',
    });
    http.expectOne('/api/alerts').flush([
      {
        id: 'a1',
        caseId: 'c1',
        reference: 'EHC-1',
        deadlineId: 'd1',
        kind: 'missed',
        deadlineKind: 'k',
        due: '2026-01-01',
        daysBefore: null,
        lateByDays: 0,
        raisedAt: '2026-01-02T00:00:00Z',
        readAt: null,
        message: 'Missed',
      },
    ]);
    await settle(fixture);
    const links = [...el.querySelectorAll('.govuk-service-navigation__list a')].map((a) =>
      a.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(links).toEqual(['My work', 'Caseload', 'New request', 'Find a child', 'Alerts (1 unread)']);
  });
});
