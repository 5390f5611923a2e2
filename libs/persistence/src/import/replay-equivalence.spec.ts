import fc from 'fast-check';
import { transition } from 'xstate';
import {
  addDays,
  checkHistory,
  decide,
  ehcAssessmentMachine,
  foldCase,
  type CaseEvent,
  type CaseView,
  type Deadline,
  type WorkflowError,
} from '@ehc/workflow';
import { project, projectionValues } from '../projections.js';
import { demoHistory } from './demo-history.js';

// The importer checks a line in one fold (checkHistory: the log appended in place, each law check run once per step,
// the view and deadlines derived once at the end: docs/migrated-histories.md#how-a-line-is-checked). It must decide
// exactly what the line's events would have been decided one by one as commands (decide: the api's path, with the
// view, allowed events and deadlines after every event), and store the same rows. Generated histories: demo lines,
// as the benchmark imports them, with random changes that make some of them unlawful (and corrections).

const today = '2025-12-31';
const opts = { today, finalPlanDays: 140 };
const teams = [
  { id: 'north', caseworkers: ['cw-north-1', 'cw-north-2'] },
  { id: 'south', caseworkers: ['cw-south-1'] },
];
const LINES: CaseEvent[][] = [];
for (const l of demoHistory({
  from: '2019-01-01',
  today,
  requestsPerMonth: 4,
  teams,
  seed: 7,
  referencePrefix: 'EQ',
})) {
  if (LINES.length >= 250) break;
  LINES.push(l.events as CaseEvent[]);
}
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

type Outcome =
  | { ok: true; view: CaseView; deadlines: readonly Deadline[]; rows: ReturnType<typeof projectionValues> }
  | { ok: false; index: number; error: WorkflowError };

const identity = (n: number) => ({ id: uuid(999_999), reference: 'EQ-1', teamId: 'north', version: n });

/** The importer's way: one fold of the whole line, then the case's projections from its view (importer.ts). */
function asImported(events: readonly CaseEvent[], ids: readonly string[]): Outcome {
  const r = checkHistory(events, opts, ids);
  if (!r.ok) return r;
  const { view, deadlines } = project(identity(events.length), events, opts, r.view, ids);
  return { ok: true, view, deadlines, rows: projectionValues(view, deadlines) };
}

/**
 * Every event a command of its own on the case as it stood (decide, as the api decides one), each accepted step also
 * taken by XState alone from the same state (its own guards, nothing reused from the step's law checks).
 */
function asCommands(events: readonly CaseEvent[], ids: readonly string[]): Outcome {
  let state = foldCase([], opts);
  let last: Extract<ReturnType<typeof decide>, { ok: true }> | undefined;
  for (const [index, event] of events.entries()) {
    const r = decide(state, event, { ...opts, eventId: ids[index] });
    if (!r.ok) return { ok: false, index, error: r.error };
    if (event.type !== 'EventCorrected' && event.type !== 'EventRetracted') {
      const alone = transition(ehcAssessmentMachine, state.snapshot, r.state.history.at(-1)!)[0];
      expect({ value: alone.value, context: alone.context }).toEqual({
        value: r.state.snapshot.value,
        context: r.state.snapshot.context,
      });
    }
    state = r.state;
    last = r;
  }
  if (!last) throw new Error('a history without events');
  return { ok: true, view: last.view, deadlines: last.deadlines, rows: projectionValues(last.view, last.deadlines) };
}

type Change =
  | { kind: 'drop' | 'duplicate' | 'future'; at: number }
  | { kind: 'swap'; at: number }
  | { kind: 'shift'; at: number; days: number }
  | { kind: 'retract'; at: number; target: number }
  | { kind: 'correct'; at: number; target: number; days: number };

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constantFrom('drop' as const, 'duplicate' as const, 'future' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('shift' as const), at: fc.nat(), days: fc.integer({ min: -90, max: 90 }) }),
  fc.record({ kind: fc.constant('retract' as const), at: fc.nat(), target: fc.nat() }),
  fc.record({
    kind: fc.constant('correct' as const),
    at: fc.nat(),
    target: fc.nat(),
    days: fc.integer({ min: -40, max: 40 }),
  }),
);

/** A line with its changes applied; each entry keeps its own id (a correction names its target's). */
function changed(line: readonly CaseEvent[], changes: readonly Change[]) {
  let entries = line.map((e, i) => ({ e, id: uuid(i + 1) }));
  let next = line.length + 1;
  for (const c of changes) {
    const at = c.at % entries.length;
    const e = entries[at]!.e;
    switch (c.kind) {
      case 'drop':
        if (entries.length > 1) entries = entries.filter((_, i) => i !== at);
        break;
      case 'duplicate':
        entries.splice(at + 1, 0, { e: { ...e }, id: uuid(next++) });
        break;
      case 'future':
        entries[at] = { ...entries[at]!, e: { ...e, date: '2026-02-02' } };
        break;
      case 'swap':
        if (at + 1 < entries.length) [entries[at], entries[at + 1]] = [entries[at + 1]!, entries[at]!];
        break;
      case 'shift':
        entries[at] = { ...entries[at]!, e: { ...e, date: addDays(e.date, c.days) } };
        break;
      case 'retract':
      case 'correct': {
        // After entry `at`, on the same day: a correction of an earlier entry (or of itself: refused, no target yet).
        const target = entries[c.target % (at + 1)]!;
        const fix =
          c.kind === 'retract'
            ? { type: 'EventRetracted', date: e.date, retracts: target.id, reason: 'recorded in error' }
            : {
                type: 'EventCorrected',
                date: e.date,
                corrects: target.id,
                reason: 'wrong date',
                correction: { date: addDays(target.e.date, c.days) },
              };
        entries.splice(at + 1, 0, { e: fix as CaseEvent, id: uuid(next++) });
        break;
      }
    }
  }
  return { events: entries.map((x) => x.e), ids: entries.map((x) => x.id) };
}

describe('the importer’s one-fold check decides and stores what the events decided one by one would', () => {
  it('on the demo lines as generated (all lawful)', () => {
    for (const line of LINES.slice(0, 30)) {
      const ids = line.map((_, i) => uuid(i + 1));
      const imported = asImported(line, ids);
      expect(imported.ok).toBe(true);
      expect(imported).toEqual(asCommands(line, ids));
    }
  });

  it('on changed lines: the same entry refused with the same error, or the same view, deadlines and rows', () => {
    let refused = 0;
    let corrected = 0;
    fc.assert(
      fc.property(fc.nat({ max: LINES.length - 1 }), fc.array(change, { minLength: 1, maxLength: 3 }), (n, cs) => {
        const { events, ids } = changed(LINES[n]!, cs);
        const imported = asImported(events, ids);
        expect(imported).toEqual(asCommands(events, ids));
        if (!imported.ok) refused++;
        else if (events.some((e) => e.type === 'EventCorrected' || e.type === 'EventRetracted')) corrected++;
      }),
      { numRuns: 150, seed: 1813 },
    );
    // The generated changes reach both kinds of answer, and lawful corrections among the accepted lines.
    expect(refused).toBeGreaterThan(25);
    expect(corrected).toBeGreaterThan(5);
  });
});
