// Reg 6(1): in an EHC needs assessment the LA must SEEK (not necessarily receive) advice and information from
//   (a) the child's parent or the young person,            provider 'parent'
//   (b) educational advice (head teacher, principal, …),    provider 'education'
//   (c) medical advice (health care professional),          provider 'health'
//   (d) psychological advice (educational psychologist),    provider 'psychology'
//   (e) advice in relation to social care,                  provider 'social-care'
//   (f) anyone else the LA thinks appropriate — its own choice, never required,
//   (g) where the child or young person is in or beyond Year 9, advice on preparing for adulthood and
//       independent living,                                  provider 'preparation-for-adulthood'
//   (h) anyone the parent or young person reasonably asks for: the family's ask is recorded (AdviceAskedByFamily)
//       and answered by an AdviceRequested naming it (`answersFamilyAsk`), or refused as not reasonable with reasons
//       (AdviceAskRefused) — reasonableness is the LA's judgement, and the family can challenge it.
// Reg 6(4): the LA must not seek (b)-(h) advice already provided for any purpose where the adviser, the LA and the
// parent or young person are all satisfied it is sufficient — recorded as ExistingAdviceAgreed. (a) is never excused.
// Before deciding whether to issue a plan (DecidedToIssue / DecidedNotToIssue) each required limb is sought or agreed.
import type { IsoDate } from './dates.js';
import type { LawProblem } from './errors.js';
import type { AdviceProvider, CaseEvent } from './events.js';

/** The limbs always required, by provider, with their letter in reg 6(1). */
export const REQUIRED_ADVICE: readonly { provider: AdviceProvider; limb: string }[] = [
  { provider: 'parent', limb: '(a)' },
  { provider: 'education', limb: '(b)' },
  { provider: 'health', limb: '(c)' },
  { provider: 'psychology', limb: '(d)' },
  { provider: 'social-care', limb: '(e)' },
];
/** reg 6(1)(g): preparation for adulthood, once the child is in or beyond Year 9. */
export const YEAR9_ADVICE = { provider: 'preparation-for-adulthood' as AdviceProvider, limb: '(g)' };

/**
 * The first day of the school year in which a child born on `dateOfBirth` is in Year 9 (England: school years run
 * 1 September to 31 August; a child born between 1 September of year Y and 31 August of Y+1 starts Year 9 on
 * 1 September of Y+14).
 */
export function year9StartsOn(dateOfBirth: IsoDate): IsoDate {
  const y = Number(dateOfBirth.slice(0, 4));
  const cohort = dateOfBirth.slice(5) >= '09-01' ? y : y - 1;
  return `${cohort + 14}-09-01`;
}

/**
 * Which reg 6(1) limbs are still neither sought nor agreed sufficient (reg 6(4)) by `date`. `year9From` is the start
 * of Year 9 when known (RequestReceived.year9From); without it limb (g) cannot be judged and is not asked for.
 */
export function adviceStillToSeek(
  history: readonly CaseEvent[],
  date: IsoDate,
  year9From?: IsoDate,
): { provider: string; limb: string }[] {
  const sought = new Set<AdviceProvider>();
  const agreed = new Set<AdviceProvider>();
  const asks = new Map<string, boolean>(); // askId → answered
  for (const e of history) {
    if (e.date > date) continue;
    if (e.type === 'AdviceRequested') {
      sought.add(e.provider);
      if (e.answersFamilyAsk !== undefined) asks.set(e.answersFamilyAsk, true);
    }
    if (e.type === 'ExistingAdviceAgreed') {
      agreed.add(e.provider);
      if (e.answersFamilyAsk !== undefined) asks.set(e.answersFamilyAsk, true);
    }
    if (e.type === 'AdviceAskedByFamily' && !asks.has(e.askId)) asks.set(e.askId, false);
    if (e.type === 'AdviceAskRefused') asks.set(e.askId, true);
  }
  const required = [...REQUIRED_ADVICE];
  if (year9From !== undefined && date >= year9From) required.push(YEAR9_ADVICE);
  const missing: { provider: string; limb: string }[] = required.filter(
    (r) => !sought.has(r.provider) && !agreed.has(r.provider),
  );
  for (const [askId, answered] of asks)
    if (!answered) missing.push({ provider: `the family's request ${askId}`, limb: '(h)' });
  return missing;
}

/** reg 6(1)(h): a family's ask answered by a request, an agreement or a refusal must exist and be unanswered. */
export function familyAskIsOpen(history: readonly CaseEvent[], e: CaseEvent): LawProblem | undefined {
  const askId =
    e.type === 'AdviceAskRefused'
      ? e.askId
      : e.type === 'AdviceRequested' || e.type === 'ExistingAdviceAgreed'
        ? e.answersFamilyAsk
        : undefined;
  if (askId === undefined) return undefined;
  const asked = history.find((h) => h.type === 'AdviceAskedByFamily' && h.askId === askId);
  const answered = history.some(
    (h) =>
      (h.type === 'AdviceAskRefused' && h.askId === askId) ||
      ((h.type === 'AdviceRequested' || h.type === 'ExistingAdviceAgreed') && h.answersFamilyAsk === askId),
  );
  const open = history.filter((h) => h.type === 'AdviceAskedByFamily').map((h) => (h as { askId: string }).askId);
  if (!asked || answered) {
    return {
      code: 'UNKNOWN_REFERENCE',
      field: e.type === 'AdviceAskRefused' ? 'askId' : 'answersFamilyAsk',
      message: `${asked ? 'That request of the family has already been answered' : 'The family has made no request for advice with that reference'}. Requests recorded: ${open.join(', ') || 'none'}.`,
      regulation: 'reg 6(1)(h)',
    };
  }
  if (e.date < asked.date)
    return {
      code: 'DATE_ORDER',
      field: 'date',
      message: `The family asked on ${asked.date}; the answer cannot come before it.`,
      regulation: 'reg 6(1)(h)',
    };
  return undefined;
}

/** reg 6(1)(h): each of the family's requests has its own reference. */
export function familyAskIsNew(history: readonly CaseEvent[], e: CaseEvent): LawProblem | undefined {
  if (e.type !== 'AdviceAskedByFamily') return undefined;
  if (history.some((h) => h.type === 'AdviceAskedByFamily' && h.askId === e.askId)) {
    return {
      code: 'INVALID_EVENT',
      field: 'askId',
      message: "This askId is already used on this case; give each of the family's requests its own reference.",
      regulation: 'reg 6(1)(h)',
    };
  }
  return undefined;
}

/** reg 6(1), 6(4): the guard on DecidedToIssue and DecidedNotToIssue. */
export function adviceWasSought(
  history: readonly CaseEvent[],
  e: CaseEvent,
  year9From?: IsoDate,
): LawProblem | undefined {
  if (e.type !== 'DecidedToIssue' && e.type !== 'DecidedNotToIssue') return undefined;
  const missing = adviceStillToSeek(history, e.date, year9From);
  if (missing.length === 0) return undefined;
  return {
    code: 'EVENT_NOT_ALLOWED',
    message:
      `Before deciding whether to issue a plan the LA must seek advice under reg 6(1) ${missing.map((m) => m.limb).join(', ')} ` +
      `(${missing.map((m) => m.provider).join(', ')}): record AdviceRequested for each, or ExistingAdviceAgreed where the adviser, ` +
      `the LA and the family agree existing advice is sufficient (reg 6(4), not for the parent's own advice).`,
    regulation: 'reg 6(1)',
  };
}

/**
 * reg 6(1)(g) for a history stored before RequestReceived.year9From existed: the statechart cannot judge limb (g)
 * from such a log, so the caller, which holds the child's date of birth (it lives on the case, never in the log),
 * works out the start of Year 9 and asks this before DecidedToIssue or DecidedNotToIssue. Only limb (g) is judged
 * here (the statechart has judged the others). Without a date of birth the decision is refused: Year 9 cannot be
 * known, so the law cannot be checked.
 */
export function year9AdviceForOldHistory(
  history: readonly CaseEvent[],
  e: CaseEvent,
  dateOfBirth: IsoDate | undefined,
): LawProblem | undefined {
  if (e.type !== 'DecidedToIssue' && e.type !== 'DecidedNotToIssue') return undefined;
  const request = history[0];
  if (request?.type !== 'RequestReceived' || request.year9From !== undefined) return undefined;
  if (dateOfBirth === undefined) {
    return {
      code: 'EVENT_NOT_ALLOWED',
      message:
        "This case's request was stored without the start of Year 9 and the case has no date of birth, so reg 6(1)(g) " +
        '(advice on preparing for adulthood from Year 9) cannot be checked: record the date of birth before this decision.',
      regulation: 'reg 6(1)(g)',
    };
  }
  const year9From = year9StartsOn(dateOfBirth);
  const missing = adviceStillToSeek(history, e.date, year9From).filter((m) => m.limb === YEAR9_ADVICE.limb);
  if (!missing.length) return undefined;
  return {
    code: 'EVENT_NOT_ALLOWED',
    message:
      `The child is in Year 9 or beyond from ${year9From} (worked out from the date of birth, as this request was stored before it was recorded): ` +
      'before deciding whether to issue a plan the LA must seek advice on preparing for adulthood and independent living under reg 6(1)(g) ' +
      '(AdviceRequested, provider preparation-for-adulthood), or record ExistingAdviceAgreed (reg 6(4)).',
    regulation: 'reg 6(1)(g)',
  };
}

/** reg 6(4) covers limbs (b)-(h) only, and an agreement must come after the decision to assess. */
export function existingAdviceMayBeAgreed(e: CaseEvent, assessingSince?: IsoDate): LawProblem | undefined {
  if (e.type !== 'ExistingAdviceAgreed') return undefined;
  if (e.provider === 'parent') {
    return {
      code: 'INVALID_EVENT',
      field: 'provider',
      message:
        "Reg 6(4) covers advice (b) to (h) only: the parent's or young person's own advice (a) is always sought.",
      regulation: 'reg 6(4)',
    };
  }
  if (assessingSince && e.date < assessingSince) {
    return {
      code: 'DATE_ORDER',
      field: 'date',
      message: `Existing advice is agreed for this assessment, so not before the decision to assess on ${assessingSince}.`,
      regulation: 'reg 6(4)',
    };
  }
  return undefined;
}

/**
 * The reg 6(1) requests a case still lacks, as AdviceRequested events dated `date` (ids `<prefix><provider>`): for
 * tools that build histories (the demo, examples, tests) so each assessment seeks what the law requires.
 */
export function requiredAdviceRequests(
  history: readonly CaseEvent[],
  date: IsoDate,
  opts: { idPrefix?: string; year9From?: IsoDate } = {},
): CaseEvent[] {
  const prefix = opts.idPrefix ?? 'reg6-';
  return adviceStillToSeek(history, date, opts.year9From)
    .filter((m) => m.limb !== '(h)')
    .map((m) => ({
      type: 'AdviceRequested',
      date,
      adviceId: `${prefix}${m.provider}`,
      provider: m.provider as AdviceProvider,
    }));
}

/**
 * A history with the missing reg 6(1) requests inserted just after each decision to assess that is followed by a
 * decision whether to issue (dated as that decision to assess). For building lawful example histories.
 */
export function withRequiredAdvice(history: readonly CaseEvent[], opts: { idPrefix?: string } = {}): CaseEvent[] {
  const out: CaseEvent[] = [];
  history.forEach((e, i) => {
    out.push(e);
    if (e.type !== 'DecidedToAssess') return;
    const rest = history.slice(i + 1);
    const next = rest.findIndex(
      (x) => x.type === 'DecidedToIssue' || x.type === 'DecidedNotToIssue' || x.type === 'DecidedToAssess',
    );
    if (next < 0 || rest[next]!.type === 'DecidedToAssess') return;
    const year9From = history[0]?.type === 'RequestReceived' ? history[0].year9From : undefined;
    out.push(
      ...requiredAdviceRequests([...history], rest[next]!.date, { ...opts, year9From }).map((r) => ({
        ...r,
        date: e.date,
      })),
    );
  });
  return out;
}
