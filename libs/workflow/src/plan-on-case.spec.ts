// The maintained plan on a case's own log (docs/plan-life.md#one-log): after the final plan, the plan's events are
// case events decided by the plan's rules, with the plan's deadlines among the case's.
import { withRequiredAdvice } from './advice-sought.js';
import { deriveDeadlines } from './deadlines.js';
import type { CaseEvent } from './events.js';
import { planHistoryOfCase } from './plan-on-case.js';
import { applyEvent, checkHistory, decide, foldCase, inspectCase } from './workflow.js';

const TODAY = '2027-06-01';
const toFinal: CaseEvent[] = withRequiredAdvice([
  { type: 'RequestReceived', date: '2025-03-03', source: 'parent' },
  { type: 'DecidedToAssess', date: '2025-04-10' },
  { type: 'DecidedToIssue', date: '2025-06-01' },
  { type: 'DraftPlanIssued', date: '2025-06-23' },
  { type: 'FinalPlanIssued', date: '2025-07-14', placement: 'mainstream' },
]);
const meeting: CaseEvent = {
  type: 'ReviewMeetingHeld',
  date: '2026-06-10',
  reviewId: 'r1',
  invitedOn: '2026-05-20',
  adviceCirculatedOn: '2026-05-25',
};
const amend: CaseEvent = { type: 'ReviewDecisionNotified', date: '2026-07-01', reviewId: 'r1', decision: 'amend' };
const proposed: CaseEvent = {
  type: 'AmendmentsProposed',
  date: '2026-07-01',
  amendmentId: 'a1',
  following: 'review',
  reviewId: 'r1',
};
const byId = (h: CaseEvent[], today = TODAY) => Object.fromEntries(deriveDeadlines(h, { today }).map((d) => [d.id, d]));

describe('the plan on the case (docs/plan-life.md#one-log)', () => {
  it('the final plan begins the plan: its first annual review is due within 12 months of the issue (s44(1))', () => {
    expect(byId(toFinal, '2026-01-01')['annual-review-1']).toMatchObject({
      due: '2026-07-13',
      status: 'pending',
      regulation: 's44(1)',
    });
    // the plan's issue, and the setting the final plan's section I names (reg 12(1)(i)), from the same day
    expect(planHistoryOfCase(toFinal)).toEqual([
      { type: 'PlanIssued', date: '2025-07-14' },
      { type: 'PlacementNamed', date: '2025-07-14', settingType: 'mainstream', inArea: 'yes' },
    ]);
  });

  it('a review cycle on the case: the next review runs from the decision’s notification, not the meeting', () => {
    const h = [
      ...toFinal,
      meeting,
      amend,
      proposed,
      { type: 'PlanAmended', date: '2026-08-20', amendmentId: 'a1' } as CaseEvent,
    ];
    expect(checkHistory(h, { today: TODAY }).ok).toBe(true);
    const d = byId(h);
    expect(d['annual-review-1']).toMatchObject({ status: 'met', metOn: '2026-07-01' });
    expect(d['annual-review-2']).toMatchObject({ due: '2027-06-30', from: '2026-07-01', status: 'pending' });
    expect(d['review-decision-r1']).toMatchObject({ due: '2026-07-08', status: 'met' });
    expect(d['amended-plan-a1']).toMatchObject({ due: '2026-08-26', status: 'met' });
    const { view } = inspectCase(h, { today: TODAY });
    expect(view.stage).toBe('plan-issued');
    expect(view.plan?.reviews).toEqual([
      {
        reviewId: 'r1',
        meetingOn: '2026-06-10',
        invitedOn: '2026-05-20',
        adviceCirculatedOn: '2026-05-25',
        decisionOn: '2026-07-01',
        decision: 'amend',
      },
    ]);
  });

  it('refuses a plan event out of order with the plan’s reason and what is allowed now', () => {
    const r = applyEvent(
      [...toFinal],
      { type: 'ReviewDecisionNotified', date: '2026-07-01', reviewId: 'r1', decision: 'keep' },
      { today: TODAY },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ code: 'UNKNOWN_REFERENCE', field: 'reviewId' });
      expect(r.error.allowed).toContain('ReviewMeetingHeld');
    }
    // a second meeting while the first awaits its decision (s44(1))
    const second = applyEvent([...toFinal, meeting], { ...meeting, reviewId: 'r2', date: '2026-06-20' } as CaseEvent, {
      today: TODAY,
    });
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error).toMatchObject({ code: 'EVENT_NOT_ALLOWED', regulation: 's44(1)' });
  });

  it('no plan event before the final plan: the assessment refuses it', () => {
    const r = applyEvent(toFinal.slice(0, -1), meeting, { today: TODAY });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('EVENT_NOT_ALLOWED');
  });

  it('forms are offered the plan’s next steps, with references narrowed; PlanEnded gives way to the plan’s own end', () => {
    const { allowed } = inspectCase([...toFinal, meeting], { today: TODAY });
    const types = allowed.map((a) => a.type);
    expect(types).toEqual(
      expect.arrayContaining(['ReviewReportSent', 'ReviewDecisionNotified', 'PlacementStarted', 'PhaseTransferDue']),
    );
    expect(types).not.toContain('ReviewMeetingHeld'); // s44(1): the review r1 is not concluded
    expect(types).not.toContain('PlanEnded');
    expect(allowed.find((a) => a.type === 'ReviewDecisionNotified')).toMatchObject({ earliest: '2026-06-10' });
    expect(
      allowed.find((a) => a.type === 'ReviewDecisionNotified')!.fields.find((f) => f.name === 'reviewId')!.options,
    ).toEqual(['r1']);
  });

  it('the plan ceasing ends the case’s plan too: one fact, read by both; nothing more on the plan after it', () => {
    const h = [
      ...toFinal,
      { type: 'CeasingConsidered', date: '2026-09-01' },
      { type: 'CeaseDecided', date: '2026-10-01', reason: 'needs-met-without-plan' },
      { type: 'PlanCeased', date: '2026-12-02', reason: 'needs-met-without-plan' },
    ] as CaseEvent[];
    const { view } = inspectCase(h, { today: TODAY });
    expect(view.stage).toBe('plan-ended');
    expect(view.planEnded).toEqual({ date: '2026-12-02', reason: 'ceased-no-longer-necessary' });
    expect(view.plan).toMatchObject({ stage: 'ceased', endedOn: '2026-12-02', endReason: 'needs-met-without-plan' });
    // s45(4): not before the appeal window (2 months from the notice) has passed
    const early = applyEvent(
      [...h.slice(0, -1)],
      { type: 'PlanCeased', date: '2026-11-30', reason: 'needs-met-without-plan' },
      { today: TODAY },
    );
    expect(early.ok).toBe(false);
    expect(byId(h)['annual-review-1']).toMatchObject({ status: 'missed', stoppedOn: '2026-12-02' });
    const after = applyEvent(h, meeting, { today: TODAY });
    expect(after.ok).toBe(false);
  });

  it('a transfer to another council ends the plan here (reg 15(2))', () => {
    const h = [
      ...toFinal,
      { type: 'MoveNotified', date: '2026-01-05', movesOn: '2026-02-02', toLa: '937' },
      { type: 'TransferredOut', date: '2026-02-02', toLa: '937' },
    ] as CaseEvent[];
    const { view } = inspectCase(h, { today: TODAY });
    expect(view.planEnded).toEqual({ date: '2026-02-02', reason: 'moved-out-of-area' });
    expect(byId(h)['transfer-out']).toMatchObject({ status: 'met' });
  });

  it('an older history ending with PlanEnded stops the plan’s clocks that day', () => {
    const h = [...toFinal, { type: 'PlanEnded', date: '2026-01-10', reason: 'died' } as CaseEvent];
    expect(byId(h)['annual-review-1']).toMatchObject({ status: 'not-applicable', stoppedOn: '2026-01-10' });
  });

  it('decide on a folded case equals the replay (the api’s path)', () => {
    const state = foldCase([...toFinal, meeting]);
    const r = decide(state, amend, { today: TODAY });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.deadlines.find((d) => d.id === 'annual-review-2')).toMatchObject({ due: '2027-06-30' });
  });

  it('the DeadlineMissed the worker writes for a plan deadline is accepted once it has passed', () => {
    const r = applyEvent(
      [...toFinal],
      { type: 'DeadlineMissed', date: '2026-07-14', deadline: 'annual-review-1', due: '2026-07-13' },
      { today: TODAY },
    );
    expect(r.ok).toBe(true);
  });
});

describe('the plan’s allowed events, worked out once per plan context (workflow.ts planAllowedOf)', () => {
  const opts = { today: TODAY };
  const allowedOf = (r: ReturnType<typeof decide>) => (r.ok ? r.allowed : r.error);
  it('a command that is not the plan’s keeps the plan’s context, and its answer is a fresh fold’s', () => {
    const state = foldCase(toFinal);
    const assign: CaseEvent = { type: 'CaseworkerAssigned', date: '2026-01-05', caseworker: 'cw-north-2' };
    const r = decide(state, assign, opts);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.state.snapshot.context.plan).toBe(state.snapshot.context.plan); // the same context: the kept answer
    expect(r.allowed).toEqual(inspectCase([...toFinal, assign], opts).allowed); // folded afresh: worked out anew
    expect(r.allowed.some((a) => a.type === 'ReviewMeetingHeld')).toBe(true);
  });
  it('a plan event makes a new context, and the allowed events follow it (the review met, its decision next)', () => {
    const state = foldCase(toFinal);
    const before = allowedOf(decide(state, { type: 'CaseworkerAssigned', date: '2026-01-05', caseworker: 'x' }, opts));
    const r = decide(state, meeting, opts);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.state.snapshot.context.plan).not.toBe(state.snapshot.context.plan);
    expect(r.allowed).toEqual(inspectCase([...toFinal, meeting], opts).allowed);
    expect(r.allowed).not.toEqual(before);
    expect(r.allowed.some((a) => a.type === 'ReviewDecisionNotified')).toBe(true);
  });
});
