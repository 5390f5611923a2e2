import { replayPlan, stepPlan, type PlanEvent } from '@ehc/workflow';
import { checkSen2PlanModules, sen2PlanModules, type Sen2PlanModules } from './sen2-plan-modules.js';

// SEN2 module 5c, SEN need (docs/sen2.md#module-5c-sen-need): section B's needs (SEND Regs 2014 reg 12(1)(a)) of each
// plan active on the census day, as they stood that day, each SENtype with its rank (1 = the primary need).
const census = { referenceDate: '2027-01-21' };
const plan = (reference: string, events: PlanEvent[]) => ({ reference, context: replayPlan(events, '2027-06-01') });

describe('SEN2 module 5c: SEN need', () => {
  const issued: PlanEvent = { type: 'PlanIssued', date: '2025-03-01' };
  const changing = plan('CHANGING', [
    issued,
    { type: 'SenNeedsRecorded', date: '2025-03-01', primaryNeed: 'SLCN', otherNeeds: ['ASD'] },
    // changed after the annual review: the primary need is now ASD
    { type: 'SenNeedsRecorded', date: '2026-05-20', primaryNeed: 'ASD', otherNeeds: ['SLCN', 'SEMH'] },
    // after the census: not what the return reports
    { type: 'SenNeedsRecorded', date: '2027-02-01', primaryNeed: 'SEMH' },
  ]);
  const none = plan('NONE', [issued]);
  const ceased = plan('CEASED', [
    issued,
    { type: 'SenNeedsRecorded', date: '2025-03-01', primaryNeed: 'PD' },
    { type: 'PlanCeased', date: '2026-06-01', reason: 'deceased' },
  ]);

  it('reports the needs as they stood on the census day, ranked 1 (primary), 2, 3 in the order recorded', () => {
    const m = sen2PlanModules([changing, none, ceased], census);
    expect(m.senNeed).toEqual([
      { reference: 'CHANGING', sentype: 'ASD', sentyperank: 1 },
      { reference: 'CHANGING', sentype: 'SLCN', sentyperank: 2 },
      { reference: 'CHANGING', sentype: 'SEMH', sentyperank: 3 },
    ]);
  });

  it('a need recorded later but dated earlier is read by its date (the latest dated on or before the census)', () => {
    const late = plan('LATE', [
      issued,
      { type: 'SenNeedsRecorded', date: '2026-09-01', primaryNeed: 'MLD' },
      // recorded afterwards, dated before: it does not replace September's list
      { type: 'SenNeedsRecorded', date: '2026-04-01', primaryNeed: 'VI' },
    ]);
    expect(sen2PlanModules([late], census).senNeed).toEqual([{ reference: 'LATE', sentype: 'MLD', sentyperank: 1 }]);
  });

  it('the plan refuses a primary need that is also one of the other needs (reg 12(1)(a): one rank each)', () => {
    const r = stepPlan(replayPlan([issued]), {
      type: 'SenNeedsRecorded',
      date: '2025-04-01',
      primaryNeed: 'HI',
      otherNeeds: ['VI', 'HI'],
    });
    expect(r.ok ? null : [r.error.code, r.error.field]).toEqual(['INVALID_EVENT', 'otherNeeds']);
    const twice = stepPlan(replayPlan([issued]), {
      type: 'SenNeedsRecorded',
      date: '2025-04-01',
      primaryNeed: 'HI',
      otherNeeds: ['VI', 'VI'],
    });
    expect(twice.ok ? null : twice.error.field).toBe('otherNeeds');
  });

  it('checks (ours): a code twice, a rank twice, or no rank 1 is an error', () => {
    const bad: Sen2PlanModules = {
      namedPlan: [],
      planDetail: [],
      activePlans: [],
      placementDetail: [],
      senNeed: [
        { reference: 'A', sentype: 'MLD', sentyperank: 1 },
        { reference: 'A', sentype: 'MLD', sentyperank: 2 },
        { reference: 'B', sentype: 'MLD', sentyperank: 1 },
        { reference: 'B', sentype: 'SLD', sentyperank: 1 },
        { reference: 'C', sentype: 'MSI', sentyperank: 2 },
        { reference: 'D', sentype: 'HI', sentyperank: 1 },
        { reference: 'D', sentype: 'VI', sentyperank: 2 },
      ],
    };
    expect(checkSen2PlanModules(bad, census).map((x) => `${x.reference} ${x.module} ${x.field}`)).toEqual([
      'A 5c sentype',
      'B 5c sentyperank',
      'C 5c sentyperank',
    ]);
  });
});
