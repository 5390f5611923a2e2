import fc from 'fast-check';
import { addDays, daysBetween } from './dates.js';
import {
  addMonths,
  isWorkingDay,
  lastDayOfMonthsStartingWith,
  phaseTransferDue,
  transferOutDue,
  workingDaysBefore,
} from './plan-periods.js';

const none = new Set<string>();

describe('calendar months (docs/plan-life.md#counting)', () => {
  it('s44(1): 12 months starting with 2025-03-10 end on 2026-03-09 (the period includes its first day)', () => {
    expect(lastDayOfMonthsStartingWith('2025-03-10', 12)).toBe('2026-03-09');
  });
  it('s44(1): 12 months starting with 29 February 2024 end on 28 February 2025 (a whole year, no more)', () => {
    expect(addMonths('2024-02-29', 12)).toBe('2025-03-01');
    expect(lastDayOfMonthsStartingWith('2024-02-29', 12)).toBe('2025-02-28');
  });
  it('forwards from a day the month lacks: the first of the next month (31 August + 6 months = 1 March)', () => {
    expect(addMonths('2025-08-31', 6)).toBe('2026-03-01');
  });
  it('reg 18(2) backwards from a day the month lacks: the last day of that month (31 July − 5 months = 28 February)', () => {
    expect(addMonths('2027-07-31', -5)).toBe('2027-02-28');
    expect(addMonths('2027-09-01', -5)).toBe('2027-04-01');
  });
  it('property: n months back is at least n months before (its n-month period ends before d), and 12 months hold 365 or 366 days', () => {
    const day = fc.integer({ min: 0, max: 40_000 }).map((n) => addDays('1950-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 60 }), (d, n) => {
        expect(lastDayOfMonthsStartingWith(addMonths(d, -n), n) < d).toBe(true);
        const len = daysBetween(d, lastDayOfMonthsStartingWith(d, 12)) + 1;
        expect([365, 366]).toContain(len);
      }),
    );
  });
});

describe('reg 15(2) working days', () => {
  it('weekends and the given bank holidays are not working days', () => {
    expect(isWorkingDay('2026-12-05', none)).toBe(false); // Saturday
    expect(isWorkingDay('2026-12-07', none)).toBe(true); // Monday
    expect(isWorkingDay('2026-12-25', new Set(['2026-12-25']))).toBe(false);
    expect(workingDaysBefore('2026-12-07', '2026-12-14', none)).toBe(5);
  });
  it('aware at least 15 working days before the move: the plan transfers on the day of the move', () => {
    // Mon 2027-01-04 .. Fri 2027-01-22 are 15 working days before Mon 2027-01-25
    expect(workingDaysBefore('2027-01-04', '2027-01-25', none)).toBe(15);
    expect(transferOutDue('2027-01-04', '2027-01-25')).toBe('2027-01-25');
  });
  it('aware later: within 15 working days beginning with the day of awareness (that day counts)', () => {
    // aware Tue 2027-01-05 (14 working days before the move): Tue 5 … Mon 25 is the 15th working day
    expect(transferOutDue('2027-01-05', '2027-01-25')).toBe('2027-01-25');
    // aware after the move: Mon 2027-02-01 + 15 working days counting it = Fri 2027-02-19
    expect(transferOutDue('2027-02-01', '2027-01-25')).toBe('2027-02-19');
    // a bank holiday inside the 15 pushes it a day
    expect(transferOutDue('2027-02-01', '2027-01-25', new Set(['2027-02-08']))).toBe('2027-02-22');
    // aware on a Saturday: counting starts on Monday
    expect(transferOutDue('2027-01-30', '2027-01-25')).toBe('2027-02-19');
  });
});

describe('reg 18 phase transfers', () => {
  it('reg 18(1): before 15 February of the calendar year of the transfer → last day 14 February', () => {
    expect(phaseTransferDue('primary-to-secondary', '2027-09-01')).toEqual({
      due: '2027-02-14',
      regulation: 'reg 18(1)',
    });
    expect(phaseTransferDue('early-years-to-school', '2028-01-05')).toEqual({
      due: '2028-02-14',
      regulation: 'reg 18(1)',
    });
    expect(phaseTransferDue('infant-to-junior', '2027-09-01')?.due).toBe('2027-02-14');
  });
  it('reg 18(1): secondary school to a post-16 institution → before 31 March, last day 30 March', () => {
    expect(phaseTransferDue('secondary-to-post-16-institution', '2027-09-01')).toEqual({
      due: '2027-03-30',
      regulation: 'reg 18(1)',
    });
  });
  it('reg 2, CFA s83(2): into a school sixth form is not a transfer between phases — no reg 18 date', () => {
    expect(phaseTransferDue('secondary-to-school-sixth-form', '2027-09-01')).toBeUndefined();
  });
  it('reg 18(2): between post-16 institutions, at least 5 months before the move', () => {
    expect(phaseTransferDue('post-16-to-post-16', '2027-01-06')).toEqual({
      due: '2026-08-06',
      regulation: 'reg 18(2)',
    });
  });
});
