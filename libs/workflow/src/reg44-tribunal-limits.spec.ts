import { deriveDeadlines, type Deadline } from './deadlines.js';
import type { CaseEvent } from './events.js';
import { applyEvent, replay } from './workflow.js';
import { withRequiredAdvice } from './advice-sought.js';

const byId = (ds: Deadline[]) => Object.fromEntries(ds.map((d) => [d.id, d]));
const ordered: CaseEvent[] = [
  { type: 'RequestReceived', date: '2025-03-03', source: 'parent' },
  { type: 'DecidedNotToAssess', date: '2025-04-01', reasons: 'r' },
  { type: 'TribunalAppealRegistered', date: '2025-05-01', against: 'refusal-to-assess' },
  { type: 'TribunalOrderMade', date: '2025-09-01', order: 'assess' },
  { type: 'DecidedToAssess', date: '2025-09-10' },
];
const today = { today: '2026-12-02' };
const exc = (over: Record<string, unknown>): CaseEvent =>
  ({ type: 'ExceptionRecorded', date: '2025-10-20', exceptionId: 'x1', kind: 'absent-from-area', from: '2025-10-01', to: '2025-10-15', appliesTo: ['tribunal-final-plan'], evidence: 'abroad', ...over }) as CaseEvent;

describe('reg 44(3): limits set by a tribunal order have their own exceptions', () => {
  it('absence from the area of 2 weeks (not 4) excuses a tribunal-order limit', () => {
    const r = applyEvent(ordered, exc({}), today);
    expect(r.ok).toBe(true);
    const late = withRequiredAdvice([...ordered, exc({}), { type: 'DecidedToIssue', date: '2025-11-01' }, { type: 'DraftPlanIssued', date: '2025-11-20' }, { type: 'FinalPlanIssued', date: '2025-12-20', placement: 'mainstream' }] as CaseEvent[]);
    replay(late);
    // due 2025-12-08 (order + 98); issued late but excused
    expect(byId(deriveDeadlines(late, today))['tribunal-final-plan']).toMatchObject({ status: 'excepted', exceptionIds: ['x1'] });
  });

  it('13 days of absence (2025-10-01..13 inclusive) is not enough; 14 days is', () => {
    expect(applyEvent(ordered, exc({ to: '2025-10-13' }), today)).toMatchObject({ ok: false, error: { code: 'EXCEPTION_INVALID', field: 'to' } });
    expect(applyEvent(ordered, exc({ to: '2025-10-14' }), today).ok).toBe(true);
  });

  it('the 20-week limit still needs 4 weeks of absence', () => {
    const noOrder: CaseEvent[] = [{ type: 'RequestReceived', date: '2025-03-03', source: 'parent' }, { type: 'DecidedToAssess', date: '2025-04-01' }];
    expect(applyEvent(noOrder, exc({ appliesTo: ['final-plan'], from: '2025-05-01', to: '2025-05-15' }), today)).toMatchObject({ ok: false, error: { code: 'EXCEPTION_INVALID' } });
  });

  it('no missed-appointment exception for a tribunal-order limit', () => {
    expect(applyEvent(ordered, exc({ kind: 'missed-appointment' }), today)).toMatchObject({ ok: false, error: { code: 'EXCEPTION_INVALID', field: 'appliesTo' } });
  });

  it('exceptional personal circumstances within the order\'s period', () => {
    expect(applyEvent(ordered, exc({ kind: 'exceptional-personal-circumstances', from: '2025-10-01', to: '2025-10-03' }), today).ok).toBe(true);
    expect(applyEvent(ordered, exc({ kind: 'exceptional-personal-circumstances', from: '2025-06-01', to: '2025-06-03' }), today)).toMatchObject({ ok: false, error: { field: 'from' } });
  });

  it('the family wishing to comment after the 15 days on the draft: only after those 15 days, only for tribunal-order limits', () => {
    const drafted: CaseEvent[] = withRequiredAdvice([...ordered, { type: 'DecidedToIssue', date: '2025-10-01' }, { type: 'DraftPlanIssued', date: '2025-10-10' }]);
    const comments = exc({ kind: 'family-comments-after-draft-period', from: '2025-10-25', to: '2025-11-05', date: '2025-11-05' });
    expect(applyEvent(drafted, comments, today).ok).toBe(true);
    expect(applyEvent(drafted, { ...comments, from: '2025-10-24' } as CaseEvent, today)).toMatchObject({ ok: false, error: { field: 'from' } });
    expect(applyEvent(drafted, { ...comments, appliesTo: ['final-plan'] } as CaseEvent, today)).toMatchObject({ ok: false, error: { field: 'appliesTo' } });
  });
});

describe('reg 44(1): a Tribunal direction can set other periods', () => {
  it('directed dates replace reg 44(2)\'s periods and are labelled reg 44(1)', () => {
    const h = ordered.map((e) => (e.type === 'TribunalOrderMade' ? { ...e, finalBy: '2026-01-30' } : e)) as CaseEvent[];
    const d = byId(deriveDeadlines(h, today));
    expect(d['tribunal-final-plan']).toMatchObject({ due: '2026-01-30', regulation: 'reg 44(1)' });
    expect(d['tribunal-notify-assess']).toMatchObject({ due: '2025-09-15', regulation: 'reg 44(2)(b)' });
  });
  it('a directed date cannot precede the order, and draftBy belongs to an order to make a plan', () => {
    const base = ordered.slice(0, 3);
    expect(applyEvent(base, { type: 'TribunalOrderMade', date: '2025-09-01', order: 'assess', finalBy: '2025-08-01' }, today)).toMatchObject({ ok: false, error: { code: 'DATE_ORDER', field: 'finalBy' } });
    expect(applyEvent(base, { type: 'TribunalOrderMade', date: '2025-09-01', order: 'assess', draftBy: '2025-10-01' }, today)).toMatchObject({ ok: false, error: { code: 'INVALID_EVENT', field: 'draftBy' } });
  });
});
