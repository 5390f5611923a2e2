import { createActor, initialTransition, transition, type SnapshotFrom } from 'xstate';
import { ehcAssessmentMachine } from './ehc-assessment.machine.js';
import type { CaseEvent } from './events.js';
import { activeStateNodes, inertActorScope } from './xstate-adapter.js';

// What the workflow relies on inside XState. If an upgrade changes it, these fail here, not somewhere in a command.
type Snapshot = SnapshotFrom<typeof ehcAssessmentMachine>;
const ev = (e: Record<string, unknown>) => e as unknown as CaseEvent;
const history = [
  ev({ type: 'RequestReceived', date: '2025-03-03', source: 'parent' }),
  ev({ type: 'DecidedToAssess', date: '2025-04-01' }),
  // reg 6(1): advice sought from the parent, education, health and social care before deciding whether to issue.
  ev({ type: 'AdviceRequested', date: '2025-04-02', adviceId: 'parent', provider: 'parent' }),
  ev({ type: 'AdviceRequested', date: '2025-04-02', adviceId: 'school', provider: 'education' }),
  ev({ type: 'AdviceRequested', date: '2025-04-02', adviceId: 'health', provider: 'health' }),
  ev({ type: 'AdviceRequested', date: '2025-04-02', adviceId: 'care', provider: 'social-care' }),
  ev({ type: 'AdviceRequested', date: '2025-04-02', adviceId: 'ep', provider: 'psychology' }),
  ev({ type: 'AdviceReceived', date: '2025-04-20', adviceId: 'ep' }),
  ev({ type: 'DecidedToIssue', date: '2025-04-28' }),
  ev({ type: 'DraftPlanIssued', date: '2025-05-01' }),
  ev({ type: 'FinalPlanIssued', date: '2025-05-20', placement: 'mainstream' }),
];

describe('the XState internals the workflow uses (xstate-adapter.ts)', () => {
  it('snapshot._nodes: the state nodes of the current state, with their transitions by event type and named guards', () => {
    const [initial] = initialTransition(ehcAssessmentMachine, {});
    let s: Snapshot = initial;
    for (const e of history) {
      const nodes = activeStateNodes(s);
      expect(Array.isArray(nodes)).toBe(true);
      const configured =
        (ehcAssessmentMachine.config.states as Record<string, { on?: Record<string, unknown> }>)[s.value as string]
          ?.on ?? {};
      // The transitions read from the nodes are exactly those the machine declares for this state.
      const read = new Set(
        nodes.flatMap((n) =>
          Object.entries(n.on)
            .filter(([, list]) => (list?.length ?? 0) > 0)
            .map(([type]) => type),
        ),
      );
      expect([...read].sort()).toEqual(Object.keys(configured).sort());
      for (const [type, spec] of Object.entries(configured)) {
        const guard = (spec as { guard?: string }).guard;
        const candidates = nodes.flatMap((n) => n.on[type] ?? []);
        if (guard) expect(candidates.map((c) => c.guard)).toContain(guard);
      }
      s = transition(ehcAssessmentMachine, s, e)[0];
    }
  });

  it('the hand-built actor scope has every field of the scope XState builds for a real actor', () => {
    const real = (
      createActor(ehcAssessmentMachine, { input: {} }) as unknown as { _actorScope: Record<string, unknown> }
    )._actorScope;
    expect(Object.keys(inertActorScope(ehcAssessmentMachine)).sort()).toEqual(Object.keys(real).sort());
  });

  it("a step in the inert scope equals XState's own pure transition()", () => {
    const scope = inertActorScope(ehcAssessmentMachine);
    let pure: Snapshot = initialTransition(ehcAssessmentMachine, {})[0];
    let inert: Snapshot = pure;
    for (const e of history) {
      pure = transition(ehcAssessmentMachine, pure, e)[0];
      inert = ehcAssessmentMachine.transition(inert, e, scope);
      expect({ value: inert.value, context: inert.context, status: inert.status }).toEqual({
        value: pure.value,
        context: pure.context,
        status: pure.status,
      });
    }
    expect(inert.value).toBe('plan-issued');
  });
});
