import { InvalidCursor, keysetAfter, type KeysetOrder } from '@ehc/persistence';
import { DomainError } from './domain-error.js';

/** The keyset condition after `cursor` (keysetAfter), or a 400 naming the cursor field when this list did not make it. */
export function afterCursor(order: KeysetOrder<never>, cursor: string, params: unknown[], why: string): string {
  try {
    return keysetAfter(order, cursor, params);
  } catch (e) {
    if (e instanceof InvalidCursor) throw new DomainError(400, 'INVALID_REQUEST', e.message, { errors: [{ field: 'cursor', message: why }] });
    throw e;
  }
}
