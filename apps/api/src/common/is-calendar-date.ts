import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isIsoDate } from '@ehc/workflow';

/** A legal date: a real calendar date written YYYY-MM-DD (never a timestamp, docs/architecture.md invariant 7). */
export function IsCalendarDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a calendar date written YYYY-MM-DD, for example 2025-03-03`, ...options },
      validator: { validate: (v: unknown) => isIsoDate(v) },
    });
}
