import type { DeadlineView, TimelineEntry } from '@ehc/contracts';
import { deadlineStatusTag } from '../core/deadline-status';
import { correctionLines, describeEventData } from './case-timeline';

// History that tells the truth: work done after its due date is "done late", never "met"; a corrected entry is
// shown with its correction beside it (who, when, why, what changed).
const deadline = (d: Partial<DeadlineView>): DeadlineView => ({
  id: 'final-plan',
  kind: 'final-plan',
  label: 'Final plan',
  due: '2025-07-21',
  from: '2025-03-03',
  measuredFrom: 'request',
  regulation: 'reg 13(2)',
  statutory: true,
  status: 'missed',
  exceptionIds: [],
  ...d,
});

describe('the truth in the deadlines table and the timeline', () => {
  it('a deadline met after its due date is done late by N days, not met', () => {
    expect(deadlineStatusTag(deadline({ metOn: '2025-08-01', daysLate: 11 }))).toEqual({
      text: 'Done late by 11 days (on 1 August 2025)',
      colour: 'red',
    });
    expect(deadlineStatusTag(deadline({ status: 'excepted', metOn: '2025-08-01', daysLate: 11 })).text).toBe(
      'Done late on 1 August 2025, excepted',
    );
    expect(deadlineStatusTag(deadline({ daysLate: 3 })).text).toBe('Missed by 3 days');
  });

  it('a corrected entry carries its corrections: who, when, why and the corrected answers', () => {
    const e = {
      corrections: [
        {
          eventId: 'c1',
          type: 'EventCorrected',
          date: '2025-09-01',
          recordedAt: '2025-09-01T10:00:00Z',
          actorName: 'North caseworker 1',
          reason: 'Typed the wrong date',
          correction: { date: '2025-07-15', placement: 'special-state' },
        },
      ],
    } as unknown as TimelineEntry;
    expect(correctionLines(e)).toEqual([
      'Corrected on 1 September 2025 by North caseworker 1: Typed the wrong date',
      'Now: Date: 15 July 2025',
      'Now: Placement: State-funded special school',
    ]);
  });

  it('a correction entry does not show the event id it names', () => {
    expect(
      describeEventData({
        corrects: '00000000-0000-4000-8000-000000000001',
        reason: 'Typed the wrong date',
        correction: { date: '2025-07-15' },
      }),
    ).toEqual(['Reason: Typed the wrong date']);
  });
});
