import { plainEnglish } from './plain-english';

describe('refusals in plain English', () => {
  it('says a future date is refused without the event’s code name or a machine date', () => {
    const m = plainEnglish(
      'DATE_IN_FUTURE',
      'DecidedToAssess is dated after today (2026-03-04); events record what has happened.',
    );
    expect(m).toBe('The date must be today or in the past: you can only record something that has already happened');
  });

  it('names events as steps and dates as people write them', () => {
    expect(
      plainEnglish(
        'DATE_ORDER',
        'DecidedToAssess cannot be dated before the request was received on 2026-03-01 (day 0).',
      ),
    ).toBe('The decision to assess cannot be dated before the request was received on 1 March 2026.');
    expect(plainEnglish('EVENT_NOT_ALLOWED', 'FinalPlanIssued needs a draft plan first (DraftPlanIssued).')).toBe(
      'The final plan needs a draft plan first (the draft plan).',
    );
    expect(plainEnglish('DATE_ORDER', 'receivedByProvider cannot be before the request was sent (2026-02-02).')).toBe(
      'The date the adviser received the request cannot be before the request was sent (2 February 2026).',
    );
  });
});
