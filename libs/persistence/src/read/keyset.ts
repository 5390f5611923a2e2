/**
 * Keyset paging, the one way the api's lists page: rows in a total order of SQL expressions, and a page's `nextCursor`
 * holding the sort key of its last row (base64url JSON, opaque to the client), so the next page starts strictly after
 * it. No offset to count through, and a row added or removed meanwhile never shifts a page.
 */
export interface KeysetOrder<R> {
  /** The sort key's SQL expressions, in order (the last one unique, so the order is total); each with its cast. */
  columns: readonly { sql: string; cast?: string; shape?: RegExp }[];
  /** A row's values of those expressions, as text. */
  keyOf(row: R): string[];
}

/** Thrown for a cursor this list did not make (or a hand-edited one): the caller answers 400. */
export class InvalidCursor extends Error {
  constructor() {
    super('cursor must be the nextCursor value of the previous page');
  }
}

export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort key a cursor holds, checked against the order's columns (count, text, shape). */
export function decodeCursor(order: KeysetOrder<unknown>, cursor: string): string[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  if (
    !Array.isArray(key) ||
    key.length !== order.columns.length ||
    key.some((x, i) => typeof x !== 'string' || !(order.columns[i]!.shape?.test(x) ?? true))
  )
    throw new InvalidCursor();
  return key as string[];
}

/**
 * The condition "after the cursor's row", `(a, b, …) > ($n, $n+1, …)`, its values pushed onto `params` (the
 * statement's parameters so far).
 */
export function keysetAfter(order: KeysetOrder<unknown>, cursor: string, params: unknown[]): string {
  const key = decodeCursor(order, cursor);
  const placeholders = key.map((v, i) => {
    params.push(v);
    const cast = order.columns[i]!.cast;
    return `$${params.length}${cast ? `::${cast}` : ''}`;
  });
  return `(${order.columns.map((c) => c.sql).join(', ')}) > (${placeholders.join(', ')})`;
}

/** `ORDER BY` of the keyset. */
export const keysetOrderBy = (order: KeysetOrder<unknown>): string => order.columns.map((c) => c.sql).join(', ');

/** A page from the `limit + 1` rows read: the first `limit`, and the cursor of the next page when there is one. */
export function keysetPage<R>(
  order: KeysetOrder<R>,
  rows: readonly R[],
  limit: number,
): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(order.keyOf(last)) : null };
}
