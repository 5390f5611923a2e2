import fc from 'fast-check';
import type { CaseEvent } from '@ehc/workflow';
import { canonical } from './case-events.codec.js';

/** canonical as first written: every object's keys sorted (localeCompare) each time. Event ids are hashes of it. */
function sortedEachTime(e: unknown): string {
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

describe('canonical (the text an imported event’s id is derived from)', () => {
  it('is the text of the keys sorted each time, whatever the keys, their order and the nesting', () => {
    const key = fc.oneof(
      fc.constantFrom('a', 'B', 'b', 'A', 'date', 'Date', 'type', 'é', 'e', '10', '9', '_x'),
      fc.string(),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.integer(),
        fc.constant(undefined),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 5 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 8 }), (o) => {
        // twice: the second time the key orders come from the cache
        expect(canonical(o as unknown as CaseEvent)).toBe(sortedEachTime(o));
        expect(canonical(o as unknown as CaseEvent)).toBe(sortedEachTime(o));
      }),
      { numRuns: 500, seed: 4242 },
    );
  });
});
