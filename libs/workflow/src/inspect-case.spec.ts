import { allowedNextEvents, applyEvent, inspectCase, replay } from './workflow.js';
import type { CaseEvent } from './events.js';

const history = [
  { type: 'RequestReceived', date: '2025-03-03', source: 'parent' },
  { type: 'DecidedToAssess', date: '2025-04-01' },
  { type: 'AdviceRequested', date: '2025-04-02', adviceId: 'ep', provider: 'psychology' },
] as unknown as CaseEvent[];
const opts = { today: '2025-05-01' };

describe('one statechart pass serves the case page', () => {
  it('inspectCase gives the same view and allowed events as replay + allowedNextEvents', () => {
    expect(inspectCase(history, opts)).toEqual({ view: replay(history), allowed: allowedNextEvents(history, opts) });
  });

  it('applyEvent returns the events allowed after the new event', () => {
    const next = { type: 'AdviceReceived', date: '2025-04-20', adviceId: 'ep' } as unknown as CaseEvent;
    const r = applyEvent(history, next, opts);
    expect(r.ok && r.allowed).toEqual(allowedNextEvents([...history, next], opts));
  });
});
