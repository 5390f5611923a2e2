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

/** Canonical JSON of an event, for "is this the same event" checks on retries and re-imports. */
export function canonical(e: CaseEvent): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .filter(([, x]) => x !== undefined)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, sort(x)]),
          )
        : v;
  return JSON.stringify(sort(e));
}
