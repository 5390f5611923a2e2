import { deriveDeadlines, type Deadline } from './deadlines.js';
import type { CaseEvent } from './events.js';
import { allowedNextEvents, applyEvent, replay } from './workflow.js';
import { withRequiredAdvice } from './advice-sought.js';

const byId = (ds: Deadline[]) => Object.fromEntries(ds.map((d) => [d.id, d]));
const ordered: CaseEvent[] = [
  { type: 'RequestReceived', date: '2025-03-03', source: 'parent' },
  { type: 'DecidedNotToAssess', date: '2025-04-01', reasons: 'r' },
  { type: 'TribunalAppealRegistered', date: '2025-05-01', against: 'refusal-to-assess' },
  { type: 'TribunalOrderMade', date: '2025-09-01', order: 'assess' },
  { type: 'DecidedToAssess', date: '2025-09-10' },
];
const today = { today: '2026-12-02' };
const exc = (over: Record<string, unknown>): CaseEvent =>
  ({
    type: 'ExceptionRecorded',
    date: '2025-10-20',
    exceptionId: 'x1',
    kind: 'absent-from-area',
    from: '2025-10-01',
    to: '2025-10-15',
    appliesTo: ['tribunal-final-plan'],
    evidence: 'abroad',
    ...over,
  }) as CaseEvent;

describe('reg 44(3): limits set by a tribunal order have their own exceptions', () => {
  it('absence from the area of 2 weeks (not 4) excuses a tribunal-order limit', () => {
    const r = applyEvent(ordered, exc({}), today);
    expect(r.ok).toBe(true);
    const late = withRequiredAdvice([
      ...ordered,
      exc({}),
      { type: 'DecidedToIssue', date: '2025-11-01' },
      { type: 'DraftPlanIssued', date: '2025-11-20' },
      { type: 'FinalPlanIssued', date: '2025-12-20', placement: 'mainstream' },
    ] as CaseEvent[]);
    replay(late);
    // due 2025-12-08 (order + 98); issued late but excused
    expect(byId(deriveDeadlines(late, today))['tribunal-final-plan']).toMatchObject({
      status: 'excepted',
      exceptionIds: ['x1'],
    });
  });

  it('13 days of absence (2025-10-01..13 inclusive) is not enough; 14 days is', () => {
    expect(applyEvent(ordered, exc({ to: '2025-10-13' }), today)).toMatchObject({
      ok: false,
      error: { code: 'EXCEPTION_INVALID', field: 'to' },
    });
    expect(applyEvent(ordered, exc({ to: '2025-10-14' }), today).ok).toBe(true);
  });

  it('the 20-week limit still needs 4 weeks of absence', () => {
    const noOrder: CaseEvent[] = [
      { type: 'RequestReceived', date: '2025-03-03', source: 'parent' },
      { type: 'DecidedToAssess', date: '2025-04-01' },
    ];
    expect(
      applyEvent(noOrder, exc({ appliesTo: ['final-plan'], from: '2025-05-01', to: '2025-05-15' }), today),
    ).toMatchObject({ ok: false, error: { code: 'EXCEPTION_INVALID' } });
  });

  it('no missed-appointment exception for a tribunal-order limit', () => {
    expect(applyEvent(ordered, exc({ kind: 'missed-appointment' }), today)).toMatchObject({
      ok: false,
      error: { code: 'EXCEPTION_INVALID', field: 'appliesTo' },
    });
  });

  it("exceptional personal circumstances within the order's period", () => {
    expect(
      applyEvent(
        ordered,
        exc({ kind: 'exceptional-personal-circumstances', from: '2025-10-01', to: '2025-10-03' }),
        today,
      ).ok,
    ).toBe(true);
    expect(
      applyEvent(
        ordered,
        exc({ kind: 'exceptional-personal-circumstances', from: '2025-06-01', to: '2025-06-03' }),
        today,
      ),
    ).toMatchObject({ ok: false, error: { field: 'from' } });
  });

  it('the family wishing to comment after the 15 days on the draft: only after those 15 days, only for tribunal-order limits', () => {
    const drafted: CaseEvent[] = withRequiredAdvice([
      ...ordered,
      { type: 'DecidedToIssue', date: '2025-10-01' },
      { type: 'DraftPlanIssued', date: '2025-10-10' },
    ]);
    const comments = exc({
      kind: 'family-comments-after-draft-period',
      from: '2025-10-25',
      to: '2025-11-05',
      date: '2025-11-05',
    });
    expect(applyEvent(drafted, comments, today).ok).toBe(true);
    expect(applyEvent(drafted, { ...comments, from: '2025-10-24' } as CaseEvent, today)).toMatchObject({
      ok: false,
      error: { field: 'from' },
    });
    expect(applyEvent(drafted, { ...comments, appliesTo: ['final-plan'] } as CaseEvent, today)).toMatchObject({
      ok: false,
      error: { field: 'appliesTo' },
    });
  });
});

describe('reg 44(1): a Tribunal direction can set other periods', () => {
  it("directed dates replace reg 44(2)'s periods and are labelled reg 44(1)", () => {
    const h = ordered.map((e) => (e.type === 'TribunalOrderMade' ? { ...e, finalBy: '2026-01-30' } : e)) as CaseEvent[];
    const d = byId(deriveDeadlines(h, today));
    expect(d['tribunal-final-plan']).toMatchObject({ due: '2026-01-30', regulation: 'reg 44(1)' });
    expect(d['tribunal-notify-assess']).toMatchObject({ due: '2025-09-15', regulation: 'reg 44(2)(b)' });
  });
  it('a directed date cannot precede the order, and draftBy belongs to an order to make a plan', () => {
    const base = ordered.slice(0, 3);
    expect(
      applyEvent(
        base,
        { type: 'TribunalOrderMade', date: '2025-09-01', order: 'assess', finalBy: '2025-08-01' },
        today,
      ),
    ).toMatchObject({ ok: false, error: { code: 'DATE_ORDER', field: 'finalBy' } });
    expect(
      applyEvent(
        base,
        { type: 'TribunalOrderMade', date: '2025-09-01', order: 'assess', draftBy: '2025-10-01' },
        today,
      ),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_EVENT', field: 'draftBy' } });
  });
});

describe('reg 44(2)(e), (f): orders on a plan already made have their own periods', () => {
  const planned: CaseEvent[] = withRequiredAdvice([
    { type: 'RequestReceived', date: '2025-03-03', source: 'parent' },
    { type: 'DecidedToAssess', date: '2025-04-01' },
    { type: 'DecidedToIssue', date: '2025-06-01' },
    { type: 'DraftPlanIssued', date: '2025-06-10' },
    { type: 'FinalPlanIssued', date: '2025-07-10', placement: 'mainstream' },
  ]);
  const appealed = (against: 'plan-content' | 'plan-school'): CaseEvent[] => [
    ...planned,
    { type: 'TribunalAppealRegistered', date: '2025-08-01', against },
  ];

  it('reg 44(2)(e): an order to amend the special educational provision — the amended plan within 5 weeks of the order', () => {
    const h: CaseEvent[] = [
      ...appealed('plan-content'),
      { type: 'TribunalOrderMade', date: '2026-01-05', order: 'amend-provision' },
      { type: 'AmendedPlanIssued', date: '2026-02-10' },
    ];
    expect(applyEvent(appealed('plan-content'), h[h.length - 2]!, today).ok).toBe(true);
    expect(byId(deriveDeadlines(h, today))['tribunal-amended-plan']).toMatchObject({
      due: '2026-02-09',
      status: 'missed',
      daysLate: 1,
      regulation: 'reg 44(2)(e)',
    });
  });

  it('reg 44(2)(f): an order to amend only the school or type named — the amended plan within 2 weeks of the order', () => {
    const h: CaseEvent[] = [
      ...appealed('plan-school'),
      { type: 'TribunalOrderMade', date: '2026-01-05', order: 'amend-school' },
      { type: 'AmendedPlanIssued', date: '2026-01-19' },
    ];
    expect(byId(deriveDeadlines(h, today))['tribunal-amended-plan']).toMatchObject({
      due: '2026-01-19',
      status: 'met',
      regulation: 'reg 44(2)(f)',
    });
  });

  it('reg 44(1): a date the Tribunal directed replaces the period of (e) or (f); an "amend-plan" order has a clock only with one', () => {
    const directed: CaseEvent[] = [
      ...appealed('plan-content'),
      { type: 'TribunalOrderMade', date: '2026-01-05', order: 'amend-provision', finalBy: '2026-03-01' },
    ];
    expect(byId(deriveDeadlines(directed, today))['tribunal-amended-plan']).toMatchObject({
      due: '2026-03-01',
      regulation: 'reg 44(1)',
    });
    const unnamed: CaseEvent[] = [
      ...appealed('plan-content'),
      { type: 'TribunalOrderMade', date: '2026-01-05', order: 'amend-plan' },
    ];
    expect(byId(deriveDeadlines(unnamed, today))['tribunal-amended-plan']).toBeUndefined();
  });

  it('reg 44(3): a 2-week absence excuses the (e) limit; the original 20 weeks stays met; the order reverses no refusal', () => {
    const h: CaseEvent[] = [
      ...appealed('plan-content'),
      { type: 'TribunalOrderMade', date: '2026-01-05', order: 'amend-provision' },
      exc({ date: '2026-02-01', from: '2026-01-10', to: '2026-01-24', appliesTo: ['tribunal-amended-plan'] }),
      { type: 'AmendedPlanIssued', date: '2026-02-20' },
    ];
    const d = byId(deriveDeadlines(h, today));
    expect(d['tribunal-amended-plan']).toMatchObject({ status: 'excepted', exceptionIds: ['x1'] });
    expect(d['final-plan']!.status).toBe('met');
    expect(replay(h).flags.reversedRefusal).toBe(false);
  });

  it('after the final plan the form offers the orders on the plan (reg 44(2)(e), (f), or a directed date)', () => {
    const offered = allowedNextEvents(appealed('plan-content'), today).find((a) => a.type === 'TribunalOrderMade');
    expect(offered?.fields.find((f) => f.name === 'order')?.options).toEqual([
      'amend-plan',
      'amend-provision',
      'amend-school',
    ]);
    expect(
      applyEvent(appealed('plan-content'), { type: 'TribunalOrderMade', date: '2026-01-05', order: 'assess' }, today),
    ).toMatchObject({ ok: false, error: { field: 'order' } });
  });
});
