import {
  compulsorySchoolAgeEnds,
  decisionMakerOn,
  isYoungPerson,
  requesterProblem,
  twentyFifthBirthday,
} from './who-may-request.js';

describe('compulsory school age ends on the last Friday of June of the school year in which the child turns 16', () => {
  it('born 2010-10-15 (turns 16 in autumn 2026): Friday 2027-06-25', () => {
    expect(compulsorySchoolAgeEnds('2010-10-15')).toBe('2027-06-25');
  });
  it('born 2010-08-31 (turns 16 at the end of the 2025/26 school year): Friday 2026-06-26', () => {
    expect(compulsorySchoolAgeEnds('2010-08-31')).toBe('2026-06-26');
  });
  it('when 30 June is a Friday it is that day (born 2011-12-01, turns 16 in 2027/28 → 2028-06-30)', () => {
    expect(compulsorySchoolAgeEnds('2011-12-01')).toBe('2028-06-30');
  });
  it('a young person from the next day until the day before the 25th birthday (s83(2))', () => {
    expect(isYoungPerson('2010-08-31', '2026-06-26')).toBe(false);
    expect(isYoungPerson('2010-08-31', '2026-06-27')).toBe(true);
    expect(twentyFifthBirthday('2004-02-29')).toBe('2029-03-01');
    expect(isYoungPerson('2001-05-01', '2026-04-30')).toBe(true);
    expect(isYoungPerson('2001-05-01', '2026-05-01')).toBe(false);
  });
});

describe('who may ask (s36(1), s24, regs 63-64)', () => {
  const ask = (
    source: Parameters<typeof requesterProblem>[0]['source'],
    dateOfBirth: string,
    requestDate = '2026-11-02',
    parentActsAs?: 'agent' | 'alternative-person',
  ) => requesterProblem({ source, requestDate, dateOfBirth, parentActsAs });
  it("a parent for a child; a school; anyone bringing a child to the LA's attention (s24)", () => {
    expect(ask('parent', '2015-03-02')).toBeUndefined();
    expect(ask('school', '2015-03-02')).toBeUndefined();
    expect(ask('brought-to-attention', '2026-01-02')).toBeUndefined();
  });
  it('a child cannot be born after the request', () => {
    expect(ask('parent', '2026-11-03')).toMatchObject({ code: 'DATE_ORDER', field: 'dateOfBirth' });
  });
  it('a young person only past compulsory school age', () => {
    expect(ask('young-person', '2010-10-15')).toMatchObject({ field: 'source', regulation: 's36(1)' }); // Year 11 until June 2027
    expect(ask('young-person', '2009-10-15')).toBeUndefined();
  });
  it('nobody for someone aged 25 or more', () => {
    expect(ask('young-person', '2001-11-02')).toMatchObject({ field: 'source', regulation: 's83(2)' });
    expect(ask('post-16-institution', '2001-11-03')).toBeUndefined();
  });
  it('a parent for a young person only as agent or alternative person, recorded as such', () => {
    expect(ask('parent', '2008-01-01')).toMatchObject({ field: 'parentActsAs', regulation: 'regs 63-64' });
    expect(ask('parent', '2008-01-01', '2026-11-02', 'alternative-person')).toBeUndefined();
    expect(ask('parent', '2015-01-01', '2026-11-02', 'agent')).toMatchObject({ field: 'parentActsAs' });
  });
  it("who brought the child to the council's attention is recorded only for a child brought to its attention (s24(1))", () => {
    const by = (source: Parameters<typeof requesterProblem>[0]['source']) =>
      requesterProblem({ source, requestDate: '2026-11-02', dateOfBirth: '2022-01-02', broughtBy: 'health' });
    expect(by('brought-to-attention')).toBeUndefined();
    expect(by('parent')).toMatchObject({ code: 'INVALID_EVENT', field: 'broughtBy', regulation: 's24(1)' });
    expect(by('school')).toMatchObject({ field: 'broughtBy' });
  });
  it('the decision-maker: parent for a child, the young person, or the alternative person', () => {
    expect(decisionMakerOn('2015-01-01', '2026-11-02')).toBe('parent');
    expect(decisionMakerOn('2008-01-01', '2026-11-02')).toBe('young-person');
    expect(decisionMakerOn('2008-01-01', '2026-11-02', 'agent')).toBe('young-person');
    expect(decisionMakerOn('2008-01-01', '2026-11-02', 'alternative-person')).toBe('alternative-person');
  });
});
