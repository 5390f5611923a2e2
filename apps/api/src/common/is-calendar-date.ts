import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isIsoDate } from '@ehc/workflow';

/**
 * The dates the api accepts at all. A calendar date outside them is a typing mistake (0001, 9999) and would
 * otherwise travel into date arithmetic and PostgreSQL (year 0000 does not exist there) and come back as a 500.
 */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2199-12-31';
/**
 * The Children and Families Act 2014, Part 3 (and the SEND Regulations 2014) came into force on 1 September 2014:
 * no request for an EHC needs assessment, nor anything that follows one, can be dated before it.
 */
export const EHC_SYSTEM_START = '2014-09-01';

/** A legal date: a real calendar date written YYYY-MM-DD (never a timestamp, docs/architecture.md invariant 7), within the range. */
export function IsCalendarDate(options?: ValidationOptions & { earliest?: string }) {
  const earliest = options?.earliest ?? EARLIEST_DATE;
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be a calendar date written YYYY-MM-DD, for example 2025-03-03, from ${earliest} to ${LATEST_DATE}`,
        ...options,
      },
      validator: { validate: (v: unknown) => isIsoDate(v) && v >= earliest && v <= LATEST_DATE },
    });
}
