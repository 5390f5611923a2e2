// Personal budgets on the maintained plan (s49; SI 2014/1652; docs/plan-life.md#personal-budgets).
import { allowedPlanEvents, replayPlan, stepPlan, type PlanContext } from './maintained-plan.js';
import { personalBudgetsOn } from './personal-budget.js';
import { CASE_PLAN_EVENT_TYPES, type PlanEvent } from './plan-events.js';
import type { CaseEvent } from './events.js';
import { allowedNextEvents, decide, foldCase } from './workflow.js';
import { budgetsWhilePreparing, planHistoryOfCase } from './plan-on-case.js';

const TODAY = '2030-01-01';
const issued: PlanEvent = { type: 'PlanIssued', date: '2025-03-10', post16From: '2027-06-26' };
const requested = (extra: Record<string, unknown> = {}) => ({
  type: 'PersonalBudgetRequested',
  date: '2025-05-01',
  budgetRequestId: 'pb1',
  requestedBy: 'parent',
  parts: ['education', 'social-care'],
  directPaymentsRequested: 'yes',
  ...extra,
});
const agreed = (extra: Record<string, unknown> = {}) => ({
  type: 'PersonalBudgetDecided',
  date: '2025-06-02',
  budgetRequestId: 'pb1',
  decision: 'agreed',
  amount: '2400',
  directPayments: 'yes',
  ...extra,
});
/** A case assessed with the five reg 6(1) advice requests, before its decision whether to issue a plan. */
const ASSESSED = [
  { type: 'RequestReceived', date: '2025-03-03', source: 'parent' },
  { type: 'DecidedToAssess', date: '2025-04-10' },
  ...['parent', 'education', 'health', 'psychology', 'social-care'].map((provider) => ({
    type: 'AdviceRequested',
    date: '2025-04-11',
    adviceId: provider,
    provider,
  })),
] as unknown as CaseEvent[];
const plan = (...events: unknown[]): PlanContext => replayPlan([issued, ...events], TODAY);
const refusal = (c: PlanContext, e: unknown) => {
  const r = stepPlan(c, e, TODAY);
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
};

describe('a request for a personal budget (s49(1))', () => {
  it('is recorded while the plan is maintained, on the case too', () => {
    const c = plan(requested());
    expect(c.personalBudgets).toEqual([
      {
        budgetRequestId: 'pb1',
        requestedOn: '2025-05-01',
        requestedBy: 'parent',
        parts: ['education', 'social-care'],
        directPaymentsRequested: 'yes',
      },
    ]);
    expect(CASE_PLAN_EVENT_TYPES).toEqual(
      expect.arrayContaining(['PersonalBudgetRequested', 'PersonalBudgetDecided', 'PersonalBudgetEnded']),
    );
  });

  it('is the young person’s only once over compulsory school age', () => {
    const e = refusal(plan(), requested({ requestedBy: 'young-person' }));
    expect(e).toMatchObject({ field: 'requestedBy', regulation: 's49(1), s83(2)' });
    expect(stepPlan(plan(), requested({ requestedBy: 'young-person', date: '2027-06-26' }), TODAY).ok).toBe(true);
  });

  it('names which provision, and a reference not used before', () => {
    expect(refusal(plan(), requested({ parts: [] })).field).toBe('parts');
    expect(refusal(plan(requested()), requested()).field).toBe('budgetRequestId');
  });

  it('is refused once the plan has ended', () => {
    const c = plan({ type: 'PlanCeased', date: '2025-04-01', reason: 'deceased' });
    expect(refusal(c, requested()).code).toBe('EVENT_NOT_ALLOWED');
  });
});

describe('the decision', () => {
  it('agreed: the amount and how it is managed; the budget is in place from the decision', () => {
    const c = plan(requested(), agreed({ arrangements: 'yes' }));
    expect(c.personalBudgets[0]).toMatchObject({
      decision: 'agreed',
      decidedOn: '2025-06-02',
      amount: '2400',
      directPayments: 'yes',
      arrangements: 'yes',
    });
    expect(personalBudgetsOn(c, '2025-06-01')).toEqual([]);
    expect(personalBudgetsOn(c, '2025-06-02').map((b) => b.budgetRequestId)).toEqual(['pb1']);
  });

  it('agreed needs an amount in pounds and at least one way of managing it', () => {
    const c = plan(requested());
    expect(refusal(c, agreed({ amount: undefined })).field).toBe('amount');
    expect(refusal(c, agreed({ amount: '£2,400' })).field).toBe('amount');
    expect(refusal(c, agreed({ directPayments: 'no' })).field).toBe('arrangements');
  });

  it('direct payments only when asked for; asked for and not agreed needs the reasons (reg 7)', () => {
    const noDp = plan(requested({ directPaymentsRequested: 'no' }));
    expect(refusal(noDp, agreed()).field).toBe('directPayments');
    const c = plan(requested());
    expect(refusal(c, agreed({ directPayments: 'no', arrangements: 'yes' }))).toMatchObject({
      field: 'directPaymentsRefusedReasons',
      regulation: 'reg 7 ◐',
    });
    const ok = stepPlan(
      c,
      agreed({ directPayments: 'no', arrangements: 'yes', directPaymentsRefusedReasons: 'Provider not suitable' }),
      TODAY,
    );
    expect(ok.ok).toBe(true);
  });

  it('refused: the reasons, and no amount', () => {
    const c = plan(requested());
    const refused = { type: 'PersonalBudgetDecided', date: '2025-06-02', budgetRequestId: 'pb1', decision: 'refused' };
    expect(refusal(c, refused).field).toBe('reasons');
    expect(refusal(c, { ...refused, reasons: 'r', amount: '10' }).field).toBe('amount');
    const after = stepPlan(c, { ...refused, reasons: 'Part of a block contract (reg 4A)' }, TODAY);
    expect(after.ok && personalBudgetsOn(after.context, TODAY)).toEqual([]);
  });

  it('answers an open request, once, on or after it', () => {
    expect(refusal(plan(), agreed()).code).toBe('UNKNOWN_REFERENCE');
    expect(refusal(plan(requested()), agreed({ date: '2025-04-30' })).code).toBe('DATE_ORDER');
    expect(refusal(plan(requested(), agreed()), agreed()).code).toBe('EVENT_NOT_ALLOWED');
  });
});

describe('the end of a budget', () => {
  it('ends an agreed budget in place; it is not in place after its last day', () => {
    const ended = {
      type: 'PersonalBudgetEnded',
      date: '2026-01-31',
      budgetRequestId: 'pb1',
      endReason: 'no-longer-wanted',
    };
    const c = plan(requested(), agreed(), ended);
    expect(personalBudgetsOn(c, '2026-01-31')).toHaveLength(1);
    expect(personalBudgetsOn(c, '2026-02-01')).toEqual([]);
    expect(refusal(c, { ...ended, date: '2026-02-02' }).code).toBe('EVENT_NOT_ALLOWED');
    expect(refusal(plan(requested()), ended).code).toBe('EVENT_NOT_ALLOWED');
    expect(refusal(plan(requested(), agreed()), { ...ended, date: '2025-06-01' }).code).toBe('DATE_ORDER');
  });
});

describe('what the forms offer', () => {
  it('a decision only for an open request, an end only for a budget in place, each narrowed to them', () => {
    const types = (c: PlanContext) => allowedPlanEvents(c).map((a) => a.type);
    expect(types(plan())).toContain('PersonalBudgetRequested');
    expect(types(plan())).not.toContain('PersonalBudgetDecided');
    expect(types(plan())).not.toContain('PersonalBudgetEnded');
    const open = allowedPlanEvents(plan(requested())).find((a) => a.type === 'PersonalBudgetDecided')!;
    expect(open.earliest).toBe('2025-05-01');
    expect(open.fields.find((f) => f.name === 'budgetRequestId')!.options).toEqual(['pb1']);
    const inPlace = plan(requested(), agreed());
    expect(types(inPlace)).not.toContain('PersonalBudgetDecided');
    expect(allowedPlanEvents(inPlace).find((a) => a.type === 'PersonalBudgetEnded')!.earliest).toBe('2025-06-02');
  });
});

describe('corrections (docs/corrections.md): a budget event is corrected like any other', () => {
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const log = [
    ...ASSESSED,
    { type: 'DecidedToIssue', date: '2025-06-10' },
    { type: 'DraftPlanIssued', date: '2025-06-23' },
    { type: 'FinalPlanIssued', date: '2025-07-14', placement: 'mainstream' },
    requested({ date: '2025-08-01' }),
    agreed({ date: '2025-09-01' }),
  ] as unknown as CaseEvent[];
  const ids = log.map((_, i) => id(i + 1));
  const DECIDED = id(log.length);
  const correct = (correction: Record<string, unknown>) =>
    ({
      type: 'EventCorrected',
      date: '2025-10-01',
      corrects: DECIDED,
      reason: 'Typed the wrong amount',
      correction,
    }) as CaseEvent;
  const on = (e: CaseEvent) => decide(foldCase(log, {}, ids), e, { today: TODAY, eventId: id(99) });

  it('the amount corrected: the plan reads the corrected amount', () => {
    const r = on(correct({ amount: '2600' }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.view.plan!.personalBudgets[0]).toMatchObject({ amount: '2600', decision: 'agreed' });
  });
  it('a correction the rules refuse (direct payments dropped without reasons) is refused', () => {
    const r = on(correct({ directPayments: 'no', arrangements: 'yes' }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/not be lawful: PersonalBudgetDecided.*directPaymentsRefusedReasons/);
  });
});

describe('while the plan is prepared (s49(1), PB reg 3: "securing the preparation" of a plan)', () => {
  const assessed = ASSESSED;
  const drafting = [...assessed, { type: 'DecidedToIssue', date: '2025-06-10' }] as CaseEvent[];
  const asked = requested({ date: '2025-06-12' }) as CaseEvent;
  const decided = agreed({ date: '2025-06-20', arrangements: 'yes' }) as CaseEvent;
  const draft = { type: 'DraftPlanIssued', date: '2025-06-23' } as CaseEvent;
  const final = { type: 'FinalPlanIssued', date: '2025-07-14', placement: 'mainstream' } as CaseEvent;
  const on = (log: CaseEvent[], e: CaseEvent) => decide(foldCase(log), e, { today: TODAY });
  const types = (log: CaseEvent[]) => allowedNextEvents(log, { today: TODAY }).map((a) => a.type);

  it('is refused before the decision to issue, citing s49(1) and PB reg 3', () => {
    const r = on(assessed, requested({ date: '2025-05-01' }) as CaseEvent);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatchObject({ code: 'EVENT_NOT_ALLOWED', regulation: 's49(1), PB reg 3' });
    expect(!r.ok && r.error.message).toMatch(/decided to issue a plan and is securing its preparation/);
    expect(types(assessed)).not.toContain('PersonalBudgetRequested');
  });

  it('is recorded after the decision to issue, while drafting and in the draft period, by the same rules', () => {
    expect(types(drafting)).toContain('PersonalBudgetRequested');
    expect(types(drafting)).not.toContain('PersonalBudgetDecided');
    expect(on(drafting, asked).ok).toBe(true);
    // the plan's rules: a request the decision must answer, dated on or after it, managed some way
    const offer = allowedNextEvents([...drafting, asked], { today: TODAY }).find(
      (a) => a.type === 'PersonalBudgetDecided',
    )!;
    expect(offer.fields.find((f) => f.name === 'budgetRequestId')!.options).toEqual(['pb1']);
    expect(offer.earliest).toBe('2025-06-12');
    const noWay = on([...drafting, asked], agreed({ date: '2025-06-20', directPayments: undefined }) as CaseEvent);
    expect(!noWay.ok && noWay.error.field).toBe('arrangements');
    expect(on([...drafting, asked], requested({ date: '2025-06-13' }) as CaseEvent).ok).toBe(false); // same reference
    const early = on(drafting, requested({ date: '2025-06-09' }) as CaseEvent);
    expect(!early.ok && early.error).toMatchObject({ code: 'DATE_ORDER', regulation: 's49(1), PB reg 3' });
    expect(on([...drafting, draft, asked], decided).ok).toBe(true);
  });

  it('the final plan carries them: the plan shows the budget agreed while drafting, in place from its decision', () => {
    const log = [...drafting, asked, draft, decided, final];
    const r = on(log, { type: 'CaseworkerAssigned', date: '2025-07-15', caseworker: 'cw1' } as CaseEvent);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.view.plan!.personalBudgets).toMatchObject([
      { budgetRequestId: 'pb1', requestedOn: '2025-06-12', decidedOn: '2025-06-20', amount: '2400' },
    ]);
    const history = planHistoryOfCase(log);
    expect(history.slice(0, 1)).toEqual([{ type: 'PlanIssued', date: '2025-07-14', preparingSince: '2025-06-10' }]);
    expect(history.slice(2)).toEqual([asked, decided]);
    // the plan's own rules accept that history, and the budget is in place on the plan
    const plan = replayPlan(history, TODAY);
    expect(personalBudgetsOn(plan, '2025-07-14').map((b) => b.budgetRequestId)).toEqual(['pb1']);
    // and on the case's plan: it can end there, not be decided again
    expect(types(log)).toContain('PersonalBudgetEnded');
    expect(types(log)).not.toContain('PersonalBudgetDecided');
    expect(
      on(log, {
        type: 'PersonalBudgetEnded',
        date: '2025-09-01',
        budgetRequestId: 'pb1',
        endReason: 'other',
      } as CaseEvent).ok,
    ).toBe(true);
  });

  it('a decision not to issue after all ends the preparation: its budgets lapse', () => {
    const refused = { type: 'DecidedNotToIssue', date: '2025-06-25', reasons: 'needs met' } as CaseEvent;
    const r = on([...drafting, asked, refused], requested({ date: '2025-06-26', budgetRequestId: 'pb2' }) as CaseEvent);
    expect(!r.ok && r.error.code).toBe('EVENT_NOT_ALLOWED');
  });

  it('the case keeps the preparation on its context as each event is recorded: what reading the log gives, at every point', () => {
    // (workflow.ts toView, the machine's guard and the final plan read the context; they once re-read the log each time)
    const refused = { type: 'DecidedNotToIssue', date: '2025-06-25', reasons: 'needs met' } as CaseEvent;
    const ordered = { type: 'TribunalOrderMade', date: '2025-07-01', order: 'make-plan' } as CaseEvent;
    const logs = [
      [...drafting, asked, draft, decided, final],
      [...drafting, asked, refused],
      [...drafting, asked, refused, ordered],
    ];
    for (const log of logs)
      for (let n = 1; n <= log.length; n++) {
        const prefix = log.slice(0, n);
        const context = foldCase(prefix).snapshot.context;
        const read = budgetsWhilePreparing(prefix);
        const kept = context.preparation ?? { budgets: [], personalBudgets: [] };
        expect({ n, since: kept.since, budgets: kept.budgets, personalBudgets: kept.personalBudgets }).toEqual({
          n,
          since: read.since,
          budgets: read.budgets,
          personalBudgets: read.personalBudgets,
        });
      }
    // and it is there when a budget has been asked for (not read from the log on demand)
    const context = foldCase([...drafting, asked]).snapshot.context;
    expect(context.preparation).toMatchObject({ since: '2025-06-10', personalBudgets: [{ budgetRequestId: 'pb1' }] });
  });

  it('a plan alone: budgets dated before its issue only from preparingSince, which cannot follow the issue', () => {
    const prepared: PlanEvent = { ...issued, preparingSince: '2025-02-01' };
    expect(replayPlan([prepared, requested({ date: '2025-02-03' })], TODAY).personalBudgets).toHaveLength(1);
    expect(refusal(replayPlan([prepared], TODAY), requested({ date: '2025-01-31' }))).toMatchObject({
      code: 'DATE_ORDER',
      regulation: 's49(1)',
    });
    expect(refusal(replayPlan([issued], TODAY), requested({ date: '2025-03-09' })).code).toBe('DATE_ORDER');
    const late = stepPlan(replayPlan([], TODAY), { ...issued, preparingSince: '2025-03-11' }, TODAY);
    expect(!late.ok && late.error.field).toBe('preparingSince');
  });
});
