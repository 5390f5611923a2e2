import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type {
  PersonContact,
  PersonContactInput,
  PersonDetail,
  PersonFields,
  PersonMatch,
  PersonSearchRequest,
} from '@ehc/contracts';

/** The person record. Searches are POSTs, so a child's name or date of birth never goes into a URL. */
@Injectable({ providedIn: 'root' })
export class PersonsApi {
  private readonly http = inject(HttpClient);

  create(fields: PersonFields): Promise<PersonDetail> {
    return firstValueFrom(this.http.post<PersonDetail>('/api/persons', fields));
  }
  /** Corrects the record, saying why (kept with the change); each case's copy of the child follows. */
  update(personId: string, fields: PersonFields, reason: string): Promise<PersonDetail> {
    return firstValueFrom(
      this.http.patch<PersonDetail>(`/api/persons/${encodeURIComponent(personId)}`, { ...fields, reason }),
    );
  }
  search(request: PersonSearchRequest): Promise<PersonMatch[]> {
    return firstValueFrom(this.http.post<PersonMatch[]>('/api/persons/search', request));
  }
  matches(child: { givenName: string; familyName: string; dateOfBirth: string; upn?: string }): Promise<PersonMatch[]> {
    return firstValueFrom(this.http.post<PersonMatch[]>('/api/persons/matches', child));
  }
  /** Team managers: the duplicate's requests and contacts move to the kept record (audited). */
  merge(keepId: string, duplicateId: string): Promise<PersonDetail> {
    return firstValueFrom(
      this.http.post<PersonDetail>(`/api/persons/${encodeURIComponent(keepId)}/merge`, { duplicateId }),
    );
  }
  addContact(personId: string, contact: PersonContactInput): Promise<PersonContact> {
    return firstValueFrom(
      this.http.post<PersonContact>(`/api/persons/${encodeURIComponent(personId)}/contacts`, contact),
    );
  }
}
