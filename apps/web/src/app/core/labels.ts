/**
 * Human labels for the codes in the case-event vocabulary (shared/domain/case-events.md). Codes stay as
 * the API sends them; only what people read changes. Unknown codes fall back to a readable form.
 */
const LABELS: Record<string, string> = {
  // request sources
  parent: 'Parent',
  'young-person': 'Young person',
  school: 'School',
  'post-16-institution': 'Post-16 institution',
  'brought-to-attention': 'Brought to the council’s attention',
  // advice providers
  education: 'Education',
  health: 'Health',
  psychology: 'Educational psychology',
  'social-care': 'Social care',
  'preparation-for-adulthood': 'Preparation for adulthood',
  other: 'Other',
  // setting responses
  'can-meet-needs': 'Can meet needs',
  'cannot-meet-needs': 'Cannot meet needs',
  // placements
  mainstream: 'Mainstream',
  'resourced-provision': 'Resourced provision or SEN unit',
  'special-state': 'State-funded special school',
  'special-independent': 'Independent special school',
  'further-education': 'Further education',
  'early-years': 'Early years setting',
  // exception kinds (regs 5(4), 8(2), 10(4), 13(3))
  'school-closure': 'School closure',
  'early-years-closure': 'Early years setting closure',
  'exceptional-personal-circumstances': 'Exceptional personal circumstances of the child or family',
  'absent-from-area': 'Child or family absent from the area',
  'missed-appointment': 'Missed appointment',
  'coronavirus-2020': 'Coronavirus (2020 regulations)',
  'family-comments-after-draft-period': 'Family wished to comment after the 15 days on the draft (tribunal limits)',
  // mediation / tribunal
  'refusal-to-assess': 'Refusal to assess',
  'refusal-to-issue': 'Refusal to issue a plan',
  'plan-content': 'Plan content',
  'plan-school': 'School or type of school named in the plan',
  ceasing: 'Decision to cease the plan',
};

export function humanLabel(code: string | null | undefined): string {
  if (!code) return '';
  const known = LABELS[code];
  if (known) return known;
  const words = code.replace(/[-_]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
