import fc from 'fast-check';
import { addDays } from '@ehc/workflow';
import { londonDateOf } from '@ehc/platform';
import { alertSchedule, deadlineJobId, intendedAt, leadDaysFor, parseAlertKey } from './alert-schedule.js';
import { londonInstant, londonOffsetMs } from './london-time.js';
import { alertsToSchedule, bulkJobs } from './outbox-relay.js';
import { CompressedClock, DatabaseClock, ManualClock } from './deadline-clock.js';
import { londonDate } from './london-time.js';
import { DEADLINE_BACKOFF, DEADLINE_JOB_OPTIONS, DEADLINE_KEEP_JOBS, deadlineBackoffMs } from './queues.js';

const LEAD = { default: [14, 7], 'final-plan': [14, 7, 2] };
const iso = (d: Date) => d.toISOString();
const londonHour = (d: Date) =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(d));

describe('deadline job ids (docs/architecture.md invariant 5: deterministic, with a generation, no ":")', () => {
  it('names case, deadline, generation and alert', () => {
    expect(deadlineJobId({ caseId: 'c1', deadlineId: 'advice-a1', generation: 3, alert: 'warn7' })).toBe(
      'dl-c1-advice-a1-g3-warn7',
    );
    expect(deadlineJobId({ caseId: 'c1', deadlineId: 'final-plan', generation: 1, alert: 'due' })).toBe(
      'dl-c1-final-plan-g1-due',
    );
  });
  it('refuses an id that would contain ":" (BullMQ key separator)', () => {
    expect(() => deadlineJobId({ caseId: 'c1', deadlineId: 'bad:id', generation: 1, alert: 'due' })).toThrow(/':'/);
  });
  it('a new generation gets a new id, so a rescheduled deadline is never swallowed by the old job', () => {
    const a = deadlineJobId({ caseId: 'c', deadlineId: 'd', generation: 1, alert: 'due' });
    const b = deadlineJobId({ caseId: 'c', deadlineId: 'd', generation: 2, alert: 'due' });
    expect(a).not.toBe(b);
  });
});

describe('alert times in Europe/London (docs/architecture.md invariant 7)', () => {
  it('a warning is raised at 08:00 London n days before the due date (summer: 07:00 UTC)', () => {
    expect(iso(intendedAt('warn14', '2025-07-15'))).toBe('2025-07-01T07:00:00.000Z');
  });
  it('a warning is raised at 08:00 London n days before the due date (winter: 08:00 UTC)', () => {
    expect(iso(intendedAt('warn7', '2025-01-20'))).toBe('2025-01-13T08:00:00.000Z');
  });
  it('a deadline is missed only at 00:00 London after its whole due day has passed (docs/law.md#counting-days "on or before")', () => {
    expect(iso(intendedAt('due', '2025-06-30'))).toBe('2025-06-30T23:00:00.000Z');
    expect(iso(intendedAt('due', '2025-12-01'))).toBe('2025-12-02T00:00:00.000Z');
    // One millisecond earlier it is still the due date in London.
    expect(londonDateOf(new Date(intendedAt('due', '2025-06-30').getTime() - 1))).toBe('2025-06-30');
    expect(londonDateOf(intendedAt('due', '2025-06-30'))).toBe('2025-07-01');
  });
  it('spring-forward weekend (clocks go forward 01:00 UTC Sunday 30 March 2025)', () => {
    expect(iso(intendedAt('due', '2025-03-29'))).toBe('2025-03-30T00:00:00.000Z'); // midnight still GMT
    expect(iso(intendedAt('due', '2025-03-30'))).toBe('2025-03-30T23:00:00.000Z'); // midnight now BST
    expect(iso(intendedAt('warn0', '2025-03-30'))).toBe('2025-03-30T07:00:00.000Z');
    expect(iso(intendedAt('warn2', '2025-04-01'))).toBe('2025-03-30T07:00:00.000Z');
    // 01:30 does not exist in London that night: the instant after the gap (02:30 BST = 01:30 UTC).
    expect(iso(londonInstant('2025-03-30', 1, 30))).toBe('2025-03-30T01:30:00.000Z');
  });
  it('fall-back weekend (clocks go back 01:00 UTC Sunday 26 October 2025)', () => {
    expect(iso(intendedAt('due', '2025-10-25'))).toBe('2025-10-25T23:00:00.000Z'); // midnight BST
    expect(iso(intendedAt('due', '2025-10-26'))).toBe('2025-10-27T00:00:00.000Z'); // midnight GMT
    expect(iso(intendedAt('warn7', '2025-11-02'))).toBe('2025-10-26T08:00:00.000Z');
    expect(londonOffsetMs(Date.parse('2025-10-26T00:59:59Z'))).toBe(3_600_000);
    expect(londonOffsetMs(Date.parse('2025-10-26T01:00:00Z'))).toBe(0);
  });
  it('londonDate agrees with the time-zone database at any instant, including around the clock changes (property)', () => {
    const from = Date.parse('2019-01-01T00:00:00Z');
    const to = Date.parse('2031-01-01T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (t) => {
        expect(londonDate(t)).toBe(londonDateOf(new Date(t)));
        expect(londonDate(new Date(t))).toBe(londonDateOf(new Date(t)));
      }),
      { numRuns: 3000 },
    );
    for (const edge of [
      '2025-03-30T00:59:59.999Z',
      '2025-03-30T01:00:00Z',
      '2025-10-25T22:59:59.999Z',
      '2025-10-25T23:00:00Z',
      '2025-10-26T00:59:59.999Z',
    ]) {
      expect(londonDate(Date.parse(edge))).toBe(londonDateOf(new Date(edge)));
    }
  });
  it('alert instants are computed once per (alert, due date) but handed out as fresh Dates', () => {
    const a = intendedAt('warn7', '2025-11-02');
    a.setTime(0);
    expect(iso(intendedAt('warn7', '2025-11-02'))).toBe('2025-10-26T08:00:00.000Z');
  });
  it('every London date and whole hour outside the spring gap round-trips (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 12 }), fc.integer({ min: 0, max: 23 }), (offset, hour) => {
        const date = addDays('2020-01-01', offset);
        const t = londonInstant(date, hour);
        const inGap =
          hour === 1 && londonOffsetMs(t.getTime()) === 3_600_000 && londonOffsetMs(t.getTime() - 3_600_000 - 1) === 0;
        if (inGap) return;
        expect(londonDateOf(t)).toBe(date);
        expect(londonHour(t)).toBe(hour);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('alert schedule of a deadline', () => {
  const d = {
    caseId: '7b0f7c56-0000-4000-8000-000000000001',
    deadlineId: 'final-plan',
    generation: 2,
    kind: 'final-plan',
    due: '2025-06-20',
  };
  it('final plan: warnings 14, 7 and 2 days before, then the miss, in time order (config default)', () => {
    const s = alertSchedule(d, LEAD);
    expect(s.map((p) => p.key)).toEqual(['warn14', 'warn7', 'warn2', 'due']);
    expect(s.map((p) => p.kind)).toEqual(['warning', 'warning', 'warning', 'missed']);
    expect(s.map((p) => p.daysBefore)).toEqual([14, 7, 2, null]);
    expect(s.map((p) => londonDateOf(p.intendedAt))).toEqual(['2025-06-06', '2025-06-13', '2025-06-18', '2025-06-21']);
    expect(s[3]!.jobId).toBe('dl-7b0f7c56-0000-4000-8000-000000000001-final-plan-g2-due');
    expect(s[0]!.data).toEqual({ caseId: d.caseId, deadlineId: 'final-plan', generation: 2, alert: 'warn14' });
  });
  it('other kinds use the default lead days', () => {
    expect(alertSchedule({ ...d, kind: 'advice', deadlineId: 'advice-a1' }, LEAD).map((p) => p.key)).toEqual([
      'warn14',
      'warn7',
      'due',
    ]);
  });
  it('lead days are de-duplicated, sorted, and 0 means "due today" (kind due)', () => {
    expect(leadDaysFor('x', { default: [7, 0, 14, 7] })).toEqual([14, 7, 0]);
    expect(parseAlertKey('warn0')).toEqual({ kind: 'due', daysBefore: 0 });
    expect(parseAlertKey('due')).toEqual({ kind: 'missed', daysBefore: null });
    expect(parseAlertKey('warn-1')).toBeNull();
  });
  it('a warning whose time passed before the deadline was scheduled is skipped; the miss never is', () => {
    const s = alertSchedule(d, LEAD);
    const scheduledAt = new Date('2025-06-10T12:00:00Z'); // 10 days before due: the 14-day warning is history
    const kept = alertsToSchedule(s, scheduledAt, new Date('2025-06-25T12:00:00Z'));
    expect(kept.map((p) => p.key)).toEqual(['warn7', 'warn2', 'due']);
    expect(
      alertsToSchedule(s, new Date('2025-07-01T00:00:00Z'), new Date('2025-07-01T00:00:00Z')).map((p) => p.key),
    ).toEqual(['due']);
  });
});

describe('deadline clocks', () => {
  it('the database clock is the identity and never asks for a negative wait', () => {
    const c = new DatabaseClock();
    const t = new Date('2025-01-01T00:00:00Z');
    expect(c.fromDb(t)).toEqual(t);
    expect(c.realMs(-5)).toBe(0);
    expect(c.realMs(1500)).toBe(1500);
  });
  it('a reading whose database time lies within its round trip runs on the host clock (no query or event-loop delay)', () => {
    const c = new DatabaseClock();
    const sent = Date.now();
    // The database answered 40 ms after it read its clock (a busy event loop): still "now" is the host's now.
    const r = c.readingAt(new Date(sent + 5), sent, sent + 45);
    expect(Math.abs(r.now().getTime() - Date.now())).toBeLessThan(20);
  });
  it('a reading corrects a database clock skewed beyond the round trip, to within it', () => {
    const c = new DatabaseClock();
    const sent = Date.now();
    const ahead = c.readingAt(new Date(sent + 60_000), sent, sent + 10); // database 60 s ahead
    expect(ahead.now().getTime() - Date.now()).toBeGreaterThanOrEqual(59_990 - 20);
    expect(ahead.now().getTime() - Date.now()).toBeLessThanOrEqual(60_000 + 20);
    const behind = c.readingAt(new Date(sent - 60_000), sent, sent + 10);
    expect(Date.now() - behind.now().getTime()).toBeGreaterThanOrEqual(60_000 - 20);
  });
  it('a compressed clock reading advances virtual time at its factor; a manual clock stays where it is set', async () => {
    const c = new CompressedClock(new Date('2025-03-01T00:00:00Z'), new Date(Date.now()), 86_400);
    const r = c.readingAt(new Date(), Date.now());
    const t0 = r.now().getTime();
    await new Promise((res) => setTimeout(res, 50));
    expect(r.now().getTime() - t0).toBeGreaterThanOrEqual(40 * 86_400);
    const m = new ManualClock(new Date('2025-06-01T00:00:00Z'));
    const mr = await m.reading();
    expect(iso(mr.now())).toBe('2025-06-01T00:00:00.000Z');
    expect(iso(m.readingAt(new Date('2030-01-01T00:00:00Z'), Date.now()).now())).toBe('2025-06-01T00:00:00.000Z');
  });
  it('a compressed clock maps database time onto a faster virtual timeline', () => {
    const c = new CompressedClock(new Date('2025-03-01T12:00:00Z'), new Date('2030-01-01T00:00:00Z'), 86_400);
    expect(iso(c.fromDb(new Date('2030-01-01T00:00:01Z')))).toBe('2025-03-02T12:00:00.000Z'); // 1 real second = 1 day
    expect(c.realMs(86_400_000)).toBe(1000);
  });
});

describe('deadline jobs in Redis (docs/benchmarks.md#goals G8: only what must travel with each job)', () => {
  const d = {
    caseId: '7b0f7c56-0000-4000-8000-000000000001',
    deadlineId: 'final-plan',
    generation: 2,
    kind: 'final-plan',
    due: '2025-06-20',
  };
  it("a job carries its id, its delay, the attempt count and the name of its backoff; retention is the worker's", () => {
    const [job] = bulkJobs(alertSchedule(d, LEAD).slice(0, 1), new Date('2025-06-01T07:00:00Z'), new DatabaseClock());
    expect(job).toEqual({
      name: 'DeadlineAlert',
      data: { caseId: d.caseId, deadlineId: 'final-plan', generation: 2, alert: 'warn14' },
      opts: {
        attempts: 8,
        backoff: { type: DEADLINE_BACKOFF },
        jobId: 'dl-7b0f7c56-0000-4000-8000-000000000001-final-plan-g2-warn14',
        delay: 5 * 86_400_000,
      },
    });
    expect(Object.keys(DEADLINE_JOB_OPTIONS).sort()).toEqual(['attempts', 'backoff']);
    expect(DEADLINE_KEEP_JOBS).toEqual({
      removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    });
  });
  it("the named backoff is BullMQ's exponential from 2 s (2, 4, 8 … 128 s between the 8 attempts)", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(deadlineBackoffMs)).toEqual([
      2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000,
    ]);
  });
  it('delays are counted from the instant given (the moment of adding), never negative', () => {
    const [warn14] = alertSchedule(d, LEAD);
    const at = warn14!.intendedAt.getTime();
    expect(bulkJobs([warn14!], new Date(at - 1234), new DatabaseClock())[0]!.opts.delay).toBe(1234);
    expect(bulkJobs([warn14!], new Date(at + 5000), new DatabaseClock())[0]!.opts.delay).toBe(0);
  });
});
