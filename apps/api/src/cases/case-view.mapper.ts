import { daysBetween, type AllowedEvent, type CaseView, type Deadline } from '@ehc/workflow';
import {
  DEADLINE_LABELS,
  EVENT_LABELS,
  STAGE_LABELS,
  type CaseDetail,
  type DeadlineView,
  type Rag,
} from '@ehc/contracts';
import { casePlan, personalBudget } from './plan-view.mapper.js';
import { asCaseDetail } from './case-detail-json.js';

/** Red when overdue or due within 7 days, amber within 14, green otherwise (the manager's queue buckets). */
export function rag(daysLeft: number): Rag {
  return daysLeft <= 7 ? 'red' : daysLeft <= 14 ? 'amber' : 'green';
}

export function deadlineView(d: Deadline, today: string): DeadlineView {
  const daysLeft = d.status === 'pending' ? daysBetween(today, d.due) : undefined;
  return {
    id: d.id,
    kind: d.kind,
    label: DEADLINE_LABELS[d.kind] ?? d.kind,
    due: d.due,
    from: d.from,
    measuredFrom: d.measuredFrom,
    regulation: d.regulation,
    statutory: d.statutory,
    status: d.status,
    metOn: d.metOn,
    daysLeft,
    daysLate: d.daysLate,
    exceptionIds: d.exceptionIds ?? [],
    provider: d.subject?.provider,
    rag: daysLeft === undefined ? undefined : rag(daysLeft),
  };
}

/** A plan transferred in (reg 15) is maintained here without a final plan of ours: its stage says so. */
export function stageLabelOf(stage: string, transferredIn: boolean): string {
  if (transferredIn && stage === 'plan-issued') return TRANSFERRED_IN_STAGE_LABEL;
  return STAGE_LABELS[stage] ?? stage;
}
export const TRANSFERRED_IN_STAGE_LABEL = 'Plan transferred in from another council';

export function caseDetail(
  c: {
    id: string;
    reference: string;
    teamId: string;
    version: number;
    child: Record<string, unknown> | null;
    caseworkerName: string | null;
    personalDataErasedOn?: string | null;
  },
  view: CaseView,
  deadlines: Deadline[],
  nextEvents: AllowedEvent[],
  today: string,
): CaseDetail {
  const erased = c.personalDataErasedOn ?? null;
  // A withdrawn case still takes an exception recorded late or withdrawn (the measure reports its lateness).
  const allowed =
    erased || (view.closed && !['not-assessing', 'not-issuing', 'plan-issued', 'withdrawn'].includes(view.stage))
      ? []
      : nextEvents.filter((a) => a.type !== 'DeadlineMissed' && a.type !== 'RequestReceived');
  const plan = casePlan(view, deadlines);
  // marked, so that the reply is written with the field lists' kept text (case-detail-json.ts)
  return asCaseDetail({
    id: c.id,
    reference: c.reference,
    teamId: c.teamId,
    child: erased ? null : ((c.child as CaseDetail['child']) ?? null),
    caseworker: view.caseworker ?? null,
    caseworkerName: c.caseworkerName,
    stage: view.stage,
    stageLabel: stageLabelOf(view.stage, !!view.transferredIn),
    closed: view.closed,
    version: c.version,
    ...(view.receivedOn ? { receivedOn: view.receivedOn } : {}),
    ...(view.transferredIn ? { transferredIn: { ...view.transferredIn } } : {}),
    today,
    deadlines: deadlines.map((d) => deadlineView(d, today)),
    allowedEvents: allowed.map((a) => ({
      type: a.type,
      label: EVENT_LABELS[a.type] ?? a.type,
      fields: a.fields,
      earliest: a.earliest,
    })),
    flags: { ...view.flags },
    advice: view.advice.map((a) => ({ ...a })),
    consultations: view.consultations.map((x) => ({ ...x })) as CaseDetail['consultations'],
    exceptions: view.exceptions.map((x) => ({ ...x })) as CaseDetail['exceptions'],
    ...(view.migrated ? { migrated: { ...view.migrated } } : {}),
    ...(erased ? { personalDataErasedOn: erased } : {}),
    ...(plan ? { plan } : {}),
    ...(view.budgetsWhilePreparing
      ? { personalBudgetsWhilePreparing: view.budgetsWhilePreparing.map(personalBudget) }
      : {}),
  });
}
