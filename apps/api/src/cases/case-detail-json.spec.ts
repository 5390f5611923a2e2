import { EVENT_FIELDS, PLAN_EVENT_FIELDS, foldCase, inspectStateWithDeadlines } from '@ehc/workflow';
import { demoHistory } from '@ehc/persistence';
import type { CaseDetail } from '@ehc/contracts';
import { caseDetail } from './case-view.mapper.js';
import { caseDetailJson, replyJson } from './case-detail-json.js';

// A case's answer is written from kept text of its field lists (case-detail-json.ts), and must stay, byte for byte,
// what JSON.stringify writes: same keys, same order, same values, same escapes.

const today = '2025-12-31';
const opts = { today, finalPlanDays: 140 };
const teams = [{ id: 'north', caseworkers: ['cw-north-1'] }];
// children's text with everything JSON escapes (quotes, controls, U+2028, a lone surrogate) and non-ASCII
const children = [
  { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '2015-03-02' },
  { givenName: 'Zoë "Q" \\ \n\t\u2028', familyName: 'O’Brien \ud800', dateOfBirth: '2014-01-01' },
];

/** Answers as the api builds them, at several points of each demo history (the benchmark's and older ones with plans). */
function answers(): CaseDetail[] {
  const out: CaseDetail[] = [];
  const runs = [
    { from: '2024-01-01', requestsPerMonth: 20, lines: 200 },
    { from: '2019-01-01', requestsPerMonth: 4, lines: 120 },
  ];
  for (const run of runs) {
    let n = 0;
    for (const line of demoHistory({ from: run.from, today, requestsPerMonth: run.requestsPerMonth, teams, seed: 7 })) {
      if (n++ >= run.lines) break;
      const events = line.events;
      for (const k of new Set([1, 3, 6, 12, 20, Math.ceil(events.length / 2), events.length])) {
        if (k > events.length) continue;
        const { view, allowed, deadlines } = inspectStateWithDeadlines(foldCase(events.slice(0, k), opts), opts);
        const c = {
          id: `case-${n}-${k}`,
          reference: line.reference,
          teamId: 'north',
          version: k,
          child: children[n % 2],
          caseworkerName: n % 3 ? 'Cas Worker' : null,
          personalDataErasedOn: n % 17 === 0 ? '2025-12-01' : null,
        };
        out.push(caseDetail(c, view, deadlines, allowed, today));
      }
    }
  }
  return out;
}

describe('caseDetailJson', () => {
  const all = answers();

  it('writes every answer exactly as JSON.stringify does, the first time and from kept text', () => {
    // the answers cover what the fast path splices: shared and narrowed field lists, plans, erased children
    const lists = all.flatMap((d) => d.allowedEvents.map((a) => a.fields));
    expect(lists.filter((f) => Object.isFrozen(f)).length).toBeGreaterThan(1000);
    expect(lists.filter((f) => !Object.isFrozen(f)).length).toBeGreaterThan(100);
    expect(all.filter((d) => d.plan).length).toBeGreaterThan(50);
    expect(all.filter((d) => d.personalDataErasedOn).length).toBeGreaterThan(5);
    let differ = 0;
    for (let round = 0; round < 2; round++) {
      for (const d of all) if (replyJson(d) !== JSON.stringify(d)) differ++;
    }
    expect({ answers: all.length, differ }).toEqual({ answers: all.length, differ: 0 });
  });

  it('follows an answer changed after it was built, and field lists that are not frozen, as JSON.stringify does', () => {
    // a copy made in this realm (structuredClone's objects have another Object.prototype under Jest, and an object not
    // plain to caseDetailJson is JSON.stringify's whole, which would test nothing here)
    const d = JSON.parse(JSON.stringify(all.find((x) => x.allowedEvents.length > 2 && x.plan))) as any;
    const mutableField = { name: 'order', kind: 'enum', required: true, options: ['a'], label: 'Order' };
    d.extra = undefined;
    d.fn = () => 1;
    d.when = new Date('2025-01-02T03:04:05Z');
    d.allowedEvents.push(
      { type: 'X', label: 'Y', fields: [mutableField, undefined], earliest: undefined },
      { label: 'first', type: 'Z', fields: EVENT_FIELDS.NoticeSent },
      { type: 'W', label: 'V', fields: EVENT_FIELDS.DecidedToAssess, earliest: '2025-01-01', more: [1, null] },
      null,
      'text',
    );
    d.allowedEvents[0].fields = [...EVENT_FIELDS.TribunalOrderMade];
    expect(caseDetailJson(d)).toBe(JSON.stringify(d));
    // a field that can change is never kept: its next answer shows the change
    mutableField.options.push('b');
    mutableField.label = 'Changed';
    expect(caseDetailJson(d)).toBe(JSON.stringify(d));
    expect(caseDetailJson(d)).toContain('"Changed"');
    // the same type with another label is written with that label
    d.allowedEvents[0].label = 'Another label';
    expect(caseDetailJson(d)).toBe(JSON.stringify(d));
    // anything not built by caseDetail is JSON.stringify's, even when it looks like an answer
    expect(replyJson(d)).toBe(JSON.stringify(d));
    for (const body of [{ statusCode: 409, code: 'X' }, [1, 'a'], 'text', null, 3]) {
      expect(replyJson(body)).toBe(JSON.stringify(body));
    }
  });

  it('keeps text only of field lists that cannot change: every vocabulary list, field and option list is frozen', () => {
    for (const list of [...Object.values(EVENT_FIELDS), ...Object.values(PLAN_EVENT_FIELDS)]) {
      expect(Object.isFrozen(list)).toBe(true);
      for (const f of list) {
        expect(Object.isFrozen(f)).toBe(true);
        if (f.options) expect(Object.isFrozen(f.options)).toBe(true);
      }
    }
    expect(() => (EVENT_FIELDS.NoticeSent as unknown[]).push({})).toThrow(TypeError);
    expect(() => {
      (EVENT_FIELDS.NoticeSent[0] as { label: string }).label = 'x';
    }).toThrow(TypeError);
  });
});
