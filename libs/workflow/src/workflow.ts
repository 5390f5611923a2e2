// The API the server, the importer and the UI use. Everything here evaluates the statechart purely
// (engineering-notes §2.4): `initialTransition`, then the machine's own `transition` in one inert scope
// (INERT_SCOPE below): no live actor, no timers, no clock — "today" is always a parameter.
import { createActor, initialTransition, type AnyActorScope, type SnapshotFrom } from 'xstate';
import { addDays, maxDate, type IsoDate } from './dates.js';
import { TIME_LIMIT_DAYS } from './deadline-kinds.js';
import { deriveDeadlines, type Deadline } from './deadlines.js';
import {
  ehcAssessmentMachine,
  finalisableFrom,
  LAW_CHECKS,
  type CaseContext,
  type ExceptionView,
} from './ehc-assessment.machine.js';
import { appealMayBeUnopposed } from './reg45-unopposed-appeal.js';
import { WorkflowRejection, type LawProblem, type WorkflowError } from './errors.js';
import {
  ADVICE_PROVIDERS,
  CASE_EVENT_TYPES,
  EVENT_FIELDS,
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
const CLOSED_STAGES: readonly CaseStage[] = ['not-assessing', 'not-issuing', 'plan-issued', 'plan-ended', 'withdrawn', 'moved-out'];

export interface WorkflowOptions {
  /** Reg 13(2) boundary: final plan on time iff issued on or before D0 + finalPlanDays. Default 140 (§3.3). */
  finalPlanDays?: number;
}

/** The milestone dates and lists the machine keeps, exposed as they are (one definition: the machine's context). */
type ContextFields = 'caseworker' | 'decidedToAssessOn' | 'decidedNotToAssessOn' | 'decidedToIssueOn' | 'decidedNotToIssueOn'
  | 'draftIssuedOn' | 'finalIssuedOn' | 'placement' | 'withdrawnOn' | 'movedOutOn' | 'advice' | 'consultations'
  | 'settingsRequested' | 'flags' | 'disputes' | 'tribunalOrder' | 'missedDeadlines' | 'planEnded';

export interface CaseView extends Pick<CaseContext, ContextFields> {
  stage: CaseStage;
  closed: boolean;
  /** Day 0 of every clock; always set once a case exists. */
  receivedOn: IsoDate;
  source: RequestSource;
  /** First day the plan may be finalised: draft served + 15 (reg 13(1)). Set once a draft is served. */
  finalisableFrom?: IsoDate;
  /** Active exceptions (withdrawn ones are left out). */
  exceptions: ExceptionView[];
  lastEventDate: IsoDate;
  eventCount: number;
}

type Snapshot = SnapshotFrom<typeof ehcAssessmentMachine>;
type StepResult = { ok: true; snapshot: Snapshot } | { ok: false; error: WorkflowError };

/** Machine version, to store with any persisted snapshot (engineering-notes §2.2 item 5). */
export const WORKFLOW_VERSION = ehcAssessmentMachine.version ?? '1';

function start(opts?: WorkflowOptions): Snapshot {
  const finalPlanDays = opts?.finalPlanDays ?? TIME_LIMIT_DAYS.finalPlanDefault;
  if (!Number.isInteger(finalPlanDays) || finalPlanDays < 1) throw new RangeError('finalPlanDays must be a positive whole number of days');
  const [snapshot] = initialTransition(ehcAssessmentMachine, { finalPlanDays });
  return snapshot;
}

function stageOf(s: Snapshot): CaseStage | 'no-request' {
  return s.value as CaseStage | 'no-request';
}

type Candidate = { guard?: unknown };

// The machine's structure never changes and it is flat (one level of states under the root), so the transitions
// a state has for an event type depend on the state's name alone: worked out once per state, not on every step
// (walking the state nodes for each of the event types was a tenth of a command's statechart CPU).
const byStage = new Map<string, { candidates: Map<string, readonly Candidate[]>; accepted: readonly CaseEventType[] }>();
function structureOf(s: Snapshot) {
  if (typeof s.value !== 'string') throw new Error('workflow: the machine is expected to be flat');
  let k = byStage.get(s.value);
  if (!k) {
    const candidates = new Map<string, readonly Candidate[]>();
    for (const t of CASE_EVENT_TYPES) {
      candidates.set(t, s._nodes.flatMap((node) => (node.on as Record<string, readonly Candidate[] | undefined>)[t] ?? []));
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

/** One step: validate, check the law, and transition. `today` enables the DATE_IN_FUTURE guard. */
function step(s: Snapshot, raw: unknown, today?: IsoDate): StepResult {
  const shape = validateEventShape(raw);
  if (!shape.ok) {
    const first = shape.errors[0]!;
    return reject(s, { code: 'INVALID_EVENT', field: first.field, message: shape.errors.map((x) => x.message).join(' ') });
  }
  const event = shape.event;
  const stage = stageOf(s);
  const ctx = s.context;

  const options = candidates(s, event.type);
  if (options.length === 0) {
    let message: string;
    if (stage === 'no-request') message = `A case starts with RequestReceived (s36(1), s24); ${event.type} cannot come first.`;
    else if (event.type === 'RequestReceived') message = 'RequestReceived is day 0 of the case and is recorded once; a new request is a new case.';
    else message = `${event.type} is not allowed while the case is ${stage}. Allowed now: ${acceptedTypes(s).join(', ') || 'nothing (the case is closed)'}.`;
    return reject(s, { code: 'EVENT_NOT_ALLOWED', message });
  }
  if (today !== undefined && event.date > today) {
    return reject(s, { code: 'DATE_IN_FUTURE', field: 'date', message: `${event.type} is dated after today (${today}); events record what has happened.` });
  }
  if (ctx.receivedOn && event.date < ctx.receivedOn) {
    return reject(s, { code: 'DATE_ORDER', field: 'date', message: `${event.type} cannot be dated before the request was received on ${ctx.receivedOn} (day 0).` });
  }
  // The machine's own guards decide; the same checks explain a refusal.
  let problem: LawProblem | undefined;
  let lawful = false;
  for (const t of options) {
    const guard = t.guard;
    const check = typeof guard === 'string' ? LAW_CHECKS[guard] : undefined;
    if (guard !== undefined && !check) throw new Error(`workflow: guard without a law check on ${event.type}`);
    const p = check ? check(ctx, event) : undefined;
    if (!p) {
      lawful = true;
      break;
    }
    problem ??= p;
  }
  if (!lawful) return reject(s, problem!);
  const next = ehcAssessmentMachine.transition(s, event, INERT_SCOPE);
  if (next === s) throw new Error(`workflow: ${event.type} passed its checks but the machine did not take it`);
  return { ok: true, snapshot: next };
}

/**
 * The actor scope every step runs in. XState's pure `transition(machine, snapshot, event)` makes a throw-away actor
 * for each call (computing the machine's initial snapshot for it): that was most of a step's cost and garbage.
 * This is the same inert scope, made once from public API: the actor is never started, and the machine invokes
 * and spawns nothing and has only `assign` actions, which XState applies itself, so the scope is only read, never
 * changed, and no action is executed through it (as with `transition()`, which returns actions it does not run).
 * case-state.spec compares steps taken in it with `transition()`.
 */
const INERT_SCOPE: AnyActorScope = (() => {
  const self = createActor(ehcAssessmentMachine, { input: {} });
  const nothing = () => {};
  return { self, id: '', sessionId: '', logger: nothing, defer: nothing, emit: nothing, stopChild: nothing, system: self.system, actionExecutor: nothing };
})();

/** Fold a (possibly empty) history; throws WorkflowRejection at the first event not allowed. */
function fold(history: readonly unknown[], opts?: WorkflowOptions, today?: IsoDate): Snapshot {
  let s = start(opts);
  history.forEach((e, i) => {
    const r = step(s, e, today);
    if (!r.ok) throw new WorkflowRejection({ ...r.error, message: `Event ${i + 1} (${eventTypeName(e)}): ${r.error.message}` });
    s = r.snapshot;
  });
  return s;
}

const eventTypeName = (e: unknown) => {
  const t = (e as { type?: unknown } | null)?.type;
  return typeof t === 'string' && (CASE_EVENT_TYPES as readonly string[]).includes(t) ? t : 'unknown type';
};

function toView(s: Snapshot): CaseView {
  const c: CaseContext = s.context;
  const stage = stageOf(s) as CaseStage;
  const view: CaseView = {
    stage,
    closed: CLOSED_STAGES.includes(stage),
    receivedOn: c.receivedOn!,
    source: c.source!,
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
  const optional = {
    caseworker: c.caseworker,
    decidedToAssessOn: c.decidedToAssessOn,
    decidedNotToAssessOn: c.decidedNotToAssessOn,
    decidedToIssueOn: c.decidedToIssueOn,
    decidedNotToIssueOn: c.decidedNotToIssueOn,
    draftIssuedOn: c.draftIssuedOn,
    finalisableFrom: (c.draftServedOn ?? c.draftIssuedOn) ? finalisableFrom((c.draftServedOn ?? c.draftIssuedOn)!) : undefined,
    planEnded: c.planEnded,
    finalIssuedOn: c.finalIssuedOn,
    placement: c.placement,
    withdrawnOn: c.withdrawnOn,
    movedOutOn: c.movedOutOn,
    tribunalOrder: c.tribunalOrder,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (view as unknown as Record<string, unknown>)[k] = v;
  return view;
}

/**
 * Replay a whole history (e.g. one import line) through the statechart.
 * Throws WorkflowRejection naming the first event that is not allowed at its point.
 */
export function replay(history: readonly CaseEvent[], opts?: WorkflowOptions): CaseView {
  if (history.length === 0) {
    throw new WorkflowRejection({ code: 'INVALID_EVENT', message: 'A case history must start with RequestReceived.', allowed: ['RequestReceived'] });
  }
  return toView(fold(history, opts));
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
  private constructor(readonly snapshot: Snapshot) {}

  /** @internal */
  static of(snapshot: Snapshot): CaseState {
    return new CaseState(snapshot);
  }

  /** How many events have been folded (the case version, for a stored stream). */
  get eventCount(): number {
    return this.snapshot.context.events.length;
  }

  /** The reg 13(2) boundary this state was folded with: a state is reusable only with the same option. */
  get finalPlanDays(): number {
    return this.snapshot.context.finalPlanDays;
  }
}

/** A state folded with one reg 13(2) boundary must not answer for another (the deadlines would differ). */
function sameBoundary(state: CaseState, opts: WorkflowOptions): void {
  const wanted = opts.finalPlanDays ?? TIME_LIMIT_DAYS.finalPlanDefault;
  if (wanted !== state.finalPlanDays) throw new RangeError(`this case state was folded with finalPlanDays ${state.finalPlanDays}, not ${wanted}`);
}

/** Fold a (possibly empty) history; throws WorkflowRejection at the first event not allowed (like replay). */
export function foldCase(history: readonly CaseEvent[], opts?: WorkflowOptions): CaseState {
  return CaseState.of(fold(history, opts));
}

/** Fold further stored events onto a state (a case read at a newer version than the one kept). */
export function foldMore(state: CaseState, more: readonly CaseEvent[]): CaseState {
  let s = state.snapshot;
  more.forEach((e, i) => {
    const r = step(s, e);
    if (!r.ok) throw new WorkflowRejection({ ...r.error, message: `Event ${state.eventCount + i + 1} (${eventTypeName(e)}): ${r.error.message}` });
    s = r.snapshot;
  });
  return CaseState.of(s);
}

/**
 * The decision for one new command on a folded case: one statechart step (not a replay), giving the state after
 * the event, its view, the events allowed next and the deadlines as of `today` (deriveDeadlines of the history
 * with the event). Same answer as applyEvent on the whole history.
 */
export function decide(
  state: CaseState,
  event: CaseEvent,
  opts: WorkflowOptions & { today: IsoDate },
): { ok: true; state: CaseState; view: CaseView; allowed: AllowedEvent[]; deadlines: Deadline[] } | { ok: false; error: WorkflowError } {
  sameBoundary(state, opts);
  const r = step(state.snapshot, event, opts.today);
  if (!r.ok) return r;
  const deadlines = deadlinesOf(r.snapshot, opts);
  return { ok: true, state: CaseState.of(r.snapshot), view: toView(r.snapshot), allowed: allowedFrom(r.snapshot, opts, deadlines), deadlines };
}

/** The view and the allowed next events of a folded case (what inspectCase gives for its history). */
export function inspectState(state: CaseState, opts: WorkflowOptions & { today: IsoDate }): { view: CaseView; allowed: AllowedEvent[] } {
  inspectable(state, opts);
  return { view: toView(state.snapshot), allowed: allowedFrom(state.snapshot, opts) };
}

/** inspectState, and the case's deadlines as of `today` (deriveDeadlines of its history), from one derivation. */
export function inspectStateWithDeadlines(state: CaseState, opts: WorkflowOptions & { today: IsoDate }): { view: CaseView; allowed: AllowedEvent[]; deadlines: Deadline[] } {
  inspectable(state, opts);
  const deadlines = deadlinesOf(state.snapshot, opts);
  return { view: toView(state.snapshot), allowed: allowedFrom(state.snapshot, opts, deadlines), deadlines };
}

function inspectable(state: CaseState, opts: WorkflowOptions): void {
  sameBoundary(state, opts);
  if (state.eventCount === 0) {
    throw new WorkflowRejection({ code: 'INVALID_EVENT', message: 'A case history must start with RequestReceived.', allowed: ['RequestReceived'] });
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
export function allowedNextEvents(history: readonly CaseEvent[], opts: WorkflowOptions & { today: IsoDate }): AllowedEvent[] {
  if (history.length === 0) return [{ type: 'RequestReceived', fields: EVENT_FIELDS.RequestReceived }];
  return allowedFrom(fold(history, opts), opts);
}

/**
 * The view and the allowed next events from ONE pass through the statechart (a case page needs both;
 * folding twice doubled the page's CPU cost).
 */
export function inspectCase(history: readonly CaseEvent[], opts: WorkflowOptions & { today: IsoDate }): { view: CaseView; allowed: AllowedEvent[] } {
  if (history.length === 0) {
    throw new WorkflowRejection({ code: 'INVALID_EVENT', message: 'A case history must start with RequestReceived.', allowed: ['RequestReceived'] });
  }
  return inspectState(foldCase(history, opts), opts);
}

function allowedFrom(s: Snapshot, opts: WorkflowOptions & { today: IsoDate }, deadlines?: Deadline[]): AllowedEvent[] {
  const c = s.context;
  const d0 = c.receivedOn!;
  const flow = c.flowDate ?? d0;
  const out: AllowedEvent[] = [];
  const narrow = (type: CaseEventType, name: string, options: string[]) =>
    EVENT_FIELDS[type].map((f) => (f.name === name ? { ...f, options } : f));

  for (const type of acceptedTypes(s)) {
    let fields = EVENT_FIELDS[type];
    let earliest: IsoDate | undefined = d0;
    switch (type) {
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
        fields = narrow(type, 'order', [stageOf(s) === 'not-assessing' ? 'assess' : stageOf(s) === 'not-issuing' ? 'make-plan' : 'amend-plan']);
        earliest = flow;
        break;
      case 'AdviceRequested':
        earliest = c.assessingSince ?? flow;
        break;
      case 'AdviceReceived': {
        const open = c.advice.filter((a) => !a.receivedOn);
        if (!open.length) continue;
        fields = narrow(type, 'adviceId', open.map((a) => a.adviceId));
        earliest = open.map((a) => a.receivedByProvider).sort()[0];
        break;
      }
      case 'SettingConsulted':
        earliest = c.planningSince ?? flow;
        break;
      case 'SettingResponded': {
        const open = c.consultations.filter((k) => !k.respondedOn);
        if (!open.length) continue;
        fields = narrow(type, 'consultationId', open.map((k) => k.consultationId));
        earliest = open.map((k) => k.consultedOn).sort()[0];
        break;
      }
      case 'ExceptionWithdrawn':
        if (!c.exceptions.length) continue;
        fields = narrow(type, 'exceptionId', c.exceptions.map((x) => x.exceptionId));
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
        fields = narrow(type, 'against', open.map(([k]) => k));
        earliest = open.map(([, on]) => on!).sort()[0];
        break;
      }
      case 'AppealNotOpposed': {
        // reg 45(1): only an undecided appeal against the decision this stage can concede.
        const subjects: DisputeSubject[] = stageOf(s) === 'not-assessing' ? ['refusal-to-assess'] : stageOf(s) === 'not-issuing' ? ['refusal-to-issue']
          : stageOf(s) === 'plan-ended' ? ['ceasing'] : ['plan-content', 'plan-school'];
        const open = subjects.filter((k) => !appealMayBeUnopposed(c.events, { type: 'AppealNotOpposed', date: opts.today, against: k }, subjects));
        if (!open.length) continue;
        fields = narrow(type, 'against', open);
        earliest = flow;
        break;
      }
      case 'ExistingAdviceAgreed':
        // reg 6(4) covers (b)-(h): never the parent's or young person's own advice
        fields = narrow(type, 'provider', ADVICE_PROVIDERS.filter((p) => p !== 'parent'));
        earliest = c.assessingSince ?? flow;
        break;
      case 'AdviceAskRefused': {
        const answered = new Set(c.events.flatMap((e) => (e.type === 'AdviceAskRefused' ? [e.askId] : (e.type === 'AdviceRequested' || e.type === 'ExistingAdviceAgreed') && e.answersFamilyAsk ? [e.answersFamilyAsk] : [])));
        const open = c.events.flatMap((e) => (e.type === 'AdviceAskedByFamily' && !answered.has(e.askId) ? [e] : []));
        if (!open.length) continue;
        fields = narrow(type, 'askId', open.map((e) => e.askId));
        earliest = open.map((e) => e.date).sort()[0];
        break;
      }
      case 'AmendedPlanIssued':
        earliest = c.finalIssuedOn ?? flow;
        break;
      case 'DeadlineMissed': {
        const missed = (deadlines ?? deadlinesOf(s, opts)).filter(
          (d) => (d.status === 'missed' || d.status === 'excepted') && !c.missedDeadlines.includes(d.id) && addDays(d.due, 1) <= opts.today,
        );
        if (!missed.length) continue;
        fields = narrow(type, 'deadline', missed.map((d) => d.id));
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
export function caseDeadlines(history: readonly CaseEvent[], opts: WorkflowOptions & { today: IsoDate }) {
  const view = replay(history, opts);
  return { view, deadlines: deriveDeadlines(history, opts) };
}

/**
 * Checks a whole history in one pass, as if each event had been a command on its own date, with `today`
 * for the no-future-dates guard (the importer's check: linear in the number of events, where calling
 * applyEvent per event would replay the prefix each time).
 */
export function checkHistory(
  history: readonly CaseEvent[],
  opts: WorkflowOptions & { today: IsoDate },
): { ok: true; view: CaseView } | { ok: false; index: number; error: WorkflowError } {
  let s = start(opts);
  for (const [index, e] of history.entries()) {
    const r = step(s, e, opts.today);
    if (!r.ok) return { ok: false, index, error: r.error };
    s = r.snapshot;
  }
  if (!history.length) return { ok: false, index: 0, error: { code: 'INVALID_EVENT', message: 'A case history must start with RequestReceived.', allowed: ['RequestReceived'] } };
  return { ok: true, view: toView(s) };
}
