import { addDays as addCalendarDays, londonDate } from '../../../../../libs/workflow/src/dates';
import { addDays, addMonths, formatDate, londonToday, toIsoDate } from './dates';

describe('GOV.UK date input parsing', () => {
  it('turns day, month and year boxes into a calendar date', () => {
    expect(toIsoDate({ day: '3', month: '3', year: '2026' })).toBe('2026-03-03');
  });

  it('refuses dates that do not exist, such as 30 February', () => {
    expect(toIsoDate({ day: '30', month: '2', year: '2026' })).toBeNull();
    expect(toIsoDate({ day: '', month: '2', year: '2026' })).toBeNull();
    expect(toIsoDate({ day: '1', month: '2', year: '26' })).toBeNull();
  });

  it('formats dates from the string so no time zone can shift the day', () => {
    expect(formatDate('2026-03-29')).toBe('29 March 2026');
  });

  it('adds months without running past the end of a shorter month', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
  });
});

describe("the web app's London date is the calendar module's (libs/workflow/src/dates.ts)", () => {
  it('gives the London date of an instant across both clock changes', () => {
    expect(londonToday(new Date('2025-03-30T23:00:00Z'))).toBe('2025-03-31'); // 00:00 BST
    expect(londonToday(new Date('2025-10-26T23:30:00Z'))).toBe('2025-10-26'); // 23:30 GMT
    for (const at of ['2025-03-30T00:59:59Z', '2025-06-30T23:30:00Z', '2025-01-15T23:59:59Z']) {
      expect(londonToday(new Date(at))).toBe(londonDate(new Date(at)));
    }
  });

  it('adds calendar days as the statechart does', () => {
    expect(addDays('2025-03-03', 140)).toBe(addCalendarDays('2025-03-03', 140));
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
  });
});
