import { Injectable } from '@angular/core';

/** One field as the person left it: by element id, its text or whether it was ticked. */
interface FieldDraft {
  id: string;
  value?: string;
  checked?: boolean;
}
export interface Draft {
  url: string;
  owner: string;
  fields: FieldDraft[];
  openDetails: string[];
}

/**
 * What someone had typed on a page when their session ended, kept so that after signing in again they return to
 * the same page with their input still there (GOV.UK timeout pattern; WCAG 2.2.5 re-authenticating). Kept in
 * memory only — never in storage, the URL or a request — and for one page: it is gone once restored, or when the
 * tab is closed or reloaded.
 */
@Injectable({ providedIn: 'root' })
export class FormDrafts {
  private draft: Draft | null = null;

  /** Reads every named field in the page's main content (never passwords or files), for `owner` (a user id) only. */
  capture(url: string, owner: string): void {
    const main = document.getElementById('main-content');
    if (!main) return;
    const fields: FieldDraft[] = [];
    for (const el of Array.from(
      main.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(
        'input[id], textarea[id], select[id]',
      ),
    )) {
      if (el instanceof HTMLInputElement) {
        if (['password', 'file', 'hidden', 'submit', 'button'].includes(el.type)) continue;
        if (el.type === 'checkbox' || el.type === 'radio') {
          if (el.checked) fields.push({ id: el.id, checked: true });
          continue;
        }
      }
      if (el.value !== '') fields.push({ id: el.id, value: el.value });
    }
    const openDetails = Array.from(main.querySelectorAll<HTMLDetailsElement>('details[id][open]')).map((d) => d.id);
    this.draft = fields.length ? { url, owner, fields, openDetails } : null;
  }

  /** Only the person who typed it gets it back: someone else signing in on this browser finds nothing. */
  pendingFor(url: string, user: string | undefined): boolean {
    if (this.draft && user !== undefined && this.draft.owner !== user) this.draft = null;
    return !!this.draft && this.draft.url === url;
  }

  discard(): void {
    this.draft = null;
  }

  /** The kept input for this page, handed over once (see draft-restore.ts, loaded only when there is one). */
  take(url: string): Draft | null {
    const draft = this.draft;
    if (!draft || draft.url !== url) return null;
    this.draft = null;
    return draft;
  }
}
