import { replayPlan } from './maintained-plan.js';
import { PLACEMENTS, type CaseEvent } from './events.js';
import { SETTING_TYPES } from './plan-events.js';
import { planStartFromAssessment, SETTING_OF_PLACEMENT } from './plan-from-assessment.js';

describe('the plan begins at the assessment\'s final plan (reg 13(2))', () => {
  const history: CaseEvent[] = [
    { type: 'RequestReceived', date: '2025-03-03', source: 'parent', year9From: '2027-09-01' },
    { type: 'FinalPlanIssued', date: '2025-07-21', placement: 'further-education', setting: 'College 10001234' },
  ];
  it('PlanIssued on the final plan\'s date, with the Year 9 date; the setting named, as a plan setting type', () => {
    const start = planStartFromAssessment(history, { inArea: 'yes' })!;
    expect(start).toEqual([
      { type: 'PlanIssued', date: '2025-07-21', year9From: '2027-09-01' },
      { type: 'PlacementNamed', date: '2025-07-21', settingType: 'post-16-college', inArea: 'yes', setting: 'College 10001234' },
    ]);
    expect(replayPlan(start).startedOn).toBe('2025-07-21'); // a lawful start for the plan's rules
  });
  it('no final plan, no plan', () => {
    expect(planStartFromAssessment(history.slice(0, 1), { inArea: 'yes' })).toBeUndefined();
  });
  it('every assessment placement has a plan setting type', () => {
    for (const p of PLACEMENTS) expect(SETTING_TYPES).toContain(SETTING_OF_PLACEMENT[p]);
  });
});
