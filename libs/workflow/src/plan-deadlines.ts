// Deadlines of a maintained plan, derived from its event history and "today" (docs/plan-life.md#time-limits), with
// the same statuses and rules as the assessment's (deadlines.ts): a due date is computed once from the event that
// starts its clock and never moves; the plan ending here (ceased, transferred out) stops every clock still running.
// Counting: the day of the starting event is day 0, "within 2 weeks of the meeting" = on or before meeting + 14.
// Pure: "today" and the bank holidays are parameters.
import { addDays, daysBetween, type IsoDate } from './dates.js';
import type { Deadline } from './deadlines.js';
import type { PlanEvent, PlanEventOf } from './plan-events.js';
import { lastDayOfMonthsStartingWith, phaseTransferDue, transferOutDue } from './plan-periods.js';

export const PLAN_DEADLINE_KINDS = [
  'annual-review', // s44(1); reg 15(5) after a transfer in
  'review-invitation', // reg 20(3)/21(3): at least 2 weeks before the meeting
  'review-advice', // reg 20(4)/21(4): advice circulated at least 2 weeks before the meeting
  'review-report', // reg 20(7)/21(7): within 2 weeks of the meeting
  'review-decision', // reg 20: decision notified within 4 weeks of the meeting
  'review-amendments', // reg 22(2) with R (L, M, P) v Devon CC [2022]: proposed amendments with the 4-week decision
  'amended-plan', // reg 22(3)-(4): amended plan (or notice not to amend) within 8 weeks of the proposals
  'phase-transfer', // reg 18(1)-(2)
  'reassessment-decision', // regs 24-25 (◐): decision within 15 days of the request
  'reassessment-plan', // reg 27(2): within 14 weeks of the decision to re-assess
  'transfer-in-notice', // reg 15(4): within 6 weeks of the transfer
  'transfer-out', // reg 15(2)
] as const;
export type PlanDeadlineKind = (typeof PLAN_DEADLINE_KINDS)[number];

/** Day lengths of the plan's week-based limits (day 0 = the starting event). */
export const PLAN_LIMIT_DAYS = {
  reviewNoticeBefore: 14, // reg 20(3)/21(3) "at least 2 weeks' notice"
  adviceBefore: 14, // reg 20(4)/21(4) "at least 2 weeks before the review meeting"
  reviewReport: 14, // reg 20(7)/21(7) "within 2 weeks of the review meeting"
  reviewDecision: 28, // reg 20 "within 4 weeks of the review meeting"
  amendedPlan: 56, // reg 22(3) "within 8 weeks of the local authority sending a copy of the EHC plan"
  reassessmentDecision: 15, // reg 25(1) as described to us (text not seen): 15 days of the request
  reassessmentPlan: 98, // reg 27(2) "within 14 weeks"
  transferInNotice: 42, // reg 15(4) "within 6 weeks"
} as const;

/** reg 15(5)(b): months after a transfer in within which the new council may still hold the first review. */
export const TRANSFER_IN_REVIEW_MONTHS = 3;

/**
 * A time limit of the maintained plan: the same shape as an assessment's Deadline (deadlines.ts: due, from, status,
 * metOn, daysLate, …), with the plan's own kinds and subjects. Plan limits take no exceptions here (reg 27(3) not
 * modelled), so it has no exceptionIds. Ids are stable across replays, no ':' — e.g. 'annual-review-2'.
 */
export interface PlanDeadline extends Omit<Deadline, 'kind' | 'exceptionIds' | 'subject'> {
  kind: PlanDeadlineKind;
  subject?: { reviewId?: string; amendmentId?: string; transferId?: string; reassessmentId?: string };
}

export interface PlanDeadlineOptions {
  today: IsoDate;
  /** Bank holidays for reg 15(2)'s working days (weekends never count). */
  bankHolidays?: readonly IsoDate[];
  /**
   * Only deadlines of these kinds (a measure that reads a few kinds need not derive the rest): the same deadlines,
   * in the same order, as every deadline filtered by kind (a property test in plan-deadlines.spec.ts shows it).
   */
  kinds?: readonly PlanDeadlineKind[];
}

type Outcome = { kind: 'met'; on: IsoDate } | { kind: 'stopped'; on: IsoDate } | { kind: 'open' };

function resolve(base: Omit<PlanDeadline, 'status'>, outcome: Outcome, today: IsoDate): PlanDeadline {
  const late = (end: IsoDate) => ({ status: 'missed' as const, daysLate: daysBetween(base.due, end) });
  switch (outcome.kind) {
    case 'met':
      return outcome.on <= base.due
        ? { ...base, status: 'met', metOn: outcome.on }
        : { ...base, ...late(outcome.on), metOn: outcome.on };
    case 'stopped':
      return outcome.on <= base.due
        ? { ...base, status: 'not-applicable', stoppedOn: outcome.on }
        : { ...base, ...late(outcome.on), stoppedOn: outcome.on };
    case 'open':
      return today <= base.due ? { ...base, status: 'pending' } : { ...base, ...late(today) };
  }
}

const ENDS = (e: PlanEvent) => e.type === 'PlanCeased' || e.type === 'TransferredOut';

/** The first event after `from` that meets the duty decides; the plan ending first stops the clock. */
function scan(
  events: readonly PlanEvent[],
  from: number,
  meets: (e: PlanEvent) => boolean,
  stopsToo: (e: PlanEvent) => boolean = ENDS,
): Outcome {
  for (let i = from; i < events.length; i++) {
    const e = events[i]!;
    if (meets(e)) return { kind: 'met', on: e.date };
    if (stopsToo(e)) return { kind: 'stopped', on: e.date };
  }
  return { kind: 'open' };
}

/** The kinds a review meeting starts (reg 20): derived from the meeting, skipped when none is wanted. */
const REVIEW_MEETING_KINDS: readonly PlanDeadlineKind[] = [
  'review-invitation',
  'review-advice',
  'review-report',
  'review-decision',
  'review-amendments',
];

/** Every deadline of a plan, in a stable order (reviews, then per-review limits, amendments, transfers, re-assessments). */
export function derivePlanDeadlines(history: readonly PlanEvent[], opts: PlanDeadlineOptions): PlanDeadline[] {
  const first = history[0];
  if (!first || (first.type !== 'PlanIssued' && first.type !== 'PlanTransferredIn')) return [];
  const today = opts.today;
  const holidays = new Set(opts.bankHolidays ?? []);
  const out: PlanDeadline[] = [];
  const add = (base: Omit<PlanDeadline, 'status'>, outcome: Outcome) => out.push(resolve(base, outcome, today));
  const only = opts.kinds === undefined ? undefined : new Set<PlanDeadlineKind>(opts.kinds);
  const wants = (k: PlanDeadlineKind) => only === undefined || only.has(k);
  const wantsReview = REVIEW_MEETING_KINDS.some(wants);

  // --- Annual reviews (s44(1)): the first within 12 months starting with the day the plan was first made; each later
  // one within 12 months starting with the day the previous review's decision was notified (the review concludes
  // with the decision, not the meeting). Each review is met by its decision being notified in time.
  let anchor: { due: IsoDate; from: IsoDate; measuredFrom: string; regulation: string };
  if (first.type === 'PlanIssued') {
    anchor = {
      from: first.date,
      due: lastDayOfMonthsStartingWith(first.date, 12),
      measuredFrom: 'plan first issued',
      regulation: 's44(1)',
    };
  } else {
    // reg 15(5): the new council reviews before the later of 12 months from the old council's issue or last review,
    // and 3 months from the transfer.
    const oldAnchor = first.lastReviewedOn ?? first.firstMadeOn;
    const a = lastDayOfMonthsStartingWith(oldAnchor, 12);
    const b = lastDayOfMonthsStartingWith(first.date, TRANSFER_IN_REVIEW_MONTHS);
    anchor =
      a >= b
        ? {
            from: oldAnchor,
            due: a,
            measuredFrom: first.lastReviewedOn ? "old council's last review decision" : 'plan first made',
            regulation: 'reg 15(5)(a)',
          }
        : { from: first.date, due: b, measuredFrom: 'transfer in', regulation: 'reg 15(5)(b)' };
  }
  const decisions = history.flatMap((e, i) => (e.type === 'ReviewDecisionNotified' ? [{ e, i }] : []));
  for (let k = 0; wants('annual-review'); k++) {
    const startIdx = k === 0 ? 0 : decisions[k - 1]!.i;
    const next = decisions[k];
    const ended = history.slice(startIdx + 1).find(ENDS);
    const outcome: Outcome =
      next && (!ended || history.indexOf(ended) > next.i)
        ? { kind: 'met', on: next.e.date }
        : ended
          ? { kind: 'stopped', on: ended.date }
          : { kind: 'open' };
    add({ id: `annual-review-${k + 1}`, kind: 'annual-review', statutory: true, ...anchor }, outcome);
    if (outcome.kind !== 'met') break;
    anchor = {
      from: next!.e.date,
      due: lastDayOfMonthsStartingWith(next!.e.date, 12),
      measuredFrom: 'previous review decision notified',
      regulation: 's44(1)',
    };
  }

  history.forEach((e, i) => {
    switch (e.type) {
      case 'ReviewMeetingHeld':
        if (wantsReview) reviewDeadlines(e, i);
        break;
      case 'AmendmentsProposed':
        if (!wants('amended-plan')) break;
        // reg 22(3)-(4): the amended plan, or the notice that it will not be amended, within 8 weeks of the proposals.
        add(
          {
            id: `amended-plan-${e.amendmentId}`,
            kind: 'amended-plan',
            from: e.date,
            due: addDays(e.date, PLAN_LIMIT_DAYS.amendedPlan),
            measuredFrom: 'proposed amendments sent',
            regulation: 'reg 22(3)',
            statutory: true,
            subject: { amendmentId: e.amendmentId },
          },
          scan(
            history,
            i + 1,
            (x) => (x.type === 'PlanAmended' || x.type === 'AmendmentsDropped') && x.amendmentId === e.amendmentId,
          ),
        );
        break;
      case 'PhaseTransferDue': {
        if (!wants('phase-transfer')) break;
        const rule = phaseTransferDue(e.transfer, e.movesOn);
        if (!rule) break; // a move into a school sixth form: no reg 18 date (plan-periods.ts)
        // reg 18: met by an amended plan naming the setting after this transfer.
        const namingIds = new Set(
          history.flatMap((x) =>
            x.type === 'AmendmentsProposed' && x.transferId === e.transferId ? [x.amendmentId] : [],
          ),
        );
        add(
          {
            id: `phase-transfer-${e.transferId}`,
            kind: 'phase-transfer',
            from: e.date,
            due: rule.due,
            measuredFrom: e.transfer === 'post-16-to-post-16' ? 'date of the move' : 'calendar year of the transfer',
            regulation: rule.regulation,
            statutory: true,
            subject: { transferId: e.transferId },
          },
          scan(history, 0, (x) => x.type === 'PlanAmended' && namingIds.has(x.amendmentId)),
        );
        break;
      }
      case 'ReassessmentRequested':
        if (!wants('reassessment-decision')) break;
        add(
          {
            id: `reassessment-decision-${e.reassessmentId}`,
            kind: 'reassessment-decision',
            from: e.date,
            due: addDays(e.date, PLAN_LIMIT_DAYS.reassessmentDecision),
            measuredFrom: 're-assessment requested',
            regulation: 'reg 25(1)',
            statutory: true,
            subject: { reassessmentId: e.reassessmentId },
          },
          scan(history, i + 1, (x) => x.type === 'ReassessmentDecided' && x.reassessmentId === e.reassessmentId),
        );
        break;
      case 'ReassessmentDecided': {
        if (e.decision !== 'reassess' || !wants('reassessment-plan')) break;
        const amendmentIds = new Set(
          history.flatMap((x) =>
            x.type === 'AmendmentsProposed' && x.reassessmentId === e.reassessmentId ? [x.amendmentId] : [],
          ),
        );
        add(
          {
            id: `reassessment-plan-${e.reassessmentId}`,
            kind: 'reassessment-plan',
            from: e.date,
            due: addDays(e.date, PLAN_LIMIT_DAYS.reassessmentPlan),
            measuredFrom: 'decision to re-assess notified',
            regulation: 'reg 27(2)',
            statutory: true,
            subject: { reassessmentId: e.reassessmentId },
          },
          scan(
            history,
            i + 1,
            (x) =>
              (x.type === 'PlanAmended' && amendmentIds.has(x.amendmentId)) ||
              (x.type === 'ReassessmentNoAmendment' && x.reassessmentId === e.reassessmentId),
          ),
        );
        break;
      }
      case 'PlanTransferredIn':
        if (!wants('transfer-in-notice')) break;
        add(
          {
            id: 'transfer-in-notice',
            kind: 'transfer-in-notice',
            from: e.date,
            due: addDays(e.date, PLAN_LIMIT_DAYS.transferInNotice),
            measuredFrom: 'transfer in',
            regulation: 'reg 15(4)',
            statutory: true,
          },
          scan(history, i + 1, (x) => x.type === 'TransferInNoticeSent'),
        );
        break;
      case 'MoveNotified':
        // reg 15(2): met by the transfer itself; a cease (e.g. the move fell through and the plan ended) stops it.
        if (!wants('transfer-out')) break;
        add(
          {
            id: 'transfer-out',
            kind: 'transfer-out',
            from: e.date,
            due: transferOutDue(e.date, e.movesOn, holidays),
            measuredFrom: 'council became aware of the move',
            regulation: 'reg 15(2)',
            statutory: true,
          },
          scan(
            history,
            i + 1,
            (x) => x.type === 'TransferredOut',
            (x) => x.type === 'PlanCeased',
          ),
        );
        break;
      default:
        break;
    }
  });
  return out;

  function reviewDeadlines(m: PlanEventOf<'ReviewMeetingHeld'>, i: number): void {
    const subject = { reviewId: m.reviewId };
    const before = addDays(m.date, -PLAN_LIMIT_DAYS.reviewNoticeBefore);
    // regs 20(3), 20(4): known the moment the meeting is recorded — met iff sent at least 2 weeks before it.
    if (wants('review-invitation'))
      add(
        {
          id: `review-invitation-${m.reviewId}`,
          kind: 'review-invitation',
          from: m.date,
          due: before,
          measuredFrom: 'review meeting (2 weeks before)',
          regulation: 'reg 20(3)',
          statutory: true,
          subject,
        },
        { kind: 'met', on: m.invitedOn },
      );
    if (wants('review-advice'))
      add(
        {
          id: `review-advice-${m.reviewId}`,
          kind: 'review-advice',
          from: m.date,
          due: addDays(m.date, -PLAN_LIMIT_DAYS.adviceBefore),
          measuredFrom: 'review meeting (2 weeks before)',
          regulation: 'reg 20(4)',
          statutory: true,
          subject,
        },
        // not circulated before the meeting: the meeting day closes the duty unmet
        m.adviceCirculatedOn ? { kind: 'met', on: m.adviceCirculatedOn } : { kind: 'stopped', on: m.date },
      );
    if (wants('review-report'))
      add(
        {
          id: `review-report-${m.reviewId}`,
          kind: 'review-report',
          from: m.date,
          due: addDays(m.date, PLAN_LIMIT_DAYS.reviewReport),
          measuredFrom: 'review meeting',
          regulation: 'reg 20(7)',
          statutory: true,
          subject,
        },
        scan(history, i + 1, (x) => x.type === 'ReviewReportSent' && x.reviewId === m.reviewId),
      );
    if (wants('review-decision'))
      add(
        {
          id: `review-decision-${m.reviewId}`,
          kind: 'review-decision',
          from: m.date,
          due: addDays(m.date, PLAN_LIMIT_DAYS.reviewDecision),
          measuredFrom: 'review meeting',
          regulation: 'reg 20',
          statutory: true,
          subject,
        },
        scan(history, i + 1, (x) => x.type === 'ReviewDecisionNotified' && x.reviewId === m.reviewId),
      );
    const decision = history.find(
      (x): x is PlanEventOf<'ReviewDecisionNotified'> =>
        x.type === 'ReviewDecisionNotified' && x.reviewId === m.reviewId,
    );
    if (decision?.decision === 'amend' && wants('review-amendments')) {
      // R (L, M, P) v Devon CC [2022]: the proposed amendments go with the decision, within the same 4 weeks.
      add(
        {
          id: `review-amendments-${m.reviewId}`,
          kind: 'review-amendments',
          from: m.date,
          due: addDays(m.date, PLAN_LIMIT_DAYS.reviewDecision),
          measuredFrom: 'review meeting',
          regulation: 'reg 22(2); R (L, M, P) v Devon CC [2022]',
          statutory: true,
          subject,
        },
        scan(history, i + 1, (x) => x.type === 'AmendmentsProposed' && x.reviewId === m.reviewId),
      );
    }
  }
}

/** The earliest pending plan deadline (ties by id). */
export function nextPlanDeadline(deadlines: readonly PlanDeadline[]): PlanDeadline | undefined {
  return deadlines
    .filter((d) => d.status === 'pending')
    .sort((a, b) => (a.due !== b.due ? (a.due < b.due ? -1 : 1) : a.id < b.id ? -1 : 1))[0];
}
