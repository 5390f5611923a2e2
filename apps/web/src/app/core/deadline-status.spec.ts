import type { DeadlineView } from '@ehc/contracts';
import { daysLeftTag, daysLeftText, deadlineStatusTag, ragForDaysLeft } from './deadline-status';

const deadline = (over: Partial<DeadlineView>): DeadlineView => ({
  id: 'd1',
  kind: 'decide-assess',
  label: 'Decide whether to assess',
  due: '2026-03-10',
  from: '2026-01-27',
  measuredFrom: 'request',
  regulation: 'reg 5(1)',
  statutory: true,
  status: 'pending',
  exceptionIds: [],
  ...over,
});

describe('deadline status text (what a caseworker reads, so colour is never the only signal)', () => {
  it('says how many days are left, with singular for one day', () => {
    expect(daysLeftText(12)).toBe('12 days left');
    expect(daysLeftText(1)).toBe('1 day left');
  });

  it('says a deadline due today is due today, not "0 days left"', () => {
    expect(daysLeftText(0)).toBe('Due today');
  });

  it('says how long a pending deadline has been overdue', () => {
    expect(daysLeftText(-3)).toBe('Overdue by 3 days');
    expect(daysLeftText(-1)).toBe('Overdue by 1 day');
  });

  it('shows a met deadline with the date it was met, in GOV.UK date style', () => {
    expect(deadlineStatusTag(deadline({ status: 'met', metOn: '2026-03-03' }))).toEqual({
      text: 'Met on 3 March 2026',
      colour: 'green',
    });
  });

  it('shows a missed deadline with how late it was', () => {
    expect(deadlineStatusTag(deadline({ status: 'missed', daysLate: 4 }))).toEqual({
      text: 'Missed by 4 days',
      colour: 'red',
    });
  });

  it('shows an excepted deadline as Excepted, not as missed (the exception makes it lawful)', () => {
    expect(deadlineStatusTag(deadline({ status: 'excepted', daysLate: 10 }))).toEqual({
      text: 'Excepted',
      colour: 'grey',
    });
  });

  it('shows a pending deadline with days left', () => {
    expect(deadlineStatusTag(deadline({ status: 'pending', daysLeft: 12, rag: 'amber' }))).toEqual({
      text: '12 days left',
      colour: 'yellow',
    });
  });
});

describe('RAG for a pending deadline', () => {
  it('is red once overdue, amber within 14 days, green beyond', () => {
    expect(ragForDaysLeft(-1)).toBe('red');
    expect(ragForDaysLeft(0)).toBe('amber');
    expect(ragForDaysLeft(14)).toBe('amber');
    expect(ragForDaysLeft(15)).toBe('green');
  });

  it('prefers the RAG the server computed over the local fallback', () => {
    expect(daysLeftTag(30, 'red').colour).toBe('red');
    expect(daysLeftTag(30).colour).toBe('green');
  });
});
