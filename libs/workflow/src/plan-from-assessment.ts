// Where a maintained plan begins when this council made it: the assessment's final plan (reg 13(2)) opens the plan's
// own record (docs/plan-life.md#vocabulary). Pure glue between the two vocabularies.
import type { IsoDate } from './dates.js';
import type { CaseEvent, Placement } from './events.js';
import type { PlanEvent, SettingType, YesNo } from './plan-events.js';

/** The assessment's placement types (FinalPlanIssued.placement) as the plan's setting types. */
export const SETTING_OF_PLACEMENT: Record<Placement, SettingType> = {
  mainstream: 'mainstream',
  'resourced-provision': 'resourced-provision',
  'special-state': 'special-state',
  'special-independent': 'special-independent',
  'further-education': 'post-16-college',
  'early-years': 'early-years',
  other: 'other',
};

/**
 * The plan's first events from an assessment case's history: PlanIssued on the final plan's date (with the request's
 * Year 9 date) and PlacementNamed for the setting section I names. Undefined while the case has no final plan.
 * Whether the setting is in the council's area is not on the assessment, so the caller says.
 */
export function planStartFromAssessment(history: readonly CaseEvent[], opts: { inArea: YesNo; post16From?: IsoDate }): PlanEvent[] | undefined {
  const final = history.find((e) => e.type === 'FinalPlanIssued');
  if (!final || final.type !== 'FinalPlanIssued') return undefined;
  const request = history.find((e) => e.type === 'RequestReceived');
  const year9From = request?.type === 'RequestReceived' ? request.year9From : undefined;
  return [
    { type: 'PlanIssued', date: final.date, ...(year9From ? { year9From } : {}), ...(opts.post16From ? { post16From: opts.post16From } : {}) },
    { type: 'PlacementNamed', date: final.date, settingType: SETTING_OF_PLACEMENT[final.placement], inArea: opts.inArea, ...(final.setting ? { setting: final.setting } : {}) },
  ];
}
