// A plan transferred in from another council (reg 15) in the board's measures and the SEN2 return
// (docs/plan-life.md#a-plan-transferred-in, docs/sen2.md#a-plan-transferred-in): maintained here, counted among the
// plans by setting, never a new plan (not in the 20-week figure), returned as a plan with no request or assessment.
import { computeTimeliness } from './timeliness.js';
import { planRowsFromCaseRows } from './plan-facts.js';
import { plansBySetting } from './plan-measures.js';
import { buildSen2Return, checkSen2Return, sen2Xml, timelinessFromSen2Return } from './sen2-return.js';
import { caseHistory as history } from './test-fixtures.js';

const transferredIn = history('t1', 'EHC-T', [
  {
    type: 'TransferredPlanReceived',
    date: '2026-02-02',
    fromLa: '926',
    firstMadeOn: '2024-03-01',
    lastReviewedOn: '2025-03-10',
    year9From: '2027-09-01',
  },
  { type: 'PlacementNamed', date: '2026-02-02', settingType: 'special-state', inArea: 'yes', setting: 'Oak 123456' },
  { type: 'NoticeSent', date: '2026-03-02', notice: 'plan-transferred', sentTo: 'parent' },
  {
    type: 'PlacementStarted',
    date: '2026-02-09',
    placementId: 'p1',
    settingType: 'special-state',
    inArea: 'yes',
    setting: 'Oak 123456',
  },
]);
const madeHere = history('m1', 'EHC-M', [
  { type: 'RequestReceived', date: '2026-01-05', source: 'parent' },
  { type: 'DecidedToAssess', date: '2026-02-10' },
  { type: 'FinalPlanIssued', date: '2026-05-01', placement: 'mainstream' },
]);
const rows = [...transferredIn, ...madeHere];
const CENSUS = { referenceDate: '2027-01-21', la: '937', generatedAt: '2027-01-22T09:30:00.000Z' };
const persons = new Map([
  [
    't1',
    {
      personKey: 'p-t',
      givenName: 'Ada',
      familyName: 'Byron',
      dateOfBirth: '2013-03-02',
      upn: 'A12345678901B',
      uln: null,
      postcode: 'CV34 4RL',
      sex: 'F',
      ethnicity: 'WIRT',
    },
  ],
]);

describe('a plan transferred in, in the board’s plan measures', () => {
  it('is read from the case: PlanTransferredIn, the setting named, the reg 15(4) notice', () => {
    const plan = planRowsFromCaseRows(transferredIn).map((r) => [r.type, r.date]);
    expect(plan).toEqual([
      ['PlanTransferredIn', '2026-02-02'],
      ['PlacementNamed', '2026-02-02'],
      ['TransferInNoticeSent', '2026-03-02'],
      ['PlacementStarted', '2026-02-09'],
    ]);
  });
  it('is counted among the plans maintained by setting from the day of the transfer', () => {
    const planRows = planRowsFromCaseRows(rows);
    const before = plansBySetting(planRows, { today: '2026-12-31', on: '2026-02-01', basis: 'named' });
    expect(before.plans.map((p) => p.reference)).toEqual([]);
    const after = plansBySetting(planRows, { today: '2026-12-31', on: '2026-06-01', basis: 'named' });
    expect(after.plans.map((p) => [p.reference, p.settingType]).sort()).toEqual([
      ['EHC-M', 'mainstream'],
      ['EHC-T', 'special-state'],
    ]);
    expect(after.excluded).toEqual([]);
  });
  it('is never a new plan: the 20-week measure counts the plan made here only', () => {
    const t = computeTimeliness(rows, { from: '2026-01-01', to: '2026-12-31', today: '2027-01-21' });
    expect(t.includingExceptions.issued).toBe(1);
  });
});

describe('a plan transferred in, in the SEN2 return', () => {
  const r = buildSen2Return(rows, persons, CENSUS);
  const mine = r.persons.find((p) => p.surname === 'Byron')!;
  it('is returned as the plan it is: no request, no assessment, first made by the old council, and where it came from', () => {
    expect(mine.requests).toHaveLength(1);
    const q = mine.requests[0]!;
    expect(q).toMatchObject({ reference: 'EHC-T', receiveddate: null, requestoutcome: null, assessment: null });
    expect(q.namedPlan).toMatchObject({ startdate: '2024-03-01', ceasedate: null });
    expect(q.namedPlan!.planDetail[0]).toMatchObject({ urn: '123456' });
    expect(q.activePlan).toMatchObject({ transferla: '926' });
  });
  it('passes the checks, and is not in the 20-week figure read back from the return', () => {
    expect(checkSen2Return(r).filter((f) => f.reference === 'EHC-T')).toEqual([]);
    const fromReturn = timelinessFromSen2Return(r, { from: '2026-01-01', to: '2026-12-31' });
    expect(fromReturn.includingExceptions.issued).toBe(1);
  });
  it('writes its named plan in the request record (no assessment element)', () => {
    const xml = sen2Xml(r);
    const person = xml.slice(xml.indexOf('<Surname>Byron'), xml.indexOf('</Person>', xml.indexOf('<Surname>Byron')));
    expect(person).toContain('<NamedPlan>');
    expect(person).toContain('<StartDate>2024-03-01</StartDate>');
    expect(person).toContain('<TransferLA>926</TransferLA>');
    expect(person).not.toContain('<Assessment>');
    expect(person).not.toContain('<ReceivedDate>');
  });
});
