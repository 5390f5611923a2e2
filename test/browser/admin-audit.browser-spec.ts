import type { Page } from 'playwright-core';
import type { CaseListItem, Page as ListPage } from '@ehc/contracts';
import { apiGet, BASE_URL, startBrowserApp, type BrowserApp } from './support/browser-app.js';

// The admin's audit log as an admin reads it: who did what to which case and when, found by the case's reference
// or part of a person's name, newest first, with readable dates and actions, a CSV of the same search, no raw JSON.
let t: BrowserApp;
let page: Page;
let reference: string;
let caseId: string;

beforeAll(async () => {
  t = await startBrowserApp('audit');
  page = t.page;
  // A caseworker opens a case on 4 March, and again the next day (so "newest first" can be seen in the dates).
  await t.signIn('cw-north-1');
  const list = await apiGet<ListPage<CaseListItem>>(page, '/api/cases?caseworker=me&limit=1');
  ({ reference, id: caseId } = list.items[0]);
  await t.open(`/cases/${caseId}`);
  await t.signOut();
  await t.advanceDays(1);
  await t.signIn('cw-north-1');
  await t.open(`/cases/${caseId}`);
  await t.signOut();
  await t.signIn('admin');
});
afterAll(async () => {
  await t?.close();
});

const table = () => page.locator('[data-audit-table]');
const column = async (n: number) => table().locator(`tbody tr td:nth-child(${n})`).allInnerTexts();

/** Fills and sends the search form; unless the form is expected to refuse it, waits for the answer's rows. */
async function search(fields: { reference?: string; name?: string }, o: { refused?: boolean } = {}): Promise<void> {
  await page.getByLabel('Case reference').fill(fields.reference ?? '');
  await page.getByLabel('Person’s name or username').fill(fields.name ?? '');
  // Wait for this search's own answer and its rows: the table still shows the previous search's rows until the new
  // answer arrives, and those can match what a test looks for (a case opened by the person it then searches for).
  const answered = o.refused
    ? null
    : page.waitForResponse((r) => r.url().includes('/api/admin/audit?') && r.request().method() === 'GET');
  await page.getByRole('button', { name: 'Search the audit log' }).click();
  if (answered) {
    await answered;
    await table().locator('tbody tr').first().waitFor();
  }
}

describe('the admin’s audit log', () => {
  it('opens on the newest entries, with readable dates and actions and no raw JSON', async () => {
    await t.open('/admin');
    await table().locator('tbody tr').first().waitFor();
    const when = await column(1);
    expect(when.length).toBeGreaterThan(3);
    for (const w of when) expect(w).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}(am|pm)$/);
    const text = await table().innerText();
    expect(text).not.toMatch(/[{}"]/); // no JSON
    expect(text).not.toMatch(/\b(auth|case|admin|measure|queue)\.[a-z]/); // no action codes
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/); // no machine dates
    expect(await page.locator('[data-audit-status]').innerText()).toMatch(/newest first/);
    expect(await t.axe()).toEqual([]);
  });

  it('finds a case’s entries by its reference, newest first, naming who did what', async () => {
    await search({ reference: reference.toLowerCase() });
    await table().locator('tbody tr', { hasText: 'Opened a case' }).first().waitFor();
    expect(new Set(await column(4))).toEqual(new Set([reference]));
    const when = await column(1);
    expect(when[0]).toMatch(/^5 March 2026 at /);
    expect(when[when.length - 1]).toMatch(/^4 March 2026 at /);
    const who = await column(2);
    expect(who).toContain('North caseworker 1 (cw-north-1)');
    expect(await column(3)).toContain('Opened a case');

    // The CSV link exports the same search.
    const href = (await page.getByRole('link', { name: /as CSV/ }).getAttribute('href'))!;
    expect(href).toContain(`caseReference=${encodeURIComponent(reference.toLowerCase())}`);
    const csv = await page.request.get(`${BASE_URL}${href}`);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines.length - 1).toBe(who.length);
    expect(lines.slice(1).every((l) => l.includes(reference))).toBe(true);
    expect(await t.axe()).toEqual([]);
  });

  it('finds a person’s entries by part of their name', async () => {
    await search({ name: 'caseworker 1' });
    // The status line already says "matching your search" from the search before: wait for this search's rows.
    for (let i = 0; i < 150; i++) {
      const w = await column(2);
      if (w.length > 0 && w.every((x) => x.toLowerCase().includes('caseworker 1'))) break;
      await page.waitForTimeout(100);
    }
    const who = await column(2);
    expect(who.length).toBeGreaterThan(0);
    for (const w of who) expect(w.toLowerCase()).toContain('caseworker 1');
    expect(await column(3)).toContain('Signed in');
  });

  it('keeps the last entries on screen, marked busy, while the next search loads', async () => {
    await t.open('/admin');
    await table().locator('tbody tr').first().waitFor();
    const before = await column(1);
    // Hold the next search's answer until the page has been looked at while it loads.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const isAudit = (url: URL) => url.pathname === '/api/admin/audit';
    await page.route(isAudit, async (route) => {
      await held;
      // Once the test has unrouted (it failed and moved on), the request may already be settled: nothing to continue.
      await route.continue().catch(() => undefined);
    });
    try {
      await page.getByLabel('Case reference').fill(reference);
      await page.getByRole('button', { name: 'Search the audit log' }).click();
      await page.locator('[data-audit-status]', { hasText: 'Searching' }).waitFor();
      expect(await table().isVisible()).toBe(true);
      expect(await table().getAttribute('aria-busy')).toBe('true');
      expect(await column(1)).toEqual(before);
      const answered = page.waitForResponse((r) => isAudit(new URL(r.url())) && r.request().method() === 'GET');
      release();
      await answered;
    } finally {
      release();
      await page.unroute(isAudit);
    }
    await page.locator('[data-audit-status]', { hasText: 'matching your search' }).waitFor();
    expect(await table().getAttribute('aria-busy')).toBeNull();
    expect(new Set(await column(4))).toEqual(new Set([reference]));
  });

  it('says what is wrong with a search it cannot run, against the field', async () => {
    await search({ name: '<script>' }, { refused: true });
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain(
      'Enter a name or username using letters, numbers, spaces, hyphens, full stops or apostrophes',
    );
    expect(await page.locator('#audit-name-error').isVisible()).toBe(true);
    expect(await t.axe()).toEqual([]);
  });
});
