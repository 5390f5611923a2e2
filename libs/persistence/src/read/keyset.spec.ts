import {
  decodeCursor,
  encodeCursor,
  InvalidCursor,
  keysetAfter,
  keysetOrderBy,
  keysetPage,
  type KeysetOrder,
} from './keyset.js';

interface Row {
  due: string;
  id: string;
}
const order: KeysetOrder<Row> = {
  columns: [{ sql: 'd.due', cast: 'date', shape: /^\d{4}-\d{2}-\d{2}$/ }, { sql: 'd.id' }],
  keyOf: (r) => [r.due, r.id],
};

describe('keyset paging (the one cursor of the api’s lists)', () => {
  it('pages: the next cursor holds the last row’s key, and the condition starts strictly after it', () => {
    const rows: Row[] = [
      { due: '2025-01-01', id: 'a' },
      { due: '2025-01-02', id: 'b' },
      { due: '2025-01-02', id: 'c' },
    ];
    const { page, nextCursor } = keysetPage(order, rows, 2);
    expect(page).toEqual(rows.slice(0, 2));
    expect(decodeCursor(order, nextCursor!)).toEqual(['2025-01-02', 'b']);
    const params: unknown[] = ['north'];
    expect(keysetAfter(order, nextCursor!, params)).toBe('(d.due, d.id) > ($2::date, $3)');
    expect(params).toEqual(['north', '2025-01-02', 'b']);
    expect(keysetOrderBy(order)).toBe('d.due, d.id');
  });

  it('has no next page when the rows read fit in the page', () => {
    expect(keysetPage(order, [{ due: '2025-01-01', id: 'a' }], 1).nextCursor).toBeNull();
  });

  it('refuses a cursor it did not make: not base64url JSON, another length, a value of the wrong shape', () => {
    for (const bad of [
      'not a cursor',
      encodeCursor(['2025-01-01']),
      encodeCursor(['1 Jan', 'a']),
      Buffer.from('{"a":1}').toString('base64url'),
    ]) {
      expect(() => decodeCursor(order, bad)).toThrow(InvalidCursor);
    }
  });
});
