import { daysBetween, deriveDeadlines } from '@ehc/workflow';
import { checkHistory } from '../case-commands.js';
import { demoHistory } from './demo-history.js';

const teams = [
  { id: 'north', caseworkers: ['cw-north-1', 'cw-north-2'] },
  { id: 'south', caseworkers: ['cw-south-1'] },
];

describe('demo history generator', () => {
  const lines = [...demoHistory({ from: '2023-01-01', today: '2025-11-20', requestsPerMonth: 60, teams })];

  it('every generated case is accepted by the statechart, event by event (the importer would take it)', () => {
    const bad = lines
      .map((l) => ({ ref: l.reference, r: checkHistory(l.events, { actor: 'import', today: '2025-11-20' }) }))
      .filter((x) => !x.r.ok);
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('years of plans too: histories begun long ago (plans ceased before a phase transfer fell due) are accepted', () => {
    const old = [...demoHistory({ from: '2018-01-01', today: '2025-11-20', requestsPerMonth: 12, teams, seed: 3 })];
    const bad = old
      .map((l) => ({ ref: l.reference, r: checkHistory(l.events, { actor: 'import', today: '2025-11-20' }) }))
      .filter((x) => !x.r.ok);
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('is reproducible: the same options give the same history', () => {
    const again = [...demoHistory({ from: '2023-01-01', today: '2025-11-20', requestsPerMonth: 60, teams })];
    expect(JSON.stringify(again)).toBe(JSON.stringify(lines));
  });

  it('issues about 46% of plans within 20 weeks (England 2024: 45.9%), with refusals and withdrawals', () => {
    const plans = lines
      .map((l) => ({ d0: l.events[0].date, fin: l.events.find((e) => e.type === 'FinalPlanIssued')?.date }))
      .filter((p): p is { d0: string; fin: string } => !!p.fin);
    const within = plans.filter((p) => daysBetween(p.d0, p.fin) <= 140).length / plans.length;
    expect(within).toBeGreaterThan(0.38);
    expect(within).toBeLessThan(0.56);
    expect(lines.some((l) => l.events.some((e) => e.type === 'DecidedNotToAssess'))).toBe(true);
    expect(lines.some((l) => l.events.some((e) => e.type === 'RequestWithdrawn'))).toBe(true);
    expect(lines.some((l) => l.events.some((e) => e.type === 'ExceptionRecorded'))).toBe(true);
    expect(lines.some((l) => l.events.some((e) => e.type === 'MediationStarted'))).toBe(true);
  });

  it('gives plans years of annual reviews, phase transfers, placement changes and a few ceased or transferred (docs/plan-life.md)', () => {
    const count = (l: (typeof lines)[number], type: string) => l.events.filter((e) => e.type === type).length;
    expect(lines.filter((l) => count(l, 'ReviewDecisionNotified') >= 2).length).toBeGreaterThan(50);
    expect(lines.some((l) => l.events.some((e) => e.type === 'AmendmentsProposed' && e.transferId))).toBe(true);
    expect(
      lines.some((l) =>
        l.events.some((e) => e.type === 'PhaseTransferDue' && e.transfer === 'secondary-to-school-sixth-form'),
      ),
    ).toBe(true);
    expect(lines.filter((l) => count(l, 'PlacementStarted') >= 2).length).toBeGreaterThan(10);
    expect(lines.some((l) => l.events.some((e) => e.type === 'PlanCeased'))).toBe(true);
    expect(lines.some((l) => l.events.some((e) => e.type === 'TransferredOut'))).toBe(true);
    // most annual reviews concluded in time, some late: the demo's case pages and alerts have both to show
    const reviews = lines.flatMap((l) =>
      deriveDeadlines(l.events, { today: '2025-11-20' }).filter(
        (d) => d.kind === 'annual-review' && d.status !== 'pending',
      ),
    );
    const met = reviews.filter((d) => d.status === 'met').length;
    expect(met / reviews.length).toBeGreaterThan(0.5);
    expect(reviews.length - met).toBeGreaterThan(10);
  });

  it('dates nothing after today, so open cases are left at every stage', () => {
    expect(lines.every((l) => l.events.every((e) => e.date <= '2025-11-20'))).toBe(true);
    const open = lines.filter(
      (l) =>
        !l.events.some((e) =>
          ['FinalPlanIssued', 'RequestWithdrawn', 'MovedOutOfArea', 'DecidedNotToAssess', 'DecidedNotToIssue'].includes(
            e.type,
          ),
        ),
    );
    expect(open.length).toBeGreaterThan(20);
  });
});
