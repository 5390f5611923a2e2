import type { CaseEvent } from '@ehc/workflow';

/** case_event stores the legal date in business_date and the event's other fields in data (jsonb). */
export interface EventRow {
  type: string;
  business_date: string;
  data: Record<string, unknown>;
  event_id?: string;
}

/** The event ids of stored rows, in order (corrections name their targets by id). */
export const idsOf = (rows: readonly EventRow[]): (string | undefined)[] => rows.map((r) => r.event_id);

export function toRow(e: CaseEvent): { type: string; date: string; data: Record<string, unknown> } {
  const { type, date, ...data } = e as unknown as { type: string; date: string } & Record<string, unknown>;
  return { type, date, data };
}

export function fromRow(r: EventRow): CaseEvent {
  return { ...(r.data ?? {}), type: r.type, date: r.business_date } as unknown as CaseEvent;
}

/**
 * The event as it will read back from case_event (jsonb keeps no undefined fields): decide on this, so that a fold
 * of the new history in memory equals a replay of the stored one.
 */
export function asStored(event: CaseEvent): CaseEvent {
  const r = toRow(event);
  return fromRow({ type: r.type, business_date: r.date, data: JSON.parse(JSON.stringify(r.data)) as EventRow['data'] });
}

/**
 * The keys of an object in canonical order (localeCompare), sorted once per set of keys in their given order: an
 * import makes the canonical JSON of every event (its id is a hash of it), and events of one type have the same keys.
 */
const sortedKeyOrders = new Map<string, readonly string[]>();
function inCanonicalOrder(keys: string[]): readonly string[] {
  const signature = JSON.stringify(keys);
  let sorted = sortedKeyOrders.get(signature);
  if (!sorted) {
    // The order an object built in that order holds them in (integer-like keys come first, ascending): the order
    // JSON.stringify of the sorted copy writes them, which canonicalText writes directly.
    sorted = Object.keys(Object.fromEntries([...keys].sort((a, b) => a.localeCompare(b)).map((k) => [k, 0])));
    if (sortedKeyOrders.size < 10_000) sortedKeyOrders.set(signature, sorted);
  }
  return sorted;
}

/**
 * The canonical text of a JSON value: JSON.stringify of it with every object's keys in canonical order (and no
 * undefined fields). Written out directly rather than by building the sorted copy and stringifying it: an import makes
 * one for each event it hashes (case-events.codec.spec checks it against the sorted copy's text).
 */
function canonicalText(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      // JSON.stringify writes an array's undefined (or function) item as null
      const t = x === undefined || typeof x === 'function' || typeof x === 'symbol' ? 'null' : canonicalText(x);
      out += i ? `,${t}` : t;
    }
    return `${out}]`;
  }
  const o = v as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const k of inCanonicalOrder(Object.keys(o).filter((k) => o[k] !== undefined))) {
    const x = o[k];
    if (typeof x === 'function' || typeof x === 'symbol') continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalText(x)}`;
    first = false;
  }
  return `${out}}`;
}

/** Canonical JSON of an event, for "is this the same event" checks on retries and re-imports. */
export function canonical(e: CaseEvent): string {
  return canonicalText(e);
}
