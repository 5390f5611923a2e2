import fc from 'fast-check';
import { addDays } from './dates.js';
import {
  allowedPlanEvents,
  checkPlanHistory,
  earliestCeaseDate,
  initialPlanContext,
  PlanRejection,
  planAcceptedTypes,
  replayPlan,
  stepPlan,
  attendedOn,
  namedSettingOn,
} from './maintained-plan.js';
import { CASE_EVENT_TYPES, EVENT_FIELDS } from './events.js';
import {
  CASE_PLAN_EVENT_TYPES,
  PLAN_EVENT_FIELDS,
  PLAN_EVENT_TYPES,
  sen2CeaseCode,
  validatePlanEventShape,
  type PlanEvent,
} from './plan-events.js';

const TODAY = '2030-01-01';
const issued: PlanEvent = { type: 'PlanIssued', date: '2025-03-10' };
const meeting = (
  reviewId: string,
  date: string,
  extra: Partial<Extract<PlanEvent, { type: 'ReviewMeetingHeld' }>> = {},
): PlanEvent => ({
  type: 'ReviewMeetingHeld',
  date,
  reviewId,
  invitedOn: addDays(date, -20),
  adviceCirculatedOn: addDays(date, -15),
  ...extra,
});
const decided = (reviewId: string, date: string, decision: 'keep' | 'amend' | 'cease'): PlanEvent => ({
  type: 'ReviewDecisionNotified',
  date,
  reviewId,
  decision,
});

/** The first event after `history` that is refused, with its error. */
function refusal(history: PlanEvent[], event: unknown, today = TODAY) {
  const c = replayPlan(history, today);
  const r = stepPlan(c, event, today);
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
}
const accepts = (history: PlanEvent[], event: PlanEvent, today = TODAY) =>
  stepPlan(replayPlan(history, today), event, today).ok;

describe('the plan vocabulary is its own (docs/plan-life.md#vocabulary)', () => {
  it('no plan event has an assessment event’s name; a case records the plan’s events but never its beginning', () => {
    const assessmentOnly = CASE_EVENT_TYPES.filter((t) => !(CASE_PLAN_EVENT_TYPES as readonly string[]).includes(t));
    for (const t of PLAN_EVENT_TYPES) expect(assessmentOnly).not.toContain(t);
    // FinalPlanIssued is the plan's issue; a plan transferred in has no assessment case here (docs/plan-life.md#one-log)
    for (const t of ['PlanIssued', 'PlanTransferredIn', 'TransferInNoticeSent'])
      expect(CASE_EVENT_TYPES).not.toContain(t);
    for (const t of CASE_PLAN_EVENT_TYPES) expect(EVENT_FIELDS[t]).toBe(PLAN_EVENT_FIELDS[t]);
  });
  it('same FieldSpec shape as the assessment vocabulary; date first everywhere', () => {
    for (const specs of [...Object.values(PLAN_EVENT_FIELDS), ...Object.values(EVENT_FIELDS)]) {
      expect(specs[0]).toMatchObject({ name: 'date', kind: 'date', required: true });
    }
  });
  it('shape validation names the field and never repeats a value; unknown fields are refused', () => {
    const r = validatePlanEventShape({
      type: 'ReviewDecisionNotified',
      date: '2026-01-01',
      reviewId: 'r1',
      decision: 'maintain-Ada-Smith',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]).toMatchObject({ field: 'decision' });
      expect(r.errors[0]!.message).toContain('keep, amend, cease');
      expect(r.errors[0]!.message).not.toContain('Ada');
    }
    const u = validatePlanEventShape({ type: 'PlanIssued', date: '2026-01-01', childName: 'x' });
    expect(u.ok).toBe(false);
    expect(validatePlanEventShape({ type: 'DecidedToAssess', date: '2026-01-01' }).ok).toBe(false);
  });
  it('SEN2 cease codes 1-9 in the published order', () => {
    expect(sen2CeaseCode('maximum-age')).toBe(1);
    expect(sen2CeaseCode('transferred-to-another-la')).toBe(5);
    expect(sen2CeaseCode('moved-outside-england')).toBe(7);
    expect(sen2CeaseCode('other')).toBe(9);
  });
});

describe('starting a plan', () => {
  it('reg 13(2) / reg 15: a plan starts with PlanIssued or PlanTransferredIn; nothing else can come first', () => {
    const r = stepPlan(initialPlanContext(), meeting('r1', '2026-01-10'));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toMatchObject({ code: 'EVENT_NOT_ALLOWED', allowed: ['PlanIssued', 'PlanTransferredIn'] });
  });
  it('reg 15(3): a transferred plan was first made on or before the transfer', () => {
    const r = stepPlan(initialPlanContext(), {
      type: 'PlanTransferredIn',
      date: '2026-01-10',
      fromLa: '886',
      firstMadeOn: '2026-02-01',
    });
    expect(!r.ok && r.error).toMatchObject({ code: 'DATE_ORDER', field: 'firstMadeOn', regulation: 'reg 15(3)' });
  });
  it('nothing on the plan is dated before it began, or after today', () => {
    expect(refusal([issued], meeting('r1', '2025-03-01'))).toMatchObject({ code: 'DATE_ORDER' });
    expect(refusal([issued], meeting('r1', '2026-03-01'), '2026-02-01')).toMatchObject({ code: 'DATE_IN_FUTURE' });
  });
  it('reg 15(4): only a transferred-in plan has the transfer notice', () => {
    expect(refusal([issued], { type: 'TransferInNoticeSent', date: '2025-04-01' })).toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
      regulation: 'reg 15(4)',
    });
    expect(
      accepts([{ type: 'PlanTransferredIn', date: '2026-01-10', fromLa: '886', firstMadeOn: '2024-05-01' }], {
        type: 'TransferInNoticeSent',
        date: '2026-02-01',
      }),
    ).toBe(true);
  });
});

describe('annual reviews (s44; regs 20-22)', () => {
  it('s44(1): a review ends with its decision — the next meeting waits for it', () => {
    const e = refusal([issued, meeting('r1', '2026-02-01')], meeting('r2', '2026-03-01'));
    expect(e).toMatchObject({ code: 'EVENT_NOT_ALLOWED', regulation: 's44(1)' });
    expect(
      accepts([issued, meeting('r1', '2026-02-01'), decided('r1', '2026-02-20', 'keep')], meeting('r2', '2027-01-10')),
    ).toBe(true);
  });
  it('regs 20(3)-(4): invitations and advice cannot be dated after the meeting', () => {
    expect(refusal([issued], meeting('r1', '2026-02-01', { invitedOn: '2026-02-02' }))).toMatchObject({
      field: 'invitedOn',
      regulation: 'reg 20(3)',
    });
    expect(refusal([issued], meeting('r1', '2026-02-01', { adviceCirculatedOn: '2026-02-03' }))).toMatchObject({
      field: 'adviceCirculatedOn',
      regulation: 'reg 20(4)',
    });
  });
  it('reg 20(6): from Year 9 the record must say whether preparation for adulthood was considered', () => {
    const y9: PlanEvent = { type: 'PlanIssued', date: '2025-03-10', year9From: '2025-09-01' };
    expect(refusal([y9], meeting('r1', '2026-02-01'))).toMatchObject({
      field: 'preparingForAdulthood',
      regulation: 'reg 20(6)',
    });
    expect(accepts([y9], meeting('r1', '2026-02-01', { preparingForAdulthood: 'no' }))).toBe(true);
    expect(accepts([y9], meeting('r1', '2025-08-01'))).toBe(true); // before Year 9
  });
  it('report and decision once each, not before the meeting, for a review that exists', () => {
    const h = [issued, meeting('r1', '2026-02-01')];
    expect(refusal(h, { type: 'ReviewReportSent', date: '2026-01-31', reviewId: 'r1' })).toMatchObject({
      code: 'DATE_ORDER',
    });
    expect(refusal(h, { type: 'ReviewReportSent', date: '2026-02-03', reviewId: 'zz' })).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      field: 'reviewId',
    });
    expect(refusal([...h, decided('r1', '2026-02-10', 'keep')], decided('r1', '2026-02-11', 'amend'))).toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
    });
  });
  it('reg 22(1), Devon [2022]: amendments following a review need that review to have decided to amend', () => {
    const h = [issued, meeting('r1', '2026-02-01'), decided('r1', '2026-02-20', 'keep')];
    expect(
      refusal(h, {
        type: 'AmendmentsProposed',
        date: '2026-02-21',
        amendmentId: 'a1',
        following: 'review',
        reviewId: 'r1',
      }),
    ).toMatchObject({ code: 'EVENT_NOT_ALLOWED', regulation: 'reg 22(1)' });
    const h2 = [issued, meeting('r1', '2026-02-01'), decided('r1', '2026-02-20', 'amend')];
    expect(
      accepts(h2, {
        type: 'AmendmentsProposed',
        date: '2026-02-20',
        amendmentId: 'a1',
        following: 'review',
        reviewId: 'r1',
      }),
    ).toBe(true);
    expect(
      refusal(h2, { type: 'AmendmentsProposed', date: '2026-02-21', amendmentId: 'a1', following: 'review' }),
    ).toMatchObject({ field: 'reviewId' });
  });
  it("reg 22(2): the amended plan cannot be issued inside the family's 15 days (first day: proposed + 15)", () => {
    const h: PlanEvent[] = [
      issued,
      meeting('r1', '2026-02-01'),
      decided('r1', '2026-02-20', 'amend'),
      { type: 'AmendmentsProposed', date: '2026-02-20', amendmentId: 'a1', following: 'review', reviewId: 'r1' },
    ];
    expect(refusal(h, { type: 'PlanAmended', date: '2026-03-06', amendmentId: 'a1' })).toMatchObject({
      code: 'DATE_ORDER',
      regulation: 'reg 22(2)',
    });
    expect(accepts(h, { type: 'PlanAmended', date: '2026-03-07', amendmentId: 'a1' })).toBe(true);
    expect(
      accepts(h, {
        type: 'AmendmentsDropped',
        date: '2026-03-01',
        amendmentId: 'a1',
        reasons: 'representations accepted',
      }),
    ).toBe(true);
  });
  it('one set of proposed amendments open at a time (reg 22)', () => {
    const h: PlanEvent[] = [
      issued,
      { type: 'AmendmentsProposed', date: '2025-06-01', amendmentId: 'a1', following: 'other' },
    ];
    expect(
      refusal(h, { type: 'AmendmentsProposed', date: '2025-06-02', amendmentId: 'a2', following: 'other' }),
    ).toMatchObject({ code: 'EVENT_NOT_ALLOWED', regulation: 'reg 22' });
  });
});

describe('placements: named in the plan and attended, kept apart', () => {
  it('the setting named and the settings attended on a date come from their own events', () => {
    const c = replayPlan(
      [
        issued,
        { type: 'PlacementNamed', date: '2025-03-10', settingType: 'special-state', inArea: 'yes' },
        { type: 'PlacementStarted', date: '2025-04-01', placementId: 'p1', settingType: 'mainstream', inArea: 'yes' },
        { type: 'PlacementEnded', date: '2025-07-18', placementId: 'p1' },
        { type: 'PlacementStarted', date: '2025-09-03', placementId: 'p2', settingType: 'special-state', inArea: 'no' },
        { type: 'PlacementNamed', date: '2026-09-01', settingType: 'special-independent', inArea: 'no' },
      ],
      TODAY,
    );
    expect(namedSettingOn(c, '2025-06-01')?.settingType).toBe('special-state');
    expect(attendedOn(c, '2025-06-01').map((p) => p.settingType)).toEqual(['mainstream']);
    expect(attendedOn(c, '2025-07-18').map((p) => p.placementId)).toEqual(['p1']); // the leaving date is the last day
    expect(attendedOn(c, '2025-08-01')).toEqual([]);
    expect(namedSettingOn(c, '2026-09-01')?.settingType).toBe('special-independent');
  });
  it('a placement ends once, not before it started', () => {
    const h: PlanEvent[] = [
      issued,
      { type: 'PlacementStarted', date: '2025-04-01', placementId: 'p1', settingType: 'mainstream', inArea: 'yes' },
    ];
    expect(refusal(h, { type: 'PlacementEnded', date: '2025-03-31', placementId: 'p1' })).toMatchObject({
      code: 'DATE_ORDER',
    });
    expect(refusal(h, { type: 'PlacementEnded', date: '2025-05-01', placementId: 'p9' })).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
    });
  });
});

describe('re-assessment (s44(2); regs 24-27)', () => {
  const req: PlanEvent = { type: 'ReassessmentRequested', date: '2025-09-01', reassessmentId: 'x1', source: 'parent' };
  it('one open at a time; decided once; amendments following it need a decision to re-assess', () => {
    expect(
      refusal([issued, req], {
        type: 'ReassessmentRequested',
        date: '2025-09-02',
        reassessmentId: 'x2',
        source: 'school',
      }),
    ).toMatchObject({ code: 'EVENT_NOT_ALLOWED' });
    expect(
      refusal([issued, req], {
        type: 'AmendmentsProposed',
        date: '2025-09-20',
        amendmentId: 'a1',
        following: 'reassessment',
        reassessmentId: 'x1',
      }),
    ).toMatchObject({ regulation: 'reg 27' });
    const refused: PlanEvent = {
      type: 'ReassessmentDecided',
      date: '2025-09-10',
      reassessmentId: 'x1',
      decision: 'refuse',
    };
    expect(
      accepts([issued, req, refused], {
        type: 'ReassessmentRequested',
        date: '2026-04-01',
        reassessmentId: 'x2',
        source: 'parent',
      }),
    ).toBe(true);
  });
});

describe('ceasing (s45; regs 29-31; reg 44(2)(a))', () => {
  const considered: PlanEvent = { type: 'CeasingConsidered', date: '2026-05-01' };
  const cease: PlanEvent = { type: 'CeaseDecided', date: '2026-06-01', reason: 'paid-employment' };
  it('reg 31(1): the decision follows telling the family the council is considering ceasing', () => {
    expect(refusal([issued], cease)).toMatchObject({ code: 'EVENT_NOT_ALLOWED', regulation: 'reg 31(1)' });
    expect(accepts([issued, considered], cease)).toBe(true);
  });
  it('reg 15: a move to another council is a transfer, not a cease', () => {
    expect(refusal([issued, considered], { ...cease, reason: 'transferred-to-another-la' } as PlanEvent)).toMatchObject(
      { regulation: 'reg 15(2)' },
    );
    expect(
      refusal([issued], { type: 'PlanCeased', date: '2026-06-01', reason: 'transferred-to-another-la' }),
    ).toMatchObject({ regulation: 'reg 15(2)' });
  });
  it('reg 31: without a decision to cease a plan ends only on a death', () => {
    expect(
      refusal([issued], { type: 'PlanCeased', date: '2026-06-01', reason: 'needs-met-without-plan' }),
    ).toMatchObject({ regulation: 'reg 31' });
    expect(accepts([issued], { type: 'PlanCeased', date: '2026-06-01', reason: 'deceased' })).toBe(true);
  });
  it('s45(4): not before the 2-month appeal window has passed (decision 2026-06-01 → may end from 2026-08-02)', () => {
    expect(earliestCeaseDate('2026-06-01')).toBe('2026-08-02');
    expect(
      refusal([issued, considered, cease], { type: 'PlanCeased', date: '2026-08-01', reason: 'paid-employment' }),
    ).toMatchObject({ code: 'DATE_ORDER', regulation: 's45(4)' });
    expect(
      accepts([issued, considered, cease], { type: 'PlanCeased', date: '2026-08-02', reason: 'paid-employment' }),
    ).toBe(true);
  });
  it('s45(4), reg 44(2)(a): while an appeal is open the plan is maintained; once the cease is upheld it may end at once', () => {
    const appeal: PlanEvent = { type: 'CeaseAppealRegistered', date: '2026-07-01' };
    expect(
      refusal([issued, considered, cease, appeal], {
        type: 'PlanCeased',
        date: '2026-12-01',
        reason: 'paid-employment',
      }),
    ).toMatchObject({ regulation: 's45(4)' });
    const upheld: PlanEvent = { type: 'CeaseAppealDecided', date: '2026-07-20', outcome: 'cease-upheld' };
    expect(
      accepts([issued, considered, cease, appeal, upheld], {
        type: 'PlanCeased',
        date: '2026-07-20',
        reason: 'paid-employment',
      }),
    ).toBe(true);
    // meanwhile the plan is still reviewed (it is maintained until it ends)
    expect(accepts([issued, considered, cease, appeal], meeting('r1', '2026-07-10'))).toBe(true);
  });
  it('an appeal that keeps the plan returns it to maintained; a fresh cease needs fresh consideration', () => {
    const h: PlanEvent[] = [
      issued,
      considered,
      cease,
      { type: 'CeaseAppealRegistered', date: '2026-07-01' },
      { type: 'CeaseAppealDecided', date: '2026-09-01', outcome: 'plan-continues' },
    ];
    const c = replayPlan(h, TODAY);
    expect(c.stage).toBe('maintained');
    expect(refusal(h, { type: 'CeaseDecided', date: '2026-10-01', reason: 'other' })).toMatchObject({
      regulation: 'reg 31(1)',
    });
  });
  it('the cease reason is the one the decision gave (reg 31(2))', () => {
    expect(
      refusal([issued, considered, cease], { type: 'PlanCeased', date: '2026-09-01', reason: 'higher-education' }),
    ).toMatchObject({ field: 'reason', regulation: 'reg 31(2)' });
  });
  it('after the plan has ended nothing more is recorded here', () => {
    const h: PlanEvent[] = [issued, { type: 'TransferredOut', date: '2026-01-05', toLa: '886' }];
    const e = refusal(h, meeting('r1', '2026-02-01'));
    expect(e).toMatchObject({ code: 'EVENT_NOT_ALLOWED', allowed: [] });
    expect(replayPlan(h).endReason).toBe('transferred-to-another-la');
  });
});

describe('refusals', () => {
  it('replayPlan names the event and its number; checkPlanHistory gives the index', () => {
    const bad: PlanEvent[] = [issued, { type: 'ReviewReportSent', date: '2026-01-01', reviewId: 'r1' }];
    expect(() => replayPlan(bad)).toThrow(PlanRejection);
    expect(() => replayPlan(bad)).toThrow(/Event 2 \(ReviewReportSent\)/);
    const r = checkPlanHistory(bad, TODAY);
    expect(!r.ok && r.index).toBe(1);
  });
  it('every refusal lists what the stage allows', () => {
    const e = refusal([issued], { type: 'CeaseAppealRegistered', date: '2026-01-01' });
    expect(e.allowed).toEqual(planAcceptedTypes('maintained'));
    expect(e.allowed).not.toContain('CeaseAppealRegistered');
  });
  it("property: a lawful history of reviews stays lawful when replayed, and each decision is the review's conclusion", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 15, max: 400 }), fc.integer({ min: 0, max: 60 })), {
          minLength: 1,
          maxLength: 6,
        }),
        (gaps) => {
          const h: PlanEvent[] = [issued];
          let d = issued.date;
          gaps.forEach(([toMeeting, toDecision], i) => {
            const m = addDays(d, toMeeting);
            h.push(meeting(`r${i}`, m), decided(`r${i}`, addDays(m, toDecision), 'keep'));
            d = addDays(m, toDecision);
          });
          const c = replayPlan(h, '2099-01-01');
          expect(c.reviews.map((r) => r.decisionOn)).toEqual(
            h.filter((e) => e.type === 'ReviewDecisionNotified').map((e) => e.date),
          );
        },
      ),
    );
  });
});

describe('allowedPlanEvents: what a form may offer next, from the same checks', () => {
  const allowed = (h: PlanEvent[]) =>
    Object.fromEntries(allowedPlanEvents(replayPlan(h, TODAY)).map((a) => [a.type, a]));
  it('after the issue: a review meeting, but nothing that refers to a review or an amendment yet', () => {
    const a = allowed([issued]);
    expect(a['ReviewMeetingHeld']).toMatchObject({ earliest: '2025-03-10' });
    expect(a['ReviewReportSent']).toBeUndefined();
    expect(a['PlanAmended']).toBeUndefined();
    expect(a['CeaseDecided']).toBeUndefined(); // reg 31(1): not before ceasing was considered
    expect(a['PlanCeased']!.fields.find((f) => f.name === 'reason')!.options).toEqual(['deceased']);
  });
  it('s44(1): with a review open, no new meeting; its decision offered with its reviewId, not before the meeting', () => {
    const a = allowed([issued, meeting('r1', '2026-02-01')]);
    expect(a['ReviewMeetingHeld']).toBeUndefined();
    expect(a['ReviewDecisionNotified']).toMatchObject({ earliest: '2026-02-01' });
    expect(a['ReviewDecisionNotified']!.fields.find((f) => f.name === 'reviewId')!.options).toEqual(['r1']);
  });
  it('reg 22(1), reg 18: proposals are offered naming only what they can follow, and every offer is accepted', () => {
    const before = allowed([issued])['AmendmentsProposed']!;
    expect(before.fields.map((f) => f.name)).toEqual(['date', 'amendmentId', 'following']); // nothing to name yet
    expect(before.fields.find((f) => f.name === 'following')!.options).toEqual(['other']);
    const h: PlanEvent[] = [
      issued,
      meeting('r1', '2026-02-01'),
      { type: 'ReviewDecisionNotified', date: '2026-02-20', reviewId: 'r1', decision: 'amend' },
      {
        type: 'PhaseTransferDue',
        date: '2026-02-20',
        transferId: 't1',
        transfer: 'primary-to-secondary',
        movesOn: '2027-09-01',
      },
    ];
    const after = allowed(h)['AmendmentsProposed']!;
    expect(after.fields.find((f) => f.name === 'following')!.options).toEqual(['review', 'other']);
    expect(after.fields.find((f) => f.name === 'reviewId')!.options).toEqual(['r1']);
    expect(after.fields.find((f) => f.name === 'transferId')!.options).toEqual(['t1']);
    expect(after.fields.some((f) => f.name === 'reassessmentId')).toBe(false);
    expect(
      accepts(h, {
        type: 'AmendmentsProposed',
        date: '2026-02-20',
        amendmentId: 'a1',
        following: 'review',
        reviewId: 'r1',
        transferId: 't1',
      }),
    ).toBe(true);
  });
  it('reg 22(2): the amended plan is offered from proposed + 15 — the day the rules first accept it', () => {
    const h: PlanEvent[] = [
      issued,
      { type: 'AmendmentsProposed', date: '2025-06-01', amendmentId: 'a1', following: 'other' },
    ];
    const earliest = allowed(h)['PlanAmended']!.earliest!;
    expect(earliest).toBe('2025-06-16');
    expect(accepts(h, { type: 'PlanAmended', date: earliest, amendmentId: 'a1' })).toBe(true);
    expect(accepts(h, { type: 'PlanAmended', date: addDays(earliest, -1), amendmentId: 'a1' })).toBe(false);
  });
  it('s45(4): after a decision to cease, the plan can end from the day after the appeal window, for the reason given', () => {
    const h: PlanEvent[] = [
      issued,
      { type: 'CeasingConsidered', date: '2026-05-01' },
      { type: 'CeaseDecided', date: '2026-06-01', reason: 'higher-education' },
    ];
    const a = allowed(h)['PlanCeased']!;
    expect(a.earliest).toBe('2026-08-02');
    expect(a.fields.find((f) => f.name === 'reason')!.options).toEqual(['higher-education', 'deceased']);
    expect(accepts(h, { type: 'PlanCeased', date: a.earliest!, reason: 'higher-education' })).toBe(true);
    expect(accepts(h, { type: 'PlanCeased', date: addDays(a.earliest!, -1), reason: 'higher-education' })).toBe(false);
  });
  it('every type offered is one the stage accepts', () => {
    for (const h of [
      [issued],
      [issued, meeting('r1', '2026-02-01')],
      [issued, { type: 'TransferredOut', date: '2026-01-05', toLa: '886' } as PlanEvent],
    ]) {
      const stage = replayPlan(h, TODAY).stage;
      for (const a of allowedPlanEvents(replayPlan(h, TODAY))) expect(planAcceptedTypes(stage)).toContain(a.type);
    }
    expect(
      allowedPlanEvents(replayPlan([issued, { type: 'TransferredOut', date: '2026-01-05', toLa: '886' }], TODAY)),
    ).toEqual([]);
  });
});
