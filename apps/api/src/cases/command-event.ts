import { CASE_EVENT_TYPES, validateEventShape, type CaseEvent, type CaseEventType } from '@ehc/workflow';
import { badRequest } from '../common/domain-error.js';

/**
 * Events a person records through POST /cases/:id/events. RequestReceived opens a case (POST /cases);
 * DeadlineMissed is written by the deadline worker only.
 */
export const RECORDABLE_EVENT_TYPES: readonly CaseEventType[] = CASE_EVENT_TYPES.filter(
  (t) => t !== 'RequestReceived' && t !== 'DeadlineMissed',
);

/**
 * The event of a command, checked against the domain's vocabulary (the one the importer and the statechart use):
 * a 400 naming each wrong field (`event.<field>`) and what is allowed, never the value given.
 */
export function commandEvent(raw: Record<string, unknown>): CaseEvent {
  const type = raw['type'];
  if (typeof type !== 'string' || !(RECORDABLE_EVENT_TYPES as readonly string[]).includes(type)) {
    const message = `type must be one of: ${RECORDABLE_EVENT_TYPES.join(', ')} (RequestReceived opens a case through POST /api/cases; DeadlineMissed is recorded by the system)`;
    throw badRequest(`The request is not valid: event.type: ${message}`, [{ field: 'event.type', message }]);
  }
  const r = validateEventShape(raw);
  if (r.ok) return r.event;
  const errors = r.errors.map((e) => ({ field: e.field ? `event.${e.field}` : 'event', message: e.message }));
  throw badRequest(`The request is not valid: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, errors);
}
