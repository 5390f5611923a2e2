import type { FieldTree } from '@angular/forms/signals';
import type { FieldError } from './problem';

/** The first error message of a Signal Forms field, for its inline GOV.UK error message. */
export function firstError(field: FieldTree<unknown>): string | null {
  return field().errors()[0]?.message ?? null;
}

/** Error summary lines for the given fields, in page order, each linking to its input. */
export function summaryOf(fields: [fieldId: string, field: FieldTree<unknown>][]): FieldError[] {
  return fields.flatMap(([fieldId, field]) => {
    const message = firstError(field);
    return message ? [{ fieldId, message }] : [];
  });
}
