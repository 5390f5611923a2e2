import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { AlertView } from '@ehc/contracts';
import { ALERT_STREAM } from './alerts-store';
import { AlertsPage } from './alerts.page';

// The alert for a missed deadline says when it was closed and why (work done late, an exception, a correction).
it('a closed missed-deadline alert says it is closed and why', async () => {
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      provideHttpClient(),
      provideHttpClientTesting(),
      {
        provide: ALERT_STREAM,
        useValue: () => ({ onmessage: null, addEventListener: () => undefined, close: () => undefined }),
      },
    ],
  });
  const fixture = TestBed.createComponent(AlertsPage);
  const closed: AlertView = {
    id: 'a1',
    caseId: 'c1',
    reference: 'EHC-0001',
    childName: null,
    deadlineId: 'final-plan',
    kind: 'missed',
    deadlineKind: 'final-plan',
    due: '2026-01-19',
    daysBefore: null,
    lateByDays: 0,
    raisedAt: '2026-01-20T00:05:00Z',
    readAt: null,
    message: 'The 20-week limit was missed',
    closed: {
      reason: 'done-late',
      on: '2026-02-02',
      text: 'Closed: the work was done late on 2026-02-02. The missed deadline stays on the record.',
    },
  };
  TestBed.inject(HttpTestingController).expectOne('/api/alerts').flush([closed]);
  await fixture.whenStable();
  fixture.detectChanges();
  const text = (fixture.nativeElement as HTMLElement).textContent!;
  expect(text).toContain('Closed');
  expect(text).toContain('the work was done late on 2026-02-02');
});
