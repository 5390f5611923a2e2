import type { CaseEvent } from './events.js';
import { correctedHistory } from './corrections.js';
import { checkHistory, decide, foldCase, foldMore, inspectStateWithDeadlines } from './workflow.js';

// Corrections (docs/corrections.md): a wrong entry is put right by a new event naming it; the case is its history
// as corrected, which must itself be lawful.
const TODAY = '2025-12-31';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const planned: CaseEvent[] = [
  { type: 'RequestReceived', date: '2025-03-03', source: 'parent' },
  { type: 'DecidedToAssess', date: '2025-04-10' },
  { type: 'AdviceRequested', date: '2025-04-11', adviceId: 'ep', provider: 'psychology' },
  { type: 'AdviceReceived', date: '2025-05-20', adviceId: 'ep' },
  // the rest of the advice reg 6(1) requires before a decision whether to issue ((a), (b), (c), (e))
  { type: 'AdviceRequested', date: '2025-05-21', adviceId: 'par', provider: 'parent' },
  { type: 'AdviceRequested', date: '2025-05-21', adviceId: 'edu', provider: 'education' },
  { type: 'AdviceRequested', date: '2025-05-21', adviceId: 'hea', provider: 'health' },
  { type: 'AdviceRequested', date: '2025-05-21', adviceId: 'soc', provider: 'social-care' },
  { type: 'DecidedToIssue', date: '2025-06-10' },
  { type: 'DraftPlanIssued', date: '2025-06-23' },
  { type: 'FinalPlanIssued', date: '2025-08-01', placement: 'mainstream' }, // day 151: late
];
const ids = planned.map((_, i) => id(i + 1));
const FINAL = id(11);
const correct = (corrects: string, correction: Record<string, unknown>, date = '2025-09-01'): CaseEvent =>
  ({ type: 'EventCorrected', date, corrects, reason: 'Typed the wrong date', correction }) as CaseEvent;
const retract = (retracts: string, date = '2025-09-01'): CaseEvent =>
  ({ type: 'EventRetracted', date, retracts, reason: 'Recorded on the wrong case' }) as CaseEvent;
const opts = { today: TODAY };

function decideOn(log: CaseEvent[], e: CaseEvent, logIds = ids, eventId = id(99)) {
  return decide(foldCase(log, {}, logIds), e, { ...opts, eventId });
}

describe('EventCorrected: the case is replayed with the correction applied', () => {
  it('a final plan’s date corrected after the plan: the 20-week deadline follows (late → met)', () => {
    const before = inspectStateWithDeadlines(foldCase(planned, {}, ids), opts).deadlines.find(
      (d) => d.kind === 'final-plan',
    );
    expect(before).toMatchObject({ status: 'missed', metOn: '2025-08-01' });
    const r = decideOn(planned, correct(FINAL, { date: '2025-07-15' }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.view).toMatchObject({ stage: 'plan-issued', finalIssuedOn: '2025-07-15' });
    expect(r.deadlines.find((d) => d.kind === 'final-plan')).toMatchObject({
      due: '2025-07-21',
      status: 'met',
      metOn: '2025-07-15',
    });
    expect(r.state.eventCount).toBe(12); // the log keeps every entry: the version counts the correction
    expect(r.state.history).toHaveLength(11);
  });

  it('a mistyped request date moves every clock (reg 5(1), reg 13(2))', () => {
    const r = decideOn(planned, correct(id(1), { date: '2025-03-10' }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.view.receivedOn).toBe('2025-03-10');
    expect(r.deadlines.find((d) => d.kind === 'final-plan')!.due).toBe('2025-07-28');
  });

  it('a field other than the date: the placement', () => {
    const r = decideOn(planned, correct(FINAL, { placement: 'special-state' }));
    expect(r.ok && r.view.placement).toBe('special-state');
  });

  it('is allowed in every state, and a second correction applies on top of the first', () => {
    const withdrawn: CaseEvent[] = [
      ...planned.slice(0, 2),
      { type: 'RequestWithdrawn', date: '2025-04-20', reason: 'Family moved school' },
    ];
    const r = decideOn(withdrawn, correct(id(3), { date: '2025-04-25' }), [id(1), id(2), id(3)]);
    expect(r.ok && r.view).toMatchObject({ stage: 'withdrawn', withdrawnOn: '2025-04-25' });
    const moved: CaseEvent[] = [...planned.slice(0, 2), { type: 'MovedOutOfArea', date: '2025-04-20' }];
    const m = decideOn(moved, correct(id(3), { date: '2025-04-22' }), [id(1), id(2), id(3)]);
    expect(m.ok && m.view).toMatchObject({ stage: 'moved-out', movedOutOn: '2025-04-22' });
    const refused: CaseEvent[] = [
      planned[0]!,
      { type: 'DecidedNotToAssess', date: '2025-04-01', reasons: 'Needs met' },
    ];
    const r2 = decideOn(refused, correct(id(2), { date: '2025-04-02' }), [id(1), id(2)]);
    expect(r2.ok && r2.view).toMatchObject({ stage: 'not-assessing', decidedNotToAssessOn: '2025-04-02' });
    const log = [
      ...planned,
      correct(FINAL, { date: '2025-07-15' }),
      correct(FINAL, { date: '2025-07-20' }, '2025-09-02'),
    ];
    const h = correctedHistory(log, [...ids, id(12), id(13)]);
    expect(h.events.at(-1)).toEqual({ type: 'FinalPlanIssued', date: '2025-07-20', placement: 'mainstream' });
  });

  it('refused with the statechart’s own reason when the corrected history is not lawful', () => {
    // reg 13(1): the plan cannot be finalised before the draft has been served + 15 days.
    const r = decideOn(planned, correct(FINAL, { date: '2025-07-01' }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('DATE_ORDER');
      expect(r.error.message).toMatch(/^With this correction the history would not be lawful: FinalPlanIssued/);
      expect(r.error.message).toMatch(/2025-07-08/);
    }
  });

  it('refuses a correction of nothing, of a field the entry does not have, of an unknown id, or dated in the future', () => {
    const code = (e: CaseEvent) => {
      const r = decideOn(planned, e);
      return r.ok ? 'ok' : `${r.error.code} ${r.error.field}`;
    };
    expect(code(correct(FINAL, {}))).toBe('INVALID_EVENT correction');
    expect(code(correct(FINAL, { date: '2025-08-01' }))).toBe('INVALID_EVENT correction');
    expect(code(correct(FINAL, { adviceId: 'ep' }))).toBe('INVALID_EVENT correction');
    expect(code(correct(FINAL, { placement: 'castle' }))).toBe('INVALID_EVENT correction.placement');
    expect(code(correct(id(50), { date: '2025-07-15' }))).toBe('UNKNOWN_REFERENCE corrects');
    expect(code(correct(FINAL, { date: '2026-01-05' }))).toBe('DATE_IN_FUTURE correction.date');
  });

  it('never targets a correction or the system’s DeadlineMissed', () => {
    const log = [...planned, correct(FINAL, { date: '2025-07-15' })];
    const r = decide(foldCase(log, {}, [...ids, id(12)]), correct(id(12), { reason: 'x' }), {
      ...opts,
      eventId: id(13),
    });
    expect(r.ok ? 'ok' : r.error.code).toBe('EVENT_NOT_ALLOWED');
    const missed: CaseEvent[] = [
      planned[0]!,
      { type: 'DeadlineMissed', date: '2025-04-15', deadline: 'decision-to-assess', due: '2025-04-14' },
    ];
    const m = decide(foldCase(missed, {}, [id(1), id(2)]), retract(id(2)), { ...opts, eventId: id(13) });
    expect(m.ok ? 'ok' : m.error.code).toBe('EVENT_NOT_ALLOWED');
  });
});

describe('EventRetracted: the case is as if the entry had never been recorded', () => {
  it('a final plan recorded on the wrong case is retracted: the case is back in its draft period', () => {
    const r = decideOn(planned, retract(FINAL));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.view.stage).toBe('draft-period');
    expect(r.view.finalIssuedOn).toBeUndefined();
    expect(r.allowed.map((a) => a.type)).toContain('FinalPlanIssued');
  });

  it('the request cannot be retracted; an entry others depend on cannot be retracted alone', () => {
    const req = decideOn(planned, retract(id(1)));
    expect(req.ok ? 'ok' : req.error.code).toBe('EVENT_NOT_ALLOWED');
    const advice = decideOn(planned, retract(id(3))); // AdviceReceived would answer a request never made
    expect(advice.ok ? 'ok' : advice.error.code).toBe('UNKNOWN_REFERENCE');
  });

  it('a DeadlineMissed the corrected history no longer bears out is left out of it', () => {
    const log: CaseEvent[] = [
      planned[0]!,
      { type: 'DeadlineMissed', date: '2025-04-15', deadline: 'decision-to-assess', due: '2025-04-14' },
      { type: 'DecidedToAssess', date: '2025-04-20' },
    ];
    const r = decide(foldCase(log, {}, [id(1), id(2), id(3)]), correct(id(3), { date: '2025-04-10' }), {
      ...opts,
      eventId: id(4),
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.view.missedDeadlines).toEqual([]);
    expect(r.deadlines.find((d) => d.kind === 'decision-to-assess')).toMatchObject({
      status: 'met',
      metOn: '2025-04-10',
    });
  });
});

describe('a log with corrections folds the same way however it is read', () => {
  it('foldCase of the whole log = foldMore in two parts = the decision when it was made; checkHistory accepts it', () => {
    const log = [...planned, correct(FINAL, { date: '2025-07-15' }), retract(id(4), '2025-09-02')];
    const logIds = [...ids, id(12), id(13)];
    // Retracting AdviceReceived leaves the advice outstanding: lawful (a late report can still come).
    const whole = foldCase(log, {}, logIds);
    const parts = foldMore(foldCase(log.slice(0, 5), {}, logIds.slice(0, 5)), log.slice(5), logIds.slice(5));
    expect(parts.history).toEqual(whole.history);
    expect(whole.eventCount).toBe(13);
    expect(whole.history.map((e) => e.type)).not.toContain('AdviceReceived');
    expect(checkHistory(log, opts, logIds)).toMatchObject({ ok: true, view: { finalIssuedOn: '2025-07-15' } });
  });
});

describe('states decided from one state keep their own log and ids (the arrays they share, workflow.ts appendId)', () => {
  const base = foldCase(planned.slice(0, 4), {}, ids.slice(0, 4));
  const note = (date: string): CaseEvent => ({ type: 'CaseworkerAssigned', date, caseworker: 'cw-1' }) as CaseEvent;

  it('two commands decided from the same state, then a correction on each names only its own entries', () => {
    const a = decide(base, note('2025-06-01'), { ...opts, eventId: id(50) });
    const b = decide(base, note('2025-06-02'), { ...opts, eventId: id(60) });
    if (!a.ok || !b.ok) throw new Error('not decided');
    // Each correction names the other's entry: unknown on this state's log, whichever was decided first.
    const onA = decide(a.state, retract(id(60)), { ...opts, eventId: id(51) });
    const onB = decide(b.state, retract(id(50)), { ...opts, eventId: id(61) });
    expect(onA).toMatchObject({ ok: false });
    expect(onB).toMatchObject({ ok: false });
    // And its own, or one of the state they came from, is found.
    const ownA = decide(a.state, retract(id(50)), { ...opts, eventId: id(52) });
    const ownB = decide(b.state, retract(id(60)), { ...opts, eventId: id(62) });
    expect([ownA.ok, ownB.ok]).toEqual([true, true]);
    const fromBase = decide(b.state, correct(id(4), { date: '2025-05-19' }), { ...opts, eventId: id(63) });
    if (!fromBase.ok) throw new Error(fromBase.error.message);
    expect(fromBase.state.history.find((e) => e.type === 'AdviceReceived')?.date).toBe('2025-05-19');
    // The first state is as it was: four entries, the fourth still correctable by its id.
    expect(base.eventCount).toBe(4);
    expect(decide(base, correct(id(4), { date: '2025-05-18' }), { ...opts, eventId: id(70) }).ok).toBe(true);
  });

  it("a state's entries are its log as given, corrections included; states decided from it leave them as they were", () => {
    const a = decide(base, note('2025-06-01'), { ...opts, eventId: id(50) });
    const b = decide(base, note('2025-06-02'), { ...opts, eventId: id(60) });
    if (!a.ok || !b.ok) throw new Error('not decided');
    const fix = correct(id(4), { date: '2025-05-19' });
    const c = decide(b.state, fix, { ...opts, eventId: id(61) });
    if (!c.ok) throw new Error(c.error.message);
    const log = [...planned.slice(0, 4), note('2025-06-02'), fix];
    expect(c.state.entries).toEqual(log);
    expect(c.state.history).toHaveLength(5); // the history as corrected: the correction applied, not an entry of it
    expect(base.entries).toEqual(planned.slice(0, 4));
    expect(a.state.entries).toEqual([...planned.slice(0, 4), note('2025-06-01')]);
    expect(b.state.entries).toEqual(log.slice(0, 5));
    const logIds = [...ids.slice(0, 4), id(60), id(61)];
    expect(foldCase(log, {}, logIds).entries).toEqual(log);
    expect(foldMore(base, log.slice(4), logIds.slice(4)).entries).toEqual(log);
  });

  it('a command decided from a folded state answers the same log as folding the longer history', () => {
    const more = note('2025-06-01');
    const d = decide(base, more, { ...opts, eventId: id(50) });
    if (!d.ok) throw new Error('not decided');
    const folded = foldCase([...planned.slice(0, 4), more], {}, [...ids.slice(0, 4), id(50)]);
    expect(d.state.history).toEqual(folded.history);
    expect(d.state.eventCount).toBe(5);
    // A correction after it still finds every entry by its id (the ids ran on in the array base shares).
    const c = decide(d.state, retract(id(50)), { ...opts, eventId: id(51) });
    expect(c.ok).toBe(true);
  });
});
