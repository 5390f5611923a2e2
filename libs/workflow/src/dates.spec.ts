import fc from 'fast-check';
import { addDays, daysBetween, isIsoDate, londonDate, overlapDays } from './dates.js';

// The calendar as Date.UTC counts it: what the day-number arithmetic in dates.ts must agree with.
const DAY_MS = 86_400_000;
const utc = (y: number, m: number, d: number) => {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t;
};
const iso = (t: Date) =>
  `${String(t.getUTCFullYear()).padStart(4, '0')}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;

describe('legal dates are Europe/London calendar dates (docs/law.md#counting-days)', () => {
  it('isIsoDate accepts only real YYYY-MM-DD calendar dates with a 4-digit year', () => {
    expect(isIsoDate('2025-03-03')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true); // leap year
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-04-31')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-00-10')).toBe(false);
    expect(isIsoDate('25-03-03')).toBe(false);
    expect(isIsoDate('+02025-03-03')).toBe(false);
    expect(isIsoDate('2025-3-3')).toBe(false);
    expect(isIsoDate('2025-03-03T00:00:00Z')).toBe(false);
    expect(isIsoDate(20250303)).toBe(false);
    expect(isIsoDate(undefined)).toBe(false);
  });

  it('addDays is calendar arithmetic, unaffected by the clocks changing (BST starts 2025-03-30, ends 2025-10-26)', () => {
    expect(addDays('2025-03-29', 1)).toBe('2025-03-30');
    expect(addDays('2025-03-30', 1)).toBe('2025-03-31');
    expect(addDays('2025-10-25', 2)).toBe('2025-10-27');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-03-03', -3)).toBe('2025-02-28');
    expect(() => addDays('2025-03-03', 1.5)).toThrow(RangeError);
    expect(() => addDays('2025-02-30', 1)).toThrow(RangeError);
  });

  it('daysBetween is to − from in whole days, across DST and leap days', () => {
    expect(daysBetween('2025-03-03', '2025-07-21')).toBe(140);
    expect(daysBetween('2025-03-29', '2025-03-31')).toBe(2);
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29);
    expect(daysBetween('2025-07-21', '2025-03-03')).toBe(-140);
  });

  it('agrees with Date.UTC on every date: validity, adding days and counting them (years 0000-9999)', () => {
    const dates = fc.record({
      y: fc.integer({ min: 0, max: 9999 }),
      m: fc.integer({ min: 0, max: 13 }),
      d: fc.integer({ min: 0, max: 32 }),
    });
    fc.assert(
      fc.property(dates, fc.integer({ min: -40_000, max: 40_000 }), dates, ({ y, m, d }, n, b) => {
        const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const t = utc(y, m, d);
        const real = m >= 1 && m <= 12 && d >= 1 && iso(t) === text;
        expect(isIsoDate(text)).toBe(real);
        if (!real) return;
        const later = new Date(t.getTime() + n * DAY_MS);
        if (later.getUTCFullYear() >= 0 && later.getUTCFullYear() <= 9999) expect(addDays(text, n)).toBe(iso(later));
        else expect(() => addDays(text, n)).toThrow(RangeError);
        const other = utc(b.y, Math.min(Math.max(b.m, 1), 12), Math.min(Math.max(b.d, 1), 28));
        expect(daysBetween(text, iso(other))).toBe(Math.round((other.getTime() - t.getTime()) / DAY_MS));
      }),
      { numRuns: 5_000 },
    );
    // The edges of the range and of the 400-year cycle.
    expect(addDays('0000-01-01', 0)).toBe('0000-01-01');
    expect(() => addDays('0000-01-01', -1)).toThrow(RangeError);
    expect(addDays('9999-12-30', 1)).toBe('9999-12-31');
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(addDays('1999-12-31', 1)).toBe('2000-01-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('1900-02-28', 1)).toBe('1900-03-01');
    expect(daysBetween('1970-01-01', '2000-03-01')).toBe(11_017);
    expect(isIsoDate('2025-0a-01')).toBe(false);
    expect(isIsoDate('2025/03/01')).toBe(false);
  });

  it('overlapDays counts the days two closed intervals share', () => {
    expect(overlapDays('2025-01-01', '2025-01-10', '2025-01-10', '2025-01-20')).toBe(1);
    expect(overlapDays('2025-01-01', '2025-01-09', '2025-01-10', '2025-01-20')).toBe(0);
    expect(overlapDays('2025-01-01', '2025-02-28', '2025-01-10', '2025-01-20')).toBe(11);
  });

  describe('londonDate gives the Europe/London date of an instant', () => {
    it('in summer (BST, UTC+1) an instant after 23:00 UTC is already the next day', () => {
      expect(londonDate(new Date('2025-06-30T23:30:00Z'))).toBe('2025-07-01');
      expect(londonDate(new Date('2025-06-30T22:59:59Z'))).toBe('2025-06-30');
    });
    it('in winter (GMT) UTC midnight is London midnight', () => {
      expect(londonDate(new Date('2025-01-15T23:59:59Z'))).toBe('2025-01-15');
      expect(londonDate(new Date('2025-01-16T00:00:00Z'))).toBe('2025-01-16');
    });
    it('around the spring-forward and fall-back instants', () => {
      expect(londonDate(new Date('2025-03-30T00:59:59Z'))).toBe('2025-03-30'); // 00:59 GMT
      expect(londonDate(new Date('2025-03-30T23:00:00Z'))).toBe('2025-03-31'); // 00:00 BST
      expect(londonDate(new Date('2025-10-25T23:00:00Z'))).toBe('2025-10-26'); // 00:00 BST on the last BST day
      expect(londonDate(new Date('2025-10-26T23:30:00Z'))).toBe('2025-10-26'); // 23:30 GMT
    });
    it('rejects an invalid Date', () => {
      expect(() => londonDate(new Date('nope'))).toThrow(RangeError);
    });
  });
});
