import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CASE_STAGES,
  DEADLINE_KINDS,
  PLAN_DEADLINE_KINDS,
  deriveDeadlines,
  OPEN_DEADLINE_STATUSES,
  type CaseEvent,
} from '@ehc/workflow';
import { CASE_HAS_WORK_SQL, isOpen, PLAN_WORK_DEADLINE_KINDS, OPEN_DEADLINE_STATUSES_SQL } from './projections.js';

describe('open deadlines: one list of statuses (the duty still to be done)', () => {
  it('the SQL list is the constant, quoted', () => {
    expect(OPEN_DEADLINE_STATUSES_SQL).toBe("'pending', 'missed', 'excepted'");
  });

  it("the queue's partial index states the same list (so the queue's WHERE matches it and the planner uses it)", () => {
    const migration = readFileSync(join(import.meta.dirname, '../../../migrations/1764000000003-alerts.ts'), 'utf8');
    expect(migration).toContain(`WHERE met_on IS NULL AND status IN (${OPEN_DEADLINE_STATUSES_SQL})`);
  });

  it("the cases with work (open, or a maintained plan) are the work indexes' condition, naming a real stage", () => {
    const migration = readFileSync(
      join(import.meta.dirname, '../../../migrations/1764000000091-work-of-maintained-plans.ts'),
      'utf8',
    );
    expect(migration.split(`WHERE ${CASE_HAS_WORK_SQL.replaceAll('s.', '')}`)).toHaveLength(3);
    expect(CASE_STAGES).toContain(CASE_HAS_WORK_SQL.match(/stage = '([a-z-]+)'/)![1]);
    // the plan's work names real deadline kinds, and no assessment clock that the final plan left behind
    for (const k of PLAN_WORK_DEADLINE_KINDS) expect([...PLAN_DEADLINE_KINDS, ...DEADLINE_KINDS]).toContain(k);
    expect(PLAN_WORK_DEADLINE_KINDS).not.toContain('advice');
  });

  it('a met or not-applicable deadline is not open; a missed or excepted one stays open until met', () => {
    const history: CaseEvent[] = [
      { type: 'RequestReceived', date: '2025-03-03', source: 'parent' },
      { type: 'DecidedToAssess', date: '2025-05-01' }, // after day 42: the reg 5(1) limit was missed, and is met late
    ];
    const [decision] = deriveDeadlines(history, { today: '2025-05-02' });
    expect(decision).toMatchObject({ id: 'decision-to-assess', status: 'missed', metOn: '2025-05-01' });
    expect(isOpen(decision!)).toBe(false);
    const open = deriveDeadlines(history.slice(0, 1), { today: '2025-05-02' });
    expect(open.find((d) => d.id === 'decision-to-assess')).toMatchObject({ status: 'missed' });
    expect(isOpen(open.find((d) => d.id === 'decision-to-assess')!)).toBe(true);
    expect(
      open
        .filter(isOpen)
        .map((d) => d.status)
        .every((s) => (OPEN_DEADLINE_STATUSES as readonly string[]).includes(s)),
    ).toBe(true);
  });
});
