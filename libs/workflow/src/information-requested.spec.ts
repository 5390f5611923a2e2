import { deriveDeadlines } from './deadlines.js';
import type { CaseEvent } from './events.js';
import { allowedNextEvents, applyEvent } from './workflow.js';

// Request received 2025-06-02; the head teacher asked for information on 2025-07-18, a week before the school
// closes for the summer (2025-07-23 .. re-opens 2025-09-03, 42 days): the 6-week decision falls due 2025-07-14.
const D0 = '2025-06-02';
const asked: CaseEvent[] = [
  { type: 'RequestReceived', date: D0, source: 'parent' },
  { type: 'InformationRequested', date: '2025-07-10', requestId: 'head-info', from: 'head-teacher' },
];
const closure = (over: Record<string, unknown> = {}): CaseEvent =>
  ({
    type: 'ExceptionRecorded',
    date: '2025-07-25',
    exceptionId: 'c1',
    kind: 'school-closure',
    from: '2025-07-16',
    to: '2025-09-03',
    appliesTo: ['decision-to-assess'],
    evidence: 'summer closure',
    adviceId: 'head-info',
    ...over,
  }) as CaseEvent;
const today = { today: '2026-12-02' };

describe('reg 5(4)(a)/(b): the closure exceptions to the 6-week decision need a request for information before the decision', () => {
  it('InformationRequested is allowed only before the decision to assess', () => {
    expect(allowedNextEvents([asked[0]!], today).map((a) => a.type)).toContain('InformationRequested');
    const decided: CaseEvent[] = [asked[0]!, { type: 'DecidedToAssess', date: '2025-07-01' }];
    expect(
      applyEvent(
        decided,
        { type: 'InformationRequested', date: '2025-07-02', requestId: 'i', from: 'head-teacher' },
        today,
      ),
    ).toMatchObject({ ok: false, error: { code: 'EVENT_NOT_ALLOWED' } });
  });

  it('a closure exception naming the information request excuses a late decision whether to assess', () => {
    const r = applyEvent(asked, closure(), today);
    expect(r.ok).toBe(true);
    const h = [...asked, closure(), { type: 'DecidedToAssess', date: '2025-09-10' }] as CaseEvent[];
    expect(deriveDeadlines(h, today).find((d) => d.id === 'decision-to-assess')).toMatchObject({
      status: 'excepted',
      exceptionIds: ['c1'],
    });
  });

  it('without such a request there is nothing for the closure to rest on', () => {
    expect(applyEvent([asked[0]!], closure(), today)).toMatchObject({ ok: false, error: { field: 'adviceId' } });
  });

  it('an advice request made after the decision cannot excuse the decision', () => {
    const h: CaseEvent[] = [
      asked[0]!,
      { type: 'DecidedToAssess', date: '2025-07-12' },
      { type: 'AdviceRequested', date: '2025-07-13', adviceId: 'head', provider: 'education' },
    ];
    expect(applyEvent(h, closure({ adviceId: 'head', from: '2025-07-20' }), today)).toMatchObject({
      ok: false,
      error: { code: 'EXCEPTION_INVALID', field: 'adviceId' },
    });
  });

  it('request ids do not clash with advice ids', () => {
    const h: CaseEvent[] = [...asked, { type: 'DecidedToAssess', date: '2025-07-16' }];
    expect(
      applyEvent(
        h,
        { type: 'AdviceRequested', date: '2025-07-17', adviceId: 'head-info', provider: 'education' },
        today,
      ),
    ).toMatchObject({ ok: false, error: { field: 'adviceId' } });
  });
});
