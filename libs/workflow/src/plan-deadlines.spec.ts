import fc from 'fast-check';
import { addDays } from './dates.js';
import { allowedPlanEvents, initialPlanContext, replayPlan, stepPlan } from './maintained-plan.js';
import { derivePlanDeadlines, nextPlanDeadline, PLAN_DEADLINE_KINDS, type PlanDeadline } from './plan-deadlines.js';
import type { PlanEvent } from './plan-events.js';

const issued: PlanEvent = { type: 'PlanIssued', date: '2025-03-10' };
const byId = (ds: PlanDeadline[]) => Object.fromEntries(ds.map((d) => [d.id, d]));
/** Deadlines of a history that the plan's rules accept (checked first, so no test runs on an unlawful history). */
const at = (history: PlanEvent[], today: string, bankHolidays?: string[]) => {
  replayPlan(history, today);
  return byId(derivePlanDeadlines(history, { today, ...(bankHolidays ? { bankHolidays } : {}) }));
};
const meeting = (
  reviewId: string,
  date: string,
  invitedOn = addDays(date, -14),
  adviceCirculatedOn: string | null = addDays(date, -14),
): PlanEvent => ({
  type: 'ReviewMeetingHeld',
  date,
  reviewId,
  invitedOn,
  ...(adviceCirculatedOn ? { adviceCirculatedOn } : {}),
});

describe('annual review due dates (s44(1); reg 15(5))', () => {
  it('s44(1): first review within 12 months starting with the issue: 2025-03-10 → 2026-03-09', () => {
    expect(at([issued], '2025-04-01')['annual-review-1']).toMatchObject({
      due: '2026-03-09',
      regulation: 's44(1)',
      status: 'pending',
      from: '2025-03-10',
    });
    expect(at([issued], '2026-03-10')['annual-review-1']).toMatchObject({ status: 'missed', daysLate: 1 });
  });
  it("s44(1): the next review runs from the previous DECISION's notification, not from the meeting", () => {
    const h: PlanEvent[] = [
      issued,
      meeting('r1', '2026-01-20'),
      { type: 'ReviewDecisionNotified', date: '2026-02-10', reviewId: 'r1', decision: 'keep' },
    ];
    const d = at(h, '2026-03-01');
    expect(d['annual-review-1']).toMatchObject({ status: 'met', metOn: '2026-02-10' });
    expect(d['annual-review-2']).toMatchObject({
      due: '2027-02-09',
      from: '2026-02-10',
      measuredFrom: 'previous review decision notified',
      status: 'pending',
    });
  });
  it('s44(1): a late review is still the anchor of the next one', () => {
    const h: PlanEvent[] = [
      issued,
      meeting('r1', '2026-04-01'),
      { type: 'ReviewDecisionNotified', date: '2026-04-20', reviewId: 'r1', decision: 'keep' },
    ];
    const d = at(h, '2026-05-01');
    expect(d['annual-review-1']).toMatchObject({ status: 'missed', metOn: '2026-04-20', daysLate: 42 });
    expect(d['annual-review-2']?.due).toBe('2027-04-19');
  });
  it("reg 15(5)(a): after a transfer in, 12 months from the old council's last review when that is later", () => {
    const t: PlanEvent = {
      type: 'PlanTransferredIn',
      date: '2026-01-05',
      fromLa: '886',
      firstMadeOn: '2023-05-01',
      lastReviewedOn: '2025-11-20',
    };
    expect(at([t], '2026-01-05')['annual-review-1']).toMatchObject({ due: '2026-11-19', regulation: 'reg 15(5)(a)' });
  });
  it('reg 15(5)(b): …or 3 months from the transfer when that is later', () => {
    const t: PlanEvent = {
      type: 'PlanTransferredIn',
      date: '2026-01-05',
      fromLa: '886',
      firstMadeOn: '2023-05-01',
      lastReviewedOn: '2025-02-01',
    };
    expect(at([t], '2026-01-05')['annual-review-1']).toMatchObject({ due: '2026-04-04', regulation: 'reg 15(5)(b)' });
  });
  it('reg 15(4): the transfer notice within 6 weeks of the transfer', () => {
    const t: PlanEvent = { type: 'PlanTransferredIn', date: '2026-01-05', fromLa: '886', firstMadeOn: '2023-05-01' };
    expect(at([t], '2026-01-06')['transfer-in-notice']).toMatchObject({ due: '2026-02-16', status: 'pending' });
    expect(
      at([t, { type: 'TransferInNoticeSent', date: '2026-02-17' }], '2026-03-01')['transfer-in-notice'],
    ).toMatchObject({ status: 'missed', daysLate: 1 });
  });
  it('the plan ending stops the review clock: not-applicable before the due day, missed after it', () => {
    const h: PlanEvent[] = [issued, { type: 'PlanCeased', date: '2025-12-01', reason: 'deceased' }];
    expect(at(h, '2026-06-01')['annual-review-1']).toMatchObject({ status: 'not-applicable', stoppedOn: '2025-12-01' });
  });
});

describe("each review meeting's limits (regs 20-22)", () => {
  it('regs 20(3)-(4): invitations and advice at least 2 weeks before — meeting 2026-02-01 → by 2026-01-18', () => {
    const ok = at([issued, meeting('r1', '2026-02-01', '2026-01-18', '2026-01-18')], '2026-02-01');
    expect(ok['review-invitation-r1']).toMatchObject({ due: '2026-01-18', status: 'met' });
    expect(ok['review-advice-r1']).toMatchObject({ due: '2026-01-18', status: 'met' });
    const late = at([issued, meeting('r1', '2026-02-01', '2026-01-19', '2026-01-25')], '2026-02-01');
    expect(late['review-invitation-r1']).toMatchObject({ status: 'missed', daysLate: 1 });
    expect(late['review-advice-r1']).toMatchObject({ status: 'missed', daysLate: 7 });
  });
  it('reg 20(4): advice never circulated is missed on the day of the meeting', () => {
    const d = at([issued, meeting('r1', '2026-02-01', '2026-01-10', null)], '2026-02-01');
    expect(d['review-advice-r1']).toMatchObject({ status: 'missed', stoppedOn: '2026-02-01', daysLate: 14 });
  });
  it('reg 20(7): report within 2 weeks of the meeting; reg 20: decision within 4 weeks', () => {
    const h: PlanEvent[] = [
      issued,
      meeting('r1', '2026-02-01'),
      { type: 'ReviewReportSent', date: '2026-02-15', reviewId: 'r1' },
    ];
    const d = at(h, '2026-03-02');
    expect(d['review-report-r1']).toMatchObject({ due: '2026-02-15', status: 'met' });
    expect(d['review-decision-r1']).toMatchObject({ due: '2026-03-01', status: 'missed', daysLate: 1 });
    const met = at(
      [...h, { type: 'ReviewDecisionNotified', date: '2026-03-01', reviewId: 'r1', decision: 'keep' }],
      '2026-03-02',
    );
    expect(met['review-decision-r1']).toMatchObject({ status: 'met' });
    expect(met['review-amendments-r1']).toBeUndefined(); // only a decision to amend has proposals due
  });
  it('Devon [2022]: with a decision to amend, the proposed amendments are due within the same 4 weeks', () => {
    const h: PlanEvent[] = [
      issued,
      meeting('r1', '2026-02-01'),
      { type: 'ReviewDecisionNotified', date: '2026-02-20', reviewId: 'r1', decision: 'amend' },
    ];
    expect(at(h, '2026-02-21')['review-amendments-r1']).toMatchObject({ due: '2026-03-01', status: 'pending' });
    const late = [
      ...h,
      {
        type: 'AmendmentsProposed',
        date: '2026-03-10',
        amendmentId: 'a1',
        following: 'review',
        reviewId: 'r1',
      } as PlanEvent,
    ];
    expect(at(late, '2026-03-10')['review-amendments-r1']).toMatchObject({ status: 'missed', daysLate: 9 });
  });
  it('reg 22(3): the amended plan within 8 weeks of the proposals; reg 22(4): a notice not to amend also meets it', () => {
    const h: PlanEvent[] = [
      issued,
      meeting('r1', '2026-02-01'),
      { type: 'ReviewDecisionNotified', date: '2026-02-20', reviewId: 'r1', decision: 'amend' },
      { type: 'AmendmentsProposed', date: '2026-02-20', amendmentId: 'a1', following: 'review', reviewId: 'r1' },
    ];
    expect(at(h, '2026-02-21')['amended-plan-a1']).toMatchObject({ due: '2026-04-17', status: 'pending' });
    expect(
      at([...h, { type: 'PlanAmended', date: '2026-04-18', amendmentId: 'a1' }], '2026-05-01')['amended-plan-a1'],
    ).toMatchObject({ status: 'missed', daysLate: 1 });
    expect(
      at([...h, { type: 'AmendmentsDropped', date: '2026-04-01', amendmentId: 'a1', reasons: 'x' }], '2026-05-01')[
        'amended-plan-a1'
      ],
    ).toMatchObject({ status: 'met' });
  });
  it('property: the decision is due 28 days after any meeting, the report 14, invitations 14 before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 300 }), (n) => {
        const m = addDays(issued.date, n);
        const d = at([issued, meeting('r1', m)], m);
        expect(d['review-decision-r1']!.due).toBe(addDays(m, 28));
        expect(d['review-report-r1']!.due).toBe(addDays(m, 14));
        expect(d['review-invitation-r1']!.due).toBe(addDays(m, -14));
      }),
    );
  });
});

describe('phase transfers (reg 18)', () => {
  const due = (transfer: string, movesOn: string): PlanEvent =>
    ({ type: 'PhaseTransferDue', date: '2026-06-01', transferId: 't1', transfer, movesOn }) as PlanEvent;
  const amendedNaming = (issuedOn: string): PlanEvent[] => [
    {
      type: 'AmendmentsProposed',
      date: addDays(issuedOn, -20),
      amendmentId: 'a1',
      following: 'other',
      transferId: 't1',
    },
    { type: 'PlanAmended', date: issuedOn, amendmentId: 'a1' },
  ];
  it('reg 18(1): primary to secondary moving in September 2027 → amended plan naming the school by 2027-02-14', () => {
    expect(at([issued, due('primary-to-secondary', '2027-09-01')], '2026-07-01')['phase-transfer-t1']).toMatchObject({
      due: '2027-02-14',
      status: 'pending',
      regulation: 'reg 18(1)',
    });
    expect(
      at([issued, due('primary-to-secondary', '2027-09-01'), ...amendedNaming('2027-02-14')], '2027-03-01')[
        'phase-transfer-t1'
      ],
    ).toMatchObject({ status: 'met' });
    expect(
      at([issued, due('primary-to-secondary', '2027-09-01'), ...amendedNaming('2027-02-15')], '2027-03-01')[
        'phase-transfer-t1'
      ],
    ).toMatchObject({ status: 'missed', daysLate: 1 });
  });
  it('reg 18(1): secondary to a post-16 institution → by 2027-03-30', () => {
    expect(
      at([issued, due('secondary-to-post-16-institution', '2027-09-01'), ...amendedNaming('2027-03-30')], '2027-04-01')[
        'phase-transfer-t1'
      ],
    ).toMatchObject({ due: '2027-03-30', status: 'met' });
    // "before 31 March" excludes the day itself, as "before 15 February" does (docs/plan-life.md#phase-transfers)
    expect(
      at([issued, due('secondary-to-post-16-institution', '2027-09-01'), ...amendedNaming('2027-03-31')], '2027-04-01')[
        'phase-transfer-t1'
      ],
    ).toMatchObject({ status: 'missed', daysLate: 1 });
  });
  it('an amendment that does not name the next setting does not meet it', () => {
    const h: PlanEvent[] = [
      issued,
      due('primary-to-secondary', '2027-09-01'),
      { type: 'AmendmentsProposed', date: '2027-01-02', amendmentId: 'a1', following: 'other' },
      { type: 'PlanAmended', date: '2027-02-01', amendmentId: 'a1' },
    ];
    expect(at(h, '2027-03-01')['phase-transfer-t1']).toMatchObject({ status: 'missed' });
  });
  it('a move into a school sixth form has no reg 18 deadline', () => {
    expect(
      at([issued, due('secondary-to-school-sixth-form', '2027-09-01')], '2027-03-01')['phase-transfer-t1'],
    ).toBeUndefined();
  });
  it('reg 18(2): between post-16 institutions in January 2027 → at least 5 months before, by 2026-08-06', () => {
    expect(at([issued, due('post-16-to-post-16', '2027-01-06')], '2026-07-01')['phase-transfer-t1']).toMatchObject({
      due: '2026-08-06',
      regulation: 'reg 18(2)',
    });
  });
});

describe('re-assessment and transfers out', () => {
  it('reg 25(1) (as described) 15 days for the decision; reg 27(2) 14 weeks from the decision to re-assess', () => {
    const h: PlanEvent[] = [
      issued,
      { type: 'ReassessmentRequested', date: '2025-09-01', reassessmentId: 'x1', source: 'parent' },
      { type: 'ReassessmentDecided', date: '2025-09-16', reassessmentId: 'x1', decision: 'reassess' },
    ];
    const d = at(h, '2025-09-20');
    expect(d['reassessment-decision-x1']).toMatchObject({ due: '2025-09-16', status: 'met' });
    expect(d['reassessment-plan-x1']).toMatchObject({ due: '2025-12-23', status: 'pending', regulation: 'reg 27(2)' });
    const done = at(
      [
        ...h,
        { type: 'ReassessmentNoAmendment', date: '2025-12-01', reassessmentId: 'x1', reasons: 'no change needed' },
      ],
      '2026-01-01',
    );
    expect(done['reassessment-plan-x1']).toMatchObject({ status: 'met' });
  });
  it('a refusal to re-assess starts no 14-week clock', () => {
    const h: PlanEvent[] = [
      issued,
      { type: 'ReassessmentRequested', date: '2025-09-01', reassessmentId: 'x1', source: 'parent' },
      { type: 'ReassessmentDecided', date: '2025-09-10', reassessmentId: 'x1', decision: 'refuse' },
    ];
    expect(at(h, '2026-01-01')['reassessment-plan-x1']).toBeUndefined();
  });
  it('reg 15(2): aware late → within 15 working days beginning with that day; the transfer meets it', () => {
    const h: PlanEvent[] = [issued, { type: 'MoveNotified', date: '2027-02-01', movesOn: '2027-01-25', toLa: '886' }];
    expect(at(h, '2027-02-02')['transfer-out']).toMatchObject({ due: '2027-02-19', status: 'pending' });
    expect(at(h, '2027-02-02', ['2027-02-08'])['transfer-out']?.due).toBe('2027-02-22');
    const d = at([...h, { type: 'TransferredOut', date: '2027-02-19', toLa: '886' }], '2027-03-01');
    expect(d['transfer-out']).toMatchObject({ status: 'met' });
    expect(d['annual-review-1']).toMatchObject({ status: 'missed', stoppedOn: '2027-02-19' }); // was due 2026-03-09
  });
  it('nextPlanDeadline: the earliest pending one', () => {
    const h: PlanEvent[] = [issued, meeting('r1', '2026-02-01')];
    expect(nextPlanDeadline(derivePlanDeadlines(h, { today: '2026-02-02' }))?.id).toBe('review-report-r1');
  });
});

describe('properties of the derived deadlines', () => {
  it('s44(1): over any lawful chain of reviews, ids are unique, each review runs 12 months from the previous decision, and met ⇔ decided by the due day', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 15, max: 500 }), fc.integer({ min: 0, max: 60 })), { maxLength: 6 }),
        fc.integer({ min: 0, max: 4000 }),
        (gaps, t) => {
          const h: PlanEvent[] = [issued];
          let last = issued.date;
          gaps.forEach(([toMeeting, toDecision], i) => {
            const m = addDays(last, toMeeting);
            h.push(meeting(`r${i}`, m), {
              type: 'ReviewDecisionNotified',
              date: addDays(m, toDecision),
              reviewId: `r${i}`,
              decision: 'keep',
            });
            last = addDays(m, toDecision);
          });
          const today = addDays(last, t);
          const ds = derivePlanDeadlines(h, { today });
          expect(new Set(ds.map((d) => d.id)).size).toBe(ds.length);
          const reviews = ds.filter((d) => d.kind === 'annual-review');
          expect(reviews).toHaveLength(gaps.length + 1);
          const decisions = h.filter((e) => e.type === 'ReviewDecisionNotified').map((e) => e.date);
          reviews.forEach((d, k) => {
            expect(d.from).toBe(k === 0 ? issued.date : decisions[k - 1]);
            if (k < decisions.length) expect(d.status).toBe(decisions[k]! <= d.due ? 'met' : 'missed');
            else expect(d.status).toBe(today <= d.due ? 'pending' : 'missed');
          });
          // the same history derives the same deadlines (ids and due dates are stable across replays)
          expect(derivePlanDeadlines(h, { today })).toEqual(ds);
        },
      ),
    );
  });
});

// ---- a measure that reads a few kinds derives only those: the same deadlines ----------------------------------
/**
 * A lawful plan history from a list of choices: at each step one of the events the plan accepts next
 * (allowedPlanEvents), its fields filled from the choices; an event the rules refuse is skipped, so every history is
 * one the plan's rules accept (each step is checked by stepPlan, the rules' one definition).
 */
function lawfulHistory(choices: readonly number[], transferredIn: boolean): PlanEvent[] {
  const start: PlanEvent = transferredIn
    ? { type: 'PlanTransferredIn', date: '2024-02-01', fromLa: '886', firstMadeOn: '2021-05-03' }
    : { type: 'PlanIssued', date: '2024-02-01', year9From: '2024-09-01', post16From: '2028-09-01' };
  const first = stepPlan(initialPlanContext(), start, TODAY_GEN);
  if (!first.ok) throw new Error(first.error.message);
  let c = first.context;
  const out: PlanEvent[] = [start];
  let k = 0;
  const next = () => choices[k++ % choices.length]!;
  for (let step = 0; step < choices.length / 4; step++) {
    const allowed = allowedPlanEvents(c);
    if (!allowed.length) break;
    const a = allowed[next() % allowed.length]!;
    const after = [c.lastEventDate ?? c.startedOn!, a.earliest ?? c.startedOn!].sort().at(-1)!;
    const date = addDays(after, next() % 90);
    if (date > TODAY_GEN) break;
    const e: Record<string, unknown> = { type: a.type, date };
    for (const f of a.fields) {
      if (f.name === 'date' || (!f.required && next() % 3 === 0)) continue;
      if (f.kind === 'date')
        e[f.name] = f.name === 'movesOn' ? addDays(date, 100 + (next() % 400)) : addDays(date, -(next() % 30));
      else if (f.kind === 'enum' || (f.kind === 'ref' && f.options))
        e[f.name] = f.many ? [f.options![next() % f.options!.length]] : f.options![next() % f.options!.length];
      else if (f.kind === 'ref') e[f.name] = `${f.name.slice(0, 2)}${step}`;
      else if (f.kind === 'text') e[f.name] = 'x';
    }
    const r = stepPlan(c, e, TODAY_GEN);
    if (!r.ok) continue;
    c = r.context;
    out.push(e as unknown as PlanEvent);
  }
  return out;
}
const TODAY_GEN = '2027-06-30';

describe('deriving only some kinds (a measure reads annual reviews and phase transfers only)', () => {
  it('property: the deadlines of the kinds asked for, in the same order, as every deadline filtered by kind', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 1_000_000 }), { minLength: 8, maxLength: 160 }),
        fc.boolean(),
        fc.subarray([...PLAN_DEADLINE_KINDS]),
        fc.integer({ min: 0, max: 1200 }),
        (choices, transferredIn, kinds, todayN) => {
          const history = lawfulHistory(choices, transferredIn);
          const today = addDays('2024-02-01', todayN);
          const all = derivePlanDeadlines(history, { today });
          all.forEach((d) => seen.add(d.kind));
          expect(derivePlanDeadlines(history, { today, kinds })).toEqual(all.filter((d) => kinds.includes(d.kind)));
        },
      ),
      // A fixed seed: the check below that the runs reached every kind must not depend on the draw (with a new seed
      // each run, 2 of the seeds 1–60 missed one of the five kinds in 400 runs: a red CI for nothing).
      { numRuns: 400, seed: 20261204 },
    );
    // the histories reach the kinds the measures read and the kinds derived beside them (the property is not vacuous)
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'amended-plan',
        'annual-review',
        'phase-transfer',
        'review-amendments',
        'review-decision',
      ]),
    );
  });
});
