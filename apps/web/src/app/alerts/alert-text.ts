import { DEADLINE_LABELS, type AlertView } from '@ehc/contracts';
import { formatDate } from '../core/dates';

/** What an alert says, in words and with a GOV.UK date ("12 March 2026"); the api's `message` is for e-mails. */
export function alertText(a: Pick<AlertView, 'kind' | 'deadlineKind' | 'due' | 'daysBefore'>): string {
  const label = DEADLINE_LABELS[a.deadlineKind] ?? a.deadlineKind;
  const due = formatDate(a.due);
  if (a.kind === 'missed') return `${label}: was due on ${due} and has passed`;
  if (a.kind === 'due') return `${label}: due today, ${due}`;
  return `${label}: due in ${a.daysBefore} ${a.daysBefore === 1 ? 'day' : 'days'}, on ${due}`;
}

/**
 * The one lateness figure: how long after its intended time the alert was raised (the worker was down or busy), or
 * '' when it came on time (within the hour). In hours under two days, else in whole days.
 */
export function raisedLate(a: Pick<AlertView, 'lateByDays' | 'lateByMs'>): string {
  const ms = a.lateByMs ?? a.lateByDays * 86_400_000;
  if (ms < 3_600_000) return '';
  const hours = Math.round(ms / 3_600_000);
  if (hours < 48) return `Raised ${hours} ${hours === 1 ? 'hour' : 'hours'} late`;
  const days = Math.floor(hours / 24);
  return `Raised ${days} days late`;
}
