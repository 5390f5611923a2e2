import { defaultCensusDate } from './sen2.page';

describe('the SEN2 page’s default census date', () => {
  it('is the third Thursday of January: this year once it has come, else last year', () => {
    expect(defaultCensusDate('2026-03-04')).toBe('2026-01-15'); // 1 January 2026 is a Thursday
    expect(defaultCensusDate('2025-06-01')).toBe('2025-01-16');
    expect(defaultCensusDate('2027-01-20')).toBe('2026-01-15'); // the day before 2027's census
    expect(defaultCensusDate('2027-01-21')).toBe('2027-01-21');
  });
});
