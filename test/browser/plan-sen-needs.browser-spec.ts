import type { Page } from 'playwright-core';
import { apiGet, startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { fillDate as fillDateOn, HISTORY_TO_FINAL_PLAN_2025, importLines } from './support/case-journey.js';

// The plan's special educational needs through the real form (docs/plan-life.md#sen-needs, reg 12(1)(a)): a case
// imported with the needs its final plan's section B stated shows them, primary first; after a review the caseworker
// records the changed list (the primary need from a select, the others ticked in order of importance), a primary need
// ticked again among the others is refused on the form, and the case page shows the new ranking. The board's plan
// measures then count the plan under its new primary need, with the case behind the figure. A wrong list of other
// needs is put right through the entry's Change page (docs/corrections.md), ticked in order as on the record form.
let t: BrowserApp;
let page: Page;

const LINE = {
  reference: 'NORTH-PLAN-NEEDS',
  team: 'north',
  child: { givenName: 'Sasha', familyName: 'Needs', dateOfBirth: '2016-02-02' },
  events: [...HISTORY_TO_FINAL_PLAN_2025, { type: 'SenNeedsRecorded', date: '2025-03-24', primaryNeed: 'SLCN' }],
};
const FIX = {
  reference: 'NORTH-FIX-NEEDS',
  team: 'north',
  child: { givenName: 'Robin', familyName: 'Needs', dateOfBirth: '2016-03-03' },
  events: [
    ...HISTORY_TO_FINAL_PLAN_2025,
    { type: 'SenNeedsRecorded', date: '2025-03-24', primaryNeed: 'SLCN', otherNeeds: ['SEMH', 'MLD'] },
  ],
};

beforeAll(async () => {
  t = await startBrowserApp('needs');
  page = t.page;
  await importLines(t, [LINE, FIX]);
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

describe('correcting the other needs of a recorded list (docs/corrections.md)', () => {
  it('re-ranks the other needs on the Change page; an emptied list and the primary need among them are refused', async () => {
    const [{ id }] = await t.db.dataSource.query(`SELECT id FROM ehc_case WHERE reference = $1`, [FIX.reference]);
    await t.open(`/cases/${id}`);
    const entry = page.locator('.moj-timeline__item', {
      has: page.locator('.moj-timeline__title', { hasText: 'Special educational needs recorded' }),
    });
    await entry.getByRole('link', { name: /^Change/ }).click();
    await page.waitForURL(/\/history\/[0-9a-f-]{36}\/change$/);
    const eventId = /\/history\/([0-9a-f-]{36})\/change$/.exec(page.url())![1]!;
    await page.getByLabel('Some of the details are wrong').check();
    const others = page.getByRole('group', { name: /^Other needs/ });
    await others.getByText('Now: Social, emotional and mental health, Moderate learning difficulty').waitFor();
    expect(await others.getByLabel('Social, emotional and mental health').isChecked()).toBe(true);
    expect(await others.getByLabel('Moderate learning difficulty').isChecked()).toBe(true);
    expect(await t.axe()).toEqual([]);

    // every other need taken out: a correction replaces the list, it cannot empty it
    await others.getByLabel('Social, emotional and mental health').uncheck();
    await others.getByLabel('Moderate learning difficulty').uncheck();
    await page.getByLabel('Why are you making this correction?').fill('Section B ranks learning first');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page
      .locator('.govuk-error-summary')
      .getByText(/Keep at least one ticked/)
      .waitFor();
    expect(await t.axe()).toEqual([]);

    // ticked in the new order, with the primary need among them: the plan's rule refuses it (reg 12(1)(a))
    await others.getByLabel('Moderate learning difficulty').check();
    await others.getByLabel('Social, emotional and mental health').check();
    await others.getByLabel('Speech, language and communication needs').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check your correction' }).waitFor();
    await page.getByRole('button', { name: 'Record the correction' }).click();
    await page
      .locator('.govuk-error-summary')
      .getByText(/cannot also be one of the other needs/)
      .waitFor();
    expect(await t.axe()).toEqual([]);

    // back to the answers through the Change link: the primary need taken out again
    await page
      .locator('.govuk-summary-list')
      .getByRole('link', { name: /Change\s+Other needs/ })
      .click();
    await others.getByLabel('Speech, language and communication needs').uncheck();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check your correction' }).waitFor();
    const answers = await page.locator('.govuk-summary-list').innerText();
    expect(answers).toContain('Moderate learning difficulty, Social, emotional and mental health');
    expect(answers).toContain('Was: Social, emotional and mental health, Moderate learning difficulty');
    expect(await t.axe()).toEqual([]);
    await page.getByRole('button', { name: 'Record the correction' }).click();
    await page.getByRole('heading', { name: 'Correction recorded' }).waitFor();

    // the corrected entry through the api: the new ranking, the primary need untouched, the original kept
    const timeline = await apiGet<
      { eventId: string; correctionStatus?: string | null; current?: Record<string, unknown>; data: unknown }[]
    >(page, `/api/cases/${id}/events`);
    const fixed = timeline.find((e) => e.eventId === eventId)!;
    expect(fixed.correctionStatus).toBe('corrected');
    expect(fixed.current).toMatchObject({ primaryNeed: 'SLCN', otherNeeds: ['MLD', 'SEMH'] });
    expect(fixed.data).toMatchObject({ primaryNeed: 'SLCN', otherNeeds: ['SEMH', 'MLD'] });
    await page.getByRole('link', { name: 'Go back to the case' }).click();
    await page.getByTestId('sen-needs').getByText('Moderate learning difficulty').waitFor();
    expect(await page.getByTestId('sen-needs').locator('li').allInnerTexts()).toEqual([
      'Speech, language and communication needs (primary need)',
      'Moderate learning difficulty',
      'Social, emotional and mental health',
    ]);
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
