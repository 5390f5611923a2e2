// The child's or young person's special educational needs as the plan records them (docs/plan-life.md#sen-needs):
// identified in the EHC needs assessment and written in section B of the plan (SEND Regs 2014 reg 12(1)(a)), changed
// at reviews and re-assessments. One event, SenNeedsRecorded, records the whole current list from its `date`: the
// primary need (rank 1) and the others in order (ranks 2, 3 …), as SEN2 module 5c wants them (docs/sen2.md#module-5c-sen-need).
// A module of its own so the maintained-plan vocabulary (plan-events.ts) and the measures read one list of codes. Pure.
import type { IsoDate } from './dates.js';

/**
 * DfE's `SENtype` codes (SEN2 2025 guide, item 5.8a), in DfE's order. DS (Down syndrome) is new in 2025; DfE
 * publishes it under "other" in its tables.
 */
export const SEN_TYPES = [
  'SPLD', // Specific learning difficulty
  'MLD', // Moderate learning difficulty
  'SLD', // Severe learning difficulty
  'PMLD', // Profound and multiple learning difficulty
  'SEMH', // Social, emotional and mental health
  'SLCN', // Speech, language and communication needs
  'HI', // Hearing impairment
  'VI', // Vision impairment
  'MSI', // Multi-sensory impairment
  'PD', // Physical disability
  'ASD', // Autistic spectrum disorder
  'DS', // Down syndrome
  'OTH', // Other difficulty
] as const;
export type SenType = (typeof SEN_TYPES)[number];

/** A plan's needs from a date: the primary need and the others, most important first. */
export interface SenNeedsView {
  from: IsoDate;
  primary: SenType;
  others: SenType[];
}

/** SEN2 module 5c: each need with its `SENtypeRank` (1 = primary, then 2, 3 … in the order recorded). */
export function rankedNeeds(n: Pick<SenNeedsView, 'primary' | 'others'>): { sentype: SenType; rank: number }[] {
  return [n.primary, ...n.others].map((sentype, i) => ({ sentype, rank: i + 1 }));
}

/**
 * The needs as they stood on a date: the latest recorded list dated on or before it (of two dated the same day, the
 * one recorded later). Undefined when none was recorded by then.
 */
export function needsOn(list: readonly SenNeedsView[], on: IsoDate): SenNeedsView | undefined {
  let found: SenNeedsView | undefined;
  for (const n of list) if (n.from <= on && (!found || n.from >= found.from)) found = n;
  return found;
}
