import type { PersonContact } from '@ehc/contracts';

const RELATIONSHIPS: Record<string, string> = {
  mother: 'Mother',
  father: 'Father',
  carer: 'Carer',
  'foster-carer': 'Foster carer',
  guardian: 'Guardian',
  grandparent: 'Grandparent',
  'other-family': 'Other family member',
  'social-worker': 'Social worker',
  health: 'Health professional',
  senco: 'SENCo',
  'educational-psychologist': 'Educational psychologist',
  other: 'Other professional',
};
const PREFERRED: Record<string, string> = {
  phone: 'Phone',
  email: 'Email',
  post: 'Post',
  'text-message': 'Text message',
};

export const relationshipLabel = (r: string): string => RELATIONSHIPS[r] ?? r;
export const preferredLabel = (p: string | undefined): string => (p ? (PREFERRED[p] ?? p) : 'Not given');

/** "How to reach them": the preferred way first, then the others given. */
export function howToContact(c: PersonContact): string {
  const ways: [string, string | undefined][] = [
    ['phone', c.phone],
    ['text-message', c.phone],
    ['email', c.email],
    ['post', c.address],
  ];
  const given = ways.filter(([, v]) => v).map(([k, v]) => [k, v!] as const);
  const preferred = given.find(([k]) => k === c.preferredContact);
  const rest = given.filter(([k, v]) => k !== c.preferredContact && k !== 'text-message' && v !== preferred?.[1]);
  return (
    [
      ...(preferred ? [`${preferredLabel(preferred[0])}: ${preferred[1]} (preferred)`] : []),
      ...rest.map(([k, v]) => `${preferredLabel(k)}: ${v}`),
    ].join('; ') || 'No contact details'
  );
}
