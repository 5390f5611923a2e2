import { Injectable } from '@angular/core';

/** One field as the person left it: by element id, its text or whether it was ticked. */
interface FieldDraft {
  id: string;
  value?: string;
  checked?: boolean;
}
interface Draft {
  url: string;
  owner: string;
  fields: FieldDraft[];
  openDetails: string[];
}

/** How long a restore waits for a page's fields to appear (they often follow a data load). */
const RESTORE_WAIT_MS = 8000;

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

  /**
   * Puts the kept input back once the page has drawn its fields, as if typed (input and change events, so the
   * page's own form state follows). Resolves with the number of fields restored.
   */
  async restore(url: string): Promise<number> {
    const draft = this.draft;
    if (!draft || draft.url !== url) return 0;
    this.draft = null;
    for (const id of draft.openDetails) {
      const d = await waitFor<HTMLDetailsElement>(id);
      if (d && !d.open) d.open = true;
    }
    let restored = 0;
    for (const f of draft.fields) {
      const el = await waitFor<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(f.id);
      if (!el) continue;
      if (f.checked && el instanceof HTMLInputElement) {
        el.checked = true;
        el.dispatchEvent(new Event('change', { bubbles: true }));
      } else if (f.value !== undefined) {
        el.value = f.value;
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }
      restored++;
    }
    return restored;
  }
}

/** The element with this id once it exists (polling: the page may still be loading), or null after the wait. */
// Counted in polls, not by the clock: the page's clock may be held still (tests) while time passes.
async function waitFor<T extends HTMLElement>(id: string): Promise<T | null> {
  for (let i = 0; i < RESTORE_WAIT_MS / 100; i++) {
    const el = document.getElementById(id) as T | null;
    if (el) return el;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}
