import type { DeadlineView, Rag } from '@ehc/contracts';
import { formatDate, plural } from './dates';

/** GOV.UK tag colours we use. The text always says the same thing, so colour is never the only signal. */
export type TagColour = 'red' | 'orange' | 'yellow' | 'green' | 'grey' | 'blue';

export interface StatusTag {
  text: string;
  colour: TagColour;
}

/**
 * RAG for a pending time limit when the server has not sent one: overdue is red, due within 14 days is
 * amber (the warning window the alerts use), otherwise green.
 */
export function ragForDaysLeft(daysLeft: number): Rag {
  if (daysLeft < 0) return 'red';
  if (daysLeft <= 14) return 'amber';
  return 'green';
}

const RAG_COLOUR: Record<Rag, TagColour> = { red: 'red', amber: 'yellow', green: 'green' };

/** "Overdue by 3 days", "Due today", "12 days left": the words shown next to a pending deadline. */
export function daysLeftText(daysLeft: number): string {
  if (daysLeft < 0) return `Overdue by ${plural(-daysLeft, 'day')}`;
  if (daysLeft === 0) return 'Due today';
  return `${plural(daysLeft, 'day')} left`;
}

/** The tag for a case's next deadline (caseload, queue): text plus RAG colour. */
export function daysLeftTag(daysLeft: number, rag?: Rag): StatusTag {
  return { text: daysLeftText(daysLeft), colour: RAG_COLOUR[rag ?? ragForDaysLeft(daysLeft)] };
}

/** The status tag of one statutory time limit on the case page. */
export function deadlineStatusTag(d: DeadlineView): StatusTag {
  switch (d.status) {
    case 'pending':
      return d.daysLeft === undefined ? { text: 'Pending', colour: 'blue' } : daysLeftTag(d.daysLeft, d.rag);
    case 'met':
      return { text: d.metOn ? `Met on ${formatDate(d.metOn)}` : 'Met', colour: 'green' };
    case 'missed':
      // Done after its due date: done late, never "met"; the breach stays on the record.
      if (d.metOn)
        return { text: `Done late by ${plural(d.daysLate ?? 0, 'day')} (on ${formatDate(d.metOn)})`, colour: 'red' };
      return { text: d.daysLate ? `Missed by ${plural(d.daysLate, 'day')}` : 'Missed', colour: 'red' };
    case 'excepted':
      if (d.metOn) return { text: `Done late on ${formatDate(d.metOn)}, excepted`, colour: 'grey' };
      // An exception makes missing the limit lawful; it never moves the due date (docs/architecture.md invariant 4).
      return { text: 'Excepted', colour: 'grey' };
    case 'not-applicable':
      return { text: 'Not applicable', colour: 'grey' };
  }
}
