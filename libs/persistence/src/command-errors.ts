import type { WorkflowError } from '@ehc/workflow';

/** The statechart said no. Carries the workflow error (code, message, allowed events). */
export class CommandRejected extends Error {
  constructor(readonly error: WorkflowError) {
    super(error.message);
  }
}

/** The event id was already used for a different event (a client bug, not a retry). */
export class EventIdReused extends Error {
  constructor() {
    super('This eventId was already used for a different event; use a new id for a new event');
  }
}

/** PostgreSQL refused a second event with an id already stored (the unique index on case_event.event_id). */
export const isEventIdTaken = (e: unknown): boolean =>
  (e as { code?: string } | null)?.code === '23505' &&
  String((e as { constraint?: string }).constraint ?? (e as Error).message).includes('event_id');

export class CaseNotFound extends Error {
  constructor() {
    super('The case was not found');
  }
}

export class ReferenceTaken extends Error {
  constructor(readonly reference: string) {
    super('A case with this reference already exists');
  }
}
