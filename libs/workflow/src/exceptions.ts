// The statutory exceptions to the time limits, as predicates (docs/law.md#exceptions).
// An exception never moves a due date: it makes missing the limit lawful ('excepted', not 'missed').
// Each check below names the regulation whose wording it encodes.
import { addDays, daysBetween, overlapDays, type IsoDate } from './dates.js';
import { TIME_LIMIT_DAYS, type DeadlineKind } from './deadline-kinds.js';
import type { AdviceRequested, CaseEvent, ExceptionKind, ExceptionRecorded } from './events.js';
import type { WorkflowError } from './errors.js';

/** A continuous closure of a school, post-16 institution or early-years provider. */
export interface ClosurePeriod {
  settingId?: string;
  /** First day closed (the docs/law.md#counting-days worked example uses the day term ends). */
  closedFrom: IsoDate;
  /** Day it re-opens. */
  reopensOn: IsoDate;
}

/** "a continuous period of not less than 4 weeks" (regs 5(4), 8(2)(b), 10(4)). */
export const FOUR_WEEKS = 28;
/** SI 2020/471 was in force 1 May 2020 to 25 September 2020 inclusive (docs/law.md#exceptions). */
export const CORONAVIRUS_PERIOD = { from: '2020-05-01', to: '2020-09-25' } as const;

/**
 * Limits set by a Tribunal order (reg 44(2)) or by an unopposed appeal (reg 45) have their own exceptions (reg 44(3)
 * and reg 45's equivalent): exceptional personal circumstances, absence from the area for at least 2 weeks (not 4),
 * the family wishing to comment after the 15 days, and the closures — and no missed-appointment exception.
 */
export const TRIBUNAL_LIMITS: readonly DeadlineKind[] = [
  'tribunal-notify-assess',
  'tribunal-no-plan',
  'tribunal-final-plan',
  'tribunal-draft',
  'tribunal-amended-plan',
];
/** reg 44(3): "absent from the area … for a continuous period of not less than 2 weeks" for tribunal-order limits. */
export const TWO_WEEKS = 14;

/** Which time limits each exception can excuse, and where the law says so. */
export const EXCEPTION_LIMBS: Record<ExceptionKind, { appliesTo: readonly DeadlineKind[]; regulation: string }> = {
  // reg 8(2) has no closure limb: closures never excuse an advice-giver (CoP 9.42).
  'school-closure': {
    appliesTo: ['decision-to-assess', 'no-plan-notice', 'final-plan', ...TRIBUNAL_LIMITS],
    regulation: 'regs 5(4)(a), 10(4)(a), 13(3), 44(3)',
  },
  'early-years-closure': {
    appliesTo: ['decision-to-assess', 'no-plan-notice', 'final-plan', ...TRIBUNAL_LIMITS],
    regulation: 'regs 5(4)(b), 10(4)(b), 13(3), 44(3)',
  },
  'exceptional-personal-circumstances': {
    appliesTo: ['decision-to-assess', 'advice', 'no-plan-notice', 'final-plan', ...TRIBUNAL_LIMITS],
    regulation: 'regs 5(4)(c), 8(2)(a), 10(4)(c), 13(3), 44(3)',
  },
  'absent-from-area': {
    appliesTo: ['decision-to-assess', 'advice', 'no-plan-notice', 'final-plan', ...TRIBUNAL_LIMITS],
    regulation: 'regs 5(4)(d), 8(2)(b), 10(4)(d), 13(3), 44(3)',
  },
  // reg 44(3): the family wished to comment on the draft after its 15 days — tribunal-order limits only.
  'family-comments-after-draft-period': { appliesTo: TRIBUNAL_LIMITS, regulation: 'reg 44(3)' },
  // Missed appointments excuse only the body that made the appointment (reg 8(2)(c); CoP 9.42).
  'missed-appointment': { appliesTo: ['advice'], regulation: 'reg 8(2)(c)' },
  'coronavirus-2020': {
    appliesTo: ['decision-to-assess', 'advice', 'no-plan-notice', 'final-plan'],
    regulation: 'SI 2020/471',
  },
};

/** A clock set by a tribunal order or an unopposed appeal (from deadlines.ts), as far as the predicates need it. */
export interface TribunalClock {
  id: string;
  kind: DeadlineKind;
  from: IsoDate;
  due: IsoDate;
  regulation: string;
}

type Check = { ok: true } | { ok: false; error: WorkflowError };
const OK: Check = { ok: true };
const invalid = (
  message: string,
  field: string,
  regulation: string,
  code: WorkflowError['code'] = 'EXCEPTION_INVALID',
): Check => ({
  ok: false,
  error: { code, message, field, regulation, allowed: [] },
});

/** The period "during" which the circumstance must fall, for one time limit. */
function relevantPeriods(
  kind: DeadlineKind,
  d0: IsoDate,
  advice: AdviceRequested[],
  finalPlanDays: number,
  tribunal: readonly TribunalClock[] = [],
): { label: string; from: IsoDate; to: IsoDate }[] {
  switch (kind) {
    case 'decision-to-assess':
      return [
        {
          label: 'the 6 weeks for deciding whether to assess',
          from: d0,
          to: addDays(d0, TIME_LIMIT_DAYS.decisionToAssess),
        },
      ];
    case 'no-plan-notice':
      return [
        { label: 'the 16 weeks for a "no plan" notice', from: d0, to: addDays(d0, TIME_LIMIT_DAYS.noPlanNotice) },
      ];
    case 'final-plan':
      return [{ label: 'the 20 weeks for the final plan', from: d0, to: addDays(d0, finalPlanDays) }];
    case 'tribunal-notify-assess':
    case 'tribunal-no-plan':
    case 'tribunal-final-plan':
    case 'tribunal-draft':
    case 'tribunal-amended-plan':
      return tribunal
        .filter((d) => d.kind === kind)
        .map((d) => ({ label: `the period of ${d.id} (${d.regulation})`, from: d.from, to: d.due }));
    case 'advice':
      return advice.map((a) => {
        const from = a.receivedByProvider ?? a.date;
        return { label: `the 6 weeks for advice ${a.adviceId}`, from, to: addDays(from, TIME_LIMIT_DAYS.advice) };
      });
    default:
      return [];
  }
}

/**
 * Does this ExceptionRecorded meet the statutory predicate for every time limit it claims (docs/law.md#exceptions)?
 * `history` is the case so far (starting with RequestReceived). If `closures` are known, a closure
 * exception must match one of them.
 */
export function checkException(
  e: ExceptionRecorded,
  history: readonly CaseEvent[],
  ctx?: { closures?: ClosurePeriod[]; finalPlanDays?: number; tribunalClocks?: readonly TribunalClock[] },
): Check {
  const limb = EXCEPTION_LIMBS[e.kind];
  const reg = limb.regulation;
  const first = history[0];
  if (!first || first.type !== 'RequestReceived')
    return invalid(
      'An exception can only be recorded on a case that has a request.',
      'exceptionId',
      reg,
      'EVENT_NOT_ALLOWED',
    );
  const d0 = first.date;
  const finalPlanDays = ctx?.finalPlanDays ?? TIME_LIMIT_DAYS.finalPlanDefault;

  if (history.some((h) => h.type === 'ExceptionRecorded' && h.exceptionId === e.exceptionId)) {
    return invalid(
      'This exceptionId is already used on this case; give each exception its own reference.',
      'exceptionId',
      reg,
      'INVALID_EVENT',
    );
  }
  if (e.from > e.to) return invalid(`The exception's "from" date must be on or before its "to" date.`, 'to', reg);
  if (e.appliesTo.length === 0)
    return invalid(
      `Say which time limits the exception applies to. Allowed for ${e.kind}: ${limb.appliesTo.join(', ')}.`,
      'appliesTo',
      reg,
    );
  const notAllowed = e.appliesTo.filter((k) => !limb.appliesTo.includes(k));
  if (notAllowed.length) {
    return invalid(
      `A ${e.kind} exception cannot apply to ${notAllowed.join(', ')} (${reg}). It can apply to: ${limb.appliesTo.join(', ')}.` +
        (e.kind === 'school-closure' || e.kind === 'early-years-closure'
          ? ' Reg 8(2) has no closure exception for advice-givers.'
          : ''),
      'appliesTo',
      reg,
    );
  }

  const adviceRequests = history.filter((h): h is AdviceRequested => h.type === 'AdviceRequested');
  // regs 5(4)(a)/(b): before the decision to assess, the request to the head teacher is an InformationRequested;
  // a closure exception may name it (by its requestId) in `adviceId`.
  const closure = e.kind === 'school-closure' || e.kind === 'early-years-closure';
  const informationRequests: AdviceRequested[] = closure ? informationRequestsAsAdvice(history) : [];
  const linkable = [...adviceRequests, ...informationRequests];
  const linked = e.adviceId === undefined ? undefined : linkable.find((a) => a.adviceId === e.adviceId);
  if (e.adviceId !== undefined && !linked) {
    return invalid(
      `adviceId does not match any ${closure ? 'advice or information ' : 'advice '}request on this case. Known: ${linkable.map((a) => a.adviceId).join(', ') || 'none'}.`,
      'adviceId',
      reg,
      'UNKNOWN_REFERENCE',
    );
  }

  switch (e.kind) {
    case 'school-closure':
    case 'early-years-closure': {
      // regs 5(4)(a)/(b), 10(4)(a)/(b): advice requested from the head teacher / early-years SEN person
      // "during a period beginning one week before any date on which that school … was closed for a
      // continuous period of not less than 4 weeks from that date and ending one week before the date
      // on which it re-opens".
      if (!linked)
        return invalid(
          'A closure exception must name the advice request, or (before the decision to assess) the information request, to the head teacher or early-years provider (adviceId).',
          'adviceId',
          reg,
        );
      // reg 5(4)(a)/(b): for the 6-week decision the request must have been made before that decision.
      const decided = history.find((h) => h.type === 'DecidedToAssess' || h.type === 'DecidedNotToAssess');
      if (e.appliesTo.includes('decision-to-assess') && decided && linked.date > decided.date) {
        return invalid(
          `For the decision whether to assess (reg 5(4)(a)/(b)) the request to the head teacher must come before that decision (${decided.date}); record it as InformationRequested.`,
          'adviceId',
          'reg 5(4)',
          'EXCEPTION_INVALID',
        );
      }
      if (linked.provider !== 'education') {
        return invalid(
          `A closure exception needs an advice request to the setting's head teacher or SEN person (provider "education"); advice ${linked.adviceId} is from "${linked.provider}".`,
          'adviceId',
          reg,
        );
      }
      const closedDays = daysBetween(e.from, e.to);
      if (closedDays < FOUR_WEEKS) {
        return invalid(
          `The setting must be closed for a continuous period of at least 4 weeks (28 days from closing to re-opening); ${e.from} to ${e.to} is ${closedDays} days.`,
          'to',
          reg,
        );
      }
      const window = closureWindow({ closedFrom: e.from, reopensOn: e.to });
      if (linked.date < window.from || linked.date > window.to) {
        return invalid(
          `Advice ${linked.adviceId} was requested on ${linked.date}; for this closure it must have been requested between ${window.from} and ${window.to} (one week before closing to one week before re-opening).`,
          'adviceId',
          reg,
        );
      }
      const closures = ctx?.closures;
      if (closures && closures.length && !closures.some((c) => c.closedFrom === e.from && c.reopensOn === e.to)) {
        return invalid(
          `${e.from} to ${e.to} does not match a known closure of the setting: ${closures.map((c) => `${c.closedFrom}..${c.reopensOn}`).join(', ')}.`,
          'from',
          reg,
        );
      }
      break;
    }
    case 'coronavirus-2020':
      // SI 2020/471 applied only 1 May 2020 to 25 September 2020 inclusive (docs/law.md#exceptions).
      if (e.from < CORONAVIRUS_PERIOD.from || e.to > CORONAVIRUS_PERIOD.to) {
        return invalid(
          `The coronavirus exception (SI 2020/471) only covers ${CORONAVIRUS_PERIOD.from} to ${CORONAVIRUS_PERIOD.to}; the interval must lie within it.`,
          e.from < CORONAVIRUS_PERIOD.from ? 'from' : 'to',
          reg,
        );
      }
      break;
    case 'family-comments-after-draft-period': {
      // reg 44(3): the family wished to comment after the 15 days on the draft, so it needs a served draft and
      // must start after that period (served + 15).
      const draft = [...history].reverse().find((h) => h.type === 'DraftPlanIssued');
      if (!draft)
        return invalid('This exception needs a draft plan served on the case (DraftPlanIssued).', 'kind', reg);
      const after = addDays(draft.date, TIME_LIMIT_DAYS.draftPeriod);
      if (e.from < after)
        return invalid(
          `The family's wish to comment must fall after the 15 days on the draft served ${draft.date}: "from" must be ${after} or later.`,
          'from',
          reg,
        );
      break;
    }
    case 'missed-appointment':
      // reg 8(2)(c): the child or family failed to keep an appointment "made by the body", so the
      // exception excuses that body's advice request only, and must say which one it is.
      if (adviceRequests.length === 0)
        return invalid(
          'A missed appointment excuses an advice-giver (reg 8(2)(c)); no advice has been requested on this case.',
          'adviceId',
          reg,
        );
      if (!linked) {
        return invalid(
          `A missed appointment excuses only the advice-giver whose appointment was missed (reg 8(2)(c)): name that advice request (adviceId). Requested on this case: ${adviceRequests.map((a) => a.adviceId).join(', ')}.`,
          'adviceId',
          reg,
        );
      }
      break;
    default:
      break;
  }

  // The circumstance must fall "during" the time period of each limit it excuses (regs 5(4), 8(2), 10(4)).
  for (const kind of e.appliesTo) {
    const candidates = relevantPeriods(
      kind,
      d0,
      kind === 'advice' && linked ? [linked] : adviceRequests,
      finalPlanDays,
      ctx?.tribunalClocks,
    );
    if (candidates.length === 0) {
      return invalid(
        TRIBUNAL_LIMITS.includes(kind)
          ? `This case has no ${kind} time limit (set by a tribunal order or an unopposed appeal) to excuse.`
          : 'No advice has been requested, so there is no advice time limit to excuse.',
        'appliesTo',
        reg,
      );
    }
    const overlaps = candidates.map((p) => ({ p, days: overlapDays(e.from, e.to, p.from, p.to) }));
    if ((e.kind === 'school-closure' || e.kind === 'early-years-closure') && linked) {
      // The closure limb turns on when the advice was requested, not on the closure itself overlapping:
      // the request must have been made during the limit's time period (before the limit passed).
      const p = candidates[0]!;
      if (linked.date < p.from || linked.date > p.to) {
        return invalid(
          `Advice ${linked.adviceId} was requested on ${linked.date}, outside ${p.label} (${p.from} to ${p.to}), so the closure cannot excuse ${kind}.`,
          'appliesTo',
          reg,
        );
      }
    } else if (e.kind === 'absent-from-area') {
      // "absent from the area … for a continuous period of not less than 4 weeks during that time period"
      // (regs 5(4)(d), 8(2)(b), 10(4)(d)): at least 28 days of the absence must fall inside the period;
      // for a tribunal-order limit 2 weeks (reg 44(3)).
      const need = absenceNeeded(kind);
      if (!overlaps.some((o) => o.days >= need)) {
        const p = candidates[0]!;
        return invalid(
          `Absence from the area must last at least ${need === TWO_WEEKS ? '2 weeks (14 days)' : '4 weeks (28 days)'} within ${p.label} (${p.from} to ${p.to}${candidates.length > 1 ? ', or another period' : ''}).`,
          'to',
          reg,
        );
      }
    } else if (e.kind === 'family-comments-after-draft-period') {
      if (!overlaps.some((o) => o.days > 0)) {
        const p = candidates[0]!;
        return invalid(
          `The exception's dates (${e.from} to ${e.to}) do not overlap ${p.label} (${p.from} to ${p.to}).`,
          'from',
          reg,
        );
      }
    } else if (!overlaps.some((o) => o.days > 0)) {
      const p = candidates[0]!;
      return invalid(
        `The exception's dates (${e.from} to ${e.to}) do not overlap ${p.label} (${p.from} to ${p.to}${candidates.length > 1 ? ', or another advice period' : ''}), so it cannot excuse ${kind}.`,
        'from',
        reg,
      );
    }
  }
  return OK;
}

/** Minimum continuous absence: 2 weeks for limits set by a tribunal order or unopposed appeal (reg 44(3)), else 4 weeks. */
export function absenceNeeded(kind: DeadlineKind): number {
  return TRIBUNAL_LIMITS.includes(kind) ? TWO_WEEKS : FOUR_WEEKS;
}

/** InformationRequested events seen as requests to the setting's head teacher (provider "education"). */
function informationRequestsAsAdvice(history: readonly CaseEvent[]): AdviceRequested[] {
  return history.flatMap((h) =>
    h.type === 'InformationRequested'
      ? [{ type: 'AdviceRequested' as const, date: h.date, adviceId: h.requestId, provider: 'education' as const }]
      : [],
  );
}

/** Requests made in [closedFrom − 7, reopensOn − 7] fall in the closure limb (regs 5(4)(a), 10(4)(a)). */
export function closureWindow(c: ClosurePeriod): { from: IsoDate; to: IsoDate } {
  return { from: addDays(c.closedFrom, -7), to: addDays(c.reopensOn, -7) };
}

/**
 * The closure (if any) that brings an advice request to a head teacher within reg 10(4)(a):
 * closed for at least 4 weeks and closedFrom − 7 ≤ requested ≤ reopensOn − 7. Earliest closure first.
 */
export function proposeSchoolClosureException(
  adviceRequestedOn: IsoDate,
  closures: ClosurePeriod[],
): ClosurePeriod | undefined {
  return [...closures]
    .sort((a, b) => (a.closedFrom < b.closedFrom ? -1 : a.closedFrom > b.closedFrom ? 1 : 0))
    .find((c) => {
      if (daysBetween(c.closedFrom, c.reopensOn) < FOUR_WEEKS) return false;
      const w = closureWindow(c);
      return adviceRequestedOn >= w.from && adviceRequestedOn <= w.to;
    });
}

/** Does a recorded exception excuse this deadline? (kind listed, dates overlap the period, right advice). */
export function exceptionCovers(
  x: Pick<ExceptionRecorded, 'appliesTo' | 'from' | 'to' | 'adviceId' | 'kind'>,
  deadline: { kind: DeadlineKind; from: IsoDate; due: IsoDate; subject?: { adviceId?: string } },
): boolean {
  if (!x.appliesTo.includes(deadline.kind)) return false;
  // For advice, an exception naming one advice request excuses that request only.
  if (deadline.kind === 'advice' && x.adviceId !== undefined && x.adviceId !== deadline.subject?.adviceId) return false;
  // A closure excuses through the timing of the advice request, checked when it was recorded.
  if (x.kind === 'school-closure' || x.kind === 'early-years-closure') return true;
  const days = overlapDays(x.from, x.to, deadline.from, deadline.due);
  // Absence must be 4 continuous weeks within this limit's own period (regs 5(4)(d), 8(2)(b), 10(4)(d)); 2 for
  // a tribunal-order limit (reg 44(3)).
  return x.kind === 'absent-from-area' ? days >= absenceNeeded(deadline.kind) : days > 0;
}
