import { addMonths, formatDate, toIsoDate } from './dates';

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
