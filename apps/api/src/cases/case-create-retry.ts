import { createHash } from 'node:crypto';
import { canonical, eventWithCase, type Sql } from '@ehc/persistence';
import type { CaseEvent } from '@ehc/workflow';
import { DomainError } from '../common/domain-error.js';

/**
 * POST /cases (and POST /cases/transfers-in) is safe to retry. The case's first event (RequestReceived, or
 * TransferredPlanReceived) has an id: the client's `eventId`, or
 * one made from the `Idempotency-Key` header and the user (so two users' keys never meet). A retry after a lost
 * response carries the same id, finds the case it opened and answers with it; nothing is opened twice. The same id
 * with a different request (another team, child, date or source) is refused, never answered with someone's case.
 */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,200}$/;

/** A version-4-shaped UUID from the user and their Idempotency-Key. */
export function keyedEventId(userId: string, key: string): string {
  const h = createHash('sha256').update(`create-case\u0000${userId}\u0000${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const eventIdReused = () =>
  new DomainError(
    409,
    'EVENT_ID_REUSED',
    'This eventId (or Idempotency-Key) was already used for a different request; use a new one for a new case',
  );

/** The case an earlier identical POST /cases opened with this first-event id; null if none; 409 if used otherwise. */
export async function caseOpenedBy(
  db: Sql,
  firstEventId: string,
  teamId: string,
  request: CaseEvent,
  child: object,
): Promise<string | null> {
  const prior = await eventWithCase(db, firstEventId);
  if (!prior) return null;
  const same =
    prior.team_id === teamId &&
    prior.type === request.type &&
    prior.version === 1 &&
    canonical({ ...prior.data, type: prior.type, date: prior.date } as unknown as CaseEvent) === canonical(request) &&
    canonical(prior.child as unknown as CaseEvent) === canonical(JSON.parse(JSON.stringify(child)));
  if (!same) throw eventIdReused();
  return prior.case_id;
}
