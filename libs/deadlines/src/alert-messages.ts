// What an alert says. The case reference and the deadline only: never the child's name (docs/architecture.md invariant 9).
import { DEADLINE_LABELS } from '@ehc/contracts';

export interface AlertFacts {
  reference: string;
  kind: 'warning' | 'due' | 'missed';
  deadlineKind: string;
  due: string;
  daysBefore: number | null;
  excepted: boolean;
  lateByMs: number;
}

const lateness = (ms: number) => {
  if (ms < 60 * 60_000) return '';
  const h = Math.round(ms / 3_600_000);
  return h < 48 ? ` (raised ${h} hours late)` : ` (raised ${Math.round(h / 24)} days late)`;
};

export function alertMessage(a: AlertFacts): string {
  const label = DEADLINE_LABELS[a.deadlineKind] ?? a.deadlineKind;
  const text =
    a.kind === 'missed'
      ? `${a.reference}: ${label} was due on ${a.due} and has passed${a.excepted ? ' (a recorded exception applies)' : ''}`
      : a.kind === 'due'
        ? `${a.reference}: ${label} is due today (${a.due})`
        : `${a.reference}: ${label} is due in ${a.daysBefore} days (${a.due})`;
  return text + lateness(a.lateByMs);
}
