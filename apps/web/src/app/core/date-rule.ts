import { type DateParts, isBlankDate, toIsoDate } from './dates';

const cap = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

/** A Signal Forms rule for a date input: required (unless optional), a real date, and not in the future. */
export function dateRule(what: string, today: () => string, optional = false) {
  return ({ value }: { value: () => DateParts }) => {
    const parts = value();
    if (isBlankDate(parts)) return optional ? undefined : { kind: 'required', message: `Enter ${what}` };
    const iso = toIsoDate(parts);
    if (!iso) return { kind: 'date', message: `${cap(what)} must be a real date` };
    if (iso > today()) return { kind: 'future', message: `${cap(what)} must be today or in the past` };
    return undefined;
  };
}
