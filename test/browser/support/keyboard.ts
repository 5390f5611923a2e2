import type { Page } from 'playwright-core';

/** What the focused element is, as a keyboard user would meet it: its id, tag and visible or accessible name. */
export interface Focused {
  id: string;
  tag: string;
  name: string;
  type: string | null;
}

export async function focused(page: Page): Promise<Focused> {
  // Runs in the page; the server tsconfig has no DOM types, so the page's globals are reached through globalThis.
  return page.evaluate(() => {
    const w = globalThis as any;
    const el = w.document.activeElement;
    if (!el || el === w.document.body) return { id: '', tag: 'body', name: '', type: null };
    const labelled = el.id ? w.document.querySelector(`label[for="${w.CSS.escape(el.id)}"]`)?.textContent : null;
    const name = String(el.getAttribute('aria-label') ?? labelled ?? el.innerText ?? el.textContent ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    return {
      id: String(el.id),
      tag: String(el.tagName).toLowerCase(),
      name,
      type: el.getAttribute('type') as string | null,
    };
  });
}

export type FocusTarget = { id: string } | { name: string | RegExp; tag?: string };

const matches = (f: Focused, t: FocusTarget) =>
  'id' in t
    ? f.id === t.id
    : (t.tag === undefined || f.tag === t.tag) &&
      (typeof t.name === 'string' ? f.name === t.name : t.name.test(f.name));

/**
 * Presses Tab (or Shift+Tab) until the target has focus — only the keyboard moves focus, as for a person
 * without a mouse. Fails, listing the stops on the way, if the target is not reachable within `max` presses.
 */
export async function tabTo(
  page: Page,
  target: FocusTarget,
  o: { back?: boolean; max?: number } = {},
): Promise<number> {
  const stops: string[] = [];
  for (let i = 0; i <= (o.max ?? 120); i++) {
    const f = await focused(page);
    if (matches(f, target)) return i;
    stops.push(`${f.tag}#${f.id}:${f.name.slice(0, 40)}`);
    await page.keyboard.press(o.back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(
    `could not reach ${JSON.stringify(target, (_k, v) => (v instanceof RegExp ? String(v) : v))} by keyboard; stops: ${stops.join(' | ')}`,
  );
}

/** Tabs to a text box and types into it (replacing what is there, as a user would with select-all). */
export async function typeInto(page: Page, id: string, text: string): Promise<void> {
  await tabTo(page, { id });
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

/** Polls `read` (every 50 ms, up to `ms`) until `ok` holds; returns the last value read, for the test to assert on. */
export async function settled<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  let v = await read();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    v = await read();
  }
  return v;
}
