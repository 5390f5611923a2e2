import type { Page } from 'playwright-core';
import { apiGet, startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { fillDate as fillDateOn, HISTORY_TO_FINAL_PLAN_2025, importLines } from './support/case-journey.js';

// The plan's special educational needs through the real form (docs/plan-life.md#sen-needs, reg 12(1)(a)): a case
// imported with the needs its final plan's section B stated shows them, primary first; after a review the caseworker
// records the changed list (the primary need from a select, the others ticked in order of importance), a primary need
// ticked again among the others is refused on the form, and the case page shows the new ranking. The board's plan
// measures then count the plan under its new primary need, with the case behind the figure.
let t: BrowserApp;
let page: Page;

const LINE = {
  reference: 'NORTH-PLAN-NEEDS',
  team: 'north',
  child: { givenName: 'Sasha', familyName: 'Needs', dateOfBirth: '2016-02-02' },
  events: [...HISTORY_TO_FINAL_PLAN_2025, { type: 'SenNeedsRecorded', date: '2025-03-24', primaryNeed: 'SLCN' }],
};

beforeAll(async () => {
  t = await startBrowserApp('needs');
  page = t.page;
  await importLines(t, [LINE]);
  await t.signIn('cw-north-1');
});
afterAll(async () => {
  await t?.close();
});

const needs = () => page.getByTestId('sen-needs').innerText();

describe('the special educational needs through the web app', () => {
  it('shows the needs, records a changed ranked list, refuses the primary need among the others', async () => {
    const [{ id }] = await t.db.dataSource.query(`SELECT id FROM ehc_case WHERE reference = $1`, [LINE.reference]);
    await t.open(`/cases/${id}`);
    await page.getByRole('heading', { name: 'Plan', exact: true }).waitFor();
    expect(await needs()).toMatch(/Speech, language and communication needs \(primary need\)\s+From 24 March 2025/);
    expect(await t.axe()).toEqual([]);

    const form = page.locator('#do-SenNeedsRecorded');
    await form.locator('summary').click();
    const button = form.getByRole('button', { name: 'Record or change the special educational needs' });
    // nothing chosen: the form says what is missing
    await button.click();
    await page.locator('.govuk-error-summary').getByText('Select primary need').waitFor();
    expect(await t.axe()).toEqual([]);

    // the primary need ticked again among the others: refused by the plan's rule, shown on the field
    await fillDateOn(page, 'SenNeedsRecorded-date', t.today());
    await form.getByLabel('Primary need').selectOption({ label: 'Autistic spectrum disorder' });
    await form.getByLabel('Autistic spectrum disorder').check();
    await button.click();
    await page
      .locator('.govuk-error-summary')
      .getByText(/cannot also be one of the other needs/)
      .waitFor();
    expect(await t.axe()).toEqual([]);

    // the others in order of importance: social, emotional and mental health, then speech and language
    await form.getByLabel('Autistic spectrum disorder').uncheck();
    await form.getByLabel('Social, emotional and mental health').check();
    await form.getByLabel('Speech, language and communication needs').check();
    await button.click();
    await page
      .locator('.govuk-notification-banner--success')
      .getByText('Recorded: Special educational needs recorded')
      .waitFor();
    await page.getByTestId('sen-needs').getByText('Autistic spectrum disorder (primary need)').waitFor();
    const items = await page.getByTestId('sen-needs').locator('li').allInnerTexts();
    expect(items).toEqual([
      'Autistic spectrum disorder (primary need)',
      'Social, emotional and mental health',
      'Speech, language and communication needs',
    ]);
    expect(await t.axe()).toEqual([]);
  });
});

describe('plans maintained by primary need on the board', () => {
  beforeAll(async () => {
    await t.signOut();
    await t.signIn('board');
  });

  it('counts the plan under its primary need on the day, as the api does, and lists it behind the figure', async () => {
    await t.open('/board/plans');
    await page.locator('[data-plans-by-need]').waitFor();
    await fillDateOn(page, 'on', t.today());
    await page.getByRole('button', { name: 'Show the figures' }).click();
    await page.waitForLoadState('networkidle');
    const on = t.today();
    const api = await apiGet<{ primaryNeed: { total: number; byPrimaryNeed: Record<string, { count: number }> } }>(
      page,
      `/api/measures/plans?on=${on}&from=${on}&to=${on}&year=${on.slice(0, 4)}&trendFrom=${on}&basis=attended`,
    );
    expect(api.primaryNeed.byPrimaryNeed['ASD']!.count).toBeGreaterThanOrEqual(1);
    expect(await page.locator('[data-figure="need-ASD"]').innerText()).toBe(
      String(api.primaryNeed.byPrimaryNeed['ASD']!.count),
    );
    expect(await page.locator('[data-figure="need-not-recorded"]').innerText()).toBe(
      String(api.primaryNeed.byPrimaryNeed['not-recorded']!.count),
    );
    await page.getByLabel('Show the cases for').selectOption('primary-need');
    const row = page.locator('[data-plan-cases] tbody tr', { hasText: LINE.reference });
    expect(await row.innerText()).toMatch(/Autistic spectrum disorder/);
    expect(await t.axe()).toEqual([]);
  });
});
