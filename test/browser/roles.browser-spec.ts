import type { Page } from 'playwright-core';
import type { DeadlineQueuePage, TimelinessResponse } from '@ehc/contracts';
import { addDays, daysBetween } from '@ehc/workflow';
import { apiGet, OVERDUE_REFERENCE, startBrowserApp, type BrowserApp } from './support/browser-app.js';

let t: BrowserApp;
let page: Page;

beforeAll(async () => {
  t = await startBrowserApp('roles');
  page = t.page;
});
afterAll(async () => {
  await t?.close();
});

describe('team manager: the deadline queue', () => {
  afterAll(async () => t.signOut());

  it('shows a north case whose 20-week limit has passed in the Overdue group, with how late it is', async () => {
    await t.signIn('manager-north');
    expect(new URL(page.url()).pathname).toBe('/queue');
    const overdue = page.locator('table').filter({ has: page.locator('caption', { hasText: /^Overdue \(\d+\)$/ }) });
    await overdue.waitFor();
    const row = overdue.locator('tr').filter({ hasText: OVERDUE_REFERENCE });
    // Requested 200 days ago; the final plan was due 140 days after the request (reg 13(2)), so 60 days ago.
    const due = addDays(addDays(t.today(), -200), 140);
    const late = daysBetween(due, t.today());
    expect(late).toBe(60);
    expect(await row.innerText()).toMatch(
      new RegExp(`Final plan \\(20 weeks\\)[\\s\\S]*Overdue by ${late} days[\\s\\S]*North caseworker 2`),
    );

    // The page shows what the api says for this manager: the same overdue items, in the same order.
    const api = await apiGet<DeadlineQueuePage>(page, '/api/queues/deadlines');
    const apiOverdue = api.items.filter((i) => i.bucket === 'overdue').map((i) => i.reference);
    expect(apiOverdue).toContain(OVERDUE_REFERENCE);
    const shown = await overdue.locator('tbody tr td:nth-child(2) a').allInnerTexts();
    expect(shown).toEqual(apiOverdue);
    // The caption counts the whole overdue queue (the server's count), not the rows of this page.
    expect(await overdue.locator('caption').innerText()).toBe(`Overdue (${api.counts.overdue})`);
  });
});

describe('board member: the timeliness report', () => {
  it('shows the headline percentages the api reports for the same period', async () => {
    await t.signIn('board');
    expect(new URL(page.url()).pathname).toBe('/board');
    // Default period: the 12 months up to today (the fixed 4 March 2026).
    await page.getByText('Figures for 5 March 2025 to 4 March 2026.').waitFor();
    const api = await apiGet<TimelinessResponse>(page, '/api/measures/timeliness?from=2025-03-05&to=2026-03-04');
    expect(api.includingExceptions.issued).toBeGreaterThan(0);
    const pct = (p: number | null) => (p === null ? '–' : `${p.toFixed(1)}%`);
    expect(await page.locator('[data-figure="including"]').innerText()).toBe(pct(api.includingExceptions.percent));
    expect(await page.locator('[data-figure="excluding"]').innerText()).toBe(pct(api.excludingExceptions.percent));
    expect(await page.locator('main').innerText()).toContain(
      `${api.includingExceptions.within20Weeks} of ${api.includingExceptions.issued} plans`,
    );
  });
});
