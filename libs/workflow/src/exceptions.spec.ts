import type { CaseEvent, ExceptionRecorded } from './events.js';
import { checkException, closureWindow, proposeSchoolClosureException, type ClosurePeriod } from './exceptions.js';

const D0 = '2025-03-03';
const history: CaseEvent[] = [
  { type: 'RequestReceived', date: D0, source: 'parent' },
  { type: 'DecidedToAssess', date: '2025-04-10' },
  { type: 'AdviceRequested', date: '2025-07-20', adviceId: 'head', provider: 'education' },
  { type: 'AdviceRequested', date: '2025-04-11', adviceId: 'ep', provider: 'psychology' },
];
// docs/law.md#counting-days: term ends Wed 2025-07-23, re-opens Wed 2025-09-03 (the worked example dates the closure from the term-end day).
const summer: ClosurePeriod = { closedFrom: '2025-07-23', reopensOn: '2025-09-03' };

const exc = (over: Partial<ExceptionRecorded>): ExceptionRecorded => ({
  type: 'ExceptionRecorded',
  date: '2025-07-25',
  exceptionId: 'x1',
  kind: 'exceptional-personal-circumstances',
  from: '2025-04-01',
  to: '2025-04-20',
  appliesTo: ['final-plan'],
  evidence: 'evidence on file',
  ...over,
});
const problem = (e: ExceptionRecorded, ctx?: Parameters<typeof checkException>[2]) => {
  const r = checkException(e, history, ctx);
  return r.ok ? undefined : r.error;
};

describe('school closure (regs 5(4)(a), 10(4)(a), 13(3)) — docs/law.md#counting-days worked example', () => {
  it('the window for advice requests to that head teacher is 2025-07-16..2025-08-27', () => {
    expect(closureWindow(summer)).toEqual({ from: '2025-07-16', to: '2025-08-27' });
    expect(proposeSchoolClosureException('2025-07-16', [summer])).toEqual(summer);
    expect(proposeSchoolClosureException('2025-08-27', [summer])).toEqual(summer);
    expect(proposeSchoolClosureException('2025-07-15', [summer])).toBeUndefined();
    expect(proposeSchoolClosureException('2025-08-28', [summer])).toBeUndefined();
  });

  it('closures shorter than 4 weeks never qualify', () => {
    expect(
      proposeSchoolClosureException('2025-10-20', [{ closedFrom: '2025-10-27', reopensOn: '2025-11-03' }]),
    ).toBeUndefined();
    expect(
      proposeSchoolClosureException('2025-10-20', [{ closedFrom: '2025-10-27', reopensOn: '2025-11-23' }]),
    ).toBeUndefined(); // 27 days
    expect(
      proposeSchoolClosureException('2025-10-20', [{ closedFrom: '2025-10-27', reopensOn: '2025-11-24' }]),
    ).toBeDefined(); // 28 days
  });

  const closure = exc({
    kind: 'school-closure',
    from: summer.closedFrom,
    to: summer.reopensOn,
    adviceId: 'head',
    appliesTo: ['final-plan'],
  });
  it('is valid for the head-teacher advice request made inside the window', () => {
    expect(problem(closure)).toBeUndefined();
    expect(problem(closure, { closures: [summer] })).toBeUndefined();
  });
  it('excuses only limits whose period was running when the advice was requested (2025-07-20 is after the 16 weeks)', () => {
    expect(problem({ ...closure, appliesTo: ['final-plan', 'no-plan-notice'] })).toMatchObject({
      code: 'EXCEPTION_INVALID',
      field: 'appliesTo',
    });
  });
  it('must match a known closure when closures are given', () => {
    expect(problem(closure, { closures: [{ closedFrom: '2025-07-22', reopensOn: '2025-09-03' }] })).toMatchObject({
      code: 'EXCEPTION_INVALID',
      field: 'from',
    });
  });
  it('needs the advice request to the head teacher (provider "education"), made inside the window', () => {
    expect(problem({ ...closure, adviceId: undefined })).toMatchObject({
      code: 'EXCEPTION_INVALID',
      field: 'adviceId',
    });
    expect(problem({ ...closure, adviceId: 'nope' })).toMatchObject({ code: 'UNKNOWN_REFERENCE', field: 'adviceId' });
    expect(problem({ ...closure, adviceId: 'ep' })?.message).toMatch(/provider "education"/);
    const e = problem({ ...closure, from: '2025-08-01', to: '2025-09-03' });
    expect(e).toMatchObject({ code: 'EXCEPTION_INVALID', field: 'adviceId' });
    expect(e?.message).toContain('2025-07-25');
  });
  it('needs a continuous closure of at least 4 weeks', () => {
    expect(problem({ ...closure, from: '2025-07-23', to: '2025-08-19' })).toMatchObject({
      code: 'EXCEPTION_INVALID',
      field: 'to',
    });
  });
  it('is not an exception to the reg 8 advice duty (reg 8(2) has no closure limb)', () => {
    const e = problem({ ...closure, appliesTo: ['advice'] });
    expect(e).toMatchObject({ code: 'EXCEPTION_INVALID', field: 'appliesTo' });
    expect(e?.message).toMatch(/Reg 8\(2\) has no closure exception/);
    expect(problem({ ...closure, kind: 'early-years-closure', appliesTo: ['advice'] })?.code).toBe('EXCEPTION_INVALID');
  });
});

describe('absent from the area for at least 4 weeks (regs 5(4)(d), 8(2)(b), 10(4)(d))', () => {
  it('28 days inside the period qualify, 27 do not', () => {
    expect(problem(exc({ kind: 'absent-from-area', from: '2025-04-01', to: '2025-04-28' }))).toBeUndefined();
    expect(problem(exc({ kind: 'absent-from-area', from: '2025-04-01', to: '2025-04-27' }))).toMatchObject({
      code: 'EXCEPTION_INVALID',
      field: 'to',
    });
  });
  it('the 28 days must fall within the relevant time period (decision: D0..D0+42)', () => {
    // 2025-03-25..2025-05-10 is long, but only 2025-03-25..2025-04-14 (21 days) is within the 6 weeks.
    expect(
      problem(
        exc({ kind: 'absent-from-area', from: '2025-03-25', to: '2025-05-10', appliesTo: ['decision-to-assess'] }),
      )?.code,
    ).toBe('EXCEPTION_INVALID');
    expect(
      problem(exc({ kind: 'absent-from-area', from: '2025-03-25', to: '2025-05-10', appliesTo: ['final-plan'] })),
    ).toBeUndefined();
  });
});

describe('coronavirus exception (SI 2020/471) only 2020-05-01..2020-09-25', () => {
  const covidHistory: CaseEvent[] = [{ type: 'RequestReceived', date: '2020-04-01', source: 'school' }];
  const covid = exc({ kind: 'coronavirus-2020', from: '2020-05-01', to: '2020-09-25', appliesTo: ['final-plan'] });
  it('valid inside the period', () => {
    expect(checkException(covid, covidHistory)).toEqual({ ok: true });
  });
  it('rejected if the interval goes outside it', () => {
    expect(checkException({ ...covid, from: '2020-04-30' }, covidHistory)).toMatchObject({
      ok: false,
      error: { code: 'EXCEPTION_INVALID', field: 'from' },
    });
    expect(checkException({ ...covid, to: '2020-09-26' }, covidHistory)).toMatchObject({
      ok: false,
      error: { code: 'EXCEPTION_INVALID', field: 'to' },
    });
    expect(problem(exc({ kind: 'coronavirus-2020', from: '2025-04-01', to: '2025-04-20' }))?.code).toBe(
      'EXCEPTION_INVALID',
    );
  });
});

describe('missed appointment (reg 8(2)(c)) excuses only an advice-giver', () => {
  it('valid for advice, naming the advice request; not for the LA limits', () => {
    expect(
      problem(
        exc({
          kind: 'missed-appointment',
          from: '2025-04-20',
          to: '2025-04-20',
          appliesTo: ['advice'],
          adviceId: 'ep',
        }),
      ),
    ).toBeUndefined();
    expect(
      problem(exc({ kind: 'missed-appointment', from: '2025-04-20', to: '2025-04-20', appliesTo: ['final-plan'] })),
    ).toMatchObject({ code: 'EXCEPTION_INVALID', field: 'appliesTo' });
  });
  it('reg 8(2)(c): must name the advice request whose appointment was missed (one adviser, not all of them)', () => {
    const e = problem(exc({ kind: 'missed-appointment', from: '2025-04-20', to: '2025-04-20', appliesTo: ['advice'] }));
    expect(e).toMatchObject({ code: 'EXCEPTION_INVALID', field: 'adviceId', regulation: 'reg 8(2)(c)' });
    expect(e?.message).toMatch(/head, ep/);
  });
  it("must fall within that advice request's 6 weeks (2025-04-11..2025-05-23)", () => {
    expect(
      problem(
        exc({
          kind: 'missed-appointment',
          from: '2025-05-24',
          to: '2025-05-24',
          appliesTo: ['advice'],
          adviceId: 'ep',
        }),
      ),
    ).toMatchObject({ code: 'EXCEPTION_INVALID', field: 'from' });
  });
});

describe('every exception', () => {
  it('has from <= to', () => {
    expect(problem(exc({ from: '2025-04-21', to: '2025-04-20' }))).toMatchObject({
      code: 'EXCEPTION_INVALID',
      field: 'to',
    });
  });
  it('must overlap the time period of each limit it claims', () => {
    // 2025-06-01 is after the 6-week decision period (ends 2025-04-14).
    expect(problem(exc({ from: '2025-06-01', to: '2025-06-10', appliesTo: ['decision-to-assess'] }))).toMatchObject({
      code: 'EXCEPTION_INVALID',
      field: 'from',
    });
    expect(problem(exc({ from: '2025-06-01', to: '2025-06-10', appliesTo: ['final-plan'] }))).toBeUndefined();
    expect(problem(exc({ from: '2025-07-22', to: '2025-07-30', appliesTo: ['final-plan'] }))?.code).toBe(
      'EXCEPTION_INVALID',
    );
  });
  it('cannot apply to limits with no statutory exception (draft period, CoP guidance), nor to tribunal-order limits the case does not have', () => {
    for (const k of ['draft-period', 'tribunal-final-plan', 'setting-consultation'] as const) {
      expect(problem(exc({ appliesTo: [k] }))).toMatchObject({ code: 'EXCEPTION_INVALID', field: 'appliesTo' });
    }
  });
  it('has a unique exceptionId on the case', () => {
    const h: CaseEvent[] = [...history, exc({})];
    expect(checkException(exc({}), h)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_EVENT', field: 'exceptionId' },
    });
  });
});
