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

describe('deadlineRowsKey', () => {
  const a = row();
  const b = row({ id: 'advice-psychology', due: '2025-06-01', from: '2025-04-20' });

  it('is the same for the same rows in any order, and for a met date absent or null (the stored column is NULL)', () => {
    expect(deadlineRowsKey([a, b])).toBe(deadlineRowsKey([b, a]));
    expect(deadlineRowsKey([row({ metOn: undefined })])).toBe(
      deadlineRowsKey([{ ...row(), metOn: null } as unknown as Deadline]),
    );
    expect(deadlineRowsKey([])).toBe(deadlineRowsKey([]));
  });

  it.each([
    ['due', { due: '2025-05-13' }],
    ['status', { status: 'missed' }],
    ['met date', { metOn: '2025-05-01' }],
    ['start', { from: '2025-04-01' }],
    ['exceptions', { exceptionIds: ['x1'] }],
    ['exceptions order', { exceptionIds: ['x2', 'x1'] }],
  ] as const)('differs when the %s differs', (_, over) => {
    const base = row({ exceptionIds: ['x1', 'x2'] });
    expect(deadlineRowsKey([{ ...base, ...over } as Deadline, b])).not.toBe(deadlineRowsKey([base, b]));
  });

  it('differs when a row is added, removed or renamed', () => {
    expect(deadlineRowsKey([a])).not.toBe(deadlineRowsKey([a, b]));
    expect(deadlineRowsKey([a, b])).not.toBe(deadlineRowsKey([b]));
    expect(deadlineRowsKey([a])).not.toBe(deadlineRowsKey([{ ...a, id: 'decision-to-issue' }]));
  });

  it('cannot read two different rows as one (values are JSON text, not joined with a separator)', () => {
    expect(deadlineRowsKey([row({ id: 'a|b', due: 'c' })])).not.toBe(deadlineRowsKey([row({ id: 'a', due: 'b|c' })]));
  });
});
