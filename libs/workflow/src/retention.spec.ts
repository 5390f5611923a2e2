import {
  addYears,
  caseRetentionDue,
  DEFAULT_RETENTION_POLICY,
  isDueForErasure,
  retentionDue,
  type RetentionCase,
} from './retention.js';

const policy = DEFAULT_RETENTION_POLICY;
const plan = (lastEventOn: string, caseId = 'c-plan'): RetentionCase => ({ caseId, outcome: 'plan', lastEventOn });
const noPlan = (lastEventOn: string, caseId = 'c-none'): RetentionCase => ({ caseId, outcome: 'no-plan', lastEventOn });
const open = (lastEventOn: string, caseId = 'c-open'): RetentionCase => ({ caseId, outcome: 'open', lastEventOn });

describe('addYears (the calendar module: libs/workflow dates and addMonths)', () => {
  it('keeps the day of the month; 29 February forwards to 1 March in a common year, stays in a leap year', () => {
    expect(addYears('2020-05-14', 6)).toBe('2026-05-14');
    expect(addYears('2024-02-29', 1)).toBe('2025-03-01');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2000-02-29', 100)).toBe('2100-03-01'); // 2100 is not a leap year
    expect(() => addYears('2020-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('a case with a plan: kept until the 25th birthday plus RETENTION_YEARS_AFTER_25 years (docs/operations.md#retention-and-erasure)', () => {
  it('born 2001-05-14, default 6 years: due on 2032-05-14 (date of birth + 31 years)', () => {
    expect(retentionDue({ dateOfBirth: '2001-05-14', cases: [plan('2015-09-01')] }, policy)).toEqual({
      dueOn: '2032-05-14',
      reason: 'plan-kept-until-25',
    });
  });
  it('a leap-day birth: the 25th birthday in a common year is 1 March, and so is the due date', () => {
    // born 2004-02-29: 25th birthday 2029-03-01 (2029 is common); + 6 years = 2035-03-01
    expect(retentionDue({ dateOfBirth: '2004-02-29', cases: [plan('2016-01-10')] }, policy).dueOn).toBe('2035-03-01');
    // born 2003-02-28 is not moved
    expect(retentionDue({ dateOfBirth: '2003-02-28', cases: [plan('2016-01-10')] }, policy).dueOn).toBe('2034-02-28');
  });
  it('years are counted from the 25th birthday as it fell (1 March stays 1 March, even when the due year is a leap year)', () => {
    // 2033 is common: 25th birthday 2033-03-01, then 3 years → 2036-03-01 (the 1 March is kept, not pulled back to 29 February)
    expect(
      retentionDue({ dateOfBirth: '2008-02-29', cases: [plan('2019-01-10')] }, { ...policy, yearsAfter25: 3 }).dueOn,
    ).toBe('2036-03-01');
    // born 1999-02-28 + 25 = 2024-02-28, nothing special
    expect(
      retentionDue({ dateOfBirth: '1999-02-28', cases: [plan('2012-01-10')] }, { ...policy, yearsAfter25: 0 }).dueOn,
    ).toBe('2024-02-28');
    // born 1996-02-29: the 25th birthday 2021-03-01; 0 years after
    expect(
      retentionDue({ dateOfBirth: '1996-02-29', cases: [plan('2012-01-10')] }, { ...policy, yearsAfter25: 0 }).dueOn,
    ).toBe('2021-03-01');
  });
  it('the configured number of years is used', () => {
    expect(
      retentionDue({ dateOfBirth: '2001-05-14', cases: [plan('2015-09-01')] }, { ...policy, yearsAfter25: 10 }).dueOn,
    ).toBe('2036-05-14');
  });
  it('never sooner than the closed-without-plan period after the last event', () => {
    // a plan recorded when the young person was 24: 25th birthday + 0 would be sooner than the last event + 6
    expect(
      caseRetentionDue(plan('2025-06-01'), '2001-05-14', { yearsAfter25: 0, yearsAfterClosedWithoutPlan: 6 }),
    ).toEqual({ dueOn: '2031-06-01', reason: 'plan-kept-until-25' });
  });
  it('without a date of birth a plan cannot be dated: never listed by itself', () => {
    expect(retentionDue({ dateOfBirth: null, cases: [plan('2015-09-01')] }, policy)).toEqual({
      dueOn: null,
      reason: 'no-date-of-birth',
    });
  });
});

describe('a case closed without a plan: the last event + RETENTION_YEARS_AFTER_CLOSE years', () => {
  it('refused in 2018-03-10, default 6 years: due 2024-03-10, whatever the age', () => {
    expect(retentionDue({ dateOfBirth: '2015-01-01', cases: [noPlan('2018-03-10')] }, policy)).toEqual({
      dueOn: '2024-03-10',
      reason: 'closed-without-plan',
    });
    expect(retentionDue({ dateOfBirth: null, cases: [noPlan('2018-03-10')] }, policy).dueOn).toBe('2024-03-10');
  });
  it('a last event on 29 February', () => {
    expect(
      retentionDue({ dateOfBirth: null, cases: [noPlan('2020-02-29')] }, { ...policy, yearsAfterClosedWithoutPlan: 2 })
        .dueOn,
    ).toBe('2022-03-01');
  });
});

describe("a person's record is due only when every case is", () => {
  it('the latest of the cases: a refused request and a later plan → the plan date', () => {
    expect(
      retentionDue({ dateOfBirth: '2001-05-14', cases: [noPlan('2009-01-01', 'a'), plan('2012-01-01', 'b')] }, policy),
    ).toEqual({ dueOn: '2032-05-14', reason: 'plan-kept-until-25' });
  });
  it('two refusals: the later one', () => {
    expect(
      retentionDue({ dateOfBirth: '2010-05-14', cases: [noPlan('2016-01-01', 'a'), noPlan('2019-07-01', 'b')] }, policy)
        .dueOn,
    ).toBe('2025-07-01');
  });
  it('an open case keeps everything, however old the other cases are', () => {
    expect(
      retentionDue({ dateOfBirth: '1990-05-14', cases: [noPlan('2000-01-01', 'a'), open('2001-01-01', 'b')] }, policy),
    ).toEqual({ dueOn: null, reason: 'open-case' });
  });
  it('no cases: the day the record was made + RETENTION_YEARS_AFTER_CLOSE years; without that day, nothing to decide from', () => {
    expect(retentionDue({ dateOfBirth: '1990-05-14', cases: [], recordedOn: '2016-02-29' }, policy)).toEqual({
      dueOn: '2022-03-01',
      reason: 'record-without-request',
    });
    expect(retentionDue({ dateOfBirth: '1990-05-14', cases: [] }, policy)).toEqual({ dueOn: null, reason: 'no-cases' });
  });
  it('the day the record was made does not matter once it has a case', () => {
    expect(
      retentionDue({ dateOfBirth: null, cases: [noPlan('2019-07-01')], recordedOn: '2010-01-01' }, policy).dueOn,
    ).toBe('2025-07-01');
  });
});

describe('isDueForErasure: "today" is a parameter', () => {
  const subject = { dateOfBirth: '2001-05-14', cases: [plan('2015-09-01')] };
  it('not the day before, yes on the due date and after', () => {
    expect(isDueForErasure(subject, policy, '2032-05-13')).toBe(false);
    expect(isDueForErasure(subject, policy, '2032-05-14')).toBe(true);
    expect(isDueForErasure(subject, policy, '2040-01-01')).toBe(true);
  });
  it('never while a case is open', () => {
    expect(isDueForErasure({ dateOfBirth: '1950-01-01', cases: [open('1990-01-01')] }, policy, '2199-12-31')).toBe(
      false,
    );
  });
});
