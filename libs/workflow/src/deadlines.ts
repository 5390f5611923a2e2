// Deadlines of a case, derived from its event history and "today" (docs/law.md#time-limits).
// A due date is computed once from the event that starts the clock and never moves; exceptions only
// change a missed deadline's status to 'excepted' (docs/law.md#exceptions). Pure: "today" is a parameter.
//
// Clock "epochs": the original request (D0) starts the reg 5/10/13 clocks; each tribunal order starts
// its own reg 44(2) clocks. A clock is discharged only by events before the next order; the original
// clocks keep D0 through an LA reversal (R (W) v Hertfordshire CC [2023]).
import { addDays, daysBetween, type IsoDate } from './dates.js';
import { TIME_LIMIT_DAYS, type DeadlineKind } from './deadline-kinds.js';
import {
  ORDERS_ON_THE_PLAN,
  type AppealNotOpposed,
  type CaseEvent,
  type CaseEventType,
  type ExceptionRecorded,
  type MediationAgreementReached,
  type TribunalOrderMade,
} from './events.js';
import { AGREED_ACTION_DAYS } from './reg42-mediation-agreement.js';
import { exceptionCovers } from './exceptions.js';
import { needsImpracticalityReason } from './exception-impracticality.js';
import { notifiedOn } from './notices.js';
import { amendedPlanLimit, startsTribunalClocks } from './reg45-unopposed-appeal.js';
import { planDeadlinesOfCase } from './plan-on-case.js';
import type { PlanDeadlineKind } from './plan-deadlines.js';

export type { DeadlineKind } from './deadline-kinds.js';
export { DEADLINE_KINDS, TIME_LIMIT_DAYS } from './deadline-kinds.js';

/** not-applicable: the clock stopped for a reason that is not meeting it (withdrawn, moved out, refused, superseded). */
export type DeadlineStatus = 'pending' | 'met' | 'missed' | 'excepted' | 'not-applicable';

/**
 * Open = the duty is still to be done: not met and still applicable. A missed or excepted deadline stays open (the
 * duty to act "as soon as practicable" remains), so it stays at the head of the caseworker's list and the queue.
 */
export const OPEN_DEADLINE_STATUSES = ['pending', 'missed', 'excepted'] as const satisfies readonly DeadlineStatus[];

export interface Deadline {
  /** Deterministic and stable across replays, no ':' — e.g. 'decision-to-assess', 'advice-ep', 'setting-consultation-c1'. */
  id: string;
  /** An assessment's kind (deadline-kinds.ts) or, after the final plan, the maintained plan's (plan-deadlines.ts). */
  kind: DeadlineKind | PlanDeadlineKind;
  due: IsoDate;
  from: IsoDate;
  measuredFrom: string;
  regulation: string;
  /** false for guidance (CoP 9.83 15-day school response). */
  statutory: boolean;
  status: DeadlineStatus;
  /** Date of the event that discharged the duty (may be after `due` when met late → 'missed'/'excepted'). */
  metOn?: IsoDate;
  /** Date the clock stopped without being met (withdrawn, moved out). */
  stoppedOn?: IsoDate;
  /** For missed/excepted: (metOn ?? stoppedOn ?? today) − due, > 0. */
  daysLate?: number;
  /** Active exceptions that cover this limit (status is 'excepted' only if it was missed). */
  exceptionIds: string[];
  subject?: {
    adviceId?: string;
    provider?: string;
    consultationId?: string;
    order?: string;
    reviewId?: string;
    amendmentId?: string;
    transferId?: string;
    reassessmentId?: string;
  };
}

export interface DeadlineOptions {
  today: IsoDate;
  /** Default 140 (reg 13(2), docs/law.md#counting-days configurable boundary). */
  finalPlanDays?: number;
}

type Outcome =
  | { kind: 'met'; on: IsoDate }
  | { kind: 'stopped'; on: IsoDate } // clock stopped unmet: N/A if on or before due, otherwise missed
  | { kind: 'void' } // the limit no longer applies (e.g. no-plan notice once the LA decides to issue)
  | { kind: 'open' };

const CLOSING: CaseEventType[] = ['RequestWithdrawn', 'MovedOutOfArea'];

/**
 * Scan a window of events in log order: the first event that meets, voids or stops the clock decides.
 * If none does: 'void' if the window ended in a tribunal order (superseded) or in an unreversed
 * refusal when `voidIfRefused`, else 'open'. The window is `events` from index `from` up to (not including) `end`:
 * a window is read in place, not copied (a copy of the rest of the history for each advice request and consultation
 * made the derivation quadratic in garbage, on every command).
 */
function scan(
  events: readonly CaseEvent[],
  rule: {
    meets: (e: CaseEvent) => boolean;
    voids?: (e: CaseEvent) => boolean;
    stops?: (e: CaseEvent) => boolean;
    voidIfRefused?: boolean;
    superseded: boolean;
  },
  from = 0,
  end = events.length,
): Outcome {
  for (let i = from; i < end; i++) {
    const e = events[i]!;
    if (rule.meets(e)) {
      // A limit for a notice is met on the day the notice is sent (notices.ts).
      const on = notifiedOn(events, i, end);
      return on === null ? { kind: 'open' } : { kind: 'met', on };
    }
    if (rule.voids?.(e)) return { kind: 'void' };
    if (CLOSING.includes(e.type) || rule.stops?.(e)) return { kind: 'stopped', on: e.date };
  }
  if (rule.superseded) return { kind: 'void' };
  if (rule.voidIfRefused && endsRefused(events, from, end)) return { kind: 'void' };
  return { kind: 'open' };
}

/** The last decision in the window is a refusal (not reversed). */
function endsRefused(events: readonly CaseEvent[], from: number, end: number): boolean {
  for (let i = end - 1; i >= from; i--) {
    const t = events[i]!.type;
    if (t === 'DecidedToAssess' || t === 'DecidedToIssue') return false;
    if (t === 'DecidedNotToAssess' || t === 'DecidedNotToIssue') return true;
  }
  return false;
}

const is = (t: CaseEventType) => (e: CaseEvent) => e.type === t;

/**
 * reg 10(1): deciding to issue makes the "no plan" limit not-applicable — unless the LA later decides not to issue
 * after all (after a draft, say): that refusal is then timed by the limit.
 */
const issuedForGood = (window: readonly CaseEvent[]) => (e: CaseEvent) =>
  e.type === 'DecidedToIssue' && !window.slice(window.indexOf(e) + 1).some(is('DecidedNotToIssue'));

/**
 * All deadlines of the case, in a stable order (clock order, then advice and consultations by id order of
 * appearance), then, after the final plan, the maintained plan's (plan-deadlines.ts, docs/plan-life.md#time-limits).
 */
export function deriveDeadlines(history: readonly CaseEvent[], opts: DeadlineOptions): Deadline[] {
  const assessment = assessmentDeadlines(history, opts);
  // The plan's deadlines begin at the final plan, or at a plan transferred in (reg 15: the case's first event).
  if (!history.some((e) => e.type === 'FinalPlanIssued') && history[0]?.type !== 'TransferredPlanReceived')
    return assessment;
  // Plan limits take no exceptions here (reg 27(3) not modelled): none is recorded against them.
  return [...assessment, ...planDeadlinesOfCase(history, opts.today).map((d) => ({ ...d, exceptionIds: [] }))];
}

function assessmentDeadlines(history: readonly CaseEvent[], opts: DeadlineOptions): Deadline[] {
  const first = history[0];
  if (!first || first.type !== 'RequestReceived') return [];
  const d0 = first.date;
  const today = opts.today;
  const finalPlanDays = opts.finalPlanDays ?? TIME_LIMIT_DAYS.finalPlanDefault;
  const exceptions = activeExceptions(history);
  const out: Deadline[] = [];
  const add = (
    base: Omit<Deadline, 'status' | 'exceptionIds'> & { kind: DeadlineKind },
    outcome: Outcome,
    conditional = false,
  ) => out.push(resolve(base, outcome, today, exceptions, conditional));

  // Clock epochs: a tribunal order (reg 44(2)) or an unopposed appeal against a refusal (reg 45(3)/(5)) supersedes
  // the clocks before it; the LA's own reversal does not (it keeps D0).
  const orderIdx = history.flatMap((e, i) => (startsTribunalClocks(e) ? [i] : []));
  const epoch0 = history.slice(0, orderIdx[0] ?? history.length);
  const superseded0 = orderIdx.length > 0;

  // reg 5(1): decide whether to assess within 6 weeks of receiving the request (D0 + 42).
  add(
    {
      id: 'decision-to-assess',
      kind: 'decision-to-assess',
      from: d0,
      due: addDays(d0, TIME_LIMIT_DAYS.decisionToAssess),
      measuredFrom: 'request received',
      regulation: 'reg 5(1)',
      statutory: true,
    },
    scan(epoch0, {
      meets: (e) => e.type === 'DecidedToAssess' || e.type === 'DecidedNotToAssess',
      superseded: superseded0,
    }),
  );
  // reg 10(1): a decision not to issue must be notified within 16 weeks (D0 + 112). The limit only bites
  // if the outcome is "no plan" (docs/law.md#the-statechart): deciding to issue makes it not-applicable, and
  // passing day 112 undecided lapses it rather than breaching it.
  add(
    {
      id: 'no-plan-notice',
      kind: 'no-plan-notice',
      from: d0,
      due: addDays(d0, TIME_LIMIT_DAYS.noPlanNotice),
      measuredFrom: 'request received',
      regulation: 'reg 10(1)',
      statutory: true,
    },
    scan(epoch0, {
      meets: is('DecidedNotToIssue'),
      voids: issuedForGood(epoch0),
      voidIfRefused: true,
      superseded: superseded0,
    }),
    true,
  );
  // reg 13(2): final plan within 20 weeks (D0 + finalPlanDays, default 140; met iff issued on or before).
  add(
    {
      id: 'final-plan',
      kind: 'final-plan',
      from: d0,
      due: addDays(d0, finalPlanDays),
      measuredFrom: 'request received',
      regulation: 'reg 13(2)',
      statutory: true,
    },
    scan(epoch0, { meets: is('FinalPlanIssued'), voidIfRefused: true, superseded: superseded0 }),
  );

  // reg 44(2)(b)/(c): each tribunal order has its own clocks, measured from the order date; reg 45(3)/(3A), and reg 45 for a refusal to issue:
  // an unopposed appeal has the same periods, measured from the day the LA told the Tribunal.
  const seen = { tribunal: 0, unopposed: 0, mediation: 0 };
  orderIdx.forEach((idx, k) => {
    const start = history[idx] as TribunalOrderMade | AppealNotOpposed | MediationAgreementReached;
    const window = history.slice(idx + 1, orderIdx[k + 1] ?? history.length);
    const superseded = k + 1 < orderIdx.length;
    const unopposed = start.type === 'AppealNotOpposed';
    const agreed = start.type === 'MediationAgreementReached';
    const prefix = unopposed ? 'unopposed' : agreed ? 'mediation' : 'tribunal';
    const n = ++seen[prefix];
    const suffix = n === 1 ? '' : `-${n}`;
    const assess =
      start.type === 'AppealNotOpposed'
        ? start.against === 'refusal-to-assess'
        : start.type === 'MediationAgreementReached'
          ? start.agreement === 'assess'
          : start.order === 'assess';
    // reg 44(1): the Tribunal may direct other periods; those dates replace reg 44(2)'s.
    const directed = (field: 'notifyBy' | 'noPlanBy' | 'draftBy' | 'finalBy', days: number, reg: string) => {
      const v = start.type === 'TribunalOrderMade' ? start[field] : undefined;
      return v ? { due: v, regulation: 'reg 44(1)' } : { due: addDays(start.date, days), regulation: reg };
    };
    const measuredFrom = unopposed
      ? 'LA told the Tribunal it would not oppose the appeal'
      : agreed
        ? 'mediation agreement (reg 42)'
        : 'tribunal order';
    const common = {
      from: start.date,
      measuredFrom,
      statutory: true,
      subject: { order: assess ? 'assess' : 'make-plan' },
    };
    // reg 42: a mediation agreement runs reg 44(2)'s periods from its date
    const viaMediation = (d: { due: string; regulation: string }) =>
      agreed ? { ...d, regulation: `reg 42 (${d.regulation})` } : d;
    if (assess) {
      add(
        {
          ...common,
          id: `${prefix}-notify-assess${suffix}`,
          kind: 'tribunal-notify-assess',
          ...viaMediation(directed('notifyBy', TIME_LIMIT_DAYS.tribunalNotifyAssess, 'reg 44(2)(b)')),
          ...(unopposed ? { regulation: 'reg 45(3)' } : {}),
        },
        scan(window, { meets: is('DecidedToAssess'), superseded }),
      );
      add(
        {
          ...common,
          id: `${prefix}-no-plan${suffix}`,
          kind: 'tribunal-no-plan',
          ...viaMediation(directed('noPlanBy', TIME_LIMIT_DAYS.tribunalNoPlan, 'reg 44(2)(b)')),
          ...(unopposed ? { regulation: 'reg 45(3A)(a)' } : {}),
        },
        scan(window, { meets: is('DecidedNotToIssue'), voids: issuedForGood(window), voidIfRefused: true, superseded }),
        true,
      );
      add(
        {
          ...common,
          id: `${prefix}-final-plan${suffix}`,
          kind: 'tribunal-final-plan',
          ...viaMediation(directed('finalBy', TIME_LIMIT_DAYS.tribunalFinalAfterAssess, 'reg 44(2)(b)')),
          ...(unopposed ? { regulation: 'reg 45(3A)(b)' } : {}),
        },
        scan(window, { meets: is('FinalPlanIssued'), voidIfRefused: true, superseded }),
      );
    } else {
      add(
        {
          ...common,
          id: `${prefix}-draft${suffix}`,
          kind: 'tribunal-draft',
          ...viaMediation(directed('draftBy', TIME_LIMIT_DAYS.tribunalDraft, 'reg 44(2)(c)')),
          ...(unopposed ? { regulation: 'reg 45' } : {}),
        },
        scan(window, { meets: is('DraftPlanIssued'), superseded }),
      );
      add(
        {
          ...common,
          id: `${prefix}-final-plan${suffix}`,
          kind: 'tribunal-final-plan',
          ...viaMediation(directed('finalBy', TIME_LIMIT_DAYS.tribunalFinalAfterMakePlan, 'reg 44(2)(c)')),
          ...(unopposed ? { regulation: 'reg 45' } : {}),
        },
        scan(window, { meets: is('FinalPlanIssued'), superseded }),
      );
    }
  });

  // An order on the plan itself: reg 44(2)(e) amend the special educational provision within 5 weeks of the order,
  // reg 44(2)(f) amend only the school or type named within 2 weeks; a date the Tribunal directed replaces either
  // (reg 44(1)). 'amend-plan' (no paragraph named) has a clock only where a date was directed.
  let amendOrders = 0;
  history.forEach((e, i) => {
    if (e.type !== 'TribunalOrderMade' || !ORDERS_ON_THE_PLAN.includes(e.order)) return;
    const period =
      e.order === 'amend-provision'
        ? { days: TIME_LIMIT_DAYS.tribunalAmendProvision, regulation: 'reg 44(2)(e)' }
        : e.order === 'amend-school'
          ? { days: TIME_LIMIT_DAYS.tribunalAmendSchool, regulation: 'reg 44(2)(f)' }
          : undefined;
    const due = e.finalBy
      ? { due: e.finalBy, regulation: 'reg 44(1)' }
      : period
        ? { due: addDays(e.date, period.days), regulation: period.regulation }
        : undefined;
    if (!due) return;
    const suffix = ++amendOrders === 1 ? '' : `-${amendOrders}`;
    add(
      {
        id: `tribunal-amended-plan${suffix}`,
        kind: 'tribunal-amended-plan',
        from: e.date,
        ...due,
        measuredFrom: 'tribunal order',
        statutory: true,
        subject: { order: e.order },
      },
      scan(history, { meets: is('AmendedPlanIssued'), superseded: false }, i + 1),
    );
  });

  // reg 42: anything else agreed in mediation is done within 2 weeks, or by the date the parties agreed.
  history.forEach((e, i) => {
    if (e.type !== 'MediationAgreementReached' || e.agreement !== 'other') return;
    add(
      {
        id: `mediation-agreed-action-${e.agreementId}`,
        kind: 'mediation-agreed-action',
        from: e.date,
        due: e.doneBy ?? addDays(e.date, AGREED_ACTION_DAYS),
        measuredFrom: 'mediation agreement',
        regulation: 'reg 42',
        statutory: true,
      },
      scan(
        history,
        { meets: (x) => x.type === 'AgreedActionDone' && x.agreementId === e.agreementId, superseded: false },
        i + 1,
      ),
    );
  });

  // reg 45(4) and reg 45 (school only): an unopposed appeal about a plan already made — the amended plan within 5
  // weeks (content) or 2 weeks (the school or type named only) of telling the Tribunal.
  let amendedSeen = 0;
  history.forEach((e, i) => {
    if (e.type !== 'AppealNotOpposed') return;
    const limit = amendedPlanLimit(e, history);
    if (!limit) return;
    const suffix = ++amendedSeen === 1 ? '' : `-${amendedSeen}`;
    add(
      {
        id: `unopposed-amended-plan${suffix}`,
        kind: 'tribunal-amended-plan',
        from: e.date,
        due: addDays(e.date, limit.days),
        measuredFrom: 'LA told the Tribunal it would not oppose the appeal',
        regulation: limit.regulation,
        statutory: true,
      },
      scan(history, { meets: is('AmendedPlanIssued'), superseded: false }, i + 1),
    );
  });

  // reg 13(1)(a): representations on the draft — at least 15 days beginning with the day of service,
  // so the last day is served + 14. The period is "met" once it has run in full (the workflow will not
  // let the plan be finalised earlier); withdrawal during the period makes it not-applicable. An amended draft
  // served again gives the family a fresh 15 days ('draft-period-2', …); the 20-week date does not move.
  const services = history.flatMap((e, i) =>
    e.type === 'DraftPlanIssued' || e.type === 'AmendedDraftServed' ? [i] : [],
  );
  services.forEach((idx, k) => {
    const served = history[idx]!;
    const lastDay = addDays(served.date, TIME_LIMIT_DAYS.draftPeriod - 1);
    const after = history.slice(idx + 1);
    const stop = after.find((e) => CLOSING.includes(e.type) || e.type === 'DecidedNotToIssue');
    const id = k === 0 ? 'draft-period' : `draft-period-${k + 1}`;
    const base = {
      id,
      kind: 'draft-period' as const,
      from: served.date,
      due: lastDay,
      measuredFrom: k === 0 ? 'draft plan served' : 'amended draft served again',
      regulation: 'reg 13(1)',
      statutory: true,
    };
    if (stop && stop.date <= lastDay)
      out.push({ ...base, status: 'not-applicable', stoppedOn: stop.date, exceptionIds: [] });
    else if (today > lastDay || after.some(is('FinalPlanIssued')))
      out.push({ ...base, status: 'met', metOn: lastDay, exceptionIds: [] });
    else out.push({ ...base, status: 'pending', exceptionIds: [] });
  });

  history.forEach((e, i) => {
    if (e.type === 'AdviceRequested') {
      // reg 8(1): the body must comply within 6 weeks of the date on which it receives the request.
      const from = e.receivedByProvider ?? e.date;
      add(
        {
          id: `advice-${e.adviceId}`,
          kind: 'advice',
          from,
          due: addDays(from, TIME_LIMIT_DAYS.advice),
          measuredFrom: 'request for advice received by provider',
          regulation: 'reg 8(1)',
          statutory: true,
          subject: { adviceId: e.adviceId, provider: e.provider },
        },
        // The assessment ending (plan issued or "no plan") stops an advice clock that is still running.
        scan(
          history,
          {
            meets: (x) => x.type === 'AdviceReceived' && x.adviceId === e.adviceId,
            stops: (x) => x.type === 'FinalPlanIssued' || x.type === 'DecidedNotToIssue',
            superseded: false,
          },
          i + 1,
        ),
      );
    }
    if (e.type === 'SettingConsulted') {
      // CoP 9.83: the setting "should respond within 15 days" — guidance, so statutory: false.
      add(
        {
          id: `setting-consultation-${e.consultationId}`,
          kind: 'setting-consultation',
          from: e.date,
          due: addDays(e.date, TIME_LIMIT_DAYS.settingResponse),
          measuredFrom: 'setting consulted',
          regulation: 'CoP 9.83',
          statutory: false,
          subject: { consultationId: e.consultationId },
        },
        scan(
          history,
          {
            meets: (x) => x.type === 'SettingResponded' && x.consultationId === e.consultationId,
            stops: is('FinalPlanIssued'),
            superseded: false,
          },
          i + 1,
        ),
      );
    }
  });
  return out;
}

/**
 * `base` must be a new object of the caller's, not used again: it is completed into the deadline returned.
 * `conditional`: a limit that binds only one outcome (the "no plan" notices of reg 10(1) and reg 44(2)(b)).
 * Once its day has passed with no outcome it can no longer be met and is not yet breached — it lapses
 * ('not-applicable'); a refusal recorded later is a late notice and shows as missed on that date.
 */
function resolve(
  base: Omit<Deadline, 'status' | 'exceptionIds'> & { kind: DeadlineKind },
  outcome: Outcome,
  today: IsoDate,
  exceptions: ExceptionRecorded[],
  conditional = false,
): Deadline {
  const covering = exceptions.length ? exceptions.filter((x) => exceptionCovers(x, base)) : [];
  const exceptionIds = covering.map((x) => x.exceptionId);
  // `base` is the caller's new object, made for this one deadline: it becomes the deadline, its status, exceptions
  // and dates set on it, which gives the same keys in the same order as spreading it into a new object for the status
  // and another for each outcome did, without the copies (every deadline, every command).
  const d = base as Deadline;
  d.status = 'pending';
  d.exceptionIds = exceptionIds;
  // A limit passed unmet is 'missed', or 'excepted' if a valid exception covers it (regs 5(4), 8(2), 10(4), 13(3)) —
  // and, for personal circumstances shorter than the lateness, the caseworker said why the limit was still
  // impractical (reg 10(4): exception-impracticality.ts).
  const late = (end: IsoDate): Deadline => {
    const daysLate = daysBetween(base.due, end);
    d.status = covering.some((x) => !needsImpracticalityReason(x, daysLate)) ? 'excepted' : 'missed';
    d.daysLate = daysLate;
    return d;
  };
  switch (outcome.kind) {
    case 'met':
      if (outcome.on <= base.due) d.status = 'met';
      else late(outcome.on);
      d.metOn = outcome.on;
      return d;
    case 'stopped':
      if (outcome.on <= base.due) d.status = 'not-applicable';
      else late(outcome.on);
      d.stoppedOn = outcome.on;
      return d;
    case 'void':
      d.status = 'not-applicable';
      return d;
    case 'open':
      if (today <= base.due) return d;
      if (!conditional) return late(today);
      d.status = 'not-applicable';
      return d;
  }
}

/** Recorded exceptions that have not been withdrawn. */
export function activeExceptions(history: readonly CaseEvent[]): ExceptionRecorded[] {
  // Most cases record none: answered without building the set of withdrawn ones (every command derives this).
  if (!history.some((e) => e.type === 'ExceptionRecorded')) return [];
  const withdrawn = new Set(history.flatMap((e) => (e.type === 'ExceptionWithdrawn' ? [e.exceptionId] : [])));
  return history.filter((e): e is ExceptionRecorded => e.type === 'ExceptionRecorded' && !withdrawn.has(e.exceptionId));
}

/** The earliest pending deadline (ties: statutory first, then id). */
export function nextDeadline(deadlines: Deadline[]): Deadline | undefined {
  return deadlines
    .filter((d) => d.status === 'pending')
    .sort((a, b) =>
      a.due !== b.due
        ? a.due < b.due
          ? -1
          : 1
        : a.statutory !== b.statutory
          ? a.statutory
            ? -1
            : 1
          : a.id < b.id
            ? -1
            : a.id > b.id
              ? 1
              : 0,
    )[0];
}
