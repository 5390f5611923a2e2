/**
 * Plans maintained by primary need (docs/plan-life.md#the-boards-measures): DfE publishes EHC plans by the child's or
 * young person's primary need, the first of section B's needs (reg 12(1)(a); docs/plan-life.md#sen-needs). The plans
 * maintained on a day, each counted once under the primary need of the list in force that day (the latest dated on or
 * before it), or as "not recorded". Pure: no clock.
 */
import { needsOn, SEN_TYPES, type SenType } from '@ehc/workflow';
import { assertIsoDate } from './calendar-dates.js';
import { percent } from './figures.js';
import { foldPlans, maintainedOn, type ExcludedPlan, type PlanQueryBase } from './plan-facts.js';
import type { FoldedPlans, PlanRows, Share } from './plan-measures.js';

export type PrimaryNeedGroup = SenType | 'not-recorded';
/** Every group in DfE's order, then the plans with no needs recorded. */
export const PRIMARY_NEED_GROUPS: readonly PrimaryNeedGroup[] = [...SEN_TYPES, 'not-recorded'];

export interface PrimaryNeedFigures {
  on: string;
  total: number;
  byPrimaryNeed: Record<PrimaryNeedGroup, Share>;
  plans: { reference: string; primaryNeed: PrimaryNeedGroup; needsFrom: string | null }[];
  excluded: ExcludedPlan[];
}

/** Learners with EHC plans maintained on `on`, by primary need (number and % of all plans maintained that day). */
export function plansByPrimaryNeed(rows: PlanRows, q: PlanQueryBase & { on: string }): PrimaryNeedFigures {
  assertIsoDate(q.on, 'on');
  const { plans, excluded }: FoldedPlans = 'plans' in rows ? rows : foldPlans(rows, q);
  const list = plans
    .filter((p) => maintainedOn(p.context, q.on))
    .map((p) => {
      const n = needsOn(p.context.needs, q.on);
      return {
        reference: p.reference,
        primaryNeed: n?.primary ?? ('not-recorded' as const),
        needsFrom: n?.from ?? null,
      };
    });
  const counts = new Map<PrimaryNeedGroup, number>();
  for (const p of list) counts.set(p.primaryNeed, (counts.get(p.primaryNeed) ?? 0) + 1);
  const byPrimaryNeed = Object.fromEntries(
    PRIMARY_NEED_GROUPS.map((k) => [
      k,
      { count: counts.get(k) ?? 0, percent: percent(counts.get(k) ?? 0, list.length) },
    ]),
  ) as Record<PrimaryNeedGroup, Share>;
  return { on: q.on, total: list.length, byPrimaryNeed, plans: list, excluded };
}
