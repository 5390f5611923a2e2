import type { Draft } from './form-drafts';

/** How long a restore waits for a page's fields to appear (they often follow a data load). */
const RESTORE_WAIT_MS = 8000;

/**
 * Puts input kept by FormDrafts back once the page has drawn its fields, as if typed (input and change events, so
 * the page's own form state follows). Resolves with the number of fields restored. A file of its own, loaded only
 * when there is a draft to restore, so it stays out of the initial JavaScript.
 */
export async function restoreDraft(draft: Draft): Promise<number> {
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
