// The API the server, the importer and the UI use. Everything here evaluates the statechart purely
// (docs/architecture.md#the-statechart-and-xstate): `initialTransition`, then the machine's own `transition` in one inert scope
// (INERT_SCOPE below): no live actor, no timers, no clock — "today" is always a parameter.
import { initialTransition, type AnyActorScope, type SnapshotFrom } from 'xstate';
import { activeStateNodes, inertActorScope } from './xstate-adapter.js';
import { lazyProperty } from './lazy-property.js';
import { addDays, maxDate, type IsoDate } from './dates.js';
import { DEADLINE_KINDS, TIME_LIMIT_DAYS } from './deadline-kinds.js';
import { CORONAVIRUS_PERIOD, EXCEPTION_LIMBS } from './exceptions.js';
import { deriveDeadlines, type Deadline } from './deadlines.js';
import {
  ehcAssessmentMachine,
  finalisableFrom,
  LAW_CHECKS,
  recordEvent,
  withLawAnswers,
  type LawCheck,
  type CaseContext,
  type ExceptionView,
} from './ehc-assessment.machine.js';
import { budgetContextOf, NO_PREPARATION, planGuard } from './plan-on-case.js';
import { NOTICE_OF } from './notices.js';
import { appealMayBeUnopposed, undecidedAppeals } from './reg45-unopposed-appeal.js';
import { WorkflowRejection, type LawProblem, type WorkflowError } from './errors.js';
import { checkCorrection, correctedDate, correctedHistory, isCorrectionEvent } from './corrections.js';
import { checkSummary, SUMMARY_EVENT_TYPES, summaryEnd } from './migrated-summary.js';
import { allowedPlanEvents, type AllowedPlanEvent, type PlanContext } from './maintained-plan.js';
import { isCasePlanEventType } from './plan-events.js';
import { isPersonalBudgetEventType, offerBudgetEvent, type PersonalBudgetView } from './personal-budget.js';
import {
  ADVICE_PROVIDERS,
  CASE_EVENT_TYPES,
  EVENT_FIELDS,
  EXCEPTION_KINDS,
  NOTICE_KINDS,
  ORDERS_ON_THE_PLAN,
  validateEventShape,
  type CaseEvent,
  type CaseEventType,
  type DisputeSubject,
  type FieldSpec,
  type RequestSource,
} from './events.js';

export type { AdviceView, ConsultationView, ExceptionView } from './ehc-assessment.machine.js';

export type CaseStage =
  | 'awaiting-decision-to-assess'
  | 'not-assessing'
  | 'assessing'
  | 'not-issuing'
  | 'drafting'
  | 'draft-period'
  | 'plan-issued'
  | 'plan-ended'
  | 'withdrawn'
  | 'moved-out';

export const CASE_STAGES: readonly CaseStage[] = [
  'awaiting-decision-to-assess',
  'not-assessing',
  'assessing',
  'not-issuing',
  'drafting',
  'draft-period',
  'plan-issued',
  'plan-ended',
  'withdrawn',
  'moved-out',
];

/** Stages in which the assessment is no longer running (a refusal can still be reversed). */
const CLOSED_STAGES: readonly CaseStage[] = [
  'not-assessing',
  'not-issuing',
  'plan-issued',
  'plan-ended',
  'withdrawn',
  'moved-out',
];

export interface WorkflowOptions {
  /** Reg 13(2) boundary: final plan on time iff issued on or before D0 + finalPlanDays. Default 140 (docs/law.md#counting-days). */
  finalPlanDays?: number;
}

/** The milestone dates and lists the machine keeps, exposed as they are (one definition: the machine's context). */
type ContextFields =
  | 'caseworker'
  | 'decidedToAssessOn'
  | 'decidedNotToAssessOn'
  | 'decidedToIssueOn'
  | 'decidedNotToIssueOn'
  | 'draftIssuedOn'
  | 'finalIssuedOn'
  | 'placement'
  | 'withdrawnOn'
  | 'movedOutOn'
  | 'advice'
  | 'consultations'
  | 'settingsRequested'
  | 'flags'
  | 'disputes'
  | 'tribunalOrder'
  | 'missedDeadlines'
  | 'planEnded'
  | 'plan';

export interface CaseView extends Pick<CaseContext, ContextFields> {
  stage: CaseStage;
  closed: boolean;
  /** Day 0 of every clock; set once a case exists, except on a plan transferred in (no request here: reg 15). */
  receivedOn?: IsoDate;
  source?: RequestSource;
  /** reg 15(2)-(3): the case is a plan transferred in from another council (its first event). */
  transferredIn?: CaseContext['transferredIn'];
  /** First day the plan may be finalised: draft served + 15 (reg 13(1)). Set once a draft is served. */
  finalisableFrom?: IsoDate;
  /** Active exceptions (withdrawn ones are left out). */
  exceptions: ExceptionView[];
  /** Set when the case's history up to `throughDate` was migrated from an older system as a summary (provenance). */
  migrated?: { mode: 'summary'; source: string; throughDate: IsoDate };
  /** s49(1), PB reg 3: before the final plan, the personal budgets asked for while the plan is prepared. */
  budgetsWhilePreparing?: PersonalBudgetView[];
  lastEventDate: IsoDate;
  eventCount: number;
}

type Snapshot = SnapshotFrom<typeof ehcAssessmentMachine>;
type StepResult = { ok: true; snapshot: Snapshot } | { ok: false; error: WorkflowError };

/** Machine version, to store with any persisted snapshot (docs/architecture.md#the-statechart-and-xstate). */
export const WORKFLOW_VERSION = ehcAssessmentMachine.version ?? '1';

/**
 * The machine's initial state for a reg 13(2) boundary, made once per boundary: a snapshot is never changed by a
 * transition (see CaseState), and XState's initialTransition makes a throw-away actor each time (an import starts
 * every line from it).
 */
const initialByBoundary = new Map<number, Snapshot>();
function start(opts?: WorkflowOptions): Snapshot {
  const finalPlanDays = opts?.finalPlanDays ?? TIME_LIMIT_DAYS.finalPlanDefault;
  if (!Number.isInteger(finalPlanDays) || finalPlanDays < 1)
    throw new RangeError('finalPlanDays must be a positive whole number of days');
  let snapshot = initialByBoundary.get(finalPlanDays);
  if (!snapshot) {
    [snapshot] = initialTransition(ehcAssessmentMachine, { finalPlanDays });
    if (initialByBoundary.size < 16) initialByBoundary.set(finalPlanDays, snapshot);
  }
  return snapshot;
}

function stageOf(s: Snapshot): CaseStage | 'no-request' {
  return s.value as CaseStage | 'no-request';
}

type Candidate = { guard?: unknown };

// The machine's structure never changes and it is flat (one level of states under the root), so the transitions
// a state has for an event type depend on the state's name alone: worked out once per state, not on every step
// (walking the state nodes for each of the event types was a tenth of a command's statechart CPU).
const byStage = new Map<
  string,
  { candidates: Map<string, readonly Candidate[]>; accepted: readonly CaseEventType[] }
>();
function structureOf(s: Snapshot) {
  if (typeof s.value !== 'string') throw new Error('workflow: the machine is expected to be flat');
  let k = byStage.get(s.value);
  if (!k) {
    const candidates = new Map<string, readonly Candidate[]>();
    for (const t of CASE_EVENT_TYPES) {
      candidates.set(
        t,
        activeStateNodes(s).flatMap((node) => node.on[t] ?? []),
      );
    }
    k = { candidates, accepted: CASE_EVENT_TYPES.filter((t) => candidates.get(t)!.length > 0) };
    byStage.set(s.value, k);
  }
  return k;
}

/** The transitions the current state has for an event type (structure only, guards not evaluated). */
function candidates(s: Snapshot, type: CaseEventType): readonly Candidate[] {
  return structureOf(s).candidates.get(type) ?? [];
}

/** Event types the current state accepts at all (before looking at the event's fields). */
function acceptedTypes(s: Snapshot): CaseEventType[] {
  return [...structureOf(s).accepted];
}

function reject(s: Snapshot, p: LawProblem): { ok: false; error: WorkflowError } {
  return { ok: false, error: { ...p, allowed: acceptedTypes(s) } };
}

/**
 * Events a caller already validated (validateEventShape's own clean copies, unchanged since): checkHistory's
 * `shapeChecked`. The importer validates each event of a line when it parses it, then replays the line.
 */
interface ShapeChecked {
  has(e: object): boolean;
}

/**
 * One step: validate, check the law, and transition. `today` enables the DATE_IN_FUTURE guard. An event in
 * `shapeChecked` is not validated again (validating a clean copy gives an equal copy).
 */
function step(s: Snapshot, raw: unknown, today?: IsoDate, shapeChecked?: ShapeChecked): StepResult {
  const shape =
    shapeChecked && typeof raw === 'object' && raw !== null && shapeChecked.has(raw)
      ? { ok: true as const, event: raw as CaseEvent }
      : validateEventShape(raw);
  if (!shape.ok) {
    const first = shape.errors[0]!;
    return reject(s, {
      code: 'INVALID_EVENT',
      field: first.field,
      message: shape.errors.map((x) => x.message).join(' '),
    });
  }
  const event = shape.event;
  const stage = stageOf(s);
  const ctx = s.context;

  const options = candidates(s, event.type);
  if (options.length === 0) {
    let message: string;
    if (stage === 'no-request')
      message = `A case starts with RequestReceived (s36(1), s24) or TransferredPlanReceived (reg 15); ${event.type} cannot come first.`;
    else if (event.type === 'RequestReceived')
      message = 'RequestReceived is day 0 of the case and is recorded once; a new request is a new case.';
    else if (isPersonalBudgetEventType(event.type))
      return reject(s, {
        code: 'EVENT_NOT_ALLOWED',
        message: `${event.type} is not allowed while the case is ${stage}: a personal budget can be asked for once the council has decided to issue a plan and is securing its preparation, or while it maintains the plan (s49(1), PB reg 3).`,
        regulation: 's49(1), PB reg 3',
      });
    else
      message = `${event.type} is not allowed while the case is ${stage}. Allowed now: ${acceptedTypes(s).join(', ') || 'nothing (the case is closed)'}.`;
    return reject(s, { code: 'EVENT_NOT_ALLOWED', message });
  }
  if (today !== undefined && event.date > today) {
    return reject(s, {
      code: 'DATE_IN_FUTURE',
      field: 'date',
      message: `${event.type} is dated after today (${today}); events record what has happened.`,
    });
  }
  if (ctx.receivedOn && event.date < ctx.receivedOn) {
    return reject(s, {
      code: 'DATE_ORDER',
      field: 'date',
      message: `${event.type} cannot be dated before the request was received on ${ctx.receivedOn} (day 0).`,
    });
  }
  if (ctx.transferredIn && event.date < ctx.transferredIn.on) {
    return reject(s, {
      code: 'DATE_ORDER',
      field: 'date',
      message: `${event.type} cannot be dated before the plan transferred to this council on ${ctx.transferredIn.on} (reg 15(3)).`,
    });
  }
  // The machine's own guards decide; the same checks explain a refusal.
  let problem: LawProblem | undefined;
  let lawful = false;
  const checks: LawCheck[] = [];
  const answers: (LawProblem | undefined)[] = [];
  for (const t of options) {
    const guard = t.guard;
    const check = typeof guard === 'string' ? LAW_CHECKS[guard] : undefined;
    if (guard !== undefined && !check) throw new Error(`workflow: guard without a law check on ${event.type}`);
    const p = check ? check(ctx, event) : undefined;
    if (check) {
      checks.push(check);
      answers.push(p);
    }
    if (!p) {
      lawful = true;
      break;
    }
    problem ??= p;
  }
  if (!lawful) return reject(s, problem!);
  // The machine's guards take the answers just worked out (withLawAnswers) rather than running each check again.
  const next = withLawAnswers(ctx, event, checks, answers, () =>
    ehcAssessmentMachine.transition(s, event, INERT_SCOPE),
  );
  if (next === s) throw new Error(`workflow: ${event.type} passed its checks but the machine did not take it`);
  return { ok: true, snapshot: next };
}

/** The actor scope every step runs in, made once (xstate-adapter.ts says why and what it relies on). */
const INERT_SCOPE: AnyActorScope = inertActorScope(ehcAssessmentMachine);

/**
 * The state a history starts from: the machine's initial state, or, for a case migrated as a summary, the state
 * its checked summary leaves it in (migrated-summary.ts), the summary's events and the index of the first live event.
 */
function startOf(
  history: readonly unknown[],
  opts?: WorkflowOptions,
  today?: IsoDate,
):
  | { ok: true; snapshot: Snapshot; from: number; events: CaseEvent[] }
  | { ok: false; index: number; error: WorkflowError } {
  if ((history[0] as { type?: unknown } | undefined)?.type === 'TransferredPlanReceived')
    return transferredInStart(history[0], opts, today);
  const end = summaryEnd(history);
  if (end < 0) return { ok: true, snapshot: start(opts), from: 0, events: [] };
  const events: CaseEvent[] = [];
  for (const [index, raw] of history.slice(0, end + 1).entries()) {
    const v = validateEventShape(raw);
    if (!v.ok)
      return {
        ok: false,
        index,
        error: {
          code: 'INVALID_EVENT',
          field: v.errors[0]!.field,
          message: v.errors.map((x) => x.message).join(' '),
          allowed: [...SUMMARY_EVENT_TYPES],
        },
      };
    events.push(v.event);
  }
  const r = checkSummary(events, start(opts).context.finalPlanDays, today);
  if (!r.ok) return r;
  return {
    ok: true,
    snapshot: ehcAssessmentMachine.resolveState({ value: r.stage, context: r.context }),
    from: end + 1,
    events,
  };
}

/**
 * A plan transferred in from another council (reg 15(2)-(3)) begins its case: no request and no assessment here, so
 * the assessment's stages are never entered; the case begins where an assessment's final plan leaves it, with the
 * plan maintained (stage plan-issued), and the plan's own rules decide the transfer (maintained-plan.ts:
 * transferredPlanDatesFit) as they decide everything after it. docs/plan-life.md#a-plan-transferred-in
 */
function transferredInStart(
  raw: unknown,
  opts: WorkflowOptions | undefined,
  today: IsoDate | undefined,
):
  | { ok: true; snapshot: Snapshot; from: number; events: CaseEvent[] }
  | { ok: false; index: number; error: WorkflowError } {
  const initial = start(opts);
  const v = validateEventShape(raw);
  const fail = (error: Omit<WorkflowError, 'allowed'>) => ({
    ok: false as const,
    index: 0,
    error: { ...error, allowed: ['TransferredPlanReceived'] as CaseEventType[] },
  });
  if (!v.ok)
    return fail({
      code: 'INVALID_EVENT',
      field: v.errors[0]!.field,
      message: v.errors.map((x) => x.message).join(' '),
    });
  const e = v.event;
  if (today !== undefined && e.date > today)
    return fail({
      code: 'DATE_IN_FUTURE',
      field: 'date',
      message: `${e.type} is dated after today (${today}); events record what has happened.`,
    });
  const problem = planGuard(initial.context, e);
  if (problem) return fail(problem);
  const context = recordEvent(initial.context, e);
  return {
    ok: true,
    snapshot: ehcAssessmentMachine.resolveState({ value: 'plan-issued', context }),
    from: 1,
    events: [e],
  };
}

/**
 * A log folded: the statechart over its corrected history, and the log itself (the case version is its length).
 *
 * A command makes a new Folded from a cached one and the api keeps it (CaseStateCache), so what each holds anew is kept
 * until the case's next command, through young-generation collections: copies of the log cost the garbage collector
 * on every command (docs/benchmarks.md "Garbage collection"). So a log without corrections is the statechart context's
 * own `events` array (the same entries, recordEvent's one copy: sharedLog), and the ids share one array between a
 * state and the states decided from it (appendId).
 */
interface Folded {
  snapshot: Snapshot;
  log: readonly CaseEvent[];
  /**
   * The event id of each log entry, where known (needed once the log holds a correction): its first `log.length`
   * entries (idsOf). It may run on past them: the ids of a state decided from this one, appended in place.
   */
  ids: readonly (string | undefined)[];
}

/** The ids of a Folded's log entries (Folded.ids may run on). */
const idsOf = (f: Folded): readonly (string | undefined)[] =>
  f.ids.length === f.log.length ? f.ids : f.ids.slice(0, f.log.length);

/**
 * The ids after appending one entry's to a Folded's: in place when nobody has appended to its array yet (it then runs
 * on past the older Folded's log, which reads only its own length of it), else a copy. Never the entries an older
 * Folded reads, so every state keeps the ids it was folded with, whichever of several commands decided from it first.
 */
function appendId(f: Folded, id: string | undefined): readonly (string | undefined)[] {
  const ids = f.ids as (string | undefined)[];
  if (ids.length === f.log.length) {
    ids.push(id);
    return ids;
  }
  const copy = ids.slice(0, f.log.length);
  copy.push(id);
  return copy;
}

/**
 * The log to keep after an ordinary entry: the context's events when the log was the context's events before it
 * (recordEvent appends the entry to a copy of them: the same array the log would have been), else a copy with it.
 */
function sharedLog(f: Folded, next: Snapshot, entry: CaseEvent): readonly CaseEvent[] {
  const events = next.context.events;
  const n = f.log.length;
  return f.log === f.snapshot.context.events && events.length === n + 1 && (n === 0 || events[n - 1] === f.log[n - 1])
    ? events
    : [...f.log, entry];
}

/** A finished fold's log as the context's own events when they hold the same entries (one array kept, not two). */
function settled(f: Folded): Folded {
  const events = f.snapshot.context.events;
  if (events === f.log || events.length !== f.log.length) return f;
  for (let i = 0; i < events.length; i++) if (events[i] !== f.log[i]) return f;
  return { snapshot: f.snapshot, log: events, ids: f.ids };
}

const noIds = (n: number): (string | undefined)[] => new Array<string | undefined>(n).fill(undefined);

/** The log's beginning: empty, or a migrated summary already checked as a whole (its events are the log's first entries). */
function foldStart(
  history: readonly unknown[],
  opts: WorkflowOptions | undefined,
  today: IsoDate | undefined,
  ids: readonly (string | undefined)[],
): { ok: true; folded: Folded; from: number } | { ok: false; index: number; error: WorkflowError } {
  const begin = startOf(history, opts, today);
  if (!begin.ok) return begin;
  return {
    ok: true,
    folded: { snapshot: begin.snapshot, log: begin.events, ids: ids.slice(0, begin.from) },
    from: begin.from,
  };
}

/** Fold a (possibly empty) log; throws WorkflowRejection at the first event not allowed. */
function fold(
  history: readonly unknown[],
  opts?: WorkflowOptions,
  today?: IsoDate,
  ids?: readonly (string | undefined)[],
): Folded {
  const allIds = ids ?? noIds(history.length);
  const begin = foldStart(history, opts, today, allIds);
  if (!begin.ok)
    throw new WorkflowRejection({
      ...begin.error,
      message: `Event ${begin.index + 1} (${eventTypeName(history[begin.index])}): ${begin.error.message}`,
    });
  return foldOnto(begin.folded, history.slice(begin.from), allIds.slice(begin.from), today, begin.from);
}

/**
 * A fold under way owns the arrays of its log and ids (copied once from where it starts, never shared until the fold
 * is done), so each ordinary entry is appended in place: a fold is linear in the log's length, not quadratic (the
 * log and its ids were copied at every entry). What each entry decides is stepLog's, the same as a command's.
 */
function owning(f: Folded): Folded {
  return { snapshot: f.snapshot, log: [...f.log], ids: idsOf(f).slice() };
}

function foldOnto(
  f: Folded,
  more: readonly unknown[],
  moreIds: readonly (string | undefined)[],
  today: IsoDate | undefined,
  offset: number,
): Folded {
  let cur = owning(f);
  more.forEach((e, i) => {
    const r = stepLog(cur, e, moreIds[i], today, true);
    if (!r.ok)
      throw new WorkflowRejection({
        ...r.error,
        message: `Event ${offset + i + 1} (${eventTypeName(e)}): ${r.error.message}`,
      });
    cur = r.folded;
  });
  return settled(cur);
}

type LogStep = { ok: true; folded: Folded } | { ok: false; error: WorkflowError };

/**
 * One entry of the log. An ordinary event is one statechart step on the corrected history so far. A correction
 * (EventCorrected, EventRetracted; allowed whatever the stage) is checked against the log, then the whole corrected
 * history is replayed through the statechart: if that history is not lawful, the correction is refused with the
 * statechart's own reason.
 */
function stepLog(
  f: Folded,
  raw: unknown,
  id: string | undefined,
  today?: IsoDate,
  owned = false,
  shapeChecked?: ShapeChecked,
): LogStep {
  // Most entries are not corrections: decided by one statechart step (which validates the event itself).
  const type = (raw as { type?: unknown } | null)?.type;
  const shape = type === 'EventCorrected' || type === 'EventRetracted' ? validateEventShape(raw) : undefined;
  if (!shape?.ok || !isCorrectionEvent(shape.event)) {
    const r = step(f.snapshot, raw, today, shapeChecked);
    if (!r.ok) return r;
    const entry = r.snapshot.context.events.at(-1)!;
    if (!owned)
      return { ok: true, folded: { snapshot: r.snapshot, log: sharedLog(f, r.snapshot, entry), ids: appendId(f, id) } };
    // A fold in progress owns its arrays (owning): the entry is appended in place, not by copying the log.
    (f.log as CaseEvent[]).push(entry);
    (f.ids as (string | undefined)[]).push(id);
    return { ok: true, folded: { snapshot: r.snapshot, log: f.log, ids: f.ids } };
  }
  const e = shape.event;
  if (stageOf(f.snapshot) === 'no-request')
    return reject(f.snapshot, {
      code: 'EVENT_NOT_ALLOWED',
      message: `A case starts with RequestReceived (s36(1), s24); ${e.type} cannot come first.`,
    });
  const problem = checkCorrection(f.log, idsOf(f), e);
  if (problem) return reject(f.snapshot, problem);
  const newDate = correctedDate(e);
  for (const [field, d] of [
    ['date', e.date],
    ['correction.date', newDate],
  ] as const) {
    if (today !== undefined && d !== undefined && d > today) {
      return reject(f.snapshot, {
        code: 'DATE_IN_FUTURE',
        field,
        message: `${e.type}: ${field} is after today (${today}); the record says what has happened.`,
      });
    }
  }
  const log = [...f.log, e];
  const ids = [...idsOf(f), id];
  const r = replayCorrected(log, ids, f.snapshot.context.finalPlanDays);
  if (!r.ok)
    return reject(f.snapshot, {
      ...r.error,
      message: `With this correction the history would not be lawful: ${r.error.message}`,
    });
  return { ok: true, folded: { snapshot: r.snapshot, log, ids } };
}

/** Does the corrected history (without the system's records) still say this deadline was missed, as of the miss's date? */
function stillMissed(
  facts: readonly CaseEvent[],
  miss: Extract<CaseEvent, { type: 'DeadlineMissed' }>,
  finalPlanDays: number,
): boolean {
  const d = deriveDeadlines(facts, { today: miss.date, finalPlanDays }).find((x) => x.id === miss.deadline);
  return !!d && d.due === miss.due && (d.status === 'missed' || d.status === 'excepted');
}

/**
 * The statechart over the corrected history of a log. The system's DeadlineMissed entries are records derived from
 * the deadlines, not facts: one the corrected history no longer bears out (the deadline was met after all, or is now
 * due on another day) is left out, and the worker records the miss the corrected deadlines give, if any.
 */
function replayCorrected(
  log: readonly CaseEvent[],
  ids: readonly (string | undefined)[],
  finalPlanDays: number,
): { ok: true; snapshot: Snapshot } | { ok: false; error: WorkflowError } {
  const corrected = correctedHistory(log, ids).events;
  const facts = corrected.filter((e) => e.type !== 'DeadlineMissed');
  const events = corrected.filter((e) => e.type !== 'DeadlineMissed' || stillMissed(facts, e, finalPlanDays));
  // A migrated summary is checked as a whole again (a correction may have changed one of its dates).
  const begin = startOf(events, { finalPlanDays });
  if (!begin.ok)
    return {
      ok: false,
      error: { ...begin.error, message: `the migrated summary (entry ${begin.index + 1}): ${begin.error.message}` },
    };
  let s = begin.snapshot;
  for (const [i, e] of events.entries()) {
    if (i < begin.from) continue;
    const r = step(s, e);
    if (!r.ok) {
      if (e.type === 'DeadlineMissed') continue;
      return {
        ok: false,
        error: { ...r.error, message: `${e.type} (entry ${i + 1} of the corrected history): ${r.error.message}` },
      };
    }
    s = r.snapshot;
  }
  return { ok: true, snapshot: s };
}

const eventTypeName = (e: unknown) => {
  const t = (e as { type?: unknown } | null)?.type;
  return typeof t === 'string' && (CASE_EVENT_TYPES as readonly string[]).includes(t) ? t : 'unknown type';
};

function migratedFrom(events: readonly CaseEvent[]): CaseView['migrated'] {
  const m = events.find((e) => e.type === 'HistoryMigrated');
  return m?.type === 'HistoryMigrated' ? { mode: m.mode, source: m.source, throughDate: m.date } : undefined;
}

function toView(s: Snapshot): CaseView {
  const c: CaseContext = s.context;
  const stage = stageOf(s) as CaseStage;
  const view: CaseView = {
    stage,
    closed: CLOSED_STAGES.includes(stage),
    advice: c.advice,
    consultations: c.consultations,
    exceptions: c.exceptions,
    settingsRequested: c.settingsRequested,
    flags: c.flags,
    disputes: c.disputes,
    missedDeadlines: c.missedDeadlines,
    lastEventDate: c.lastEventDate!,
    eventCount: c.events.length,
  };
  // The fields a case may not have yet, set only when it has them, in this order (the view's keys keep it). Set one
  // by one rather than gathered in an object walked with Object.entries: that was garbage on every command.
  const v = view as unknown as Record<string, unknown>;
  const set = (k: string, x: unknown) => {
    if (x !== undefined) v[k] = x;
  };
  set('receivedOn', c.receivedOn);
  set('source', c.source);
  set('transferredIn', c.transferredIn);
  set('caseworker', c.caseworker);
  set('decidedToAssessOn', c.decidedToAssessOn);
  set('decidedNotToAssessOn', c.decidedNotToAssessOn);
  set('decidedToIssueOn', c.decidedToIssueOn);
  set('decidedNotToIssueOn', c.decidedNotToIssueOn);
  set('draftIssuedOn', c.draftIssuedOn);
  const served = c.draftServedOn ?? c.draftIssuedOn;
  set('finalisableFrom', served ? finalisableFrom(served) : undefined);
  set('planEnded', c.planEnded);
  set('plan', c.plan);
  set('finalIssuedOn', c.finalIssuedOn);
  set('placement', c.placement);
  set('withdrawnOn', c.withdrawnOn);
  set('movedOutOn', c.movedOutOn);
  set('tribunalOrder', c.tribunalOrder);
  set('migrated', migratedFrom(c.events));
  // s49(1), PB reg 3: kept on the context as each budget event of the preparation is recorded
  set(
    'budgetsWhilePreparing',
    c.plan || c.finalIssuedOn || !c.preparation?.personalBudgets.length ? undefined : c.preparation.personalBudgets,
  );
  return view;
}

/**
 * Replay a whole history (e.g. one import line) through the statechart.
 * Throws WorkflowRejection naming the first event that is not allowed at its point.
 */
export function replay(
  history: readonly CaseEvent[],
  opts?: WorkflowOptions,
  ids?: readonly (string | undefined)[],
): CaseView {
  if (history.length === 0) {
    throw new WorkflowRejection({
      code: 'INVALID_EVENT',
      message: 'A case history must start with RequestReceived.',
      allowed: ['RequestReceived'],
    });
  }
  return toView(fold(history, opts, undefined, ids).snapshot);
}

/** The decision for one new command: is `event` allowed after `history`, as of `today`? */
export function applyEvent(
  history: readonly CaseEvent[],
  event: CaseEvent,
  opts: WorkflowOptions & { today: IsoDate },
): { ok: true; view: CaseView; allowed: AllowedEvent[] } | { ok: false; error: WorkflowError } {
  const r = decide(foldCase(history, opts), event, opts);
  return r.ok ? { ok: true, view: r.view, allowed: r.allowed } : r;
}

/**
 * A history folded through the statechart, kept as a value so the next command can start from it instead of
 * replaying the history (the api keeps these per case and version). It never changes: the machine's `transition`
 * returns a new snapshot and never touches the one it was given, and `recordEvent` builds a new context, so one
 * CaseState may be extended by any number of commands (and by concurrent ones) without affecting the others.
 */
export class CaseState {
  /** Use foldCase / foldMore / decide: a CaseState is always the fold of a lawful history. */
  private constructor(
    readonly snapshot: Snapshot,
    private readonly folded: Folded,
  ) {}

  /** @internal */
  static of(f: Folded): CaseState {
    return new CaseState(f.snapshot, f);
  }

  /** @internal */
  get log(): Folded {
    return this.folded;
  }

  /** How many log entries have been folded, corrections included (the case version, for a stored stream). */
  get eventCount(): number {
    return this.folded.log.length;
  }

  /**
   * The log's entries in order, corrections included: one per stored event (eventCount of them), each as validated
   * when folded (the clean copy: an optional field stored as null or '' is absent). The api answers these as the
   * case's log instead of keeping the stored rows beside them (CaseStateCache: one copy of each event, not two).
   */
  get entries(): readonly CaseEvent[] {
    return this.folded.log;
  }

  /** The history as corrected (what the statechart and the deadlines were derived from). */
  get history(): readonly CaseEvent[] {
    return this.snapshot.context.events;
  }

  /** The reg 13(2) boundary this state was folded with: a state is reusable only with the same option. */
  get finalPlanDays(): number {
    return this.snapshot.context.finalPlanDays;
  }
}

/** A state folded with one reg 13(2) boundary must not answer for another (the deadlines would differ). */
function sameBoundary(state: CaseState, opts: WorkflowOptions): void {
  const wanted = opts.finalPlanDays ?? TIME_LIMIT_DAYS.finalPlanDefault;
  if (wanted !== state.finalPlanDays)
    throw new RangeError(`this case state was folded with finalPlanDays ${state.finalPlanDays}, not ${wanted}`);
}

/**
 * Fold a (possibly empty) log; throws WorkflowRejection at the first event not allowed (like replay). `ids` are the
 * entries' event ids (needed when the log holds corrections, which name their targets by id).
 */
export function foldCase(
  history: readonly CaseEvent[],
  opts?: WorkflowOptions,
  ids?: readonly (string | undefined)[],
): CaseState {
  return CaseState.of(fold(history, opts, undefined, ids));
}

/** Fold further stored events onto a state (a case read at a newer version than the one kept). */
export function foldMore(
  state: CaseState,
  more: readonly CaseEvent[],
  moreIds?: readonly (string | undefined)[],
): CaseState {
  return CaseState.of(foldOnto(state.log, more, moreIds ?? noIds(more.length), undefined, state.eventCount));
}

/**
 * The decision for one new command on a folded case: one statechart step (not a replay), giving the state after
 * the event, its view, the events allowed next and the deadlines as of `today` (deriveDeadlines of the history
 * with the event). Same answer as applyEvent on the whole history. `allowed` is worked out when first read (then
 * kept): the api answers it after a command, the deadline worker never reads it (it was ≈ 3.5 % of the worker's CPU
 * in a burst of misses, docs/benchmarks.md).
 */
export function decide(
  state: CaseState,
  event: CaseEvent,
  opts: WorkflowOptions & { today: IsoDate; eventId?: string },
):
  | { ok: true; state: CaseState; view: CaseView; allowed: AllowedEvent[]; deadlines: Deadline[] }
  | { ok: false; error: WorkflowError } {
  sameBoundary(state, opts);
  const r = stepLog(state.log, event, opts.eventId, opts.today);
  if (!r.ok) return r;
  const s = r.folded.snapshot;
  const deadlines = deadlinesOf(s, opts);
  // Key order as the object literal this was: ok, state, view, allowed, deadlines.
  const decided = withAllowed({ ok: true as const, state: CaseState.of(r.folded), view: toView(s) }, () =>
    allowedFrom(s, opts, deadlines),
  );
  return Object.assign(decided, { deadlines });
}

/** decide's lazy `allowed` (lazy-property.ts says why it is not a getter in an object literal). */
const withAllowed = lazyProperty('allowed');

/** The view and the allowed next events of a folded case (what inspectCase gives for its history). */
export function inspectState(
  state: CaseState,
  opts: WorkflowOptions & { today: IsoDate },
): { view: CaseView; allowed: AllowedEvent[] } {
  inspectable(state, opts);
  return { view: toView(state.snapshot), allowed: allowedFrom(state.snapshot, opts) };
}

/** inspectState, and the case's deadlines as of `today` (deriveDeadlines of its history), from one derivation. */
export function inspectStateWithDeadlines(
  state: CaseState,
  opts: WorkflowOptions & { today: IsoDate },
): { view: CaseView; allowed: AllowedEvent[]; deadlines: Deadline[] } {
  inspectable(state, opts);
  const deadlines = deadlinesOf(state.snapshot, opts);
  return { view: toView(state.snapshot), allowed: allowedFrom(state.snapshot, opts, deadlines), deadlines };
}

function inspectable(state: CaseState, opts: WorkflowOptions): void {
  sameBoundary(state, opts);
  if (state.eventCount === 0) {
    throw new WorkflowRejection({
      code: 'INVALID_EVENT',
      message: 'A case history must start with RequestReceived.',
      allowed: ['RequestReceived'],
    });
  }
}

/** The deadlines of the history a snapshot folded (its context keeps the events, as validated when folded). */
function deadlinesOf(s: Snapshot, opts: { today: IsoDate }): Deadline[] {
  return deriveDeadlines(s.context.events, { today: opts.today, finalPlanDays: s.context.finalPlanDays });
}

export interface AllowedEvent {
  type: CaseEventType;
  fields: FieldSpec[];
  /** Earliest date the event may carry (e.g. FinalPlanIssued: draft served + 15). */
  earliest?: IsoDate;
}

/**
 * What can be recorded next, for forms: event types the current stage accepts and that have something
 * to refer to, with their fields (reference fields narrowed to the references that fit) and the earliest date.
 */
export function allowedNextEvents(
  history: readonly CaseEvent[],
  opts: WorkflowOptions & { today: IsoDate },
): AllowedEvent[] {
  if (history.length === 0) return [{ type: 'RequestReceived', fields: EVENT_FIELDS.RequestReceived }];
  return allowedFrom(fold(history, opts).snapshot, opts);
}

/**
 * The view and the allowed next events from ONE pass through the statechart (a case page needs both;
 * folding twice doubled the page's CPU cost).
 */
export function inspectCase(
  history: readonly CaseEvent[],
  opts: WorkflowOptions & { today: IsoDate },
  ids?: readonly (string | undefined)[],
): { view: CaseView; allowed: AllowedEvent[] } {
  if (history.length === 0) {
    throw new WorkflowRejection({
      code: 'INVALID_EVENT',
      message: 'A case history must start with RequestReceived.',
      allowed: ['RequestReceived'],
    });
  }
  return inspectState(foldCase(history, opts, ids), opts);
}

/**
 * The plan's allowed events by type, worked out once per plan context: they depend on the context alone, and a
 * context is never changed in place (recordPlanEvent makes a new one; an event that is not the plan's keeps the one it
 * had), so every command on a maintained plan that does not touch the plan, and the case page read before it, asked
 * the same question again.
 */
const planAllowedByContext = new WeakMap<PlanContext, ReadonlyMap<CaseEventType, AllowedPlanEvent>>();
function planAllowedOf(plan: PlanContext): ReadonlyMap<CaseEventType, AllowedPlanEvent> {
  let byType = planAllowedByContext.get(plan);
  if (!byType) {
    byType = new Map(allowedPlanEvents(plan).map((a) => [a.type as CaseEventType, a]));
    planAllowedByContext.set(plan, byType);
  }
  return byType;
}

function allowedFrom(s: Snapshot, opts: WorkflowOptions & { today: IsoDate }, deadlines?: Deadline[]): AllowedEvent[] {
  const c = s.context;
  const d0 = c.receivedOn ?? c.transferredIn!.on;
  const flow = c.flowDate ?? d0;
  const out: AllowedEvent[] = [];
  const narrow = (type: CaseEventType, name: string, options: string[]) =>
    EVENT_FIELDS[type].map((f) => (f.name === name ? { ...f, options } : f));

  // After the final plan, the plan's own rules say what it may record next (maintained-plan.ts allowedPlanEvents).
  const planAllowed = c.plan ? planAllowedOf(c.plan) : undefined;
  for (const type of acceptedTypes(s)) {
    let fields = EVENT_FIELDS[type];
    let earliest: IsoDate | undefined = d0;
    if (isPersonalBudgetEventType(type) && !c.plan && !c.finalIssuedOn) {
      // s49(1), PB reg 3: while the plan is prepared, the same offer as on the plan, from the decision to issue
      const p = c.preparation ?? NO_PREPARATION;
      const offer = offerBudgetEvent(budgetContextOf(p), type, p.since);
      if (offer) out.push(offer);
      continue;
    }
    if (isCasePlanEventType(type)) {
      const a = planAllowed?.get(type);
      if (!a) continue;
      out.push({ type, fields: a.fields, earliest: a.earliest ?? c.finalIssuedOn ?? flow });
      continue;
    }
    switch (type) {
      case 'NoticeSent':
        // reg 15(4): the notice of a plan transferred in is offered only on such a case (and there, only the notices
        // of what the case holds: it had no assessment here).
        fields = narrow(
          type,
          'notice',
          c.transferredIn
            ? NOTICE_KINDS.filter((k) => c.events.some((e) => e.type === NOTICE_OF[k]))
            : NOTICE_KINDS.filter((k) => k !== 'plan-transferred'),
        );
        break;
      case 'PlanEnded':
        // The plan's end is recorded on the plan (PlanCeased, TransferredOut: docs/plan-life.md#one-log); PlanEnded
        // stays in the vocabulary for histories recorded before the plan had events of its own.
        if (c.plan) continue;
        break;
      case 'DecidedToAssess':
      case 'DecidedToIssue':
      case 'DecidedNotToIssue':
      case 'DraftPlanIssued':
      case 'RequestWithdrawn':
      case 'MovedOutOfArea':
        earliest = flow;
        break;
      case 'DecidedNotToAssess':
        if (c.tribunalOrder?.order === 'assess') continue; // reg 44(2)(b)
        earliest = flow;
        break;
      case 'FinalPlanIssued':
        earliest = maxDate(flow, finalisableFrom((c.draftServedOn ?? c.draftIssuedOn)!)); // reg 13(1)
        break;
      case 'TribunalOrderMade':
        fields = narrow(
          type,
          'order',
          stageOf(s) === 'not-assessing'
            ? ['assess']
            : stageOf(s) === 'not-issuing'
              ? ['make-plan']
              : [...ORDERS_ON_THE_PLAN],
        );
        earliest = flow;
        break;
      case 'AdviceRequested':
        earliest = c.assessingSince ?? flow;
        break;
      case 'AdviceReceived': {
        const open = c.advice.filter((a) => !a.receivedOn);
        if (!open.length) continue;
        fields = narrow(
          type,
          'adviceId',
          open.map((a) => a.adviceId),
        );
        earliest = open.map((a) => a.receivedByProvider).sort()[0];
        break;
      }
      case 'SettingConsulted':
        earliest = c.planningSince ?? flow;
        break;
      case 'SettingResponded': {
        const open = c.consultations.filter((k) => !k.respondedOn);
        if (!open.length) continue;
        fields = narrow(
          type,
          'consultationId',
          open.map((k) => k.consultationId),
        );
        earliest = open.map((k) => k.consultedOn).sort()[0];
        break;
      }
      case 'ExceptionRecorded': {
        // Offer only what can apply to this case (regs 5(4), 8(2), 10(4), 13(3)): the time limits it has, the kinds
        // that can apply to one of them (a closure or missed appointment needs an advice request to name), and the
        // advice on the case for the adviceId.
        const has = new Set((deadlines ?? deadlinesOf(s, opts)).map((d) => d.kind));
        const kinds = EXCEPTION_KINDS.filter((k) => {
          if (!EXCEPTION_LIMBS[k].appliesTo.some((a) => has.has(a))) return false;
          if ((k === 'school-closure' || k === 'early-years-closure' || k === 'missed-appointment') && !c.advice.length)
            return false;
          // SI 2020/471 covered only 2020-05-01..2020-09-25: offered only to a case running then.
          if (k === 'coronavirus-2020')
            return d0 <= CORONAVIRUS_PERIOD.to && (c.lastEventDate ?? d0) >= CORONAVIRUS_PERIOD.from;
          return true;
        });
        const limits = DEADLINE_KINDS.filter(
          (k) => has.has(k) && kinds.some((x) => EXCEPTION_LIMBS[x].appliesTo.includes(k)),
        );
        fields = EVENT_FIELDS[type]
          .map((f) =>
            f.name === 'kind'
              ? { ...f, options: kinds }
              : f.name === 'appliesTo'
                ? { ...f, options: limits }
                : f.name === 'adviceId'
                  ? { ...f, options: c.advice.map((a) => a.adviceId) }
                  : f,
          )
          .filter((f) => f.name !== 'adviceId' || c.advice.length > 0);
        break;
      }
      case 'ExceptionWithdrawn':
        if (!c.exceptions.length) continue;
        fields = narrow(
          type,
          'exceptionId',
          c.exceptions.map((x) => x.exceptionId),
        );
        earliest = c.exceptions.map((x) => x.recordedOn).sort()[0];
        break;
      case 'MediationStarted':
      case 'TribunalAppealRegistered': {
        const subjects: [DisputeSubject, IsoDate | undefined][] = [
          ['refusal-to-assess', c.decidedNotToAssessOn],
          ['refusal-to-issue', c.decidedNotToIssueOn],
          ['plan-content', c.finalIssuedOn],
          ['plan-school', c.finalIssuedOn],
          ['ceasing', c.planEnded?.reason.startsWith('ceased') ? c.planEnded.date : undefined],
        ];
        const open = subjects.filter(([, on]) => on);
        if (!open.length) continue;
        fields = narrow(
          type,
          'against',
          open.map(([k]) => k),
        );
        earliest = open.map(([, on]) => on!).sort()[0];
        break;
      }
      case 'TribunalResponseSubmitted': {
        // reg 45(1): the appeals still undecided whose response is not yet recorded.
        const open = [...undecidedAppeals(c.events)].filter(([, a]) => !a.respondedOn);
        if (!open.length) continue;
        fields = narrow(
          type,
          'against',
          open.map(([k]) => k),
        );
        earliest = open.map(([, a]) => a.appealedOn).sort()[0];
        break;
      }
      case 'AppealNotOpposed': {
        // reg 45(1): only an undecided appeal against the decision this stage can concede.
        const subjects: DisputeSubject[] =
          stageOf(s) === 'not-assessing'
            ? ['refusal-to-assess']
            : stageOf(s) === 'not-issuing'
              ? ['refusal-to-issue']
              : stageOf(s) === 'plan-ended'
                ? ['ceasing']
                : ['plan-content', 'plan-school'];
        const open = subjects.filter(
          (k) => !appealMayBeUnopposed(c.events, { type: 'AppealNotOpposed', date: opts.today, against: k }, subjects),
        );
        if (!open.length) continue;
        fields = narrow(type, 'against', open);
        earliest = flow;
        break;
      }
      case 'ExistingAdviceAgreed':
        // reg 6(4) covers (b)-(h): never the parent's or young person's own advice
        fields = narrow(
          type,
          'provider',
          ADVICE_PROVIDERS.filter((p) => p !== 'parent'),
        );
        earliest = c.assessingSince ?? flow;
        break;
      case 'AdviceAskRefused': {
        const answered = new Set(
          c.events.flatMap((e) =>
            e.type === 'AdviceAskRefused'
              ? [e.askId]
              : (e.type === 'AdviceRequested' || e.type === 'ExistingAdviceAgreed') && e.answersFamilyAsk
                ? [e.answersFamilyAsk]
                : [],
          ),
        );
        const open = c.events.flatMap((e) => (e.type === 'AdviceAskedByFamily' && !answered.has(e.askId) ? [e] : []));
        if (!open.length) continue;
        fields = narrow(
          type,
          'askId',
          open.map((e) => e.askId),
        );
        earliest = open.map((e) => e.date).sort()[0];
        break;
      }
      case 'AmendedPlanIssued':
        earliest = c.finalIssuedOn ?? flow;
        break;
      case 'DeadlineMissed': {
        const missed = (deadlines ?? deadlinesOf(s, opts)).filter(
          (d) =>
            (d.status === 'missed' || d.status === 'excepted') &&
            !c.missedDeadlines.includes(d.id) &&
            addDays(d.due, 1) <= opts.today,
        );
        if (!missed.length) continue;
        fields = narrow(
          type,
          'deadline',
          missed.map((d) => d.id),
        );
        earliest = missed.map((d) => addDays(d.due, 1)).sort()[0];
        break;
      }
      default:
        break;
    }
    out.push(earliest ? { type, fields, earliest } : { type, fields });
  }
  return out;
}

/** The deadlines of a history, after checking it replays (convenience for callers holding only events). */
export function caseDeadlines(
  history: readonly CaseEvent[],
  opts: WorkflowOptions & { today: IsoDate },
  ids?: readonly (string | undefined)[],
) {
  if (history.length === 0) replay(history, opts); // throws: a history starts with RequestReceived
  const f = fold(history, opts, undefined, ids);
  return { view: toView(f.snapshot), deadlines: deadlinesOf(f.snapshot, opts) };
}

/**
 * Checks a whole history in one pass, as if each event had been a command on its own date, with `today`
 * for the no-future-dates guard (the importer's check: linear in the number of events, where calling
 * applyEvent per event would replay the prefix each time).
 */
export function checkHistory(
  history: readonly CaseEvent[],
  opts: WorkflowOptions & { today: IsoDate; shapeChecked?: ShapeChecked },
  ids?: readonly (string | undefined)[],
): { ok: true; view: CaseView } | { ok: false; index: number; error: WorkflowError } {
  const allIds = ids ?? noIds(history.length);
  const begin = foldStart(history, opts, opts.today, allIds);
  if (!begin.ok) return begin;
  let f: Folded = owning(begin.folded);
  for (const [index, e] of history.entries()) {
    if (index < begin.from) continue;
    const r = stepLog(f, e, allIds[index], opts.today, true, opts.shapeChecked);
    if (!r.ok) return { ok: false, index, error: r.error };
    f = r.folded;
  }
  if (!history.length)
    return {
      ok: false,
      index: 0,
      error: {
        code: 'INVALID_EVENT',
        message: 'A case history must start with RequestReceived.',
        allowed: ['RequestReceived'],
      },
    };
  return { ok: true, view: toView(f.snapshot) };
}
