import { OPEN_DEADLINE_STATUSES, SETTING_OF_PLACEMENT, type CaseView, type Deadline } from '@ehc/workflow';
import {
  CEASE_REASON_LABELS, PHASE_TRANSFER_LABELS, PLAN_STAGE_LABELS, REVIEW_DECISION_LABELS, SETTING_TYPE_LABELS,
  type CasePlan, type PlanSetting,
} from '@ehc/contracts';

const isOpen = (d: Deadline) => !d.metOn && (OPEN_DEADLINE_STATUSES as readonly string[]).includes(d.status);
const setting = (x: { from: string; to?: string; placementId?: string; settingType: string; inArea: 'yes' | 'no' | null; setting?: string }): PlanSetting => ({
  from: x.from, ...(x.to ? { to: x.to } : {}), ...(x.placementId ? { placementId: x.placementId } : {}),
  settingType: x.settingType, settingTypeLabel: SETTING_TYPE_LABELS[x.settingType] ?? x.settingType, inArea: x.inArea,
  ...(x.setting ? { setting: x.setting } : {}),
});

/**
 * The maintained plan of a case for its page (docs/plan-life.md#one-log): what the plan's fold holds, with the review
 * now due and each phase transfer's reg 18 date from the case's deadlines (one derivation: deriveDeadlines).
 */
export function casePlan(view: CaseView, deadlines: readonly Deadline[]): CasePlan | undefined {
  const p = view.plan;
  if (!p || !p.startedOn) return undefined;
  const review = deadlines.filter((d) => d.kind === 'annual-review').at(-1);
  // section I from the final plan first (its type; whether it is in the area is not on the assessment), then changes
  const fromFinal = view.finalIssuedOn && view.placement
    ? [setting({ from: view.finalIssuedOn, settingType: SETTING_OF_PLACEMENT[view.placement], inArea: null })] : [];
  return {
    stage: p.stage, stageLabel: PLAN_STAGE_LABELS[p.stage] ?? p.stage, issuedOn: p.startedOn,
    // none once the plan has ended here (a review overdue when it ended stays missed in the deadlines, not due)
    nextReviewDue: review && !p.endedOn && isOpen(review) ? review.due : null,
    reviews: p.reviews.map((r) => ({ ...r, ...(r.decision ? { decisionLabel: REVIEW_DECISION_LABELS[r.decision] } : {}) })),
    amendments: p.amendments.map((a) => ({ ...a })),
    named: [...fromFinal, ...p.named.map(setting)],
    attended: p.placements.map(setting),
    phaseTransfers: p.transfers.map((t) => {
      const d = deadlines.find((x) => x.id === `phase-transfer-${t.transferId}`);
      return { transferId: t.transferId, transfer: t.transfer, transferLabel: PHASE_TRANSFER_LABELS[t.transfer] ?? t.transfer, movesOn: t.movesOn, due: d?.due ?? null, status: d?.status ?? null };
    }),
    ceasing: { ...p.ceasing, ...(p.ceasing.reason ? { reasonLabel: CEASE_REASON_LABELS[p.ceasing.reason] } : {}) },
    ...(p.endedOn ? { endedOn: p.endedOn } : {}),
    ...(p.endReason ? { endReason: p.endReason, endReasonLabel: CEASE_REASON_LABELS[p.endReason] } : {}),
  };
}
