import { buildSen2Return, checkSen2Return, type MeasureEventRow } from '@ehc/measures';
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

  it("records each plan's special educational needs, so the SEN2 return asks of no plan for its 5c needs", () => {
    // the demo's cases as the api's rows: one stream per case, in the order the importer appends them
    const rows: MeasureEventRow[] = lines.flatMap((l) =>
      l.events.map(({ type, date, ...data }, i) => ({
        caseId: l.reference,
        eventId: `${l.reference}-${i}`,
        reference: l.reference,
        teamId: l.team,
        version: i + 1,
        type,
        date,
        data,
        recordedAt: `${date}T12:00:00.000Z`,
      })),
    );
    const r = buildSen2Return(rows, new Map(), {
      referenceDate: '2025-01-16',
      la: '937',
      generatedAt: '2025-11-20T09:00:00.000Z',
    });
    const active = r.persons.flatMap((p) => p.requests).filter((q) => q.activePlan);
    expect(active.length).toBeGreaterThan(100);
    const noNeeds = checkSen2Return(r).filter((f) => f.module === '5c');
    expect(noNeeds.slice(0, 3)).toEqual([]);
    // every active plan has one primary need (rank 1); about half list others too; autism the most common primary
    const needs = active.map((q) => q.activePlan!.senNeed);
    expect(needs.every((n) => n.filter((x) => x.sentyperank === 1).length === 1)).toBe(true);
    const withOthers = needs.filter((n) => n.length > 1).length / needs.length;
    expect(withOthers).toBeGreaterThan(0.3);
    expect(withOthers).toBeLessThan(0.7);
    const primary = new Map<string, number>();
    for (const n of needs) {
      const p = n.find((x) => x.sentyperank === 1)!.sentype;
      primary.set(p, (primary.get(p) ?? 0) + 1);
    }
    expect([...primary].sort((a, b) => b[1] - a[1])[0]![0]).toBe('ASD');
    // a changed list now and then, when an amended plan is issued
    expect(lines.some((l) => l.events.filter((e) => e.type === 'SenNeedsRecorded').length >= 2)).toBe(true);
  });
});
