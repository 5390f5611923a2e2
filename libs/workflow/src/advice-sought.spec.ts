import { adviceStillToSeek, requiredAdviceRequests, year9StartsOn } from './advice-sought.js';
import type { CaseEvent } from './events.js';
import { allowedNextEvents, applyEvent } from './workflow.js';

const today = { today: '2026-12-02' };
const assessing: CaseEvent[] = [
  { type: 'RequestReceived', date: '2025-03-03', source: 'parent' },
  { type: 'DecidedToAssess', date: '2025-04-01' },
];
const ask = (provider: string, id = provider): CaseEvent =>
  ({ type: 'AdviceRequested', date: '2025-04-02', adviceId: id, provider }) as CaseEvent;
const decideToIssue: CaseEvent = { type: 'DecidedToIssue', date: '2025-06-01' };
const decideNotToIssue: CaseEvent = { type: 'DecidedNotToIssue', date: '2025-06-01', reasons: 'r' };

describe('reg 6(1): advice sought from each of (a)-(e) before deciding whether to issue', () => {
  it('refuses DecidedToIssue and DecidedNotToIssue with only the educational psychologist asked, naming the limbs missing', () => {
    const h = [...assessing, ask('psychology')];
    for (const e of [decideToIssue, decideNotToIssue]) {
      const r = applyEvent(h, e, today);
      expect(r).toMatchObject({ ok: false, error: { code: 'EVENT_NOT_ALLOWED', regulation: 'reg 6(1)' } });
      expect(r.ok ? '' : r.error.message).toMatch(
        /\(a\), \(b\), \(c\), \(e\) \(parent, education, health, social-care\)/,
      );
    }
  });

  it('sought is enough: the advice need not have been received', () => {
    const h = [...assessing, ask('parent'), ask('education'), ask('health'), ask('psychology'), ask('social-care')];
    expect(applyEvent(h, decideToIssue, today).ok).toBe(true);
    expect(applyEvent(h, decideNotToIssue, today).ok).toBe(true);
  });

  it('advice sought after the decision date does not count', () => {
    const h = [
      ...assessing,
      ask('parent'),
      ask('education'),
      ask('health'),
      ask('psychology'),
      { type: 'AdviceRequested', date: '2025-06-02', adviceId: 'sc', provider: 'social-care' } as CaseEvent,
    ];
    expect(adviceStillToSeek(h, '2025-06-01').map((m) => m.limb)).toEqual(['(e)']);
  });
});

describe('reg 6(4): existing advice agreed sufficient by the adviser, the LA and the family', () => {
  const agreed = (provider: string): CaseEvent =>
    ({
      type: 'ExistingAdviceAgreed',
      date: '2025-04-03',
      provider,
      evidence: 'report of 2025-01, agreed by all three',
    }) as CaseEvent;
  it('stands in for (b)-(e)', () => {
    const h = [
      ...assessing,
      ask('parent'),
      agreed('education'),
      agreed('health'),
      ask('psychology'),
      agreed('social-care'),
    ];
    expect(applyEvent(h, decideToIssue, today).ok).toBe(true);
  });
  it("never for the parent's or young person's own advice (a)", () => {
    expect(applyEvent(assessing, agreed('parent'), today)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_EVENT', field: 'provider', regulation: 'reg 6(4)' },
    });
    const offered = allowedNextEvents(assessing, today).find((a) => a.type === 'ExistingAdviceAgreed');
    expect(offered?.fields.find((f) => f.name === 'provider')?.options).not.toContain('parent');
  });
});

describe('reg 6(1)(g): preparation for adulthood from Year 9', () => {
  it('Year 9 starts on 1 September of the school year in which the child turns 14', () => {
    expect(year9StartsOn('2010-10-15')).toBe('2024-09-01');
    expect(year9StartsOn('2011-08-31')).toBe('2024-09-01');
    expect(year9StartsOn('2011-09-01')).toBe('2025-09-01');
  });
  it('is required once the child is in Year 9 at the decision, not before', () => {
    const base = (year9From: string): CaseEvent[] => [
      { type: 'RequestReceived', date: '2025-03-03', source: 'parent', year9From },
      { type: 'DecidedToAssess', date: '2025-04-01' },
      ask('parent'),
      ask('education'),
      ask('health'),
      ask('psychology'),
      ask('social-care'),
    ];
    expect(applyEvent(base('2025-09-01'), decideToIssue, today).ok).toBe(true);
    const r = applyEvent(base('2024-09-01'), decideToIssue, today);
    expect(r).toMatchObject({ ok: false, error: { regulation: 'reg 6(1)' } });
    expect(r.ok ? '' : r.error.message).toMatch(/\(g\) \(preparation-for-adulthood\)/);
    expect(applyEvent([...base('2024-09-01'), ask('preparation-for-adulthood')], decideToIssue, today).ok).toBe(true);
  });
});

describe('reg 6(1)(h): advice from anyone the family reasonably asks for', () => {
  const all = [...assessing, ...requiredAdviceRequests(assessing, '2025-04-01')];
  const asked: CaseEvent = {
    type: 'AdviceAskedByFamily',
    date: '2025-04-05',
    askId: 'slt',
    from: 'speech and language therapist',
  };
  it('an open request of the family blocks the decision until it is sought or refused with reasons', () => {
    const h = [...all, asked];
    expect(applyEvent(h, decideToIssue, today)).toMatchObject({ ok: false, error: { regulation: 'reg 6(1)' } });
    expect(
      applyEvent(
        [
          ...h,
          {
            type: 'AdviceRequested',
            date: '2025-04-06',
            adviceId: 'slt-1',
            provider: 'other',
            answersFamilyAsk: 'slt',
          },
        ],
        decideToIssue,
        today,
      ).ok,
    ).toBe(true);
    expect(
      applyEvent(
        [
          ...h,
          {
            type: 'AdviceAskRefused',
            date: '2025-04-06',
            askId: 'slt',
            reasons: 'the EP report covers communication in full',
          },
        ],
        decideToIssue,
        today,
      ).ok,
    ).toBe(true);
  });
  it('an answer must name a request of the family that is still open', () => {
    expect(
      applyEvent(all, { type: 'AdviceAskRefused', date: '2025-04-06', askId: 'slt', reasons: 'x' }, today),
    ).toMatchObject({ ok: false, error: { code: 'UNKNOWN_REFERENCE', field: 'askId' } });
    expect(
      applyEvent(
        [...all, asked],
        { type: 'AdviceRequested', date: '2025-04-04', adviceId: 'x', provider: 'other', answersFamilyAsk: 'slt' },
        today,
      ),
    ).toMatchObject({ ok: false, error: { code: 'DATE_ORDER' } });
  });
});
