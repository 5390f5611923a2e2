/**
 * DRAFT: the SEN2 person-level return's plan modules built from a maintained plan's events (docs/plan-life.md#sen2-draft):
 * 4a named plan, 4b plan detail (the setting named), 5a active plans (reviews, phase transfer, transfer in), 5b
 * placement details (the settings attended) and 5c SEN need (section B's needs, ranked). Field names are the COLLECT export names. The checks are consistency
 * rules read from the field definitions, NOT DfE's numbered validation checks (we have not read the technical
 * specification's list). Person (1), request (2) and assessment (3) modules are built in sen2-return.ts.
 * Pure: the census reference date is a parameter.
 */
import {
  attendedOn,
  namedSettingOn,
  personalBudgetsOn,
  needsOn,
  rankedNeeds,
  phaseTransferDue,
  sen2CeaseCode,
  type PlanContext,
  type SenType,
  type SettingType,
} from '@ehc/workflow';
import { assertIsoDate } from './calendar-dates.js';

export interface Sen2Census {
  /** The census reference date (January). */
  referenceDate: string;
}

/** SEN2 `sensetting` for settings with no URN or UKPRN (EYP early-years provider, OTH other, NIEO not in education – other). */
const SEN_SETTING_WITHOUT_ID: Partial<Record<SettingType, string>> = {
  'early-years': 'EYP',
  other: 'OTH',
  'not-in-education': 'NIEO',
};

export interface Sen2SettingFields {
  urn: string | null;
  ukprn: string | null;
  sensetting: string | null;
  placementrank: number;
  resourcedprovisionindicator: 0 | 1;
}

export interface Sen2NamedPlanRow {
  reference: string;
  startdate: string;
  ceasedate: string | null;
  ceasereason: number | null;
  planres: null;
  planwbp: null;
  /** Personal budget taken up, organised arrangements, direct payments: 0/1 flags (docs/sen2.md, an assumption). */
  pb: 0 | 1;
  oa: 0 | 1;
  dp: 0 | 1;
}
export interface Sen2PlanDetailRow extends Sen2SettingFields {
  reference: string;
}
export interface Sen2ActivePlanRow {
  reference: string;
  transferla: string | null;
  reviewmeeting: string | null;
  reviewoutcome: 'A' | 'C' | 'M' | null;
  lastreview: string | null;
  reviewdraft: string | null;
  phasetransferduedate: string | null;
  phasetransferfinaldate: string | null;
}
export interface Sen2PlacementRow extends Sen2SettingFields {
  reference: string;
  entrydate: string;
  leavingdate: string | null;
}

/** 5c: one need of an active plan (item 5.8a `SENtype`, with its rank: 1 = the primary need). */
export interface Sen2SenNeedRow {
  reference: string;
  sentype: SenType;
  sentyperank: number;
}

export interface Sen2PlanModules {
  namedPlan: Sen2NamedPlanRow[];
  planDetail: Sen2PlanDetailRow[];
  activePlans: Sen2ActivePlanRow[];
  placementDetail: Sen2PlacementRow[];
  senNeed: Sen2SenNeedRow[];
}

export interface Sen2Failure {
  reference: string;
  module: '4a' | '4b' | '5a' | '5b' | '5c';
  field: string;
  rule: string;
}

/** A URN is 6 digits, a UKPRN 8 digits starting 10: read from the setting text when it holds one. */
function settingFields(s: { settingType: SettingType; setting?: string }, rank: number): Sen2SettingFields {
  const urn = s.setting?.match(/\b\d{6}\b/)?.[0] ?? null;
  const ukprn = s.setting?.match(/\b10\d{6}\b/)?.[0] ?? null;
  return {
    urn: ukprn ? null : urn,
    ukprn,
    sensetting: urn || ukprn ? null : (SEN_SETTING_WITHOUT_ID[s.settingType] ?? null),
    placementrank: rank,
    resourcedprovisionindicator: s.settingType === 'resourced-provision' ? 1 : 0,
  };
}

const REVIEW_OUTCOME = { keep: 'M', amend: 'A', cease: 'C' } as const;

/**
 * The plan modules for one plan. The collection year is the calendar year before the census: a plan is in 4a if it
 * was maintained at any time from 1 January of that year to the census day; in 5a if maintained on the census day.
 */
export function sen2PlanModules(
  plans: readonly { reference: string; context: PlanContext }[],
  census: Sen2Census,
): Sen2PlanModules {
  assertIsoDate(census.referenceDate, 'referenceDate');
  const ref = census.referenceDate;
  const yearStart = `${Number(ref.slice(0, 4)) - 1}-01-01`;
  const yearEnd = `${Number(ref.slice(0, 4)) - 1}-12-31`;
  const out: Sen2PlanModules = { namedPlan: [], planDetail: [], activePlans: [], placementDetail: [], senNeed: [] };
  for (const { reference, context: c } of plans) {
    if (!c.startedOn || c.startedOn > ref || (c.endedOn !== undefined && c.endedOn < yearStart)) continue;
    const ended = c.endedOn !== undefined && c.endedOn <= ref;
    // 4a: startdate is the date the plan was first made (reg 15(3) keeps it for a transferred plan); the cease date
    // is the day the plan ended, never the decision (SEN2 item definition). res/wbp are not captured yet.
    out.namedPlan.push({
      reference,
      startdate: c.firstMadeOn!,
      ceasedate: ended ? c.endedOn! : null,
      ceasereason: ended ? sen2CeaseCode(c.endReason!) : null,
      planres: null,
      planwbp: null,
      ...budgetFlags(c, ended ? c.endedOn! : ref),
    });
    const named = namedSettingOn(c, ended ? c.endedOn! : ref);
    if (named) out.planDetail.push({ reference, ...settingFields(named, 1) });
    if (ended) continue;

    // 5a: the latest review meeting in the collection year or up to the census, with its decision if notified by then.
    const review = c.reviews.filter((r) => r.meetingOn >= yearStart && r.meetingOn <= ref).at(-1);
    const decided = review?.decisionOn && review.decisionOn <= ref ? review : undefined;
    const draft = review && c.amendments.find((a) => a.reviewId === review.reviewId && a.proposedOn <= ref);
    const transfer = c.transfers.filter((t) => t.transfer !== 'secondary-to-school-sixth-form').at(-1);
    const ptDue = transfer ? (phaseTransferDue(transfer.transfer, transfer.movesOn)?.due ?? null) : null;
    const ptFinal = transfer
      ? (c.amendments.find((a) => a.transferId === transfer.transferId && a.issuedOn && a.issuedOn <= ref)?.issuedOn ??
        null)
      : null;
    out.activePlans.push({
      reference,
      transferla:
        c.origin === 'transferred-in' && c.startedOn >= yearStart && c.startedOn <= yearEnd ? transferredFrom(c) : null,
      reviewmeeting: review?.meetingOn ?? null,
      reviewoutcome: decided ? REVIEW_OUTCOME[decided.decision!] : null,
      lastreview: decided?.decisionOn ?? null,
      reviewdraft: draft?.proposedOn ?? null,
      phasetransferduedate: ptDue,
      phasetransferfinaldate: ptFinal,
    });
    // 5b: every setting attended in the collection year up to the census; the one attended on the census day
    // (the latest started, if several) is rank 1.
    const current = attendedOn(c, ref)
      .sort((a, b) => (a.from < b.from ? -1 : 1))
      .at(-1);
    let rank = 2;
    for (const p of c.placements) {
      if (p.from > ref || (p.to !== undefined && p.to < yearStart)) continue;
      out.placementDetail.push({
        reference,
        entrydate: p.from,
        leavingdate: p.to ?? null,
        ...settingFields(p, p === current ? 1 : rank++),
      });
    }
    // 5c: section B's needs (reg 12(1)(a)) as they stood on the census day, the primary need rank 1
    const needs = needsOn(c.needs, ref);
    if (needs)
      for (const n of rankedNeeds(needs)) out.senNeed.push({ reference, sentype: n.sentype, sentyperank: n.rank });
  }
  return out;
}

/**
 * PB, OA, DP from the personal budgets in place on the census day (on the last day, for a plan that ended before it):
 * PB 1 if any agreed budget is in place; OA 1 if one is an arrangement; DP 1 if one is paid as direct payments,
 * directly or through a third party. DfE's code lists were not read: 0/1 flags are our assumption (docs/sen2.md).
 */
function budgetFlags(c: PlanContext, on: string): Pick<Sen2NamedPlanRow, 'pb' | 'oa' | 'dp'> {
  const inPlace = personalBudgetsOn(c, on);
  const flag = (x: boolean): 0 | 1 => (x ? 1 : 0);
  return {
    pb: flag(inPlace.length > 0),
    oa: flag(inPlace.some((b) => b.arrangements === 'yes')),
    dp: flag(inPlace.some((b) => b.directPayments === 'yes' || b.thirdParty === 'yes')),
  };
}

function transferredFrom(c: PlanContext): string | null {
  const e = c.events[0];
  return e?.type === 'PlanTransferredIn' ? e.fromLa : null;
}

/** Consistency checks before export, each failure with its plan reference. */
export function checkSen2PlanModules(m: Sen2PlanModules, census: Sen2Census): Sen2Failure[] {
  const f: Sen2Failure[] = [];
  const fail = (reference: string, module: Sen2Failure['module'], field: string, rule: string) =>
    f.push({ reference, module, field, rule });
  for (const r of m.namedPlan) {
    if ((r.ceasedate === null) !== (r.ceasereason === null))
      fail(r.reference, '4a', 'ceasereason', 'a cease date and a cease reason go together');
    if (r.ceasedate !== null && r.ceasedate < r.startdate)
      fail(r.reference, '4a', 'ceasedate', 'the cease date cannot be before the plan start date');
    if (r.startdate > census.referenceDate)
      fail(r.reference, '4a', 'startdate', 'the plan start date cannot be after the census date');
    // personal budgets: a way of managing one needs the budget, and a budget is managed in at least one way
    if ((r.oa === 1 || r.dp === 1) && r.pb !== 1)
      fail(r.reference, '4a', 'pb', 'organised arrangements or direct payments need a personal budget taken up (PB 1)');
    if (r.pb === 1 && r.oa !== 1 && r.dp !== 1)
      fail(r.reference, '4a', 'oa', 'a personal budget taken up is organised arrangements, direct payments or both');
  }
  for (const r of [...m.planDetail, ...m.placementDetail]) {
    const module = 'entrydate' in r ? '5b' : '4b';
    if (r.urn === null && r.ukprn === null && r.sensetting === null)
      fail(r.reference, module, 'urn', 'a setting needs a URN, a UKPRN or a SEN setting code (EYP, OTH, NIEO …)');
  }
  for (const r of m.activePlans) {
    if (r.reviewoutcome !== null && r.reviewmeeting === null)
      fail(r.reference, '5a', 'reviewoutcome', 'a review decision needs its review meeting date');
    if (r.lastreview !== null && r.reviewmeeting !== null && r.lastreview < r.reviewmeeting)
      fail(r.reference, '5a', 'lastreview', 'the review decision date cannot be before the meeting');
    if (r.reviewdraft !== null && r.reviewoutcome !== 'A')
      fail(r.reference, '5a', 'reviewdraft', 'a draft amended plan follows a decision to amend (A)');
    if (r.phasetransferfinaldate !== null && r.phasetransferduedate === null)
      fail(r.reference, '5a', 'phasetransferduedate', 'a phase transfer final date needs its due date');
  }
  const ranks = new Map<string, number>();
  for (const r of m.placementDetail) {
    if (r.leavingdate !== null && r.leavingdate < r.entrydate)
      fail(r.reference, '5b', 'leavingdate', 'the leaving date cannot be before the entry date');
    if (r.placementrank === 1) ranks.set(r.reference, (ranks.get(r.reference) ?? 0) + 1);
  }
  for (const [reference, n] of ranks)
    if (n > 1) fail(reference, '5b', 'placementrank', 'only one placement can be rank 1');
  // 5c (ours, not DfE's numbered rules): each plan's needs are one ranking — each code once, each rank once, one rank 1
  const needsOf = new Map<string, Sen2SenNeedRow[]>();
  for (const r of m.senNeed) needsOf.set(r.reference, [...(needsOf.get(r.reference) ?? []), r]);
  for (const [reference, needs] of needsOf) {
    if (new Set(needs.map((n) => n.sentype)).size !== needs.length)
      fail(reference, '5c', 'sentype', 'a need is listed twice for one plan');
    if (new Set(needs.map((n) => n.sentyperank)).size !== needs.length)
      fail(reference, '5c', 'sentyperank', 'two needs of one plan have the same rank');
    if (!needs.some((n) => n.sentyperank === 1))
      fail(reference, '5c', 'sentyperank', 'a plan with needs has a primary need (rank 1)');
  }
  return f;
}
