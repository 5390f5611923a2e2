import { ACTION_LABELS, PROVIDER_LABELS, type WorkItem } from '@ehc/contracts';
import { formatDate } from '../core/dates';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The weekday of a calendar date (read from the string: no time zone can move it). */
export function weekday(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
}

/** "today", "tomorrow", "by Friday" (within the week), "by 12 March 2026"; or how long ago it was due. */
export function dueWhen(item: Pick<WorkItem, 'due' | 'daysLeft'>): string {
  const d = item.daysLeft;
  if (d < 0) return `was due ${-d === 1 ? 'yesterday' : `${-d} days ago`}, on ${formatDate(item.due)}`;
  if (d === 0) return 'today';
  if (d === 1) return 'tomorrow';
  if (d <= 6) return `by ${weekday(item.due)} (${formatDate(item.due)})`;
  return `by ${formatDate(item.due)}`;
}

export interface WorkTask {
  /** What to do, in words: "Chase the educational psychology advice: due in 3 days". */
  text: string;
  /** The event that does it, and its name as an action ("Record the decision to assess"). */
  event: string;
  action: string;
}

/** The event each open stage is waiting for (reg 5, reg 9-10, reg 13 order of steps). */
const NEXT_STEP: Record<string, string> = {
  'awaiting-decision-to-assess': 'DecidedToAssess',
  assessing: 'DecidedToIssue',
  drafting: 'DraftPlanIssued',
  'draft-period': 'FinalPlanIssued',
};

/**
 * The plan's deadlines on a maintained plan (docs/plan-life.md#one-log) and the event that meets each
 * (plan-deadlines.ts): the task is the deadline's own label, the action the plan event.
 */
const PLAN_STEP: Record<string, string> = {
  'annual-review': 'ReviewMeetingHeld',
  'review-invitation': 'ReviewMeetingHeld',
  'review-advice': 'ReviewMeetingHeld',
  'review-report': 'ReviewReportSent',
  'review-decision': 'ReviewDecisionNotified',
  'review-amendments': 'AmendmentsProposed',
  'amended-plan': 'PlanAmended',
  'phase-transfer': 'AmendmentsProposed',
  'reassessment-decision': 'ReassessmentDecided',
  'reassessment-plan': 'PlanAmended',
  'transfer-out': 'TransferredOut',
  'tribunal-amended-plan': 'AmendedPlanIssued',
  'mediation-agreed-action': 'AgreedActionDone',
};

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** What the caseworker has to do about one open deadline, and the case-page action that does it. */
export function taskFor(item: WorkItem): WorkTask {
  const when = dueWhen(item);
  const inDays =
    item.daysLeft > 1 && item.daysLeft <= 6 ? `due in ${item.daysLeft} days` : item.daysLeft < 0 ? when : `due ${when}`;
  const task = (text: string, event: string): WorkTask => ({ text, event, action: ACTION_LABELS[event] ?? event });
  switch (item.kind) {
    case 'decision-to-assess':
      return task(`Decide whether to assess ${item.daysLeft < 0 ? `(this ${when})` : when}`, 'DecidedToAssess');
    case 'advice': {
      const who = item.provider ? lower(PROVIDER_LABELS[item.provider] ?? item.provider) : 'the adviser’s';
      return task(`Chase the ${who} advice: ${inDays}`, 'AdviceReceived');
    }
    case 'draft-period':
      return item.daysLeft < 0
        ? task(`The family’s 15 days on the draft plan have ended: issue the final plan`, 'FinalPlanIssued')
        : task(
            `The family’s 15 days on the draft plan end ${item.daysLeft === 0 ? 'today' : when.replace(/^by /, 'on ')}`,
            'FinalPlanIssued',
          );
    case 'no-plan-notice':
      return task(`Decide whether to issue a plan: a decision not to must be notified ${when}`, 'DecidedToIssue');
    case 'final-plan': {
      // The 20 weeks run across every stage: the step that moves the case on is the one its stage is waiting for.
      const step = NEXT_STEP[item.stage] ?? 'FinalPlanIssued';
      return task(
        item.daysLeft < 0
          ? `The final plan ${when}: ${lower(ACTION_LABELS[step] ?? step)}`
          : `The final plan is due ${when}`,
        step,
      );
    }
    case 'setting-consultation':
      return task(`Chase the setting’s reply to the consultation: ${inDays}`, 'SettingResponded');
    case 'tribunal-draft':
      return task(`Issue the draft plan the tribunal ordered ${when}`, 'DraftPlanIssued');
    case 'tribunal-notify-assess':
      return task(`Notify the decision to assess, as the tribunal ordered, ${when}`, 'DecidedToAssess');
    case 'tribunal-no-plan':
      return task(`Decide whether to issue a plan, as the tribunal ordered, ${when}`, 'DecidedToIssue');
    case 'tribunal-final-plan':
      return task(`Issue the final plan the tribunal ordered ${when}`, 'FinalPlanIssued');
    default:
      return task(`${item.label}: ${inDays}`, PLAN_STEP[item.kind] ?? 'CaseworkerAssigned');
  }
}

export interface WorkGroup {
  key: string;
  heading: string;
  items: (WorkItem & { task: WorkTask })[];
}

/** Overdue, today, this week (the next 6 days), next week; soonest first within each, as the server sorted them. */
export function groupWork(items: WorkItem[]): WorkGroup[] {
  const groups: WorkGroup[] = [
    { key: 'overdue', heading: 'Overdue', items: [] },
    { key: 'today', heading: 'Today', items: [] },
    { key: 'week', heading: 'This week', items: [] },
    { key: 'next', heading: 'Next week', items: [] },
  ];
  for (const i of items) {
    const g = i.daysLeft < 0 ? 0 : i.daysLeft === 0 ? 1 : i.daysLeft <= 6 ? 2 : 3;
    groups[g]!.items.push({ ...i, task: taskFor(i) });
  }
  return groups.filter((g) => g.items.length);
}
