// Structural validation of events against a vocabulary of FieldSpecs: the assessment's EVENT_FIELDS (events.ts) and
// the maintained plan's PLAN_EVENT_FIELDS (plan-events.ts) share it. A module of its own so that both vocabularies can
// import it without importing each other at load time (events.ts takes the plan's recordable events into EVENT_FIELDS).
import { isIsoDate, type IsoDate } from './dates.js';

export interface FieldSpec {
  name: string;
  kind: 'date' | 'text' | 'enum' | 'ref' | 'object';
  required: boolean;
  options?: readonly string[];
  /** true when the value is a list (ExceptionRecorded.appliesTo). */
  many?: boolean;
  /** Most characters a text field may hold (default MAX_TEXT). */
  max?: number;
  label: string;
}

/**
 * Freezes a vocabulary's field lists in place: each list, each field and its options. The api keeps the JSON text of a
 * list and of a field by identity (apps/api/src/cases/case-detail-json.ts: a case's answer is half field lists, and
 * stringifying them again on every command cost CPU), which is right only while none of them can change after it is
 * made; frozen, an attempt to change one throws instead.
 */
export function freezeFields<V extends Record<string, FieldSpec[]>>(vocabulary: V): V {
  for (const list of Object.values(vocabulary)) {
    for (const f of list) {
      if (f.options) Object.freeze(f.options);
      Object.freeze(f);
    }
    Object.freeze(list);
  }
  return vocabulary;
}

/** Free text (reasons, evidence). */
const MAX_TEXT = 4000;

/**
 * References are short codes chosen by the system or the council, never names: 1-40 letters, digits, '-' or '_'
 * (no ':' so deadline ids compose; no '@' or '.', so an email address cannot be used as one).
 */
const REF = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const REF_RULE = "a reference of 1-40 letters, digits, '-' or '_', starting with a letter or digit";
/** An event id (EventCorrected.corrects, EventRetracted.retracts). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A user's sign-in name (CaseworkerAssigned.caseworker), as the api's users have them. */
const USERNAME = /^[a-z0-9._-]{1,64}$/;
/** A field name is echoed in an error only if it looks like an identifier (never a value). */
const safeName = (k: string) => (/^[A-Za-z][A-Za-z0-9_-]{0,40}$/.test(k) ? k : '(unrecognised field)');

/** The fields an event type may carry ('type' and its specs), built once per type: every event read is checked. */
const KNOWN_FIELDS = new WeakMap<readonly FieldSpec[], ReadonlySet<string>>();
function knownFields(specs: readonly FieldSpec[]): ReadonlySet<string> {
  let known = KNOWN_FIELDS.get(specs);
  if (!known) KNOWN_FIELDS.set(specs, (known = new Set(['type', ...specs.map((s) => s.name)])));
  return known;
}

/**
 * The same structural validation against another vocabulary of the same FieldSpec shape (the maintained plan's,
 * plan-events.ts). Returns a clean copy holding only the known fields.
 */
export function validateShapeAgainst<T extends string>(
  vocabulary: Readonly<Record<T, readonly FieldSpec[]>>,
  e: unknown,
):
  | { ok: true; event: Record<string, unknown> & { type: T; date: IsoDate } }
  | { ok: false; errors: { field: string; message: string }[] } {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) {
    return { ok: false, errors: [{ field: '', message: 'An event must be an object with a "type" and a "date".' }] };
  }
  const input = e as Record<string, unknown>;
  if (typeof input['type'] !== 'string' || !Object.hasOwn(vocabulary, input['type'])) {
    const types = Object.keys(vocabulary);
    return { ok: false, errors: [{ field: 'type', message: `Unknown event type. Allowed: ${types.join(', ')}.` }] };
  }
  const type = input['type'] as T;
  const specs = vocabulary[type];
  const errors: { field: string; message: string }[] = [];
  const out: Record<string, unknown> = { type };
  for (const spec of specs) {
    const v = input[spec.name];
    if (v === undefined || v === null || v === '') {
      if (spec.required)
        errors.push({ field: spec.name, message: `${spec.name} is required for ${type} (${spec.label}).` });
      continue;
    }
    const problem = checkValue(spec, v);
    if (problem) errors.push({ field: spec.name, message: problem });
    else out[spec.name] = Array.isArray(v) ? [...v] : v;
  }
  const known = knownFields(specs);
  for (const k of Object.keys(input)) {
    if (!known.has(k)) {
      errors.push({
        field: safeName(k),
        message: `${type} has no such field. Allowed fields: ${[...known].join(', ')}. Child details belong on the case, not on events.`,
      });
    }
  }
  return errors.length
    ? { ok: false, errors }
    : { ok: true, event: out as Record<string, unknown> & { type: T; date: IsoDate } };
}

/** The dates any event may carry (the api's other dates use the same range: apps/api/src/common/is-calendar-date.ts). */
export const EARLIEST_EVENT_DATE = '1900-01-01';
export const LATEST_EVENT_DATE = '2199-12-31';

function checkValue(spec: FieldSpec, v: unknown): string | undefined {
  switch (spec.kind) {
    case 'date':
      if (!isIsoDate(v)) return `${spec.name} must be a real calendar date written YYYY-MM-DD.`;
      // A year like 0000 or 9999 is a typing mistake, and PostgreSQL has no year 0000: refuse it here, as a 400.
      return v < EARLIEST_EVENT_DATE || v > LATEST_EVENT_DATE
        ? `${spec.name} must be between ${EARLIEST_EVENT_DATE} and ${LATEST_EVENT_DATE}.`
        : undefined;
    case 'text':
      if (typeof v !== 'string' || v.trim() === '') return `${spec.name} must be non-empty text.`;
      return v.length > (spec.max ?? MAX_TEXT)
        ? `${spec.name} must be 1 to ${spec.max ?? MAX_TEXT} characters.`
        : undefined;
    case 'ref':
      if (spec.name === 'corrects' || spec.name === 'retracts') {
        return typeof v === 'string' && UUID.test(v)
          ? undefined
          : `${spec.name} must be the event id (a UUID) of an entry on this case.`;
      }
      if (spec.name === 'caseworker') {
        return typeof v === 'string' && USERNAME.test(v)
          ? undefined
          : `${spec.name} must be a username (1-64 lower-case letters, digits, '.', '_' or '-').`;
      }
      return typeof v === 'string' && REF.test(v) ? undefined : `${spec.name} must be ${REF_RULE}.`;
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v)
        ? undefined
        : `${spec.name} must be an object of the fields to change.`;
    case 'enum': {
      const options = spec.options ?? [];
      // Written only for a refusal (most values are fine; joining the options for each was garbage).
      const allowed = () => `Allowed: ${options.join(', ')}.`;
      if (spec.many && Array.isArray(v) && v.length > options.length)
        return `${spec.name} lists more values than there are. ${allowed()}`;
      if (spec.many) {
        if (!Array.isArray(v) || v.length === 0) return `${spec.name} must be a non-empty list. ${allowed()}`;
        if (!v.every((x) => typeof x === 'string' && options.includes(x)))
          return `${spec.name} has a value that is not allowed. ${allowed()}`;
        if (new Set(v).size !== v.length) return `${spec.name} lists a value twice.`;
        return undefined;
      }
      return typeof v === 'string' && options.includes(v)
        ? undefined
        : `${spec.name} must be one of: ${options.join(', ')}.`;
    }
  }
}

/** The rules validateEventShape applies to references and text, for schemas generated from EVENT_FIELDS (OpenAPI). */
export const EVENT_FIELD_RULES = { ref: REF, maxText: MAX_TEXT } as const;
