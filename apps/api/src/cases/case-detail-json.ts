import type { CaseDetail } from '@ehc/contracts';

// The JSON text of a case's answer (CaseDetail: GET /api/cases/:id, POST /api/cases/:id/events), byte for byte what
// JSON.stringify makes of it, for less CPU per command (docs/benchmarks.md, transitions). About half of an answer is
// the field lists of the events allowed next (allowedEvents[].fields), and most of those lists and fields are the same
// objects on every answer (libs/workflow's EVENT_FIELDS, frozen by freezeFields); JSON.stringify wrote them again on
// every answer. Here the text of a frozen list or field is made once and kept by identity, and the text of an allowed
// event up to its fields once per type; everything else goes through JSON.stringify as before. A narrowed field (its
// options cut to what fits the case: a new object, not frozen) is stringified each time; the list that holds it is
// written from its fields' text. In one process over 1,819 demo answers, p50 ~33 µs (JSON.stringify) became ~23 µs,
// Content-Length's byte count included (the commit that added this file says how it was measured).

/** The answers caseDetail built: only these take the spliced path (replyJson); any other body is JSON.stringify's. */
const caseDetails = new WeakSet<object>();

/** Marks an answer of caseDetail for replyJson. */
export function asCaseDetail<T extends CaseDetail>(detail: T): T {
  caseDetails.add(detail);
  return detail;
}

/** Fastify's reply serializer (app.factory.ts): a case's answer spliced from kept text, every other body as before. */
export function replyJson(payload: unknown): string {
  return typeof payload === 'object' && payload !== null && caseDetails.has(payload)
    ? caseDetailJson(payload as CaseDetail)
    : JSON.stringify(payload);
}

/** JSON.stringify(detail), with the text of frozen field lists and fields kept between answers. */
export function caseDetailJson(detail: CaseDetail): string {
  return objectJson(detail, (key, value) =>
    key === 'allowedEvents' && Array.isArray(value) ? arrayJson(value, allowedEventJson) : JSON.stringify(value),
  );
}

/**
 * An allowed event as caseDetail builds it, { type, label, fields, earliest? }: the text before its fields is kept per
 * type (its label is the type's); any other shape is written member by member.
 */
function allowedEventJson(event: unknown): string | undefined {
  if (!isPlainObject(event)) return JSON.stringify(event);
  const e = event as { type?: unknown; label?: unknown; fields?: unknown; earliest?: unknown };
  const keys = Object.keys(e);
  const n = keys.length;
  if (
    typeof e.type === 'string' &&
    typeof e.label === 'string' &&
    Array.isArray(e.fields) &&
    (n === 3 || (n === 4 && keys[3] === 'earliest')) &&
    keys[0] === 'type' &&
    keys[1] === 'label' &&
    keys[2] === 'fields'
  ) {
    let head = eventHead.get(e.type);
    if (head?.label !== e.label) {
      head = { label: e.label, text: `{"type":${JSON.stringify(e.type)},"label":${JSON.stringify(e.label)},"fields":` };
      eventHead.set(e.type, head);
    }
    const earliest = n === 4 ? JSON.stringify(e.earliest) : undefined;
    return head.text + fieldListJson(e.fields) + (earliest === undefined ? '}' : `,"earliest":${earliest}}`);
  }
  return objectJson(event, (key, value) =>
    key === 'fields' && Array.isArray(value) ? fieldListJson(value) : JSON.stringify(value),
  );
}
/** Per event type (a closed list), the text of an allowed event up to its fields. */
const eventHead = new Map<string, { label: string; text: string }>();

const listText = new WeakMap<object, string>();
const fieldText = new WeakMap<object, string>();

function fieldListJson(list: readonly unknown[]): string {
  const kept = listText.get(list);
  if (kept !== undefined) return kept;
  const text = arrayJson(list, fieldJson);
  // kept only when it cannot change: the list frozen and each of its fields kept (so deeply frozen)
  if (Object.isFrozen(list) && list.every((f) => typeof f === 'object' && f !== null && fieldText.has(f))) {
    listText.set(list, text);
  }
  return text;
}

function fieldJson(field: unknown): string | undefined {
  if (typeof field !== 'object' || field === null) return JSON.stringify(field);
  let text = fieldText.get(field);
  if (text === undefined) {
    text = JSON.stringify(field);
    if (deeplyFrozen(field)) fieldText.set(field, text);
  }
  return text;
}

/** Plain data no one can change: frozen all the way down, with no accessors or toJSON that could answer otherwise. */
function deeplyFrozen(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return typeof v !== 'function';
  if (!Object.isFrozen(v) || !(Array.isArray(v) || isPlainObject(v))) return false;
  return Object.values(Object.getOwnPropertyDescriptors(v)).every((d) => 'value' in d && deeplyFrozen(d.value));
}

function isPlainObject(v: unknown): v is object {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * An object as JSON.stringify writes it: own enumerable string keys in their order, a member whose value has no JSON
 * (undefined, a function) left out. `valueJson` gives a value's text (undefined: leave the member out).
 */
function objectJson(o: object, valueJson: (key: string, value: unknown) => string | undefined): string {
  if (!isPlainObject(o)) return JSON.stringify(o);
  let out = '';
  for (const key of Object.keys(o)) {
    const text = valueJson(key, (o as Record<string, unknown>)[key]);
    if (text === undefined) continue;
    out += (out ? ',' : '') + keyText(key) + text;
  }
  return '{' + out + '}';
}

/** `"key":` for a key of an answer's objects (their keys are the contract's, a closed list). */
function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    text = JSON.stringify(key) + ':';
    if (keyTexts.size < 1000) keyTexts.set(key, text); // bounded, should an answer ever carry keys from data
  }
  return text;
}
const keyTexts = new Map<string, string>();

/** An array as JSON.stringify writes it: an element that has no JSON (undefined, a function) is written null. */
function arrayJson(list: readonly unknown[], elementJson: (element: unknown) => string | undefined): string {
  if (typeof (list as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(list);
  let out = '[';
  for (let i = 0; i < list.length; i++) out += (i ? ',' : '') + (elementJson(list[i]) ?? 'null');
  return out + ']';
}
