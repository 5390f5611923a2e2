import { csvCell, csvLine } from './audit-csv.js';
import { sanitizeAuditDetail } from '../audit/audit.service.js';
import { auditQueryFilters } from '../audit/audit.interceptor.js';

describe('audit CSV export', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvLine(['a,b', 'say "hi"', 'two\nlines', null, 3])).toBe('"a,b","say ""hi""","two\nlines",,3\r\n');
  });

  it('defuses spreadsheet formulas so an exported trail cannot run code in whoever opens it', () => {
    for (const f of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx'])
      expect(csvCell(f).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('case.read')).toBe('case.read');
  });

  it('writes objects (the detail) as JSON', () => {
    expect(csvCell({ eventType: 'DecisionToAssess' })).toBe('"{""eventType"":""DecisionToAssess""}"');
  });
});

describe('audit detail never holds a child’s personal data (docs/architecture.md invariant 9)', () => {
  it('drops personal-data fields at any depth, keeps ids and event types', () => {
    expect(
      sanitizeAuditDetail({
        caseId: 'c1',
        eventType: 'RequestReceived',
        child: { givenName: 'A', familyName: 'B' },
        nested: { dateOfBirth: '2015-01-01', postcode: 'CV34 4RL', upn: 'A12345678901B', keep: 1 },
      }),
    ).toEqual({ caseId: 'c1', eventType: 'RequestReceived', nested: { keep: 1 } });
  });

  it('shortens long text and removes NUL (jsonb cannot hold it)', () => {
    expect((sanitizeAuditDetail('x'.repeat(1000)) as string).length).toBe(201);
    expect(sanitizeAuditDetail('a\u0000b')).toBe('ab');
  });

  it('records free-text search as present, not as typed', () => {
    expect(auditQueryFilters({ q: 'Smith', stage: 'assessing', empty: '' })).toEqual({
      q: '[free text]',
      stage: 'assessing',
    });
    expect(auditQueryFilters({})).toBeUndefined();
  });
});
