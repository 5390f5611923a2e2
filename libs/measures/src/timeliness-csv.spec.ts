import { addDays } from './calendar-dates.js';
import { computeTimeliness, timelinessCases } from './timeliness.js';
import { csvCell } from './csv.js';
import { timelinessCasesCsv, timelinessFiguresCsv } from './timeliness-csv.js';
import type { MeasureEventRow } from './timeliness-types.js';

const rows: MeasureEventRow[] = [
  ['R-1', 100, []],
  ['R-2', 150, [{ kind: 'absent-from-area' }]],
].flatMap(([reference, days, exceptions], c) => {
  const received = '2025-01-06';
  const types = [
    { type: 'RequestReceived', date: received, data: { child: { givenName: 'Ada' } } },
    ...(exceptions as { kind: string }[]).map((e, i) => ({
      type: 'ExceptionRecorded',
      date: received,
      data: { exceptionId: `e${i}`, kind: e.kind, appliesTo: ['final-plan'] },
    })),
    { type: 'FinalPlanIssued', date: addDays(received, days as number), data: { placement: 'mainstream' } },
  ];
  return types.map((t, i) => ({
    caseId: `c${c}`,
    reference: reference as string,
    teamId: 'north',
    version: i + 1,
    ...t,
    recordedAt: `${t.date}T12:00:00Z`,
  }));
});
const query = { from: '2025-01-01', to: '2025-12-31', today: '2026-01-10', groupBy: 'quarter' as const };

describe('CSV for the board pack', () => {
  it('quotes per RFC 4180 and defuses spreadsheet formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvCell(false)).toBe('false');
  });

  it('figures: one line per measure with numerator, denominator and percent', () => {
    const csv = timelinessFiguresCsv(computeTimeliness(rows, query));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('from,to,as_at,team,boundary_days,measure,numerator,denominator,value');
    expect(lines).toContain('2025-01-01,2025-12-31,,,140,"issued within 20 weeks, including exceptions (%)",1,2,50');
    expect(lines).toContain('2025-01-01,2025-12-31,,,140,"issued within 20 weeks, excluding exceptions (%)",1,1,100');
    expect(lines).toContain('2025-01-01,2025-12-31,,,140,late plans by cause: exception:absent-from-area (number),1,,');
    expect(lines).toContain(
      '2025-01-01,2025-12-31,,,140,"issued within 20 weeks, including exceptions, 2025-Q2 (%)",1,2,50',
    );
  });

  it('drill-down: one line per case, reference only (no child data)', () => {
    const csv = timelinessCasesCsv(timelinessCases(rows, query));
    expect(csv.trimEnd().split('\r\n')).toEqual([
      'reference,team,received_on,final_issued_on,elapsed_days,weeks,within_20_weeks,exception_kinds,excluded_reason,counted_including_exceptions,counted_excluding_exceptions,late_causes,days_late,exception_covers_days,exception_cover,reason_limit_impractical',
      'R-1,north,2025-01-06,2025-04-16,100,14.3,true,,,true,true,,,,,',
      // the exception has no period here, so it covers none of the 10 days late
      'R-2,north,2025-01-06,2025-06-05,150,21.4,false,absent-from-area,,true,false,exception:absent-from-area,10,0,exception covers 0 of 10 days late,',
    ]);
    expect(csv).not.toContain('Ada');
  });
});
