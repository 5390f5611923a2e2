import { replayPlan, type PlanEvent } from '@ehc/workflow';
import { checkSen2PlanModules, sen2PlanModules, type Sen2PlanModules } from './sen2-plan-modules.js';

// DRAFT mapping of the plan modules of SEN2's person-level return (docs/plan-life.md#sen2-draft).
const census = { referenceDate: '2027-01-21' };
const plan = (reference: string, events: PlanEvent[]) => ({ reference, context: replayPlan(events, '2027-06-01') });
const meeting = (reviewId: string, date: string): PlanEvent => ({
  type: 'ReviewMeetingHeld',
  date,
  reviewId,
  invitedOn: '2026-01-01',
  adviceCirculatedOn: '2026-01-01',
});

describe('SEN2 plan modules from plan events (draft)', () => {
  const activeEvents: PlanEvent[] = [
    {
      type: 'PlanTransferredIn',
      date: '2026-02-02',
      fromLa: '886',
      firstMadeOn: '2022-05-01',
      lastReviewedOn: '2025-06-01',
    },
    {
      type: 'PlacementNamed',
      date: '2026-02-02',
      settingType: 'special-state',
      inArea: 'yes',
      setting: 'Oak School 123456',
    },
    {
      type: 'PlacementStarted',
      date: '2026-02-02',
      placementId: 'p1',
      settingType: 'mainstream',
      inArea: 'yes',
      setting: 'Elm Primary 654321',
    },
    { type: 'PlacementEnded', date: '2026-07-20', placementId: 'p1' },
    {
      type: 'PlacementStarted',
      date: '2026-09-02',
      placementId: 'p2',
      settingType: 'special-state',
      inArea: 'yes',
      setting: 'Oak School 123456',
    },
    meeting('r1', '2026-05-01'),
    {
      type: 'PhaseTransferDue',
      date: '2026-05-01',
      transferId: 't1',
      transfer: 'primary-to-secondary',
      movesOn: '2027-09-01',
    },
    { type: 'ReviewDecisionNotified', date: '2026-05-20', reviewId: 'r1', decision: 'amend' },
    {
      type: 'AmendmentsProposed',
      date: '2026-05-20',
      amendmentId: 'a1',
      following: 'review',
      reviewId: 'r1',
      transferId: 't1',
    },
  ];
  const active = plan('ACTIVE', activeEvents);
  const ceased = plan('CEASED', [
    { type: 'PlanIssued', date: '2020-03-01' },
    {
      type: 'PlacementNamed',
      date: '2020-03-01',
      settingType: 'post-16-college',
      inArea: 'yes',
      setting: 'College 10001234',
    },
    { type: 'CeasingConsidered', date: '2026-04-01' },
    { type: 'CeaseDecided', date: '2026-05-01', reason: 'paid-employment' },
    { type: 'PlanCeased', date: '2026-07-31', reason: 'paid-employment' },
  ]);
  const old = plan('OLD', [
    { type: 'PlanIssued', date: '2019-03-01' },
    { type: 'PlanCeased', date: '2025-06-01', reason: 'deceased' },
  ]);
  const m = sen2PlanModules([active, ceased, old], census);

  it('4a: every plan maintained in the collection year; start date = first made (reg 15(3)); cease date and SEN2 reason code', () => {
    expect(m.namedPlan).toEqual([
      expect.objectContaining({ reference: 'ACTIVE', startdate: '2022-05-01', ceasedate: null, ceasereason: null }),
      expect.objectContaining({
        reference: 'CEASED',
        startdate: '2020-03-01',
        ceasedate: '2026-07-31',
        ceasereason: 4,
      }),
    ]);
  });
  it('4a PB/OA/DP: 0 without a personal budget in place on the census day', () => {
    expect(m.namedPlan.map((r) => [r.reference, r.pb, r.oa, r.dp])).toEqual([
      ['ACTIVE', 0, 0, 0],
      ['CEASED', 0, 0, 0],
    ]);
  });
  it('4a PB/OA/DP: from the budgets in place on the census day (on the last day for a plan that ended)', () => {
    const budget = (id: string, date: string, ways: Record<string, string>): PlanEvent[] => [
      {
        type: 'PersonalBudgetRequested',
        date,
        budgetRequestId: id,
        requestedBy: 'parent',
        parts: ['education'],
        directPaymentsRequested: ways.directPayments || ways.thirdParty ? 'yes' : 'no',
      },
      { type: 'PersonalBudgetDecided', date, budgetRequestId: id, decision: 'agreed', amount: '1200', ...ways },
    ];
    const issued: PlanEvent = { type: 'PlanIssued', date: '2025-03-01' };
    const rows = sen2PlanModules(
      [
        plan('DP', [issued, ...budget('b1', '2026-03-01', { directPayments: 'yes' })]),
        plan('OA+3P', [issued, ...budget('b1', '2026-03-01', { arrangements: 'yes', thirdParty: 'yes' })]),
        plan('ENDED', [
          issued,
          ...budget('b1', '2026-03-01', { arrangements: 'yes' }),
          { type: 'PersonalBudgetEnded', date: '2026-12-31', budgetRequestId: 'b1', endReason: 'no-longer-wanted' },
        ]),
        plan('AFTER', [issued, ...budget('b1', '2027-01-22', { arrangements: 'yes' })]),
        plan('CEASED', [
          issued,
          ...budget('b1', '2026-03-01', { arrangements: 'yes' }),
          { type: 'PlanCeased', date: '2026-06-30', reason: 'deceased' },
        ]),
      ],
      census,
    ).namedPlan.map((r) => [r.reference, r.pb, r.oa, r.dp]);
    expect(rows).toEqual([
      ['DP', 1, 0, 1],
      ['OA+3P', 1, 1, 1],
      ['ENDED', 0, 0, 0],
      ['AFTER', 0, 0, 0],
      ['CEASED', 1, 1, 0],
    ]);
  });
  it('4b: the setting named, with the URN or UKPRN read from it', () => {
    expect(m.planDetail).toEqual([
      {
        reference: 'ACTIVE',
        urn: '123456',
        ukprn: null,
        sensetting: null,
        placementrank: 1,
        resourcedprovisionindicator: 0,
      },
      {
        reference: 'CEASED',
        urn: null,
        ukprn: '10001234',
        sensetting: null,
        placementrank: 1,
        resourcedprovisionindicator: 0,
      },
    ]);
  });
  it('5a: active at the census — transfer in during the year, the review meeting, its decision (A), draft date, phase transfer due date', () => {
    expect(m.activePlans).toEqual([
      {
        reference: 'ACTIVE',
        transferla: '886',
        reviewmeeting: '2026-05-01',
        reviewoutcome: 'A',
        lastreview: '2026-05-20',
        reviewdraft: '2026-05-20',
        phasetransferduedate: '2027-02-14',
        phasetransferfinaldate: null,
      },
    ]);
  });
  it('5b: the settings attended in the year; the one attended on the census day is rank 1', () => {
    expect(m.placementDetail.map((p) => [p.urn, p.entrydate, p.leavingdate, p.placementrank])).toEqual([
      ['654321', '2026-02-02', '2026-07-20', 2],
      ['123456', '2026-09-02', null, 1],
    ]);
  });
  it('a consistent return has no failures', () => {
    expect(checkSen2PlanModules(m, census)).toEqual([]);
  });
  it('each failure names the plan, the module and the field', () => {
    const bad: Sen2PlanModules = {
      namedPlan: [
        {
          reference: 'X',
          startdate: '2026-01-01',
          ceasedate: '2025-01-01',
          ceasereason: null,
          planres: null,
          planwbp: null,
          pb: 1,
          oa: 0,
          dp: 0,
        },
        {
          reference: 'W',
          startdate: '2026-01-01',
          ceasedate: null,
          ceasereason: null,
          planres: null,
          planwbp: null,
          pb: 0,
          oa: 0,
          dp: 1,
        },
      ],
      planDetail: [
        { reference: 'X', urn: null, ukprn: null, sensetting: null, placementrank: 1, resourcedprovisionindicator: 0 },
      ],
      activePlans: [
        {
          reference: 'Y',
          transferla: null,
          reviewmeeting: null,
          reviewoutcome: 'M',
          lastreview: null,
          reviewdraft: '2026-01-01',
          phasetransferduedate: null,
          phasetransferfinaldate: '2026-02-01',
        },
      ],
      placementDetail: [
        {
          reference: 'Z',
          entrydate: '2026-05-01',
          leavingdate: '2026-04-01',
          urn: '123456',
          ukprn: null,
          sensetting: null,
          placementrank: 1,
          resourcedprovisionindicator: 0,
        },
        {
          reference: 'Z',
          entrydate: '2026-05-01',
          leavingdate: null,
          urn: '123457',
          ukprn: null,
          sensetting: null,
          placementrank: 1,
          resourcedprovisionindicator: 0,
        },
      ],
      senNeed: [],
    };
    expect(checkSen2PlanModules(bad, census).map((x) => `${x.reference} ${x.module} ${x.field}`)).toEqual([
      'X 4a ceasereason',
      'X 4a ceasedate',
      'X 4a oa',
      'W 4a pb',
      'X 4b urn',
      'Y 5a reviewoutcome',
      'Y 5a reviewdraft',
      'Y 5a phasetransferduedate',
      'Z 5b leavingdate',
      'Z 5b placementrank',
    ]);
  });
});
