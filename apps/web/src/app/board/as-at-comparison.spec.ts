import { TestBed } from '@angular/core/testing';
import type { AsAtComparisonView } from '@ehc/contracts';
import { AsAtComparison } from './as-at-comparison';

// docs/measure-definitions.md: a mediation takes a plan out of the 20-week population once its meeting has been held.
// A meeting date added later by a correction moves the plan; the comparison must say so in those words.
const figure = { issued: 1, within20Weeks: 1, percent: 100 };
const standing = (over: Record<string, unknown>) => ({
  receivedOn: '2025-09-01',
  finalIssuedOn: '2026-01-19',
  within20Weeks: true,
  exceptionKinds: [],
  excludedReason: null,
  countedIncludingExceptions: true,
  countedExcludingExceptions: true,
  ...over,
});

describe('the "as at" comparison names a mediation by its meeting', () => {
  it('a correction adding the meeting date reads as the mediation meeting, with the date written out', async () => {
    const comparison = {
      date: '2026-03-01',
      report: { includingExceptions: figure, excludingExceptions: figure },
      changes: [
        {
          reference: 'MED-1',
          before: standing({}),
          after: standing({
            excludedReason: 'mediation',
            countedIncludingExceptions: false,
            countedExcludingExceptions: false,
            within20Weeks: null,
          }),
          corrections: [
            {
              type: 'EventCorrected',
              correctedType: 'MediationStarted',
              correctedDate: '2025-11-03',
              correction: { meetingHeldOn: '2025-11-24' },
              reason: 'The meeting date was missing',
              by: 'Team Manager',
              recordedAt: '2026-03-03T11:20:00Z',
              date: '2026-03-03',
            },
          ],
          eventsRecordedSince: [],
        },
      ],
    } as unknown as AsAtComparisonView;
    const fixture = TestBed.createComponent(AsAtComparison);
    fixture.componentRef.setInput('comparison', comparison);
    fixture.componentRef.setInput('now', {
      includingExceptions: { issued: 0, within20Weeks: 0, percent: null },
      excludingExceptions: { issued: 0, within20Weeks: 0, percent: null },
    });
    await fixture.whenStable();
    const row = (fixture.nativeElement as HTMLElement)
      .querySelector('tr[data-reference="MED-1"]')!
      .textContent!.replace(/\s+/g, ' ');
    expect(row).toContain(
      'Not counted (a mediation meeting was held about this request or assessment), final plan 19 January 2026',
    );
    expect(row).toContain(
      'Mediation started of 3 November 2025: date the mediation meeting was held corrected to 24 November 2025',
    );
  });
});
