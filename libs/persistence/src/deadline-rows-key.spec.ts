import type { Deadline } from '@ehc/workflow';
import { deadlineRowsKey } from './projections.js';

// deadlineRowsKey stands for the SQL's DEADLINE_CHANGED (projections.ts): equal keys must mean no deadline row to
// write, and any difference on a compared column a different key.
const row = (over: Partial<Deadline> = {}) =>
  ({
    id: 'decision-to-assess',
    due: '2025-05-12',
    status: 'pending',
    from: '2025-03-31',
    exceptionIds: [],
    ...over,
  }) as Deadline;

/** Whether the two sets of rows are the same to the projection. */
const same = (x: readonly Deadline[], y: readonly Deadline[]): boolean => deadlineRowsKey(x) === deadlineRowsKey(y);

describe('deadlineRowsKey', () => {
  const a = row();
  const b = row({ id: 'advice-psychology', due: '2025-06-01', from: '2025-04-20', exceptionIds: ['x1'] });

  it('is the same for the same rows in any order, and for a met date absent or null (the stored column is NULL)', () => {
    expect(same([a, b], [b, a])).toBe(true);
    expect(same([row({ metOn: undefined })], [{ ...row(), metOn: null } as unknown as Deadline])).toBe(true);
  });

  it.each([
    ['due', { due: '2025-05-13' }],
    ['status', { status: 'missed' }],
    ['met date', { metOn: '2025-05-01' }],
    ['start', { from: '2025-04-01' }],
    ['exceptions', { exceptionIds: ['x1'] }],
    ['exceptions order', { exceptionIds: ['x2', 'x1'] }],
    ['exceptions, none', { exceptionIds: [] }],
    ['exceptions, one more', { exceptionIds: ['x1', 'x2', 'x3'] }],
  ] as const)('differs when the %s differs', (_, over) => {
    const base = row({ exceptionIds: ['x1', 'x2'] });
    expect(same([{ ...base, ...over } as Deadline, b], [base, b])).toBe(false);
  });

  it('differs when a row is added, removed or renamed', () => {
    expect(same([a], [a, b])).toBe(false);
    expect(same([a, b], [b])).toBe(false);
    expect(same([a], [{ ...a, id: 'decision-to-issue' }])).toBe(false);
    expect(same([a], [])).toBe(false);
  });

  it('cannot read two different rows as one (the values are kept apart by control characters, which no id, date or status holds)', () => {
    expect(same([row({ id: 'a-b', due: 'c' })], [row({ id: 'a', due: 'b-c' })])).toBe(false);
    expect(same([row({ exceptionIds: ['x1', 'x2'] })], [row({ exceptionIds: ['x1x2'] })])).toBe(false);
  });
});
