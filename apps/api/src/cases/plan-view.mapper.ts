import {
  LATEST_EVENT_DATE,
  OPEN_DEADLINE_STATUSES,
  needsOn,
  rankedNeeds,
  type CaseView,
  type Deadline,
  type PersonalBudgetView,
} from '@ehc/workflow';
import {
  BUDGET_DECISION_LABELS,
  BUDGET_END_REASON_LABELS,
  BUDGET_PART_LABELS,
  BUDGET_REQUESTER_LABELS,
  CEASE_REASON_LABELS,
  PHASE_TRANSFER_LABELS,
  PLAN_STAGE_LABELS,
  REVIEW_DECISION_LABELS,
  SEN_TYPE_LABELS,
  SETTING_TYPE_LABELS,
  type CasePlan,
  type PlanPersonalBudget,
  type PlanSetting,
} from '@ehc/contracts';

const isOpen = (d: Deadline) => !d.metOn && (OPEN_DEADLINE_STATUSES as readonly string[]).includes(d.status);
const setting = (x: {
  from: string;
  to?: string;
  placementId?: string;
  settingType: string;
  inArea: 'yes' | 'no' | null;
  setting?: string;
}): PlanSetting => ({
  from: x.from,
  ...(x.to ? { to: x.to } : {}),
  ...(x.placementId ? { placementId: x.placementId } : {}),
  settingType: x.settingType,
  settingTypeLabel: SETTING_TYPE_LABELS[x.settingType] ?? x.settingType,
  inArea: x.inArea,
  ...(x.setting ? { setting: x.setting } : {}),
});

/**
 * The maintained plan of a case for its page (docs/plan-life.md#one-log): what the plan's fold holds, with the review
 * now due and each phase transfer's reg 18 date from the case's deadlines (one derivation: deriveDeadlines).
 */
export function casePlan(view: CaseView, deadlines: readonly Deadline[]): CasePlan | undefined {
  const p = view.plan;
  if (!p || !p.startedOn) return undefined;
  // an event is never dated after the day it is recorded, so the latest dated list is the one that holds today
  const needs = needsOn(p.needs, LATEST_EVENT_DATE);
  const review = deadlines.filter((d) => d.kind === 'annual-review').at(-1);
  // section I: the plan's first named setting is the final plan's (plan-on-case.ts); whether it is in the area is not
  // on the assessment (the fold takes it as in the area), so the page says it is not known
  const fromFinal = (x: (typeof p.named)[number], i: number) =>
    i === 0 && x.from === view.finalIssuedOn && !!view.placement;
  return {
    stage: p.stage,
    stageLabel: PLAN_STAGE_LABELS[p.stage] ?? p.stage,
    issuedOn: p.startedOn,
    firstMadeOn: p.firstMadeOn ?? p.startedOn,
    // none once the plan has ended here (a review overdue when it ended stays missed in the deadlines, not due)
    nextReviewDue: review && !p.endedOn && isOpen(review) ? review.due : null,
    reviews: p.reviews.map((r) => ({
      ...r,
      ...(r.decision ? { decisionLabel: REVIEW_DECISION_LABELS[r.decision] } : {}),
    })),
    amendments: p.amendments.map((a) => ({ ...a })),
    named: p.named.map((x, i) => setting(fromFinal(x, i) ? { ...x, inArea: null } : x)),
    attended: p.placements.map(setting),
    phaseTransfers: p.transfers.map((t) => {
      const d = deadlines.find((x) => x.id === `phase-transfer-${t.transferId}`);
      return {
        transferId: t.transferId,
        transfer: t.transfer,
        transferLabel: PHASE_TRANSFER_LABELS[t.transfer] ?? t.transfer,
        movesOn: t.movesOn,
        due: d?.due ?? null,
        status: d?.status ?? null,
      };
    }),
    ceasing: { ...p.ceasing, ...(p.ceasing.reason ? { reasonLabel: CEASE_REASON_LABELS[p.ceasing.reason] } : {}) },
    ...(p.endedOn ? { endedOn: p.endedOn } : {}),
    ...(p.endReason ? { endReason: p.endReason, endReasonLabel: CEASE_REASON_LABELS[p.endReason] } : {}),
    personalBudgets: p.personalBudgets.map(personalBudget),
    ...(needs
      ? {
          needs: {
            from: needs.from,
            ranked: rankedNeeds(needs).map((n) => ({
              rank: n.rank,
              code: n.sentype,
              label: SEN_TYPE_LABELS[n.sentype] ?? n.sentype,
            })),
          },
        }
      : {}),
  };
}

/** s49: a request for a personal budget as the page shows it, with how an agreed budget is managed in words. */
export function personalBudget(b: PersonalBudgetView): PlanPersonalBudget {
  const ways = [
    b.directPayments === 'yes' ? 'direct payments' : null,
    b.arrangements === 'yes' ? 'an arrangement (held by the council, school or college)' : null,
    b.thirdParty === 'yes' ? 'direct payments managed by a third party' : null,
  ].filter((w): w is string => w !== null);
  const managedAs = ways.join(', ');
  return {
    budgetRequestId: b.budgetRequestId,
    requestedOn: b.requestedOn,
    requestedBy: b.requestedBy,
    requestedByLabel: BUDGET_REQUESTER_LABELS[b.requestedBy] ?? b.requestedBy,
    parts: b.parts,
    partLabels: b.parts.map((x) => BUDGET_PART_LABELS[x] ?? x),
    directPaymentsRequested: b.directPaymentsRequested,
    ...(b.decidedOn ? { decidedOn: b.decidedOn } : {}),
    ...(b.decision ? { decision: b.decision, decisionLabel: BUDGET_DECISION_LABELS[b.decision] ?? b.decision } : {}),
    ...(b.amount ? { amount: b.amount } : {}),
    ...(managedAs ? { managedAs: managedAs[0]!.toUpperCase() + managedAs.slice(1) } : {}),
    ...(b.endedOn ? { endedOn: b.endedOn } : {}),
    ...(b.endReason ? { endReasonLabel: BUDGET_END_REASON_LABELS[b.endReason] ?? b.endReason } : {}),
    inPlace: b.decision === 'agreed' && !b.endedOn,
  };
}
