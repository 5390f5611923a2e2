import { londonDate } from '@ehc/workflow';

/**
 * The only place that reads the time. Domain code takes "today" as a parameter; services ask a Clock, so
 * tests can inject a fixed or compressed one.
 */
export abstract class Clock {
  abstract now(): Date;
  /** Today's calendar date in Europe/London (legal dates are London dates, docs/architecture.md invariant 7). */
  today(): string {
    return londonDateOf(this.now());
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock tests move by hand. */
export class FixedClock extends Clock {
  constructor(private instant: Date) {
    super();
  }
  now(): Date {
    return new Date(this.instant.getTime());
  }
  set(instant: Date | string): void {
    this.instant = typeof instant === 'string' ? new Date(instant) : instant;
  }
  advanceDays(days: number): void {
    this.instant = new Date(this.instant.getTime() + days * 86_400_000);
  }
}

/** The London calendar date of an instant: the calendar's own `londonDate` (libs/workflow/src/dates.ts). */
export function londonDateOf(instant: Date): string {
  return londonDate(instant);
}
