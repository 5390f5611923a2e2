import { applyEvent, decide, foldCase, foldMore, inspectCase, inspectState } from './workflow.js';
import { WorkflowRejection } from './errors.js';
import type { CaseEvent } from './events.js';

// A case that moved through most of the assessment: request, decision (reg 5), advice (reg 6), an exception (reg 10(4)).
const history = [
  { type: 'RequestReceived', date: '2025-03-03', source: 'parent' },
  { type: 'CaseworkerAssigned', date: '2025-03-03', caseworker: 'cw-north-1' },
  { type: 'DecidedToAssess', date: '2025-04-01' },
  { type: 'AdviceRequested', date: '2025-04-02', adviceId: 'ep', provider: 'psychology' },
  { type: 'AdviceRequested', date: '2025-04-02', adviceId: 'health', provider: 'health' },
  { type: 'AdviceReceived', date: '2025-04-20', adviceId: 'health' },
  // the rest of reg 6(1): the family's own advice, education and social care (so a decision whether to issue can follow)
  { type: 'AdviceRequested', date: '2025-04-02', adviceId: 'family', provider: 'parent' },
  { type: 'AdviceRequested', date: '2025-04-02', adviceId: 'school', provider: 'education' },
  {
    type: 'ExistingAdviceAgreed',
    date: '2025-04-03',
    provider: 'social-care',
    evidence: 'child-in-need assessment of 2025-02, agreed by the social worker, the LA and the parent',
  },
] as unknown as CaseEvent[];
const opts = { today: '2025-05-01' };
const ev = (e: Record<string, unknown>) => e as unknown as CaseEvent;

describe('a folded case (CaseState) answers a command like a replay of the whole history', () => {
  it('decide on the folded history gives the same view and allowed events as applyEvent on the history', () => {
    for (const next of [
      ev({ type: 'AdviceReceived', date: '2025-04-25', adviceId: 'ep' }),
      ev({ type: 'CaseworkerAssigned', date: '2025-04-25', caseworker: 'cw-north-2' }),
      ev({ type: 'DecidedToIssue', date: '2025-04-28' }),
    ]) {
      const a = decide(foldCase(history), next, opts);
      const b = applyEvent(history, next, opts);
      expect(a.ok && b.ok).toBe(true);
      if (a.ok && b.ok) {
        expect({ view: a.view, allowed: a.allowed }).toEqual({ view: b.view, allowed: b.allowed });
        // …and the state it returns is the fold of history + event.
        expect(inspectState(a.state, opts)).toEqual(inspectCase([...history, next], opts));
      }
    }
  });

  it("decide's answer is a plain object whose allowed events are worked out when first read, then kept", () => {
    const next = ev({ type: 'AdviceReceived', date: '2025-04-25', adviceId: 'ep' });
    const a = decide(foldCase(history), next, opts);
    const b = decide(foldCase(history), next, opts);
    const c = applyEvent(history, next, opts);
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (a.ok && b.ok && c.ok) {
      expect(Object.keys(a)).toEqual(['ok', 'state', 'view', 'allowed', 'deadlines']);
      expect(a.allowed).toBe(a.allowed);
      expect({ ...a }.allowed).toEqual(c.allowed);
      // one getter for all answers (lazy-property.ts: a getter of its own per answer kept its garbage alive)
      expect(Object.getOwnPropertyDescriptor(a, 'allowed')!.get).toBe(
        Object.getOwnPropertyDescriptor(b, 'allowed')!.get,
      );
    }
  });

  it('refuses what applyEvent refuses, with the same error (reg 13(2): no final plan before a draft)', () => {
    const next = ev({ type: 'FinalPlanIssued', date: '2025-04-25', placement: 'mainstream' });
    expect(decide(foldCase(history), next, opts)).toEqual(applyEvent(history, next, opts));
  });

  it('one state can start any number of commands: deciding never changes the state it started from', () => {
    const s = foldCase(history);
    const before = JSON.stringify(inspectState(s, opts));
    const one = decide(s, ev({ type: 'CaseworkerAssigned', date: '2025-04-25', caseworker: 'cw-north-2' }), opts);
    const two = decide(s, ev({ type: 'AdviceReceived', date: '2025-04-25', adviceId: 'ep' }), opts);
    expect(one.ok && two.ok).toBe(true);
    expect(JSON.stringify(inspectState(s, opts))).toBe(before);
    expect(s.eventCount).toBe(history.length);
    if (one.ok && two.ok) {
      expect(inspectState(one.state, opts).view.caseworker).toBe('cw-north-2');
      expect(inspectState(two.state, opts).view.caseworker).toBe('cw-north-1');
      expect(inspectState(two.state, opts).view.advice.find((a) => a.adviceId === 'ep')?.receivedOn).toBe('2025-04-25');
      expect(inspectState(s, opts).view.advice.find((a) => a.adviceId === 'ep')?.receivedOn).toBeUndefined();
    }
  });

  it('foldMore on a prefix equals folding the whole history', () => {
    for (let k = 0; k <= history.length; k++) {
      const s = foldMore(foldCase(history.slice(0, k)), history.slice(k));
      expect(s.eventCount).toBe(history.length);
      expect(inspectState(s, opts)).toEqual(inspectCase(history, opts));
    }
  });

  it('foldMore names the first stored event that does not fold, by its position in the whole stream', () => {
    const s = foldCase(history.slice(0, 3));
    expect(() => foldMore(s, [ev({ type: 'FinalPlanIssued', date: '2025-04-25', placement: 'mainstream' })])).toThrow(
      WorkflowRejection,
    );
    expect(() => foldMore(s, [ev({ type: 'FinalPlanIssued', date: '2025-04-25', placement: 'mainstream' })])).toThrow(
      /^Event 4 \(FinalPlanIssued\)/,
    );
  });

  it('a state folded with one reg 13(2) boundary refuses to answer for another', () => {
    const s = foldCase(history, { finalPlanDays: 139 });
    expect(s.finalPlanDays).toBe(139);
    expect(() => inspectState(s, opts)).toThrow(RangeError);
    expect(() => decide(s, ev({ type: 'DecidedToIssue', date: '2025-04-28' }), opts)).toThrow(RangeError);
    expect(() => inspectState(s, { ...opts, finalPlanDays: 139 })).not.toThrow();
  });

  it('an empty state has no case to inspect yet', () => {
    expect(() => inspectState(foldCase([]), opts)).toThrow(WorkflowRejection);
  });
});
