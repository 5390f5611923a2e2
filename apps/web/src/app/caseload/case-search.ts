import { Injectable, computed, signal } from '@angular/core';
import type { CaseSearchRequest } from '@ehc/contracts';

export type ChildSearch = Pick<CaseSearchRequest, 'name' | 'dateOfBirth' | 'upn'>;

/**
 * The child's identity the caseload is searched by (name, date of birth, UPN). Held in this tab's memory only and
 * sent in a POST body: unlike the other filters it never goes into the URL, where it would stay in the browser's
 * history and in proxy and server logs. So Back from a case keeps the search; a reload or a new tab starts without it.
 */
@Injectable({ providedIn: 'root' })
export class CaseSearch {
  readonly terms = signal<ChildSearch>({});
  readonly active = computed(() => Object.values(this.terms()).some((v) => !!v));

  set(terms: ChildSearch): void {
    const clean: ChildSearch = {};
    if (terms.name?.trim()) clean.name = terms.name.trim();
    if (terms.dateOfBirth) clean.dateOfBirth = terms.dateOfBirth;
    if (terms.upn?.trim()) clean.upn = terms.upn.trim().toUpperCase();
    this.terms.set(clean);
  }

  clear(): void {
    this.terms.set({});
  }
}

/** A unique pupil number: a letter, 11 digits, then a letter or digit (the DfE's format). */
export const UPN_PATTERN = /^[A-Za-z]\d{11}[A-Za-z0-9]$/;
