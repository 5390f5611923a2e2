/** Who gives advice for an EHC needs assessment (reg 6(1)); codes from docs/events.md. */
export const ADVICE_PROVIDERS = ['parent', 'education', 'health', 'psychology', 'social-care', 'preparation-for-adulthood', 'other'] as const;
