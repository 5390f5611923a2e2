import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { getAdjacencyMap, getShortestPaths, getSimplePaths } from 'xstate/graph';
import { addDays, maxDate } from './dates.js';
import { deriveDeadlines } from './deadlines.js';
import { adviceStillToSeek } from './advice-sought.js';
import { ehcAssessmentMachine } from './ehc-assessment.machine.js';
import type { CaseEvent } from './events.js';
import { CASE_STAGES, replay } from './workflow.js';

type Snap = SnapshotFrom<typeof ehcAssessmentMachine>;
const D0 = '2025-03-03';

/** Lawful-looking candidate events for a state; the machine's guards decide which are taken. */
function eventsFor(s: Snap): CaseEvent[] {
  const c = s.context;
  if (!c.receivedOn) return [{ type: 'RequestReceived', date: D0, source: 'parent' }];
  const next = addDays(c.lastEventDate ?? D0, 7);
  const open = c.advice.find((a) => !a.receivedOn);
  return [
    { type: 'DecidedToAssess', date: next },
    { type: 'DecidedNotToAssess', date: next, reasons: 'needs met at SEN support' },
    // reg 6(1): the next limb still to seek, so the traversal can reach a decision whether to issue
    {
      type: 'AdviceRequested',
      date: next,
      adviceId: `a${c.advice.length + 1}`,
      provider: stillToSeek(s)[0]?.provider ?? 'psychology',
    } as CaseEvent,
    ...(open ? [{ type: 'AdviceReceived', date: next, adviceId: open.adviceId } as CaseEvent] : []),
    { type: 'DecidedToIssue', date: next },
    { type: 'DecidedNotToIssue', date: next, reasons: 'needs can be met without a plan' },
    { type: 'DraftPlanIssued', date: next },
    {
      type: 'FinalPlanIssued',
      date: c.draftIssuedOn ? maxDate(next, addDays(c.draftIssuedOn, 15)) : next,
      placement: 'mainstream',
    },
    { type: 'TribunalOrderMade', date: next, order: 'assess' },
    { type: 'TribunalOrderMade', date: next, order: 'make-plan' },
    { type: 'RequestWithdrawn', date: next, reason: 'withdrawn by family' },
    { type: 'MovedOutOfArea', date: next },
    { type: 'PlanEnded', date: next, reason: 'moved-out-of-area' },
    // the maintained plan's own end (docs/plan-life.md#one-log): a death ends it without reg 31; a transfer (reg 15)
    { type: 'PlanCeased', date: next, reason: 'deceased' },
    { type: 'TransferredOut', date: next, toLa: '937' },
  ];
}

const stillToSeek = (s: Snap) => adviceStillToSeek(s.context.events, '9999-12-31');

// A vertex is a stage and how many reg 6(1) limbs are still to seek: other self-transitions (exceptions,
// caseworker) do not make new vertices.
const traversal = {
  input: {},
  events: eventsFor,
  serializeState: (s: Snap) => JSON.stringify([s.value, stillToSeek(s).length]),
};

const eventsOf = (path: { steps: { event: CaseEvent }[] }) =>
  path.steps.map((st) => st.event).filter((e) => e.type !== ('xstate.init' as string));
// Where a case ends. Moving out is a final state; a withdrawn case still takes exceptions (recorded late or
// withdrawn), so it is an end of the flow but not an XState final state.
const FINAL = ['withdrawn', 'moved-out'];
const XSTATE_FINAL = ['moved-out'];
const ended = (s: { status: string; value: unknown }) => s.status === 'done' || s.value === 'withdrawn';

describe('EHC needs assessment statechart (docs/law.md#the-statechart)', () => {
  const shortest = getShortestPaths(ehcAssessmentMachine, traversal);

  it('every stage of CaseStage is a state of the machine, and every state is reachable', () => {
    expect(Object.keys(ehcAssessmentMachine.states).sort()).toEqual(['no-request', ...CASE_STAGES].sort());
    expect(new Set(shortest.map((p) => p.state.value))).toEqual(new Set(['no-request', ...CASE_STAGES]));
  });

  it('withdrawn and moved-out end the flow (moved-out is final; withdrawn takes only exceptions), and are reached', () => {
    const finals = Object.entries(ehcAssessmentMachine.states)
      .filter(([, n]) => n.type === 'final')
      .map(([k]) => k);
    expect(finals.sort()).toEqual([...XSTATE_FINAL].sort());
    for (const f of FINAL) expect(ended(shortest.find((p) => p.state.value === f)!.state)).toBe(true);
    expect(Object.keys(ehcAssessmentMachine.states['withdrawn']!.on).sort()).toEqual([
      'ExceptionRecorded',
      'ExceptionWithdrawn',
    ]);
  });

  describe('simple paths to every final state replay through the public API (xstate/graph getSimplePaths)', () => {
    const toFinal = getSimplePaths(ehcAssessmentMachine, { ...traversal, toState: ended });
    it('there are paths to both final states, from every open stage', () => {
      expect(new Set(toFinal.map((p) => p.state.value))).toEqual(new Set(FINAL));
      const passedThrough = new Set(toFinal.flatMap((p) => p.steps.map((st) => st.state.value)));
      for (const s of ['awaiting-decision-to-assess', 'assessing', 'drafting', 'draft-period'])
        expect(passedThrough).toContain(s);
    });
    it.each(toFinal.map((p) => [p.steps.map((st) => st.event.type).join(' → '), p] as const))('%s', (_name, path) => {
      const view = replay(eventsOf(path as never));
      expect(view.stage).toBe(path.state.value);
      expect(view.closed).toBe(true);
      expect(view.withdrawnOn ?? view.movedOutOn).toBe(view.lastEventDate);
    });
  });

  describe('invariants on every simple path', () => {
    const all = getSimplePaths(ehcAssessmentMachine, traversal);
    it('covers every stage', () => {
      expect(new Set(all.map((p) => p.state.value))).toEqual(new Set(['no-request', ...CASE_STAGES]));
    });
    it.each(
      all
        .filter((p) => p.state.value !== 'no-request')
        .map((p) => [p.steps.map((st) => st.event.type).join(' → '), p] as const),
    )('%s', (_name, path) => {
      const events = eventsOf(path as never);
      const view = replay(events);
      expect(view.stage).toBe(path.state.value);
      expect(view.receivedOn).toBe(D0); // D0 never changes, whatever the route (R (W) v Hertfordshire)
      // reg 13(1): a final plan always follows a draft by at least 15 days.
      if (view.finalIssuedOn) expect(view.finalIssuedOn >= addDays(view.draftIssuedOn!, 15)).toBe(true);
      // a refused-then-continued case is flagged as a reversal (a refusal after a draft is not one: reg 10).
      const at = (t: string) => events.findIndex((e) => e.type === t);
      const lastAt = (t: string) => events.map((e) => e.type).lastIndexOf(t as CaseEvent['type']);
      const continuedAfter = (refusal: string, ...next: string[]) =>
        at(refusal) >= 0 && next.some((t) => lastAt(t) > at(refusal));
      if (
        continuedAfter('DecidedNotToAssess', 'DecidedToAssess') ||
        continuedAfter('DecidedNotToIssue', 'DecidedToIssue', 'DraftPlanIssued')
      ) {
        expect(view.flags.reversedRefusal).toBe(true);
      }
      const ids = deriveDeadlines(events, { today: '2026-12-31' }).map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      // on a closed route nothing is left pending for ever (except guidance/advice clocks that keep their dates).
      if (view.stage === 'withdrawn' || view.stage === 'moved-out') {
        expect(deriveDeadlines(events, { today: '2026-12-31' }).filter((d) => d.status === 'pending')).toEqual([]);
      }
    });
  });

  it('every stage-changing transition of the definition is taken by the traversal (e.g. the reg 44(2)(b) order back to awaiting a decision)', () => {
    const defined = new Set<string>();
    for (const [key, node] of Object.entries(ehcAssessmentMachine.states)) {
      for (const [type, ts] of Object.entries(node.on as Record<string, { target?: { key: string }[] }[]>)) {
        // AppealNotOpposed and MediationAgreementReached need an appeal or a mediation first (self-transitions the vertices forget):
        // their transitions are taken in reg45-unopposed-appeal.spec.ts and reg42-mediation-agreement.spec.ts.
        if (type === 'AppealNotOpposed' || type === 'MediationAgreementReached') continue;
        for (const t of ts) for (const target of t.target ?? []) defined.add(`${key} --${type}--> ${target.key}`);
      }
    }
    const taken = new Set<string>();
    for (const v of Object.values(getAdjacencyMap(ehcAssessmentMachine, traversal))) {
      for (const { event, state } of Object.values(v.transitions) as { event: CaseEvent; state: Snap }[]) {
        if (state.value !== v.state.value)
          taken.add(`${String(v.state.value)} --${event.type}--> ${String(state.value)}`);
      }
    }
    expect(taken).toEqual(defined);
    expect(taken).toContain('not-assessing --TribunalOrderMade--> awaiting-decision-to-assess');
  });

  it('the machine owns no clock: no delayed events are ever scheduled', () => {
    let [s, actions] = initialTransition(ehcAssessmentMachine, {});
    const seen = [...actions];
    for (const e of eventsOf(shortest.find((p) => p.state.value === 'plan-issued')! as never)) {
      [s, actions] = transition(ehcAssessmentMachine, s, e);
      seen.push(...actions);
    }
    expect(s.value).toBe('plan-issued');
    expect(seen.filter((a) => ['xstate.raise', 'xstate.cancel'].includes(a.type as string))).toEqual([]);
  });

  it('an event a state does not handle leaves the snapshot unchanged', () => {
    const [s0] = initialTransition(ehcAssessmentMachine, {});
    const [s1] = transition(ehcAssessmentMachine, s0, { type: 'DecidedToIssue', date: D0 });
    expect(s1).toBe(s0);
  });
});
