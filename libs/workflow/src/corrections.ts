// Corrections of the record (docs/corrections.md). The case-event log is append-only: an entry made with a wrong date
// or wrong details is put right by EventCorrected, and one made in error is taken back by EventRetracted. The case is
// then the history as corrected: each entry with its latest correction applied, retracted entries left out, and the
// corrections themselves left out (they change what happened, they are not something that happened to the child).
// Pure: the statechart replays the corrected history (workflow.ts) and decides whether it is lawful.
import type { LawProblem } from './errors.js';
import {
  EVENT_FIELDS,
  validateEventShape,
  type CaseEvent,
  type CaseEventType,
  type EventCorrected,
  type EventRetracted,
} from './events.js';

export const CORRECTION_EVENT_TYPES = ['EventCorrected', 'EventRetracted'] as const;

export type CorrectionEvent = EventCorrected | EventRetracted;

export function isCorrectionEvent(e: { type: string }): e is CorrectionEvent {
  return e.type === 'EventCorrected' || e.type === 'EventRetracted';
}

/**
 * Entries that cannot be corrected: corrections themselves (correct the original entry again instead), and the
 * system's DeadlineMissed (it is derived: it follows the corrected history by itself). RequestReceived can be
 * corrected (a mistyped request date) but not retracted: a case without a request is no case (withdraw it instead).
 */
const NOT_CORRECTABLE: readonly CaseEventType[] = ['EventCorrected', 'EventRetracted', 'DeadlineMissed'];

/** The target of a correction: the id it names. */
export const correctionTarget = (e: CorrectionEvent): string => (e.type === 'EventCorrected' ? e.corrects : e.retracts);

/** Event ids must be known for every entry of a log that holds corrections (they name their targets by id). */
export class EventIdsMissing extends Error {
  constructor() {
    super('workflow: a history with corrections needs the event id of every entry');
  }
}

export interface CorrectedHistory {
  /** The history as corrected, in the order it was recorded. */
  events: CaseEvent[];
  /** For each entry of `events`, its place in the log. */
  logIndex: number[];
}

/** True when the log holds at least one correction (otherwise the corrected history is the log itself). */
export function hasCorrections(log: readonly CaseEvent[]): boolean {
  return log.some(isCorrectionEvent);
}

/**
 * The history as corrected. Corrections are applied in the order they were recorded: a second correction of the same
 * entry applies on top of the first. Assumes each correction passed checkCorrection when it was recorded.
 */
export function correctedHistory(log: readonly CaseEvent[], ids: readonly (string | undefined)[]): CorrectedHistory {
  if (!hasCorrections(log)) return { events: [...log], logIndex: log.map((_, i) => i) };
  const current = new Map<number, CaseEvent | null>();
  const at = indexById(log, ids);
  log.forEach((e, i) => {
    if (!isCorrectionEvent(e)) {
      current.set(i, e);
      return;
    }
    const target = at.get(correctionTarget(e).toLowerCase());
    if (target === undefined) return;
    const was = current.get(target);
    if (!was) return;
    current.set(target, e.type === 'EventRetracted' ? null : applyCorrection(was, e));
  });
  const events: CaseEvent[] = [];
  const logIndex: number[] = [];
  for (const [i, e] of current) {
    if (e) {
      events.push(e);
      logIndex.push(i);
    }
  }
  return { events, logIndex };
}

function indexById(log: readonly CaseEvent[], ids: readonly (string | undefined)[]): Map<string, number> {
  if (ids.length !== log.length || ids.some((id) => id === undefined)) throw new EventIdsMissing();
  return new Map(ids.map((id, i) => [id!.toLowerCase(), i]));
}

/** The entry with the correction's fields put in place of its own (a clean copy; its type never changes). */
function applyCorrection(e: CaseEvent, c: EventCorrected): CaseEvent {
  return { ...e, ...c.correction, type: e.type } as CaseEvent;
}

/**
 * Is this correction possible on this log (before the statechart replays the result)? It must name an earlier entry
 * of this case that can be corrected and is not retracted; a correction may change only that entry's own fields, to
 * values its vocabulary allows, and must change something. Messages never repeat a value (it could be personal data).
 */
export function checkCorrection(
  log: readonly CaseEvent[],
  ids: readonly (string | undefined)[],
  e: CorrectionEvent,
): LawProblem | undefined {
  const field = e.type === 'EventCorrected' ? 'corrects' : 'retracts';
  const at = indexById(log, ids);
  const target = at.get(correctionTarget(e).toLowerCase());
  if (target === undefined)
    return {
      code: 'UNKNOWN_REFERENCE',
      field,
      message: `${field} must name an entry of this case's history (its event id).`,
    };
  const original = log[target]!;
  if (NOT_CORRECTABLE.includes(original.type)) {
    return {
      code: 'EVENT_NOT_ALLOWED',
      field,
      message:
        original.type === 'DeadlineMissed'
          ? 'DeadlineMissed is recorded by the system from the deadlines; correct the entry the deadline depends on instead.'
          : 'A correction cannot itself be corrected or retracted; correct the original entry again.',
    };
  }
  const now = correctedHistory(log, ids);
  const place = now.logIndex.indexOf(target);
  if (place === -1)
    return {
      code: 'EVENT_NOT_ALLOWED',
      field,
      message: `That ${original.type} entry has been retracted; there is nothing left to correct.`,
    };
  if (e.type === 'EventRetracted') {
    if (original.type === 'RequestReceived') {
      return {
        code: 'EVENT_NOT_ALLOWED',
        field,
        message:
          'The request opens the case and cannot be retracted; correct its date or source, or record RequestWithdrawn.',
      };
    }
    return undefined;
  }
  const was = now.events[place]!;
  const own = EVENT_FIELDS[was.type].map((f) => f.name);
  const keys = Object.keys(e.correction);
  if (!keys.length)
    return {
      code: 'INVALID_EVENT',
      field: 'correction',
      message: `correction must give at least one field of ${was.type} to change: ${own.join(', ')}.`,
    };
  const foreign = keys.filter((k) => !own.includes(k));
  if (foreign.length) {
    return {
      code: 'INVALID_EVENT',
      field: 'correction',
      message: `correction may change only the fields of ${was.type}: ${own.join(', ')}.`,
    };
  }
  const shape = validateEventShape(applyCorrection(was, e));
  if (!shape.ok) {
    const first = shape.errors[0]!;
    return {
      code: 'INVALID_EVENT',
      field: `correction.${first.field}`,
      message: shape.errors.map((x) => x.message).join(' '),
    };
  }
  if (
    keys.every(
      (k) => JSON.stringify((was as unknown as Record<string, unknown>)[k]) === JSON.stringify(e.correction[k]),
    )
  ) {
    return {
      code: 'INVALID_EVENT',
      field: 'correction',
      message: 'The correction changes nothing: give the corrected answers.',
    };
  }
  return undefined;
}

/** The corrected entry's legal date, when the correction changes it. */
export function correctedDate(e: CorrectionEvent): string | undefined {
  return e.type === 'EventCorrected' && typeof e.correction['date'] === 'string' ? e.correction['date'] : undefined;
}
