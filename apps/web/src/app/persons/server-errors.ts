import type { FieldError } from '../core/problem';
import { toProblem } from '../core/problem';

/** A server Problem as error-summary lines; `ids` maps a server field name to the input's id when they differ. */
export function serverErrors(err: unknown, ids: Record<string, string> = {}): FieldError[] {
  const p = toProblem(err);
  return p.errors?.length
    ? p.errors.map((e) => ({ fieldId: ids[e.field] ?? e.field, message: e.message }))
    : [{ fieldId: '', message: p.message }];
}

/** The inline message of one field, from the summary lines. */
export const errorFor = (errors: FieldError[], fieldId: string): string | null =>
  errors.find((e) => e.fieldId === fieldId)?.message ?? null;
