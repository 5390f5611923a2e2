/**
 * The SEN2 person-level return (docs/sen2.md) built from the event log for a census reference date: module 0 (header),
 * 1 (person), 2 (requests), 3 (EHC needs assessments), 4a/4b (named plan, plan detail) and 5a/5b/5c (active plans,
 * placement detail, SEN need), nested as DfE's XML nests them (a person holds requests; a request its assessment and its
 * active plan; an assessment its named plan). Checked before export (`checkSen2Return`), every failure with its case
 * reference; written as XML (`sen2Xml`). Pure: the census date, the council's code and the clock are parameters.
 *
 * What DfE's text we found says, and what is assumed, is listed field by field in docs/sen2.md.
 */
import { PLAN_EVENT_TYPES, type BroughtBy, type RequestSource } from '@ehc/workflow';
import { ETHNICITY_CODES, PERSON_SEX_CODES } from '@ehc/contracts';
import { applyCorrections } from './corrections.js';
import { asAtCutoff, assertIsoDate, daysBetween } from './calendar-dates.js';
import { byCodeUnit, DISPUTES_ABOUT_THIS_ASSESSMENT, foldCases, type CaseFacts } from './case-facts.js';
import { percent } from './figures.js';
import { foldPlans, planRowsFromCaseRows } from './plan-facts.js';
import {
  checkSen2PlanModules,
  sen2PlanModules,
  type Sen2ActivePlanRow,
  type Sen2NamedPlanRow,
  type Sen2PlacementRow,
  type Sen2PlanModules,
  type Sen2SenNeedRow,
  type Sen2PlanDetailRow,
} from './sen2-plan-modules.js';
import { DEFAULT_BOUNDARY_DAYS } from './timeliness.js';
import type { MeasureEventRow, TimelinessFigure } from './timeliness-types.js';

/** The person on the person record (docs/sen2.md#module-1-person): only what the return needs. */
export interface Sen2PersonInput {
  /** The person record's id: requests of the same person are returned under one Person. */
  personKey: string;
  givenName: string | null;
  familyName: string | null;
  dateOfBirth: string | null;
  upn: string | null;
  uln: string | null;
  postcode: string | null;
  /** SEN2 module 1: M, F or U, as the person record holds it (docs/sen2.md#module-1-person). */
  sex?: string | null;
  /** SEN2 module 1: a DfE main ethnicity code, as the person record holds it. */
  ethnicity?: string | null;
}

export interface Sen2ReturnCensus {
  /** The census reference date (in January): the collection year is the calendar year before it. */
  referenceDate: string;
  /** The council's 3-digit DfE LA code (header LEA). */
  la: string;
  /** When the file was made (header DateTime), an ISO instant. */
  generatedAt: string;
  /** Which extract of this census this is (header SerialNo), 1 for the first. */
  serialNo?: number;
  /** The software's release (header Release). */
  release?: string;
  /** Only what was recorded by the end of that day (Europe/London): the return as it could have been made then. */
  asAt?: string;
}

export type YesNoFlag = 0 | 1;

export interface Sen2Header {
  collection: 'SEN2';
  year: number;
  referencedate: string;
  sourcelevel: 'L';
  lea: string;
  softwarecode: string;
  release: string;
  serialno: number;
  datetime: string;
}

export interface Sen2NamedPlan extends Omit<Sen2NamedPlanRow, 'reference'> {
  planDetail: Omit<Sen2PlanDetailRow, 'reference'>[];
}
export interface Sen2Assessment {
  assessmentoutcome: Sen2AssessmentOutcome | null;
  assessmentoutcomedate: string | null;
  assessmentmediation: YesNoFlag;
  assessmenttribunal: YesNoFlag;
  othermediation: YesNoFlag;
  othertribunal: YesNoFlag;
  week20: YesNoFlag;
  namedPlan: Sen2NamedPlan | null;
}
export interface Sen2ActivePlan extends Omit<Sen2ActivePlanRow, 'reference'> {
  placementDetail: Omit<Sen2PlacementRow, 'reference'>[];
  /** Module 5c: the plan's needs on the census day, ranked (docs/sen2.md#module-5c-sen-need). */
  senNeed: Omit<Sen2SenNeedRow, 'reference'>[];
}
export interface Sen2Request {
  /** The case reference (pseudonymous): how the council finds the case; not a SEN2 item, not written to the file. */
  reference: string;
  receiveddate: string | null;
  requestsource: Sen2RequestSource | null;
  rya: null;
  requestoutcomedate: string | null;
  requestoutcome: Sen2RequestOutcome | null;
  requestmediation: YesNoFlag;
  requesttribunal: YesNoFlag;
  exported: YesNoFlag;
  assessment: Sen2Assessment | null;
  /**
   * A plan transferred in from another council (reg 15): no request and no assessment here, so its named plan is the
   * request record's own (docs/sen2.md#a-plan-transferred-in). Absent on every other request (the named plan is the
   * assessment's).
   */
  namedPlan?: Sen2NamedPlan;
  activePlan: Sen2ActivePlan | null;
}
export interface Sen2Person {
  surname: string | null;
  forename: string | null;
  personbirthdate: string | null;
  /** The item COLLECT's export names `sex` from its schema v1.2 (`gendercurrent` before). */
  sex: string | null;
  ethnicity: string | null;
  postcode: string | null;
  upn: string | null;
  uniquelearnernumber: string | null;
  upnunknown: string | null;
  requests: Sen2Request[];
}
export interface Sen2Return {
  header: Sen2Header;
  persons: Sen2Person[];
  /** Plans whose recorded history the plan's rules refuse: not returned; each listed as a failure with the reason. */
  refusedPlans: { reference: string; reason: string }[];
}

/**
 * Request outcome (module 2), the guide's codes (docs/sen2.md#codes): Y the council went on to assess, N it decided
 * not to, A no decision yet, W the request withdrawn or ended before a decision (moving out of the area included —
 * `Exported` says which), H historical: decided before the collection year. Only Y and N carry a date.
 */
export const SEN2_REQUEST_OUTCOMES = {
  assess: 'Y',
  notAssess: 'N',
  pending: 'A',
  withdrawn: 'W',
  historical: 'H',
} as const;
/**
 * Request source (module 2, from the 2025 return): 1 the young person or a parent, 2 a school or other education
 * setting, 3 a health care professional, 4 a social care professional, 5 other (docs/sen2.md#codes). A child brought
 * to the council's attention (CFA s24) is returned by who brought them (`broughtBy`); 5 when that is not recorded.
 */
type Sen2RequestSource = 1 | 2 | 3 | 4 | 5;
export const SEN2_REQUEST_SOURCES: Readonly<Record<Exclude<RequestSource, 'brought-to-attention'>, Sen2RequestSource>> =
  { parent: 1, 'young-person': 1, school: 2, 'post-16-institution': 2 };
export const SEN2_BROUGHT_BY_SOURCES: Readonly<Record<BroughtBy, Sen2RequestSource>> = {
  'education-setting': 2,
  health: 3,
  'social-care': 4,
  other: 5,
};
export type Sen2RequestOutcome = (typeof SEN2_REQUEST_OUTCOMES)[keyof typeof SEN2_REQUEST_OUTCOMES];
/**
 * Assessment outcome (module 3), the guide's codes: Y the council decided to issue a plan (dated the day the plan was
 * issued; no date while the final plan is still to come), N decided not to issue, A no decision yet, W withdrawn or
 * ended before a decision, H historical (decided before the collection year). S (a plan issued after another
 * council's assessment) is never produced: such a plan is recorded here as a plan transferred in.
 */
export const SEN2_ASSESSMENT_OUTCOMES = {
  issue: 'Y',
  notIssue: 'N',
  pending: 'A',
  withdrawn: 'W',
  historical: 'H',
} as const;
export type Sen2AssessmentOutcome = (typeof SEN2_ASSESSMENT_OUTCOMES)[keyof typeof SEN2_ASSESSMENT_OUTCOMES];

export const SEN2_SOFTWARE_CODE = 'EHC-CASEWORK';
/** Sex and ethnicity (module 1): the person record's code lists (libs/contracts casework.ts), one source. */
export const SEN2_SEX_CODES = PERSON_SEX_CODES;
export const SEN2_ETHNICITY_CODES: readonly string[] = ETHNICITY_CODES;

const PLAN_TYPES = new Set<string>(PLAN_EVENT_TYPES);
const flag = (b: boolean): YesNoFlag => (b ? 1 : 0);

interface CaseDisputes {
  requestMediation: boolean;
  requestTribunal: boolean;
  assessmentMediation: boolean;
  assessmentTribunal: boolean;
  otherMediation: boolean;
  otherTribunal: boolean;
}

/**
 * Which item each mediation and appeal sets, as it stands on `referenceDate` (docs/measure-definitions.md): about the
 * refusal to assess (or an order to assess) → the request's items; about the refusal to issue, the plan's content or
 * the school named (or any other order) → the assessment's; anything else → othermediation / othertribunal. A mediation
 * counts once its meeting was held; an appeal once registered.
 */
function disputesOf(rows: readonly MeasureEventRow[], referenceDate: string): CaseDisputes {
  const d: CaseDisputes = {
    requestMediation: false,
    requestTribunal: false,
    assessmentMediation: false,
    assessmentTribunal: false,
    otherMediation: false,
    otherTribunal: false,
  };
  for (const r of rows) {
    const against = typeof r.data['against'] === 'string' ? r.data['against'] : null;
    const about =
      against === 'refusal-to-assess'
        ? 'request'
        : against !== null && DISPUTES_ABOUT_THIS_ASSESSMENT.includes(against)
          ? 'assessment'
          : 'other';
    if (r.type === 'MediationStarted') {
      const held = r.data['meetingHeldOn'];
      if (typeof held !== 'string' || held > referenceDate) continue;
      if (about === 'request') d.requestMediation = true;
      else if (about === 'assessment') d.assessmentMediation = true;
      else d.otherMediation = true;
    } else if (r.date <= referenceDate && r.type === 'TribunalAppealRegistered') {
      if (about === 'request') d.requestTribunal = true;
      else if (about === 'assessment') d.assessmentTribunal = true;
      else d.otherTribunal = true;
    } else if (r.date <= referenceDate && r.type === 'TribunalOrderMade') {
      if (r.data['order'] === 'assess') d.requestTribunal = true;
      else d.assessmentTribunal = true;
    }
  }
  return d;
}

/** The request's source as recorded (the latest correction of RequestReceived wins: the rows are corrected). */
function requestSourceOf(rows: readonly MeasureEventRow[]): Sen2Request['requestsource'] {
  const data = rows.find((r) => r.type === 'RequestReceived')?.data;
  const source = data?.['source'];
  if (source === 'brought-to-attention') {
    const by = data?.['broughtBy'];
    return typeof by === 'string' && by in SEN2_BROUGHT_BY_SOURCES ? SEN2_BROUGHT_BY_SOURCES[by as BroughtBy] : 5;
  }
  return typeof source === 'string' && source in SEN2_REQUEST_SOURCES
    ? SEN2_REQUEST_SOURCES[source as keyof typeof SEN2_REQUEST_SOURCES]
    : null;
}

const earliest = (rows: readonly MeasureEventRow[], type: string, by: string): string | null =>
  rows
    .filter((r) => r.type === type && r.date <= by)
    .map((r) => r.date)
    .sort()[0] ?? null;

/** The census's calendar: the collection year is the calendar year before the census reference date. */
export function collectionYear(referenceDate: string): { year: number; from: string; to: string } {
  assertIsoDate(referenceDate, 'referenceDate');
  const year = Number(referenceDate.slice(0, 4)) - 1;
  return { year, from: `${year}-01-01`, to: `${year}-12-31` };
}

/**
 * The return for a census. `rows` are every case_event row (assessment and plan events, corrections); `persons` the
 * person of each case by case id. A case is returned when its request was received by the census day and it has
 * something for this collection: an outcome (decision, plan, withdrawal) from 1 January of the collection year to the
 * census day, work still open at the census, or a plan maintained at some time in that span (docs/sen2.md#scope).
 */
export function buildSen2Return(
  rows: readonly MeasureEventRow[],
  persons: ReadonlyMap<string, Sen2PersonInput>,
  census: Sen2ReturnCensus,
): Sen2Return {
  const ref = census.referenceDate;
  const { year, from: yearStart, to: yearEnd } = collectionYear(ref);
  if (!/^\d{3}$/.test(census.la)) throw new RangeError("la must be the council's 3-digit DfE LA code");
  const recorded = census.asAt === undefined ? () => true : asAtCutoff(census.asAt);
  const fixed = applyCorrections(rows.filter((r) => recorded(r.recordedAt)));
  const byCase = new Map<string, MeasureEventRow[]>();
  for (const r of fixed) {
    const list = byCase.get(r.caseId);
    if (list) list.push(r);
    else byCase.set(r.caseId, [r]);
  }

  // Disputes are read as they stood on the last day of the collection year, as the board's measure reads them
  // (docs/measure-definitions.md), so the 20-week figure from the return is the board's.
  const facts = new Map<string, CaseFacts>(
    foldCases(
      fixed.filter((r) => !PLAN_TYPES.has(r.type)),
      () => true,
      yearEnd,
    ).map((f) => [f.caseId, f]),
  );

  // The plan of each case: its own plan events, or (not recorded yet) its start from the final plan.
  const planRows = planRowsFromCaseRows(fixed, { upTo: ref });
  const { plans, excluded } = foldPlans(planRows, { today: ref });
  const planOf = new Map(plans.map((p) => [p.planId, p]));

  const requests: { personKey: string; request: Sen2Request }[] = [];
  for (const [caseId, list] of byCase) {
    // A plan transferred in (reg 15(3)): never a new request, assessment or plan; returned as the plan it is, with
    // its start date the day the old council made it and the council it came from (docs/sen2.md#a-plan-transferred-in).
    const transfer = list.find((r) => r.type === 'TransferredPlanReceived');
    if (transfer) {
      const folded = planOf.get(caseId);
      const modules =
        folded && transfer.date <= ref
          ? sen2PlanModules([{ reference: transfer.reference, context: folded.context }], { referenceDate: ref })
          : null;
      const named = modules?.namedPlan[0];
      if (!named) continue; // not maintained here at any time from 1 January of the collection year to the census
      const active = modules!.activePlans[0];
      requests.push({
        personKey: persons.get(caseId)?.personKey ?? `case:${caseId}`,
        request: {
          reference: transfer.reference,
          receiveddate: null,
          requestsource: null,
          rya: null,
          requestoutcomedate: null,
          requestoutcome: null,
          requestmediation: 0,
          requesttribunal: 0,
          exported: 0,
          assessment: null,
          namedPlan: { ...strip(named), planDetail: modules!.planDetail.map(strip) },
          activePlan: active ? activePlanOf(active, modules!) : null,
        },
      });
      continue;
    }
    const f = facts.get(caseId);
    if (!f || f.received === null || f.received > ref) continue;
    const at = (d: string | null) => (d !== null && d <= ref ? d : null);
    const withdrawnOn = earliest(list, 'RequestWithdrawn', ref);
    const movedOn = earliest(list, 'MovedOutOfArea', ref);
    // SEN2 keeps the council's original refusal as the outcome and date even if it later reversed it
    // (docs/measure-definitions.md): a refusal on record is the outcome, dated the first refusal.
    const refusedOn = earliest(list, 'DecidedNotToAssess', ref);
    const firstDecision = refusedOn ?? at(f.firstDecision);
    // Withdrawn or moved away before the decision: W, undated. A decision before the collection year: H, undated.
    const endedBeforeDecision = firstDecision === null ? (withdrawnOn ?? movedOn) : null;
    const requestoutcome: Sen2RequestOutcome =
      firstDecision !== null
        ? firstDecision < yearStart
          ? SEN2_REQUEST_OUTCOMES.historical
          : refusedOn !== null
            ? SEN2_REQUEST_OUTCOMES.notAssess
            : SEN2_REQUEST_OUTCOMES.assess
        : endedBeforeDecision !== null
          ? SEN2_REQUEST_OUTCOMES.withdrawn
          : SEN2_REQUEST_OUTCOMES.pending;
    const requestoutcomedate =
      requestoutcome === SEN2_REQUEST_OUTCOMES.assess || requestoutcome === SEN2_REQUEST_OUTCOMES.notAssess
        ? firstDecision
        : null;
    const disputes = disputesOf(list, yearEnd);

    const folded = planOf.get(caseId);
    const modules = folded
      ? sen2PlanModules([{ reference: f.reference, context: folded.context }], { referenceDate: ref })
      : null;
    const named = modules?.namedPlan[0];
    const namedPlan: Sen2NamedPlan | null = named
      ? { ...strip(named), planDetail: modules!.planDetail.map(strip) }
      : null;
    const active = modules?.activePlans[0];
    const activePlan: Sen2ActivePlan | null = active ? activePlanOf(active, modules!) : null;

    let assessment: Sen2Assessment | null = null;
    const noPlan = at(f.firstNoPlan);
    const final = at(f.finalIssued);
    // likewise a refusal to issue on record stays the outcome after a reversal
    const decided = refusedOn === null ? (noPlan ?? final) : null;
    const completedOn = refusedOn ?? decided;
    let assessmentEnded: string | null = null;
    if (firstDecision !== null && refusedOn === null) {
      const decidedToIssue = earliest(list, 'DecidedToIssue', ref) ?? at(f.draftIssued);
      assessmentEnded = decided ?? withdrawnOn ?? movedOn;
      const outcome: { code: Sen2AssessmentOutcome; date: string | null } =
        decided !== null && decided < yearStart
          ? { code: SEN2_ASSESSMENT_OUTCOMES.historical, date: null }
          : noPlan !== null
            ? { code: SEN2_ASSESSMENT_OUTCOMES.notIssue, date: noPlan }
            : final !== null
              ? { code: SEN2_ASSESSMENT_OUTCOMES.issue, date: final }
              : withdrawnOn !== null || movedOn !== null
                ? { code: SEN2_ASSESSMENT_OUTCOMES.withdrawn, date: null }
                : decidedToIssue !== null
                  ? // decided to issue, the final plan still to come: Y with no date, as the guide asks
                    { code: SEN2_ASSESSMENT_OUTCOMES.issue, date: null }
                  : { code: SEN2_ASSESSMENT_OUTCOMES.pending, date: null };
      const planIssued = noPlan === null && final !== null;
      assessment = {
        assessmentoutcome: outcome.code,
        assessmentoutcomedate: outcome.date,
        assessmentmediation: flag(disputes.assessmentMediation),
        assessmenttribunal: flag(disputes.assessmentTribunal),
        othermediation: flag(disputes.otherMediation),
        othertribunal: flag(disputes.otherTribunal),
        // reg 13(3): an exception to the 20-week limit for the final plan (docs/measure-definitions.md)
        week20: flag(
          outcome.code === SEN2_ASSESSMENT_OUTCOMES.issue &&
            outcome.date !== null &&
            f.finalPlanExceptionKinds.length > 0,
        ),
        namedPlan: planIssued ? namedPlan : null,
      };
    }
    // In the return when an outcome falls in the collection year, work is still open, or a plan was maintained.
    const outcomes = [firstDecision ?? endedBeforeDecision, assessmentEnded].filter((d): d is string => d !== null);
    const open =
      requestoutcome === SEN2_REQUEST_OUTCOMES.pending ||
      (assessment !== null &&
        (assessment.assessmentoutcome === SEN2_ASSESSMENT_OUTCOMES.pending ||
          (assessment.assessmentoutcome === SEN2_ASSESSMENT_OUTCOMES.issue &&
            assessment.assessmentoutcomedate === null)));
    const inYear = outcomes.some((d) => d >= yearStart) || open || named !== undefined;
    if (!inYear) continue;
    const person = persons.get(caseId);
    requests.push({
      personKey: person?.personKey ?? `case:${caseId}`,
      request: {
        reference: f.reference,
        receiveddate: f.received,
        requestsource: requestSourceOf(list),
        rya: null,
        requestoutcomedate,
        requestoutcome,
        requestmediation: flag(disputes.requestMediation),
        requesttribunal: flag(disputes.requestTribunal),
        // the child moved out of the council's area before the assessment was completed (or the request decided)
        exported: flag(movedOn !== null && (completedOn === null || movedOn < completedOn)),
        assessment,
        activePlan,
      },
    });
  }

  const byPerson = new Map<string, Sen2Request[]>();
  for (const r of requests) byPerson.set(r.personKey, [...(byPerson.get(r.personKey) ?? []), r.request]);
  // every case returned, a plan transferred in included (it has no request facts)
  const caseOfReference = new Map([...byCase].map(([caseId, list]) => [list[0]!.reference, caseId]));
  const out: Sen2Person[] = [...byPerson.values()]
    .map((reqs) => {
      reqs.sort(
        (a, b) => byCodeUnit(a.receiveddate ?? '', b.receiveddate ?? '') || byCodeUnit(a.reference, b.reference),
      );
      const p = persons.get(caseOfReference.get(reqs[0]!.reference)!);
      return {
        surname: p?.familyName ?? null,
        forename: p?.givenName ?? null,
        personbirthdate: p?.dateOfBirth ?? null,
        sex: p?.sex ?? null,
        ethnicity: p?.ethnicity ?? null,
        postcode: p?.postcode ?? null,
        upn: p?.upn ?? null,
        uniquelearnernumber: p?.uln ?? null,
        upnunknown: null,
        requests: reqs,
      };
    })
    .sort((a, b) => byCodeUnit(a.requests[0]!.reference, b.requests[0]!.reference));

  return {
    header: {
      collection: 'SEN2',
      year: year + 1,
      referencedate: ref,
      sourcelevel: 'L',
      lea: census.la,
      softwarecode: SEN2_SOFTWARE_CODE,
      release: census.release ?? '0.1.0',
      serialno: census.serialNo ?? 1,
      datetime: census.generatedAt.slice(0, 19),
    },
    persons: out,
    refusedPlans: excluded,
  };
}

/** Module 5a with its 5b placements and 5c needs (one plan's modules). */
function activePlanOf(active: Sen2ActivePlanRow, modules: Sen2PlanModules): Sen2ActivePlan {
  return {
    ...strip(active),
    placementDetail: modules.placementDetail.map(strip),
    senNeed: modules.senNeed.map(strip),
  };
}

function strip<T extends { reference: string }>(row: T): Omit<T, 'reference'> {
  const { reference: _reference, ...rest } = row;
  return rest;
}

// ---------------------------------------------------------------------------------------------------------------
// Checks before export
// ---------------------------------------------------------------------------------------------------------------

export interface Sen2ReturnFailure {
  /** The case reference (for the person module: the person's first request's case). */
  reference: string;
  module: '0' | '1' | '2' | '3' | '4a' | '4b' | '5a' | '5b' | '5c';
  field: string;
  /** 'error': the file must not go with it; 'query': DfE will ask, answer or correct. */
  severity: 'error' | 'query';
  rule: string;
}

const UPN = /^[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]$/;
const ULN = /^\d{10}$/;
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i;

/**
 * The checks made before the file is written (docs/sen2.md#checks). They are read from the item definitions we found;
 * they are NOT DfE's numbered validation rules (published as a spreadsheet we have not read), which COLLECT applies
 * on upload.
 */
export function checkSen2Return(r: Sen2Return): Sen2ReturnFailure[] {
  const f: Sen2ReturnFailure[] = [];
  const fail = (
    reference: string,
    module: Sen2ReturnFailure['module'],
    field: string,
    rule: string,
    severity: Sen2ReturnFailure['severity'] = 'error',
  ) => f.push({ reference, module, field, severity, rule });
  if (!/^\d{3}$/.test(r.header.lea)) fail('', '0', 'lea', "the header needs the council's 3-digit LA code");
  for (const x of r.refusedPlans)
    fail(
      x.reference,
      '4a',
      'startdate',
      `the plan's recorded history is refused by the plan's rules, so it is not returned: ${x.reason}`,
    );
  const ref = r.header.referencedate;
  for (const p of r.persons) {
    const first = p.requests[0]!.reference;
    if (!p.surname) fail(first, '1', 'surname', "the person's surname is required");
    if (!p.forename) fail(first, '1', 'forename', "the person's forename is required");
    if (!p.personbirthdate) fail(first, '1', 'personbirthdate', 'the date of birth is required');
    else if (p.personbirthdate > ref)
      fail(first, '1', 'personbirthdate', 'the date of birth cannot be after the census date');
    if (p.upn !== null && !UPN.test(p.upn))
      fail(first, '1', 'upn', 'a UPN is 13 characters: a letter, 11 digits and a check character');
    if (p.uniquelearnernumber !== null && !ULN.test(p.uniquelearnernumber))
      fail(first, '1', 'uniquelearnernumber', 'a ULN is 10 digits');
    if (p.upn === null && p.uniquelearnernumber === null && p.upnunknown === null)
      fail(first, '1', 'upn', 'give the UPN or ULN, or the reason neither is available (upnunknown)', 'query');
    // sex and ethnicity (module 1): DfE's codes as far as we could read them (docs/sen2.md#module-1-person)
    if (p.sex === null)
      fail(first, '1', 'sex', "the person's sex is not recorded on their record (M, F or U)", 'query');
    else if (!(SEN2_SEX_CODES as readonly string[]).includes(p.sex)) fail(first, '1', 'sex', 'sex must be M, F or U');
    if (p.ethnicity === null)
      fail(first, '1', 'ethnicity', "the person's ethnicity is not recorded (use NOBT if not yet obtained)", 'query');
    else if (!SEN2_ETHNICITY_CODES.includes(p.ethnicity))
      fail(first, '1', 'ethnicity', 'ethnicity must be a DfE main ethnicity code');
    if (p.postcode !== null && !POSTCODE.test(p.postcode.trim()))
      fail(first, '1', 'postcode', 'the postcode is not a UK postcode');
    for (const q of p.requests) {
      const at = q.reference;
      if (q.namedPlan) {
        // a plan transferred in: no request or assessment here (reg 15(3)); its plan modules are checked below
        if (q.receiveddate !== null || q.requestoutcome !== null || q.assessment !== null)
          fail(at, '2', 'receiveddate', 'a plan transferred in has no request or assessment by this council');
        if (!q.activePlan && q.namedPlan.ceasedate === null)
          fail(at, '5a', 'transferla', 'a plan transferred in and not ceased should be an active plan', 'query');
        continue;
      }
      if (!q.receiveddate) fail(at, '2', 'receiveddate', 'the date the request was received is required');
      const requestDated =
        q.requestoutcome === SEN2_REQUEST_OUTCOMES.assess || q.requestoutcome === SEN2_REQUEST_OUTCOMES.notAssess;
      if (requestDated !== (q.requestoutcomedate !== null))
        fail(
          at,
          '2',
          'requestoutcomedate',
          requestDated
            ? 'a request outcome Y or N needs the date the family was told'
            : 'only a request outcome Y or N carries a date (A, W and H do not)',
        );
      if (q.requestoutcomedate !== null && q.receiveddate !== null && q.requestoutcomedate < q.receiveddate)
        fail(at, '2', 'requestoutcomedate', 'the request outcome date cannot be before the request was received');
      if (p.personbirthdate && q.receiveddate && q.receiveddate < p.personbirthdate)
        fail(at, '2', 'receiveddate', 'the request cannot be received before the date of birth');
      if (q.requestoutcome === SEN2_REQUEST_OUTCOMES.assess && q.assessment === null)
        fail(at, '3', 'assessmentoutcome', 'a decision to assess needs its assessment record');
      const a = q.assessment;
      if (a) {
        if (a.assessmentoutcome === SEN2_ASSESSMENT_OUTCOMES.notIssue && a.assessmentoutcomedate === null)
          fail(at, '3', 'assessmentoutcomedate', 'a decision not to issue (N) needs the date the family was told');
        const assessmentDated =
          a.assessmentoutcome === SEN2_ASSESSMENT_OUTCOMES.issue ||
          a.assessmentoutcome === SEN2_ASSESSMENT_OUTCOMES.notIssue;
        if (!assessmentDated && a.assessmentoutcomedate !== null)
          fail(
            at,
            '3',
            'assessmentoutcomedate',
            'only an assessment outcome Y or N carries a date (A, W and H do not)',
          );
        const issuedOn = a.assessmentoutcome === SEN2_ASSESSMENT_OUTCOMES.issue ? a.assessmentoutcomedate : null;
        if (
          a.assessmentoutcomedate !== null &&
          q.requestoutcomedate !== null &&
          a.assessmentoutcomedate < q.requestoutcomedate
        )
          fail(at, '3', 'assessmentoutcomedate', 'the assessment outcome date cannot be before the decision to assess');
        if (a.week20 === 1 && issuedOn === null)
          fail(at, '3', 'week20', 'the 20-week exception flag goes with a plan issued (outcome Y with its date)');
        if (issuedOn !== null && a.namedPlan === null)
          fail(at, '4a', 'startdate', 'a plan issued (outcome Y with its date) needs its named plan record');
        if (a.namedPlan && a.assessmentoutcomedate !== null && a.namedPlan.startdate !== a.assessmentoutcomedate)
          fail(
            at,
            '4a',
            'startdate',
            'the plan start date should be the date the plan was issued (assessment outcome date)',
            'query',
          );
      } else if (q.activePlan) {
        fail(
          at,
          '5a',
          'requestoutcome',
          'a plan maintained after the council reversed its refusal to assess: SEN2 keeps the original outcome; check how DfE wants this plan returned',
          'query',
        );
      }
      if (q.activePlan && q.activePlan.placementDetail.length === 0)
        fail(
          at,
          '5b',
          'placementrank',
          'an active plan should say where the child or young person is educated (placement detail)',
          'query',
        );
      // 5c: section B's needs (reg 12(1)(a)); DfE's tables count plans by primary need
      if (q.activePlan && q.activePlan.senNeed.length === 0)
        fail(
          at,
          '5c',
          'sentype',
          "an active plan should have its special educational needs recorded (section B's needs, primary need first)",
          'query',
        );
    }
  }
  // the plan modules' own consistency checks, with each plan's case reference
  const rows = {
    namedPlan: [] as Sen2NamedPlanRow[],
    planDetail: [] as Sen2PlanDetailRow[],
    activePlans: [] as Sen2ActivePlanRow[],
    placementDetail: [] as Sen2PlacementRow[],
    senNeed: [] as Sen2SenNeedRow[],
  };
  for (const q of r.persons.flatMap((p) => p.requests)) {
    const np = q.assessment?.namedPlan ?? q.namedPlan;
    if (np) {
      const { planDetail, ...named } = np;
      rows.namedPlan.push({ reference: q.reference, ...named });
      rows.planDetail.push(...planDetail.map((d) => ({ reference: q.reference, ...d })));
    }
    if (q.activePlan) {
      const { placementDetail, senNeed, ...a } = q.activePlan;
      rows.activePlans.push({ reference: q.reference, ...a });
      rows.placementDetail.push(...placementDetail.map((d) => ({ reference: q.reference, ...d })));
      rows.senNeed.push(...senNeed.map((d) => ({ reference: q.reference, ...d })));
    }
  }
  for (const x of checkSen2PlanModules(rows, { referenceDate: ref })) fail(x.reference, x.module, x.field, x.rule);
  // errors first (they stop the file), each kind in the order found
  return [...f.filter((x) => x.severity === 'error'), ...f.filter((x) => x.severity === 'query')];
}

// ---------------------------------------------------------------------------------------------------------------
// The 20-week figure read back from the return
// ---------------------------------------------------------------------------------------------------------------

/**
 * "% of new EHC plans issued within 20 weeks", computed from the return alone, as DfE computes it from SEN2: plans
 * issued (assessment outcome Y) in the period, no mediation or tribunal on the request or assessment, within 20
 * weeks ⇔ outcome date − received date ≤ the boundary; excluding exceptions also drops week20 = 1.
 */
export function timelinessFromSen2Return(
  r: Sen2Return,
  q: { from: string; to: string; boundaryDays?: number },
): { includingExceptions: TimelinessFigure; excludingExceptions: TimelinessFigure } {
  const boundary = q.boundaryDays ?? DEFAULT_BOUNDARY_DAYS;
  const issued = r.persons
    .flatMap((p) => p.requests)
    .filter(
      (x) =>
        x.assessment?.assessmentoutcome === SEN2_ASSESSMENT_OUTCOMES.issue &&
        x.assessment.assessmentoutcomedate !== null &&
        x.assessment.assessmentoutcomedate >= q.from &&
        x.assessment.assessmentoutcomedate! <= q.to &&
        x.receiveddate !== null &&
        !x.requestmediation &&
        !x.requesttribunal &&
        !x.assessment.assessmentmediation &&
        !x.assessment.assessmenttribunal,
    );
  const figure = (xs: typeof issued): TimelinessFigure => {
    const within = xs.filter(
      (x) => daysBetween(x.receiveddate!, x.assessment!.assessmentoutcomedate!) <= boundary,
    ).length;
    return { issued: xs.length, within20Weeks: within, percent: percent(within, xs.length) };
  };
  return {
    includingExceptions: figure(issued),
    excludingExceptions: figure(issued.filter((x) => x.assessment!.week20 === 0)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// XML
// ---------------------------------------------------------------------------------------------------------------

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

type XmlValue = string | number | null | undefined;
function el(name: string, value: XmlValue, indent: string): string {
  return value === null || value === undefined || value === ''
    ? ''
    : `${indent}<${name}>${esc(String(value))}</${name}>\n`;
}
function block(name: string, body: string, indent: string): string {
  return `${indent}<${name}>\n${body}${indent}</${name}>\n`;
}

/** Element names (docs/sen2.md#xml): the COLLECT item names in the casing of DfE's XML, empty items left out. */
const SETTING = (s: Omit<Sen2PlanDetailRow, 'reference'>, i: string) =>
  el('URN', s.urn, i) +
  el('UKPRN', s.ukprn, i) +
  el('SENsetting', s.sensetting, i) +
  el('PlacementRank', s.placementrank, i) +
  el('ResourcedProvisionIndicator', s.resourcedprovisionindicator, i);

/** The return as DfE's XML message: Header, then one Person per child or young person with its Requests nested. */
export function sen2Xml(r: Sen2Return): string {
  const h = r.header;
  let x = '<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n';
  x += block(
    'Header',
    block(
      'CollectionDetails',
      el('Collection', h.collection, '      ') +
        el('Year', h.year, '      ') +
        el('ReferenceDate', h.referencedate, '      '),
      '    ',
    ) +
      block(
        'Source',
        el('SourceLevel', h.sourcelevel, '      ') +
          el('LEA', h.lea, '      ') +
          el('SoftwareCode', h.softwarecode, '      ') +
          el('Release', h.release, '      ') +
          el('SerialNo', h.serialno, '      ') +
          el('DateTime', h.datetime, '      '),
        '    ',
      ),
    '  ',
  );
  const namedPlanXml = (n: Sen2NamedPlan, l: string) => {
    let np =
      el('StartDate', n.startdate, l) +
      el('PlanRes', n.planres, l) +
      el('PlanWBP', n.planwbp, l) +
      el('PB', n.pb, l) +
      el('OA', n.oa, l) +
      el('DP', n.dp, l) +
      el('CeaseDate', n.ceasedate, l) +
      el('CeaseReason', n.ceasereason, l);
    for (const d of n.planDetail) np += block('PlanDetail', SETTING(d, l + '  '), l);
    return np;
  };
  let persons = '';
  for (const p of r.persons) {
    const i = '      ';
    let body =
      el('Surname', p.surname, i) +
      el('Forename', p.forename, i) +
      el('PersonBirthDate', p.personbirthdate, i) +
      el('Sex', p.sex, i) +
      el('Ethnicity', p.ethnicity, i) +
      el('PostCode', p.postcode, i) +
      el('UPN', p.upn, i) +
      el('UniqueLearnerNumber', p.uniquelearnernumber, i) +
      el('UPNunknown', p.upnunknown, i);
    for (const q of p.requests) {
      const j = '        ';
      let req =
        el('ReceivedDate', q.receiveddate, j) +
        el('RequestSource', q.requestsource, j) +
        el('RYA', q.rya, j) +
        el('RequestOutcomeDate', q.requestoutcomedate, j) +
        el('RequestOutcome', q.requestoutcome, j) +
        el('RequestMediation', q.requestmediation, j) +
        el('RequestTribunal', q.requesttribunal, j) +
        el('Exported', q.exported, j);
      const a = q.assessment;
      if (a) {
        const k = '          ';
        let as =
          el('AssessmentOutcome', a.assessmentoutcome, k) +
          el('AssessmentOutcomeDate', a.assessmentoutcomedate, k) +
          el('AssessmentMediation', a.assessmentmediation, k) +
          el('AssessmentTribunal', a.assessmenttribunal, k) +
          el('OtherMediation', a.othermediation, k) +
          el('OtherTribunal', a.othertribunal, k) +
          el('Week20', a.week20, k);
        if (a.namedPlan) as += block('NamedPlan', namedPlanXml(a.namedPlan, '            '), k);
        req += block('Assessment', as, j);
      }
      // a plan transferred in (reg 15): its named plan, with no assessment here — ASSUMED placement in the message
      if (q.namedPlan) req += block('NamedPlan', namedPlanXml(q.namedPlan, '          '), j);
      if (q.activePlan) {
        const k = '          ';
        const ap = q.activePlan;
        let body5 =
          el('TransferLA', ap.transferla, k) +
          el('ReviewMeeting', ap.reviewmeeting, k) +
          el('ReviewOutcome', ap.reviewoutcome, k) +
          el('LastReview', ap.lastreview, k) +
          el('ReviewDraft', ap.reviewdraft, k) +
          el('PhaseTransferDueDate', ap.phasetransferduedate, k) +
          el('PhaseTransferFinalDate', ap.phasetransferfinaldate, k);
        for (const d of ap.placementDetail) {
          body5 += block(
            'PlacementDetail',
            SETTING(d, k + '  ') + el('EntryDate', d.entrydate, k + '  ') + el('LeavingDate', d.leavingdate, k + '  '),
            k,
          );
        }
        // 5c: one SENneed per need, after the placements — ASSUMED element names and place (docs/sen2.md#module-5c-sen-need)
        for (const n of ap.senNeed)
          body5 += block('SENneed', el('SENtype', n.sentype, k + '  ') + el('SENtypeRank', n.sentyperank, k + '  '), k);
        req += block('ActivePlans', body5, j);
      }
      body += block('Requests', req, i);
    }
    persons += block('Person', body, '    ');
  }
  x += block('Persons', persons, '  ');
  return `${x}</Message>\n`;
}
