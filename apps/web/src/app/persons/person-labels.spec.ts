import type { PersonContact } from '@ehc/contracts';
import { howToContact } from './person-labels';

const contact = (over: Partial<PersonContact>): PersonContact => ({
  id: 'c',
  kind: 'parent-carer',
  name: 'Mary',
  relationship: 'mother',
  createdAt: '2026-01-01T00:00:00Z',
  ...over,
});

describe('how to contact someone: the preferred way first, then the others', () => {
  it('puts the preferred way first and marks it', () => {
    expect(howToContact(contact({ phone: '01926 410410', email: 'mary@example.org', preferredContact: 'email' }))).toBe(
      'Email: mary@example.org (preferred); Phone: 01926 410410',
    );
  });
  it('text message as the preference uses the phone number, without repeating it', () => {
    expect(howToContact(contact({ phone: '07700 900123', preferredContact: 'text-message' }))).toBe(
      'Text message: 07700 900123 (preferred)',
    );
  });
  it('no preference: every way given; none: says so', () => {
    expect(howToContact(contact({ phone: '1', address: '1 High St' }))).toBe('Phone: 1; Post: 1 High St');
    expect(howToContact(contact({}))).toBe('No contact details');
  });
});
