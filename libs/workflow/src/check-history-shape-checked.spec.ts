import { validateEventShape, type CaseEvent } from './events.js';
import { checkHistory } from './workflow.js';

// checkHistory's shapeChecked (the importer's: the events parseImportLine validated) spares only those events a
// second validation; any other event of the history is validated as always.
const opts = { today: '2025-12-31' };
const clean = (e: unknown): CaseEvent => {
  const v = validateEventShape(e);
  if (!v.ok) throw new Error(`not a valid event: ${JSON.stringify(v.errors)}`);
  return v.event;
};
const history = [
  clean({ type: 'RequestReceived', date: '2025-03-03', source: 'parent' }),
  clean({ type: 'CaseworkerAssigned', date: '2025-03-04', caseworker: 'cw-1' }),
  clean({ type: 'DecidedToAssess', date: '2025-04-10' }),
];

describe('checkHistory with shapeChecked (events the caller already validated)', () => {
  it('replays them to what it replays without it', () => {
    const r = checkHistory(history, { ...opts, shapeChecked: new Set<object>(history) });
    expect(r.ok).toBe(true);
    expect(r).toEqual(checkHistory(history, opts));
  });

  it('still validates an event that is not among them', () => {
    const bad = { type: 'DecidedToAssess', date: '2025-04-31' } as CaseEvent; // no 31 April
    const r = checkHistory([history[0]!, history[1]!, bad], { ...opts, shapeChecked: new Set<object>(history) });
    expect(r).toMatchObject({ ok: false, index: 2, error: { code: 'INVALID_EVENT' } });
  });
});
