// The two places the workflow reaches past XState's documented API, kept here so that an upgrade breaks in one
// place and is caught by xstate-adapter.spec (xstate is pinned to an exact version in package.json for the same
// reason; docs/architecture.md#the-statechart-and-xstate).
import { createActor, type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';

/** A state node as the workflow reads it: its transitions by event type (each a list of candidates with a guard). */
export interface StateNodeTransitions {
  on: Record<string, readonly { guard?: unknown }[] | undefined>;
}

/**
 * The state nodes a snapshot is in (XState's internal `snapshot._nodes`): the workflow lists the transitions of the
 * current state for each event type once per state, instead of asking `snapshot.can` for every type on every step.
 */
export function activeStateNodes(snapshot: AnyMachineSnapshot): readonly StateNodeTransitions[] {
  return (snapshot as unknown as { _nodes: readonly StateNodeTransitions[] })._nodes;
}

/**
 * An actor scope for `machine.transition(snapshot, event, scope)` that is made once and never started. XState's pure
 * `transition(machine, snapshot, event)` makes a throw-away actor for each call (computing the machine's initial
 * snapshot for it): that was most of a step's cost and garbage. The machine invokes and spawns nothing and has only
 * `assign` actions, which XState applies itself, so the scope is only read, never changed, and no action is executed
 * through it (as with `transition()`, which returns actions it does not run). The fields are the ones XState 5.33
 * reads from an actor scope; xstate-adapter.spec compares steps taken in it with `transition()`.
 */
export function inertActorScope(machine: AnyStateMachine): AnyActorScope {
  const self = createActor(machine, { input: {} });
  const nothing = () => {};
  return {
    self,
    id: '',
    sessionId: '',
    logger: nothing,
    defer: nothing,
    emit: nothing,
    stopChild: nothing,
    system: self.system,
    actionExecutor: nothing,
  } as unknown as AnyActorScope;
}
