import { ADVICE_PROVIDER_LABELS } from '@ehc/contracts';

/** Who gives advice for an EHC needs assessment (reg 6(1)): the codes of libs/contracts' label map. */
export const ADVICE_PROVIDERS = Object.keys(ADVICE_PROVIDER_LABELS);
