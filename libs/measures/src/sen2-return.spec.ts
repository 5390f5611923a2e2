import fc from 'fast-check';
import { addDays } from './calendar-dates.js';
import { computeTimeliness } from './timeliness.js';
import type { MeasureEventRow } from './timeliness-types.js';
import {
  buildSen2Return,
  checkSen2Return,
  sen2Xml,
  timelinessFromSen2Return,
  type Sen2PersonInput,
} from './sen2-return.js';
import { caseHistory, type Ev } from './test-fixtures.js';

// The SEN2 return from the event log (docs/sen2.md).
const CENSUS = { referenceDate: '2027-01-21', la: '937', generatedAt: '2027-01-22T09:30:00.000Z' };
let seq = 0;
const history = (reference: string, events: Ev[], caseId = `c-${++seq}`) => caseHistory(caseId, reference, events);
const person = (key: string, extra: Partial<Sen2PersonInput> = {}): Sen2PersonInput => ({
  personKey: key,
  givenName: 'Sam',
  familyName: 'Taylor',
  dateOfBirth: '2014-03-02',
  upn: 'A12345678901B',
  uln: null,
  postcode: 'CV34 4RL',
  sex: 'F',
  ethnicity: 'WBRI',
  ...extra,
});

describe('SEN2 return: the modules built from the events', () => {
  const issued = history(
    'EHC-1',
    [
      { type: 'RequestReceived', date: '2026-01-05', source: 'parent' },
      { type: 'DecidedToAssess', date: '2026-02-10' },
      {
        type: 'ExceptionRecorded',
        date: '2026-03-01',
        exceptionId: 'x',
        kind: 'absent-from-area',
        from: '2026-03-01',
        to: '2026-03-20',
        appliesTo: ['final-plan'],
        evidence: 'e',
      },
      { type: 'FinalPlanIssued', date: '2026-06-01', placement: 'special-state', setting: 'Oak School 123456' },
      { type: 'SenNeedsRecorded', date: '2026-06-01', primaryNeed: 'ASD', otherNeeds: ['SLCN'] },
      {
        type: 'PlacementStarted',
        date: '2026-09-02',
        placementId: 'p1',
        settingType: 'special-state',
        inArea: 'yes',
        setting: 'Oak School 123456',
      },
    ],
    'case-1',
  );
  const refused = history(
    'EHC-2',
    [
      { type: 'RequestReceived', date: '2026-04-01', source: 'school' },
      { type: 'DecidedNotToAssess', date: '2026-05-06', reasons: 'r' },
      { type: 'MediationStarted', date: '2026-05-20', against: 'refusal-to-assess', meetingHeldOn: '2026-06-10' },
    ],
    'case-2',
  );
  const open = history('EHC-3', [{ type: 'RequestReceived', date: '2027-01-10', source: 'parent' }], 'case-3');
  const old = history(
    'EHC-4',
    [
      { type: 'RequestReceived', date: '2024-01-05', source: 'parent' },
      { type: 'DecidedNotToAssess', date: '2024-02-10', reasons: 'r' },
    ],
    'case-4',
  );
  const persons = new Map([
    ['case-1', person('p1')],
    ['case-2', person('p1')],
    ['case-3', person('p2', { upn: null, givenName: '' })],
    ['case-4', person('p3')],
  ]);
  const r = buildSen2Return([...issued, ...refused, ...open, ...old], persons, CENSUS);

  it('header: collection, the census year and reference date, the council, the software', () => {
    expect(r.header).toEqual({
      collection: 'SEN2',
      year: 2027,
      referencedate: '2027-01-21',
      sourcelevel: 'L',
      lea: '937',
      softwarecode: 'EHC-CASEWORK',
      release: '0.1.0',
      serialno: 1,
      datetime: '2027-01-22T09:30:00',
    });
  });

  it('one person per person record, their requests nested; work finished before the collection year is left out', () => {
    expect(r.persons.map((p) => p.requests.map((q) => q.reference))).toEqual([['EHC-1', 'EHC-2'], ['EHC-3']]);
  });

  it('module 2 and 3: outcomes, mediation on the right item, week20 for an exception to the 20-week limit', () => {
    const [one, two] = r.persons[0]!.requests;
    expect(one).toMatchObject({
      receiveddate: '2026-01-05',
      requestsource: 1, // a parent
      requestoutcome: 'Y',
      requestoutcomedate: '2026-02-10',
      requestmediation: 0,
      exported: 0,
    });
    expect(one!.assessment).toMatchObject({
      assessmentoutcome: 'Y',
      assessmentoutcomedate: '2026-06-01',
      week20: 1,
      assessmentmediation: 0,
    });
    expect(two).toMatchObject({
      requestsource: 2, // a school
      requestoutcome: 'N',
      requestoutcomedate: '2026-05-06',
      requestmediation: 1,
      assessment: null,
    });
    expect(r.persons[1]!.requests[0]).toMatchObject({ requestoutcome: 'A', requestoutcomedate: null });
  });

  it('module 4 and 5: the plan started from the final plan, its named setting, the setting attended on the census day', () => {
    const np = r.persons[0]!.requests[0]!.assessment!.namedPlan!;
    expect(np).toMatchObject({ startdate: '2026-06-01', ceasedate: null, ceasereason: null });
    expect(np.planDetail).toEqual([
      { urn: '123456', ukprn: null, sensetting: null, placementrank: 1, resourcedprovisionindicator: 0 },
    ]);
    const ap = r.persons[0]!.requests[0]!.activePlan!;
    expect(ap.placementDetail).toEqual([
      {
        entrydate: '2026-09-02',
        leavingdate: null,
        urn: '123456',
        ukprn: null,
        sensetting: null,
        placementrank: 1,
        resourcedprovisionindicator: 0,
      },
    ]);
  });

  it('checks before export: each failure with its case reference, module and field', () => {
    const failures = checkSen2Return(r);
    expect(failures.map((f) => `${f.reference} ${f.module} ${f.field} ${f.severity}`)).toEqual([
      'EHC-3 1 forename error',
      'EHC-3 1 upn query',
    ]);
    // a plan history the plan's rules refuse is listed with its reason, and the missing named plan with it
    const bad = buildSen2Return(
      history('EHC-9', [
        { type: 'RequestReceived', date: '2026-01-05', source: 'parent' },
        { type: 'DecidedToAssess', date: '2026-02-10' },
        { type: 'FinalPlanIssued', date: '2026-06-01', placement: 'mainstream' },
        { type: 'PlacementEnded', date: '2026-07-01', placementId: 'nope' },
      ]),
      new Map(),
      CENSUS,
    );
    expect(
      checkSen2Return(bad)
        .filter((f) => f.module === '4a')
        .map((f) => [f.reference, f.field, f.rule.slice(0, 40)]),
    ).toEqual([
      ['EHC-9', 'startdate', "the plan's recorded history is refused b"],
      ['EHC-9', 'startdate', 'a plan issued (outcome Y with its date) '],
    ]);
  });

  it('the XML message: header, persons, requests, nested assessment and named plan; empty items left out; text escaped', () => {
    const withAmp = buildSen2Return(
      issued,
      new Map([['case-1', person('p1', { familyName: "O'Neil & Co <x>" })]]),
      CENSUS,
    );
    const xml = sen2Xml(withAmp);
    expect(
      xml.startsWith(
        [
          '<?xml version="1.0" encoding="UTF-8"?>',
          '<Message>',
          '  <Header>',
          '    <CollectionDetails>',
          '      <Collection>SEN2</Collection>',
          '      <Year>2027</Year>',
          '      <ReferenceDate>2027-01-21</ReferenceDate>',
        ].join('\n'),
      ),
    ).toBe(true);
    expect(xml).toContain('<LEA>937</LEA>');
    expect(xml).toContain('<Surname>O&apos;Neil &amp; Co &lt;x&gt;</Surname>');
    expect(xml).toMatch(
      /<Requests>\n\s+<ReceivedDate>2026-01-05<\/ReceivedDate>\n\s+<RequestSource>1<\/RequestSource>\n\s+<RequestOutcomeDate>2026-02-10<\/RequestOutcomeDate>\n\s+<RequestOutcome>Y<\/RequestOutcome>[\s\S]*<Assessment>[\s\S]*<Week20>1<\/Week20>[\s\S]*<NamedPlan>\n\s+<StartDate>2026-06-01<\/StartDate>[\s\S]*<URN>123456<\/URN>/,
    );
    expect(xml).not.toContain('<CeaseDate>');
    expect(xml.trimEnd().endsWith('</Message>')).toBe(true);
  });

  it('module 5a: the plan as it stood on the census day (a review decided, a placement begun, after it are not read, nor refused)', () => {
    const later = history(
      'EHC-9',
      [
        { type: 'RequestReceived', date: '2025-09-01', source: 'parent' },
        { type: 'FinalPlanIssued', date: '2026-01-12', placement: 'mainstream', setting: 'Elm School 654321' },
        {
          type: 'ReviewMeetingHeld',
          date: '2027-01-11',
          reviewId: 'r1',
          invitedOn: '2026-12-14',
          adviceCirculatedOn: '2026-12-21',
        },
        { type: 'ReviewDecisionNotified', date: '2027-02-01', reviewId: 'r1', decision: 'keep' },
        {
          type: 'PlacementStarted',
          date: '2027-02-03',
          placementId: 'p1',
          settingType: 'mainstream',
          inArea: 'yes',
          setting: 'Elm School 654321',
        },
      ],
      'case-9',
    );
    const ret = buildSen2Return(later, new Map([['case-9', person('p9')]]), CENSUS);
    expect(checkSen2Return(ret).filter((f) => f.reference === 'EHC-9' && f.severity === 'error')).toEqual([]);
    const ap = ret.persons[0]!.requests[0]!.activePlan!;
    expect(ap).toMatchObject({
      reviewmeeting: '2027-01-11',
      reviewoutcome: null,
      lastreview: null,
      placementDetail: [],
    });
  });

  it('module 4a: PB, OA, DP from the personal budget in place on the census day (one agreed after it is not read)', () => {
    const withBudget = (reference: string, caseId: string, decidedOn: string) =>
      history(
        reference,
        [
          { type: 'RequestReceived', date: '2025-09-01', source: 'parent' },
          { type: 'DecidedToAssess', date: '2025-10-06' },
          { type: 'FinalPlanIssued', date: '2026-01-12', placement: 'mainstream', setting: 'Elm School 654321' },
          {
            type: 'PersonalBudgetRequested',
            date: '2026-03-02',
            budgetRequestId: 'b1',
            requestedBy: 'parent',
            parts: ['education'],
            directPaymentsRequested: 'yes',
          },
          {
            type: 'PersonalBudgetDecided',
            date: decidedOn,
            budgetRequestId: 'b1',
            decision: 'agreed',
            amount: '1500',
            arrangements: 'yes',
            thirdParty: 'yes',
          },
        ],
        caseId,
      );
    const ret = buildSen2Return(
      [...withBudget('EHC-10', 'case-10', '2026-04-01'), ...withBudget('EHC-11', 'case-11', '2027-02-01')],
      new Map([
        ['case-10', person('p10')],
        ['case-11', person('p11')],
      ]),
      CENSUS,
    );
    const flags = ret.persons.map((p) => {
      const n = p.requests[0]!.assessment!.namedPlan!;
      return [n.pb, n.oa, n.dp];
    });
    expect(flags).toEqual([
      [1, 1, 1],
      [0, 0, 0],
    ]);
    expect(checkSen2Return(ret).filter((f) => f.module === '4a')).toEqual([]);
    expect(sen2Xml(ret)).toMatch(/<PB>1<\/PB>\n\s+<OA>1<\/OA>\n\s+<DP>1<\/DP>/);
  });

  it('module 4a: a personal budget agreed while the plan was prepared (s49(1)) is in place on the plan', () => {
    const ret = buildSen2Return(
      history(
        'EHC-12',
        [
          { type: 'RequestReceived', date: '2025-09-01', source: 'parent' },
          { type: 'DecidedToAssess', date: '2025-10-06' },
          { type: 'DecidedToIssue', date: '2025-12-01' },
          {
            type: 'PersonalBudgetRequested',
            date: '2025-12-03',
            budgetRequestId: 'b1',
            requestedBy: 'parent',
            parts: ['education'],
            directPaymentsRequested: 'no',
          },
          {
            type: 'PersonalBudgetDecided',
            date: '2025-12-15',
            budgetRequestId: 'b1',
            decision: 'agreed',
            amount: '900',
            arrangements: 'yes',
          },
          { type: 'DraftPlanIssued', date: '2025-12-16' },
          { type: 'FinalPlanIssued', date: '2026-01-12', placement: 'mainstream', setting: 'Elm School 654321' },
        ],
        'case-12',
      ),
      new Map([['case-12', person('p12')]]),
      CENSUS,
    );
    const n = ret.persons[0]!.requests[0]!.assessment!.namedPlan!;
    expect([n.pb, n.oa, n.dp]).toEqual([1, 1, 0]);
    expect(checkSen2Return(ret).filter((f) => f.module === '4a')).toEqual([]);
  });

  it('module 5c: the needs of each active plan on the census day, ranked; as corrected; none recorded is a query', () => {
    expect(r.persons[0]!.requests[0]!.activePlan!.senNeed).toEqual([
      { sentype: 'ASD', sentyperank: 1 },
      { sentype: 'SLCN', sentyperank: 2 },
    ]);
    expect(sen2Xml(r)).toMatch(
      /<\/PlacementDetail>\n\s+<SENneed>\n\s+<SENtype>ASD<\/SENtype>\n\s+<SENtypeRank>1<\/SENtypeRank>\n\s+<\/SENneed>\n\s+<SENneed>\n\s+<SENtype>SLCN<\/SENtype>\n\s+<SENtypeRank>2<\/SENtypeRank>\n\s+<\/SENneed>\n\s+<\/ActivePlans>/,
    );
    // docs/corrections.md: a needs entry corrected is reported as corrected
    const corrected = [
      ...issued,
      ...history(
        'EHC-1',
        [
          {
            type: 'EventCorrected',
            date: '2026-10-01',
            corrects: 'case-1-4',
            reason: 'primary need mistyped',
            correction: { primaryNeed: 'SEMH', otherNeeds: ['ASD', 'SLCN'] },
          },
        ],
        'case-1',
      ).map((x) => ({ ...x, eventId: 'case-1-fix', version: issued.length + 1 })),
    ];
    expect(buildSen2Return(corrected, persons, CENSUS).persons[0]!.requests[0]!.activePlan!.senNeed).toEqual([
      { sentype: 'SEMH', sentyperank: 1 },
      { sentype: 'ASD', sentyperank: 2 },
      { sentype: 'SLCN', sentyperank: 3 },
    ]);
    const noNeeds = buildSen2Return(
      issued.filter((x) => x.type !== 'SenNeedsRecorded'),
      persons,
      CENSUS,
    );
    expect(checkSen2Return(noNeeds).filter((f) => f.module === '5c')).toEqual([
      expect.objectContaining({ reference: 'EHC-1', field: 'sentype', severity: 'query' }),
    ]);
  });

  it("refuses a census without the council's 3-digit code", () => {
    expect(() => buildSen2Return([], new Map(), { ...CENSUS, la: 'Warks' })).toThrow(RangeError);
  });
});

describe("the request and assessment outcome codes (the guide's Y / N / A / W / H, docs/sen2.md#codes)", () => {
  const census = CENSUS; // collection year 2026
  const cases = [
    history('O-PENDING', [{ type: 'RequestReceived', date: '2026-12-01', source: 'parent' }], 'o1'),
    history(
      'O-WITHDRAWN',
      [
        { type: 'RequestReceived', date: '2026-03-02', source: 'parent' },
        { type: 'RequestWithdrawn', date: '2026-03-20', reason: 'r' },
      ],
      'o2',
    ),
    history(
      'O-MOVED',
      [
        { type: 'RequestReceived', date: '2026-03-02', source: 'parent' },
        { type: 'DecidedToAssess', date: '2026-04-01' },
        { type: 'MovedOutOfArea', date: '2026-05-01', newArea: 'x' },
      ],
      'o3',
    ),
    history(
      'O-OLD-DECISION',
      [
        { type: 'RequestReceived', date: '2025-10-01', source: 'parent' },
        { type: 'DecidedToAssess', date: '2025-11-10' },
        { type: 'FinalPlanIssued', date: '2026-02-02', placement: 'mainstream' },
      ],
      'o4',
    ),
    history(
      'O-HISTORICAL-PLAN',
      [
        { type: 'RequestReceived', date: '2024-01-08', source: 'parent' },
        { type: 'DecidedToAssess', date: '2024-02-12' },
        { type: 'FinalPlanIssued', date: '2024-05-20', placement: 'mainstream' },
      ],
      'o5',
    ),
    history(
      'O-DECIDED-TO-ISSUE',
      [
        { type: 'RequestReceived', date: '2026-07-01', source: 'parent' },
        { type: 'DecidedToAssess', date: '2026-08-03' },
        { type: 'DecidedToIssue', date: '2026-10-20' },
      ],
      'o6',
    ),
  ];
  const r = buildSen2Return(cases.flat(), new Map(), census);
  const byRef = new Map(r.persons.flatMap((p) => p.requests).map((q) => [q.reference, q]));

  it('no decision yet: request A, undated', () => {
    expect(byRef.get('O-PENDING')).toMatchObject({ requestoutcome: 'A', requestoutcomedate: null, assessment: null });
  });
  it('withdrawn before a decision: request W, undated, not exported', () => {
    expect(byRef.get('O-WITHDRAWN')).toMatchObject({ requestoutcome: 'W', requestoutcomedate: null, exported: 0 });
  });
  it('moved out during the assessment: request Y, assessment W undated, Exported 1', () => {
    expect(byRef.get('O-MOVED')).toMatchObject({ requestoutcome: 'Y', requestoutcomedate: '2026-04-01', exported: 1 });
    expect(byRef.get('O-MOVED')!.assessment).toMatchObject({ assessmentoutcome: 'W', assessmentoutcomedate: null });
  });
  it('decided before the collection year: request H (undated); the plan issued in the year is Y with its date', () => {
    expect(byRef.get('O-OLD-DECISION')).toMatchObject({ requestoutcome: 'H', requestoutcomedate: null });
    expect(byRef.get('O-OLD-DECISION')!.assessment).toMatchObject({
      assessmentoutcome: 'Y',
      assessmentoutcomedate: '2026-02-02',
    });
  });
  it('a plan issued before the collection year and still maintained: H and H, its named plan kept', () => {
    const q = byRef.get('O-HISTORICAL-PLAN')!;
    expect(q).toMatchObject({ requestoutcome: 'H', requestoutcomedate: null });
    expect(q.assessment).toMatchObject({ assessmentoutcome: 'H', assessmentoutcomedate: null, week20: 0 });
    expect(q.assessment!.namedPlan).toMatchObject({ startdate: '2024-05-20' });
  });
  it('decided to issue, the final plan still to come: Y with no date, no named plan yet', () => {
    const q = byRef.get('O-DECIDED-TO-ISSUE')!;
    expect(q.assessment).toMatchObject({ assessmentoutcome: 'Y', assessmentoutcomedate: null, namedPlan: null });
  });
  it('request source: a parent 1, a school 2; a child brought to attention by who brought them, 5 when not recorded', () => {
    const sourceOf = (source: string, broughtBy?: string) =>
      buildSen2Return(
        history('S', [{ type: 'RequestReceived', date: '2026-10-01', source, ...(broughtBy ? { broughtBy } : {}) }]),
        new Map(),
        census,
      ).persons[0]!.requests[0]!.requestsource;
    expect([
      sourceOf('parent'),
      sourceOf('young-person'),
      sourceOf('school'),
      sourceOf('post-16-institution'),
      sourceOf('brought-to-attention', 'education-setting'),
      sourceOf('brought-to-attention', 'health'),
      sourceOf('brought-to-attention', 'social-care'),
      sourceOf('brought-to-attention', 'other'),
      sourceOf('brought-to-attention'),
    ]).toEqual([1, 1, 2, 2, 2, 3, 4, 5, 5]);
  });
  it('the checks accept all of these, and refuse a dated W or an undated N', () => {
    expect(checkSen2Return(r).filter((f) => f.severity === 'error' && /outcome/.test(f.field))).toEqual([]);
    const bad = structuredClone(r);
    const w = bad.persons.flatMap((p) => p.requests).find((q) => q.reference === 'O-WITHDRAWN')!;
    w.requestoutcomedate = '2026-03-20';
    const moved = bad.persons.flatMap((p) => p.requests).find((q) => q.reference === 'O-MOVED')!;
    moved.assessment!.assessmentoutcome = 'N';
    const fields = checkSen2Return(bad)
      .filter((f) => f.severity === 'error')
      .map((f) => `${f.reference}:${f.field}`);
    expect(fields).toEqual(expect.arrayContaining(['O-WITHDRAWN:requestoutcomedate', 'O-MOVED:assessmentoutcomedate']));
  });
});

// ---- the 20-week figure from the return equals the board's ---------------------------------------------------
const BASE = '2025-06-01';
const genCase = fc.record({
  received: fc.option(fc.integer({ min: 0, max: 560 }), { nil: undefined, freq: 12 }),
  decision: fc.constantFrom('assess', 'assess', 'assess', 'refuse', 'refuse-then-assess', 'none'),
  decideAfter: fc.integer({ min: 10, max: 60 }),
  plan: fc.option(fc.oneof(fc.constantFrom(139, 140, 141), fc.integer({ min: 60, max: 400 })), {
    nil: undefined,
    freq: 5,
  }),
  notIssueFirst: fc.boolean(),
  exception: fc.constantFrom('none', 'final-plan', 'advice'),
  dispute: fc.constantFrom(
    'none',
    'mediation-assess',
    'mediation-content',
    'mediation-not-held',
    'tribunal-issue',
    'tribunal-ceasing',
    'order',
  ),
  disputeAfter: fc.integer({ min: 0, max: 400 }),
  withdrawn: fc.boolean(),
});
type GenCase = typeof genCase extends fc.Arbitrary<infer T> ? T : never;

function caseEvents(g: GenCase, i: number): MeasureEventRow[] {
  const r = g.received === undefined ? addDays(BASE, 30) : addDays(BASE, g.received);
  const events: Ev[] = [];
  if (g.received !== undefined) events.push({ type: 'RequestReceived', date: r, source: 'parent' });
  const decided = addDays(r, g.decideAfter);
  if (g.decision === 'assess') events.push({ type: 'DecidedToAssess', date: decided });
  if (g.decision === 'refuse' || g.decision === 'refuse-then-assess')
    events.push({ type: 'DecidedNotToAssess', date: decided, reasons: 'r' });
  if (g.decision === 'refuse-then-assess') events.push({ type: 'DecidedToAssess', date: addDays(decided, 20) });
  if (g.exception !== 'none')
    events.push({
      type: 'ExceptionRecorded',
      date: addDays(r, 30),
      exceptionId: 'x',
      kind: 'absent-from-area',
      from: addDays(r, 30),
      to: addDays(r, 50),
      appliesTo: [g.exception],
      evidence: 'e',
      ...(g.exception === 'advice' ? { adviceId: 'a1' } : {}),
    });
  if (g.plan !== undefined && g.decision !== 'refuse' && g.decision !== 'none') {
    if (g.notIssueFirst) events.push({ type: 'DecidedNotToIssue', date: addDays(r, g.plan - 20), reasons: 'r' });
    events.push({ type: 'FinalPlanIssued', date: addDays(r, g.plan), placement: 'mainstream' });
  } else if (g.withdrawn) events.push({ type: 'RequestWithdrawn', date: addDays(decided, 5), reason: 'r' });
  const at = addDays(r, g.disputeAfter);
  if (g.dispute === 'mediation-assess')
    events.push({ type: 'MediationStarted', date: at, against: 'refusal-to-assess', meetingHeldOn: addDays(at, 10) });
  if (g.dispute === 'mediation-content')
    events.push({ type: 'MediationStarted', date: at, against: 'plan-content', meetingHeldOn: addDays(at, 10) });
  if (g.dispute === 'mediation-not-held')
    events.push({ type: 'MediationStarted', date: at, against: 'refusal-to-issue' });
  if (g.dispute === 'tribunal-issue')
    events.push({ type: 'TribunalAppealRegistered', date: at, against: 'refusal-to-issue' });
  if (g.dispute === 'tribunal-ceasing') events.push({ type: 'TribunalAppealRegistered', date: at, against: 'ceasing' });
  if (g.dispute === 'order') events.push({ type: 'TribunalOrderMade', date: at, order: 'make-plan' });
  return history(
    `G-${String(i).padStart(3, '0')}`,
    events
      .filter((e) => e.date <= CENSUS.referenceDate)
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
  );
}

describe('the 20-week figures computed from the return equal the board’s for the same events', () => {
  it('including and excluding exceptions, over generated histories (refusals reversed, disputes, exceptions, boundaries)', () => {
    fc.assert(
      fc.property(fc.array(genCase, { minLength: 1, maxLength: 40 }), (gs) => {
        const rows = gs.flatMap(caseEvents);
        const ret = buildSen2Return(rows, new Map(), CENSUS);
        const fromReturn = timelinessFromSen2Return(ret, { from: '2026-01-01', to: '2026-12-31' });
        const board = computeTimeliness(rows, { from: '2026-01-01', to: '2026-12-31', today: CENSUS.referenceDate });
        expect(fromReturn.includingExceptions).toEqual(board.includingExceptions);
        expect(fromReturn.excludingExceptions).toEqual(board.excludingExceptions);
      }),
      { numRuns: 300 },
    );
  });
});
