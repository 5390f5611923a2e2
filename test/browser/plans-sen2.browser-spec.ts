import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { apiGet, startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { fillDate } from './support/case-journey.js';
import { addUrnsToSettings } from '../support/append-events.js';

// The board's other measures on their own page, and the SEN2 return: a board member changes the day the plans are
// counted and reads the cases behind a figure; an admin checks the return for a census date, sees each failure by
// case reference, and downloads the XML file once the errors are corrected. The fixed day is 4 March 2026.
let t: BrowserApp;
let page: Page;
const run = (sql: string, params?: unknown[]) => t.db.dataSource.query(sql, params);

beforeAll(async () => {
  t = await startBrowserApp('plans');
  page = t.page;
  // the demo's plans carry their own events (placements, reviews, amendments), imported as recorded on the cases
});
afterAll(async () => {
  await t?.close();
});

interface Report {
  settings: { total: number; byGroup: Record<string, { count: number }> };
  reviews: { meetings: number; decisionWithin4Weeks: number };
}

describe('plans maintained: the board’s other measures', () => {
  beforeAll(async () => t.signIn('board'));
  afterAll(async () => t.signOut());

  it('counts plans by setting on the chosen day, with reviews and decisions, and lists the cases behind them', async () => {
    await t.open('/board');
    await page.getByRole('link', { name: 'Plans maintained' }).first().click();
    await page.locator('[data-plans-by-setting]').waitFor();
    await page.waitForLoadState('networkidle');

    // count on 31 December 2025, reviews for 2025
    await fillDate(page, 'on', '2025-12-31');
    await fillDate(page, 'from', '2025-01-01');
    await fillDate(page, 'to', '2025-12-31');
    await page.getByRole('button', { name: 'Show the figures' }).click();
    await page.locator('[data-plans-as-at]', { hasText: 'Plans counted on 31 December 2025' }).waitFor();
    await page.waitForLoadState('networkidle');
    const api = await apiGet<Report>(
      page,
      '/api/measures/plans?on=2025-12-31&from=2025-01-01&to=2025-12-31&year=2025&trendFrom=2025-01-01&basis=attended',
    );
    expect(api.settings.total).toBeGreaterThan(10);
    expect(await page.locator('[data-figure="plans-total"]').innerText()).toBe(String(api.settings.total));
    const { meetings, decisionWithin4Weeks: inTime } = api.reviews;
    expect(meetings).toBeGreaterThan(5);
    expect(await page.locator('[data-figure="decisions-in-time"]').innerText()).toMatch(
      new RegExp(`^\\d+\\.\\d% \\(${inTime} of ${meetings}\\)$`),
    );
    const independent = await page
      .locator('[data-plans-by-group] tr', { hasText: 'Independent specialist' })
      .locator('td')
      .innerText();
    expect(independent).toContain(`(${api.settings.byGroup['independent-specialist']!.count})`);
    expect(await page.locator('[data-trend] tbody tr').count()).toBe(12);

    await page.getByLabel('Show the cases for').selectOption('meetings');
    await page
      .locator('[data-plan-cases] caption', { hasText: `Review meetings held in the period: ${meetings} cases` })
      .waitFor();
    expect(await page.locator('[data-plan-cases] tbody tr').count()).toBe(meetings);
    expect(await page.getByRole('link', { name: 'Download this list as CSV' }).getAttribute('href')).toContain(
      'measure=meetings',
    );
    expect(await t.axe()).toEqual([]);
  });

  it('prints on its own, without the form or the case list', async () => {
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('main form').isVisible()).toBe(false);
      expect(await page.locator('[data-plan-cases]').isVisible()).toBe(false);
      expect(await page.locator('[data-plans-by-setting]').isVisible()).toBe(true);
    } finally {
      await page.emulateMedia({ media: null });
    }
  });
});

describe('the SEN2 return', () => {
  beforeAll(async () => t.signIn('admin'));
  afterAll(async () => t.signOut());

  it('checks the return for a census date, lists each failure by case, and downloads the file once the errors are corrected', async () => {
    await t.open('/returns/sen2');
    // a wrong LA code is explained on the field
    await fillDate(page, 'census', '2026-01-15');
    await page.getByLabel('Your council’s LA code').fill('Warks');
    await page.getByRole('button', { name: 'Check the return' }).click();
    await page.locator('.govuk-error-summary', { hasText: 'Enter your council’s LA code' }).waitFor();

    await page.getByLabel('Your council’s LA code').fill('937');
    await page.getByRole('button', { name: 'Check the return' }).click();
    await page.locator('[data-sen2-status]').waitFor();
    // the demo's named settings have no URN: errors, listed by case reference, and no file yet
    expect(await page.locator('[data-sen2-status]').innerText()).toMatch(
      /^\d+ errors? to correct before the file can be made/,
    );
    const first = page.locator('[data-sen2-failures] tbody tr').first();
    expect(await first.locator('th').innerText()).toMatch(/^[A-Z]+-\d{4}-\d+$/);
    expect(await page.locator('[data-sen2-failures]').innerText()).toContain(
      'a setting needs a URN, a UKPRN or a SEN setting code',
    );
    await page.locator('[data-sen2-blocked]').waitFor();
    expect(await page.locator('[data-sen2-download]').count()).toBe(0);
    // the 20-week figures worked out from the return are the board's
    const rows = page.locator('[data-sen2-twenty-weeks] tbody tr');
    expect(await rows.nth(0).locator('td').allInnerTexts()).toEqual(await rows.nth(1).locator('td').allInnerTexts());
    expect(await t.axe()).toEqual([]);

    // the settings' URNs are added (by corrections, as a council would), and the return checked again
    await addUrnsToSettings(run);
    await page.getByRole('button', { name: 'Check the return' }).click();
    await page.locator('[data-sen2-download]').waitFor();
    const download = page.waitForEvent('download');
    await page.locator('[data-sen2-download]').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('SEN2_937_2026-01-15.xml');
    const xml = readFileSync((await file.path())!, 'utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Message>')).toBe(true);
    expect(xml).toContain('<ReferenceDate>2026-01-15</ReferenceDate>');
    expect(xml).toContain('<LEA>937</LEA>');
    await page.getByRole('status').filter({ hasText: 'Saved SEN2_937_2026-01-15.xml' }).waitFor();
    expect(await t.axe()).toEqual([]);
  });
});
