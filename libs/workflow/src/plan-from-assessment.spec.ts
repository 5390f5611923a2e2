import { replayPlan } from './maintained-plan.js';
import { PLACEMENTS, type CaseEvent } from './events.js';
import { SETTING_TYPES } from './plan-events.js';
import { SETTING_OF_PLACEMENT } from './plan-from-assessment.js';
import { beginPlanFromFinal, planHistoryOfCase } from './plan-on-case.js';

describe("the plan begins at the assessment's final plan (reg 13(2)), with the setting its section I names", () => {
  const history: CaseEvent[] = [
    { type: 'RequestReceived', date: '2025-03-03', source: 'parent', year9From: '2027-09-01' },
    { type: 'FinalPlanIssued', date: '2025-07-21', placement: 'further-education', setting: 'College 10001234' },
  ];
  it("PlanIssued on the final plan's date, with the Year 9 date; the setting named, as a plan setting type, taken as in the area", () => {
    const start = planHistoryOfCase(history);
    expect(start).toEqual([
      { type: 'PlanIssued', date: '2025-07-21', year9From: '2027-09-01' },
      {
        type: 'PlacementNamed',
        date: '2025-07-21',
        settingType: 'post-16-college',
        inArea: 'yes',
        setting: 'College 10001234',
      },
    ]);
    const plan = replayPlan(start); // a lawful start for the plan's rules
    expect(plan.startedOn).toBe('2025-07-21');
    // the case's own fold begins the same plan (one definition: the page and the measures read the same)
    expect(
      beginPlanFromFinal({
        finalIssuedOn: '2025-07-21',
        year9From: '2027-09-01',
        placement: 'further-education',
        finalSetting: 'College 10001234',
      })!.named,
    ).toEqual(plan.named);
  });
  it('a setting recorded on the plan later (or on the same day) is the one named from then', () => {
    const named = replayPlan(
      planHistoryOfCase([
        ...history,
        {
          type: 'PlacementNamed',
          date: '2025-07-21',
          settingType: 'post-16-college',
          inArea: 'no',
          setting: 'College 10001234',
        },
      ]),
    ).named;
    expect(named.at(-1)).toMatchObject({ inArea: 'no' });
  });
  it('no final plan, no plan', () => {
    expect(planHistoryOfCase(history.slice(0, 1))).toEqual([]);
  });
  it('every assessment placement has a plan setting type', () => {
    for (const p of PLACEMENTS) expect(SETTING_TYPES).toContain(SETTING_OF_PLACEMENT[p]);
  });
});
