import { warmDeadlineHandler } from './handle-deadline-job.js';

describe('warmDeadlineHandler', () => {
  it('folds generated histories and decides DeadlineMissed on them without a database, so the code is compiled before the first job', () => {
    // Some of the generated deadlines can be recorded as missed on the day given; every round decides the same ones.
    const once = warmDeadlineHandler(140, '2026-12-02', 1);
    expect(once).toBeGreaterThan(0);
    expect(warmDeadlineHandler(140, '2026-12-02', 2)).toBe(2 * once);
  });
});
