import { initialTransition, transition } from 'xstate';
import {
  applyEvent,
  decide,
  deriveDeadlines,
  ehcAssessmentMachine,
  foldCase,
  foldMore,
  inspectCase,
  inspectState,
  type CaseEvent,
} from '@ehc/workflow';
import { CaseStateCache } from './case-state-cache.js';
import { demoHistory } from './import/demo-history.js';

const TODAY = '2025-09-30';
const opts = { today: TODAY };
const entry = (events: CaseEvent[]) => ({ version: events.length, state: foldCase(events) });

// Realistic histories (requests, decisions, advice, exceptions, mediation, plans) from the demo generator.
const histories = [
  ...demoHistory({
    from: '2024-01-01',
    today: TODAY,
    requestsPerMonth: 4,
    teams: [{ id: 'north', caseworkers: ['cw-1', 'cw-2'] }],
    seed: 7,
  }),
].map((l) => l.events);

describe('a command started from a cached fold answers exactly like a replay of the stream', () => {
  it('for every prefix of every demo history, the next stored event decided on the fold equals applyEvent on the prefix', () => {
    expect(histories.length).toBeGreaterThan(50);
    let steps = 0;
    for (const h of histories) {
      let state = foldCase(h.slice(0, 1));
      for (let k = 1; k < h.length; k++) {
        const cached = decide(state, h[k], opts);
        const replayed = applyEvent(h.slice(0, k), h[k], opts);
        expect(cached.ok).toBe(true);
        if (!cached.ok || !replayed.ok) throw new Error('a stored history must replay');
        expect({ view: cached.view, allowed: cached.allowed }).toEqual({
          view: replayed.view,
          allowed: replayed.allowed,
        });
        state = cached.state;
        steps++;
      }
      expect(inspectState(state, opts)).toEqual(inspectCase(h, opts));
      // The log the api answers and caches is the state's own (no stored copy is kept beside it).
      expect(state.entries).toEqual(h);
    }
    expect(steps).toBeGreaterThan(500);
  });

  it('the deadlines a decision returns are deriveDeadlines of the history with the event', () => {
    for (const h of histories.slice(0, 60)) {
      for (let k = 1; k < h.length; k++) {
        const d = decide(foldCase(h.slice(0, k)), h[k], opts);
        expect(d.ok && d.deadlines).toEqual(deriveDeadlines(h.slice(0, k + 1), opts));
      }
    }
  });

  it("every step gives the snapshot XState's own transition() gives (the workflow reuses one inert actor scope)", () => {
    for (const h of histories) {
      let [s] = initialTransition(ehcAssessmentMachine, { finalPlanDays: 140 });
      for (const e of foldCase(h).snapshot.context.events) [s] = transition(ehcAssessmentMachine, s, e);
      const mine = foldCase(h).snapshot;
      expect({ value: mine.value, status: mine.status, context: mine.context }).toEqual({
        value: s.value,
        status: s.status,
        context: s.context,
      });
    }
  });

  it('extending a cached fold with the events stored after it equals folding the whole stream', () => {
    for (const h of histories.slice(0, 40)) {
      const k = Math.floor(h.length / 2);
      const extended = foldMore(foldCase(h.slice(0, k)), h.slice(k));
      expect(inspectState(extended, opts)).toEqual(inspectCase(h, opts));
      expect(extended.entries).toEqual(h);
    }
  });
});

describe('CaseStateCache (one entry per case, the newest version, least recently used evicted)', () => {
  const h = histories.find((x) => x.length >= 6)!;

  it('keeps a case at the version put, and an older version never replaces a newer one', () => {
    const cache = new CaseStateCache(10);
    cache.put('a', entry(h.slice(0, 4)));
    cache.put('a', entry(h.slice(0, 3)));
    expect(cache.peek('a')?.version).toBe(4);
    cache.put('a', entry(h.slice(0, 5)));
    expect(cache.peek('a')?.version).toBe(5);
  });

  it('refuses an entry whose version does not match its fold', () => {
    const cache = new CaseStateCache(10);
    expect(() => cache.put('a', { version: 5, state: foldCase(h.slice(0, 4)) })).toThrow(/version 5/);
    expect(() => cache.put('a', { version: 4, state: foldCase(h.slice(0, 3)) })).toThrow(/version 4/);
  });

  it('evicts the least recently used case beyond its capacity (a read counts as a use)', () => {
    const cache = new CaseStateCache(2);
    cache.put('a', entry(h.slice(0, 2)));
    cache.put('b', entry(h.slice(0, 2)));
    cache.peek('a');
    cache.put('c', entry(h.slice(0, 2)));
    expect([cache.peek('a') !== undefined, cache.peek('b') !== undefined, cache.peek('c') !== undefined]).toEqual([
      true,
      false,
      true,
    ]);
    expect(cache.size).toBe(2);
    cache.forget('a');
    expect(cache.peek('a')).toBeUndefined();
  });
});
