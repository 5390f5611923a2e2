// A plan transferred in from another council (reg 15(2)-(5)) opens a case of its own: no request, no assessment, never
// a new plan; the plan's rules and deadlines apply from the transfer (docs/plan-life.md#a-plan-transferred-in).
import { deriveDeadlines } from './deadlines.js';
import type { CaseEvent } from './events.js';
import { planHistoryOfCase } from './plan-on-case.js';
import { applyEvent, checkHistory, inspectCase } from './workflow.js';

const TODAY = '2026-12-01';
const transfer: CaseEvent = {
  type: 'TransferredPlanReceived',
  date: '2026-02-02',
  fromLa: '926',
  firstMadeOn: '2024-03-01',
  lastReviewedOn: '2025-03-10',
  year9From: '2027-09-01',
};
const byId = (h: CaseEvent[], today = TODAY) => Object.fromEntries(deriveDeadlines(h, { today }).map((d) => [d.id, d]));

describe('a plan transferred in (reg 15)', () => {
  it('opens a case of its own, maintained here from the transfer, with no request received date', () => {
    const r = checkHistory([transfer], { today: TODAY });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.view.stage).toBe('plan-issued');
    expect(r.view.receivedOn).toBeUndefined();
    expect(r.view.finalIssuedOn).toBeUndefined();
    expect(r.view.transferredIn).toEqual({
      on: '2026-02-02',
      fromLa: '926',
      firstMadeOn: '2024-03-01',
      lastReviewedOn: '2025-03-10',
    });
    // reg 15(3)(a): treated as made on the day the old council made it
    expect(r.view.plan).toMatchObject({ origin: 'transferred-in', startedOn: '2026-02-02', firstMadeOn: '2024-03-01' });
  });

  it('the case gives the plan PlanTransferredIn (read from the case’s own fact), never a PlanIssued', () => {
    expect(planHistoryOfCase([transfer])).toEqual([
      {
        type: 'PlanTransferredIn',
        date: '2026-02-02',
        fromLa: '926',
        firstMadeOn: '2024-03-01',
        lastReviewedOn: '2025-03-10',
        year9From: '2027-09-01',
      },
    ]);
  });

  it('reg 15(4): the family is told within 6 weeks of the transfer; the notice of the transfer meets it', () => {
    expect(byId([transfer])['transfer-in-notice']).toMatchObject({
      due: '2026-03-16',
      status: 'missed',
      regulation: 'reg 15(4)',
    });
    const notice: CaseEvent = { type: 'NoticeSent', date: '2026-03-16', notice: 'plan-transferred', sentTo: 'parent' };
    const r = applyEvent([transfer], notice, { today: TODAY });
    if (!r.ok) throw new Error(r.error.message);
    expect(byId([transfer, notice])['transfer-in-notice']).toMatchObject({ status: 'met' });
    expect(r.view.plan?.transferInNoticeOn).toBe('2026-03-16');
  });

  it('reg 15(5): the first review by the later of 12 months from the last review and 3 months from the transfer', () => {
    // 12 months from 2025-03-10 end on 2026-03-09; 3 months from the transfer end on 2026-05-01: the later
    expect(byId([transfer], '2026-04-01')['annual-review-1']).toMatchObject({ due: '2026-05-01', status: 'pending' });
    const reviewedLate = { ...transfer, lastReviewedOn: '2025-11-10' } as CaseEvent;
    expect(byId([reviewedLate], '2026-04-01')['annual-review-1']).toMatchObject({ due: '2026-11-09' });
  });

  it('is never a new plan: no assessment deadline and no 20-week clock', () => {
    const ids = deriveDeadlines([transfer], { today: TODAY }).map((d) => d.kind);
    expect(ids).not.toContain('final-plan');
    expect(ids).not.toContain('decision-to-assess');
  });

  it('the plan’s events follow, decided by the plan’s rules; nothing is dated before the transfer', () => {
    const meeting: CaseEvent = {
      type: 'ReviewMeetingHeld',
      date: '2026-04-20',
      reviewId: 'r1',
      invitedOn: '2026-04-01',
      adviceCirculatedOn: '2026-04-02',
    };
    expect(applyEvent([transfer], meeting, { today: TODAY }).ok).toBe(true);
    const early = applyEvent(
      [transfer],
      { type: 'CaseworkerAssigned', date: '2026-01-05', caseworker: 'sam' },
      {
        today: TODAY,
      },
    );
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.error.code).toBe('DATE_ORDER');
    const allowed = inspectCase([transfer], { today: TODAY }).allowed.map((a) => a.type);
    expect(allowed).toContain('ReviewMeetingHeld');
    expect(allowed).toContain('NoticeSent');
    expect(allowed).not.toContain('DecidedToAssess');
  });

  it('forms offer the notice of the transfer only on a plan transferred in', () => {
    const options = (h: CaseEvent[]) =>
      inspectCase(h, { today: TODAY })
        .allowed.find((a) => a.type === 'NoticeSent')
        ?.fields.find((f) => f.name === 'notice')?.options;
    expect(options([transfer])).toEqual(['plan-transferred']);
    const request: CaseEvent[] = [
      { type: 'RequestReceived', date: '2026-01-05', source: 'parent' },
      { type: 'DecidedToAssess', date: '2026-02-05' },
    ];
    expect(options(request)).not.toContain('plan-transferred');
  });

  it('refuses a plan first made after its transfer (reg 15(3)), and a transfer on a request’s case', () => {
    const r = checkHistory([{ ...transfer, firstMadeOn: '2026-03-01' } as CaseEvent], { today: TODAY });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'DATE_ORDER', field: 'firstMadeOn' });
    const onRequest = checkHistory([{ type: 'RequestReceived', date: '2026-01-05', source: 'parent' }, transfer], {
      today: TODAY,
    });
    expect(onRequest.ok).toBe(false);
  });

  it('the notice of a transfer needs a plan transferred in', () => {
    const r = checkHistory(
      [
        { type: 'RequestReceived', date: '2026-01-05', source: 'parent' },
        { type: 'NoticeSent', date: '2026-02-05', notice: 'plan-transferred', sentTo: 'parent' },
      ],
      { today: TODAY },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'UNKNOWN_REFERENCE', field: 'notice' });
  });

  it('the plan ending here ends the case: a move on to another council (reg 15(2))', () => {
    const h: CaseEvent[] = [
      transfer,
      { type: 'MoveNotified', date: '2026-06-01', movesOn: '2026-07-01', toLa: '201' },
      { type: 'TransferredOut', date: '2026-07-01', toLa: '201' },
    ];
    const r = checkHistory(h, { today: TODAY });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.view.stage).toBe('plan-ended');
    expect(r.view.planEnded).toEqual({ date: '2026-07-01', reason: 'moved-out-of-area' });
  });
});
