import { FIELD_OPTION_LABELS } from '@ehc/contracts';

/**
 * Human labels for the codes of the case-event vocabulary. The labels themselves are libs/contracts' (one map per
 * vocabulary, shared with the api); the web keeps no copy. Codes stay as the api sends them.
 *
 * labelIn(vocabulary, code), with an event field's name ('provider', 'source', …), reads a code in that vocabulary only, which
 * matters where one code means two things: 'parent' as a request source is "Parent", as an adviser "Parent or young
 * person". Without it, the first vocabulary that knows the code answers; unknown codes fall back to a readable form.
 */
export function labelIn(vocabulary: string, code: string | null | undefined): string {
  return (code && FIELD_OPTION_LABELS[vocabulary]?.[code]) || humanLabel(code);
}

/** A code's label in the first vocabulary that knows it (see labelIn for the ambiguous ones). */
export function humanLabel(code: string | null | undefined): string {
  if (!code) return '';
  for (const labels of Object.values(FIELD_OPTION_LABELS)) if (Object.hasOwn(labels, code)) return labels[code]!;
  const words = code
    .replace(/[-_]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
