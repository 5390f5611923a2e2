// SEN2 module 1: the child's sex and ethnicity from the person record (docs/sen2.md#module-1-person).
import { buildSen2Return, checkSen2Return, sen2Xml, type Sen2PersonInput } from './sen2-return.js';
import { caseHistory } from './test-fixtures.js';

const rows = caseHistory('c1', 'EHC-P', [
  { type: 'RequestReceived', date: '2026-03-02', source: 'parent' },
  { type: 'DecidedNotToAssess', date: '2026-04-10' },
]);
const CENSUS = { referenceDate: '2027-01-21', la: '937', generatedAt: '2027-01-22T09:30:00.000Z' };
const person = (extra: Partial<Sen2PersonInput>): Map<string, Sen2PersonInput> =>
  new Map([
    [
      'c1',
      {
        personKey: 'p1',
        givenName: 'Kit',
        familyName: 'Lane',
        dateOfBirth: '2015-06-01',
        upn: 'A12345678901B',
        uln: null,
        postcode: 'CV34 4RL',
        ...extra,
      },
    ],
  ]);
const checks = (extra: Partial<Sen2PersonInput>) =>
  checkSen2Return(buildSen2Return(rows, person(extra), CENSUS)).map((f) => `${f.field} ${f.severity}: ${f.rule}`);

describe('SEN2 module 1: sex and ethnicity', () => {
  it('are written from the person record', () => {
    const r = buildSen2Return(rows, person({ sex: 'M', ethnicity: 'MWBA' }), CENSUS);
    expect(r.persons[0]).toMatchObject({ sex: 'M', ethnicity: 'MWBA' });
    const xml = sen2Xml(r);
    expect(xml).toContain('<Sex>M</Sex>');
    expect(xml).toContain('<Ethnicity>MWBA</Ethnicity>');
    expect(checks({ sex: 'M', ethnicity: 'MWBA' })).toEqual([]);
  });
  it('not recorded: a query each; a code outside DfE’s lists: an error', () => {
    expect(checks({})).toEqual([
      "sex query: the person's sex is not recorded on their record (M, F or U)",
      "ethnicity query: the person's ethnicity is not recorded (use NOBT if not yet obtained)",
    ]);
    expect(checks({ sex: 'X', ethnicity: 'WHIT' })).toEqual([
      'sex error: sex must be M, F or U',
      'ethnicity error: ethnicity must be a DfE main ethnicity code',
    ]);
  });
});
