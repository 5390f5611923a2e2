// The assessment's placement types as the maintained plan's setting types: the final plan's section I is the plan's
// first named setting (plan-on-case.ts planHistoryOfCase, docs/plan-life.md#one-log). Pure glue between the two vocabularies.
import type { Placement } from './events.js';
import type { SettingType } from './plan-events.js';

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
