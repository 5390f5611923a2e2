import { addDays, asAtCutoff, daysBetween, isIsoDate, londonMidnightUtcMs } from './calendar-dates.js';

describe('calendar dates (docs/architecture.md invariant 7: legal dates are calendar dates, never timestamps)', () => {
  it('docs/law.md#counting-days worked example: received Mon 2025-03-03 → 6 weeks 2025-04-14, 16 weeks 2025-06-23, 20 weeks 2025-07-21', () => {
    expect(addDays('2025-03-03', 42)).toBe('2025-04-14');
    expect(addDays('2025-03-03', 112)).toBe('2025-06-23');
    expect(addDays('2025-03-03', 140)).toBe('2025-07-21');
    expect(daysBetween('2025-03-03', '2025-07-21')).toBe(140);
    // across the spring clock change and a leap day, days are still whole calendar days
    expect(daysBetween('2024-02-28', '2024-04-01')).toBe(33);
  });

  it('rejects impossible dates', () => {
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-1-01')).toBe(false);
  });

  it('finds 00:00 Europe/London on every day 2015–2035, as the IANA time zone database does', () => {
    const fmt = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    for (let d = '2015-01-01'; d <= '2035-12-31'; d = addDays(d, 1)) {
      const ms = londonMidnightUtcMs(d);
      const parts = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
      expect(`${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`).toBe(`${d} 00:00`);
      // and one millisecond earlier is still the previous London day
      const before = Object.fromEntries(fmt.formatToParts(new Date(ms - 1)).map((p) => [p.type, p.value]));
      expect(`${before.year}-${before.month}-${before.day}`).toBe(addDays(d, -1));
    }
  });

  it('as at a date means recorded before midnight in London: 23:30 UTC is the next day in summer, the same day in winter', () => {
    const summer = asAtCutoff('2025-07-20');
    expect(summer('2025-07-20T22:59:59.999Z')).toBe(true); // 23:59:59.999 BST
    expect(summer('2025-07-20T23:00:00.000Z')).toBe(false); // 00:00 BST on the 21st
    const winter = asAtCutoff('2025-01-20');
    expect(winter('2025-01-20T23:30:00.000Z')).toBe(true);
    expect(winter('2025-01-21T00:00:00.000Z')).toBe(false);
  });

  it('as at a timestamp means recorded at or before that instant', () => {
    const at = asAtCutoff('2025-07-20T12:00:00+01:00');
    expect(at('2025-07-20T11:00:00.000Z')).toBe(true);
    expect(at('2025-07-20T11:00:00.001Z')).toBe(false);
    expect(() => asAtCutoff('last Tuesday')).toThrow(/asAt/);
  });
});
