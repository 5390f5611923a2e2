import type { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { PersonDetail } from '@ehc/contracts';

export const personDetail = (over: Partial<PersonDetail> = {}): PersonDetail => ({
  id: 'person-1',
  givenName: 'Sam',
  familyName: 'Taylor',
  dateOfBirth: '2016-05-04',
  upn: 'A123456789012',
  postcode: 'CV34 4RL',
  schoolName: 'Castle Primary',
  schoolUrn: '123456',
  homeLanguage: 'English',
  interpreterNeeded: false,
  contacts: [
    {
      id: 'c1',
      kind: 'parent-carer',
      name: 'Mary Taylor',
      relationship: 'mother',
      parentalResponsibility: true,
      email: 'mary@example.org',
      phone: '01926 410410',
      preferredContact: 'email',
      createdAt: '2026-01-05T10:00:00Z',
    },
  ],
  cases: [],
  ...over,
});

/** Answers the requests the case page's casework panels make once the case has loaded (child and family, notes …). */
export async function flushCasework(http: HttpTestingController, caseId: string): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    TestBed.tick();
    for (const r of http.match((req) => req.url === `/api/cases/${caseId}/person`)) r.flush(personDetail());
    for (const r of http.match(
      (req) => /\/(notes|documents|letters|events)$/.test(req.url) && req.url.startsWith(`/api/cases/${caseId}/`),
    ))
      r.flush([]);
  }
}
