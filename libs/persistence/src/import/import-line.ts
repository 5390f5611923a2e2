import { isIsoDate, SUMMARY_EVENT_TYPES, validateEventShape, type CaseEvent } from '@ehc/workflow';

/** One line of the import format (docs/events.md): a case with its whole history. */
export interface ImportLine {
  reference: string;
  team: string | null;
  child: {
    givenName: string;
    familyName: string;
    dateOfBirth: string;
    upn?: string;
    postcode?: string;
    school?: string;
  };
  events: CaseEvent[];
  /**
   * An event may carry its own `eventId` (a UUID), so that a correction later in the line (or in a later import) can
   * name it; events without one get an id derived from the line.
   */
  eventIds: (string | undefined)[];
  /**
   * 'summary': a history migrated from an older system (request, decision and plan dates, often without advice or
   * draft events), checked for what its data allows and stored with its provenance (docs/migrated-histories.md).
   * 'full' (the default): every event replayed through the statechart, as live casework.
   */
  mode: 'full' | 'summary';
  /** summary mode: the system the history came from (provenance), 'unspecified' when the line names none */
  source: string;
}

/** Whole years from a date of birth to a date (a birthday on 29 February falls on 1 March in other years). */
function yearsOld(born: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(born.slice(0, 4));
  return on.slice(5) >= born.slice(5) ? years : years - 1;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_-]{1,39}$/;
const CHILD_FIELDS = ['givenName', 'familyName', 'dateOfBirth', 'upn', 'postcode', 'school'];

export type Parsed = { ok: true; line: ImportLine } | { ok: false; reference: string | null; reason: string };

/**
 * Structural checks of one line. Reasons name the field and what is allowed, never the value (a child's
 * name must not end up in an import report or a log).
 */
export function parseImportLine(text: string): Parsed {
  let raw: any;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reference: null, reason: 'the line is not valid JSON (one case per line, as a JSON object)' };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, reference: null, reason: 'the line must be a JSON object with reference, child and events' };
  const reference = typeof raw.reference === 'string' && REFERENCE.test(raw.reference) ? raw.reference : null;
  const fail = (reason: string): Parsed => ({ ok: false, reference, reason });
  if (!reference) return fail('reference must be 2-40 letters, digits, / _ or - (a pseudonymous case reference)');
  const unknown = Object.keys(raw).filter(
    (k) => !['reference', 'team', 'child', 'events', 'mode', 'source'].includes(k),
  );
  if (unknown.length)
    return fail(
      `unknown field(s) ${unknown.join(', ')}: a line has reference, team (optional), mode (optional), source (optional), child and events`,
    );
  if (raw.mode !== undefined && raw.mode !== 'full' && raw.mode !== 'summary')
    return fail(
      'mode must be "full" (every event, replayed as live casework) or "summary" (a migrated history of request, decision and plan dates)',
    );
  const mode: 'full' | 'summary' = raw.mode ?? 'full';
  if (
    raw.source !== undefined &&
    (mode !== 'summary' || typeof raw.source !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,79}$/.test(raw.source))
  ) {
    return fail(
      'source is for mode "summary" only: the name of the system the history came from, 1 to 80 letters, digits, spaces or . _ ( ) -',
    );
  }
  if (raw.team !== undefined && (typeof raw.team !== 'string' || !/^[a-z0-9-]{1,40}$/.test(raw.team)))
    return fail('team must be a team id such as north');
  const c = raw.child;
  if (!c || typeof c !== 'object' || Array.isArray(c))
    return fail('child is required: givenName, familyName, dateOfBirth (YYYY-MM-DD), optional upn, postcode, school');
  const extra = Object.keys(c).filter((k) => !CHILD_FIELDS.includes(k));
  if (extra.length) return fail(`child has unknown field(s) ${extra.join(', ')}; allowed: ${CHILD_FIELDS.join(', ')}`);
  for (const f of ['givenName', 'familyName']) {
    if (typeof c[f] !== 'string' || c[f].trim().length < 1 || c[f].length > 100)
      return fail(`child.${f} must be 1 to 100 characters`);
  }
  if (!isIsoDate(c.dateOfBirth)) return fail('child.dateOfBirth must be a calendar date YYYY-MM-DD');
  for (const f of ['upn', 'postcode', 'school']) {
    if (c[f] !== undefined && (typeof c[f] !== 'string' || c[f].length > 200))
      return fail(`child.${f} must be text of at most 200 characters`);
  }
  if (!Array.isArray(raw.events) || raw.events.length === 0)
    return fail('events must be a non-empty array, starting with RequestReceived (or TransferredPlanReceived)');
  if (raw.events.length > 500) return fail('a case may have at most 500 events per line');
  const events: CaseEvent[] = [];
  const eventIds: (string | undefined)[] = [];
  for (const [i, e] of raw.events.entries()) {
    // RequestReceived in an import need not repeat the child (docs/events.md); drop it if present.
    let ev =
      e && typeof e === 'object' && e.type === 'RequestReceived' && 'child' in e
        ? (({ child: _c, ...rest }) => rest)(e)
        : e;
    if (ev && typeof ev === 'object' && 'eventId' in ev) {
      const { eventId, ...rest } = ev;
      if (typeof eventId !== 'string' || !UUID.test(eventId)) return fail(`events[${i}]: eventId must be a UUID`);
      if (eventIds.includes(eventId.toLowerCase())) return fail(`events[${i}]: eventId is used twice in this line`);
      eventIds[i] = eventId.toLowerCase();
      ev = rest;
    }
    const v = validateEventShape(ev);
    if (!v.ok) return fail(`events[${i}]: ${v.errors.map((x) => `${x.field}: ${x.message}`).join('; ')}`);
    if (v.event.type === 'HistoryMigrated')
      return fail(
        `events[${i}]: HistoryMigrated is written by the importer for a line with "mode":"summary", never given in a line`,
      );
    if (mode === 'summary' && !SUMMARY_EVENT_TYPES.includes(v.event.type)) {
      return fail(
        `events[${i}]: ${v.event.type} is not part of a summary history; a summary holds ${SUMMARY_EVENT_TYPES.join(', ')} (import the case without "mode":"summary" to record it in full)`,
      );
    }
    events.push(v.event);
  }
  // A plan transferred in from another council (reg 15) begins with the transfer instead: no request here (never a
  // summary: TransferredPlanReceived is not a summary event, refused above).
  if (events[0].type !== 'RequestReceived' && events[0].type !== 'TransferredPlanReceived')
    return fail(
      'events[0] must be RequestReceived (the request is day 0 of every clock) or TransferredPlanReceived (a plan transferred in, reg 15)',
    );
  if (mode === 'summary') {
    // s36(1), s83(2): a request is for a child or a young person under 25; a child cannot be born after it
    const received = events[0].date;
    if (c.dateOfBirth > received)
      return fail(
        'child.dateOfBirth is after the request date in events[0]: a request cannot be made for a child not yet born',
      );
    if (yearsOld(c.dateOfBirth, received) >= 25) {
      return fail(
        'child.dateOfBirth makes the young person 25 or older on the request date in events[0]: an EHC needs assessment is for those under 25 (s83(2))',
      );
    }
  }
  eventIds.length = events.length;
  return {
    ok: true,
    line: {
      reference,
      team: raw.team ?? null,
      child: c,
      events,
      eventIds: Array.from(eventIds),
      mode,
      source: mode === 'summary' ? (raw.source ?? 'unspecified') : 'unspecified',
    },
  };
}
