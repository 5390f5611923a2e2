import { Readable } from 'node:stream';
import type { Page } from 'playwright-core';
import { importCases } from '@ehc/persistence';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { fillDate as fillDateOn } from './support/case-journey.js';

// The plan's special educational needs through the real form (docs/plan-life.md#sen-needs, reg 12(1)(a)): a case
// imported with the needs its final plan's section B stated shows them, primary first; after a review the caseworker
// records the changed list (the primary need from a select, the others ticked in order of importance), a primary need
// ticked again among the others is refused on the form, and the case page shows the new ranking.
let t: BrowserApp;
let page: Page;

const LINE = {
  reference: 'NORTH-PLAN-NEEDS',
  team: 'north',
  child: { givenName: 'Sasha', familyName: 'Needs', dateOfBirth: '2016-02-02' },
  events: [
    { type: 'RequestReceived', date: '2024-11-04', source: 'parent' },
    { type: 'CaseworkerAssigned', date: '2024-11-04', caseworker: 'cw-north-1' },
    { type: 'DecidedToAssess', date: '2024-12-09' },
    ...['parent', 'education', 'health', 'psychology', 'social-care'].map((provider) => ({
      type: 'AdviceRequested',
      date: '2024-12-10',
      adviceId: `a-${provider}`,
      provider,
    })),
    { type: 'DecidedToIssue', date: '2025-02-24' },
    { type: 'DraftPlanIssued', date: '2025-03-03' },
    { type: 'FinalPlanIssued', date: '2025-03-24', placement: 'mainstream' },
    { type: 'SenNeedsRecorded', date: '2025-03-24', primaryNeed: 'SLCN' },
  ],
};

beforeAll(async () => {
  t = await startBrowserApp('needs');
  page = t.page;
  const s = await importCases(t.db.dataSource, Readable.from([JSON.stringify(LINE)]), {
    actor: 'import',
    today: t.today(),
    finalPlanDays: t.config.finalPlanDays,
    defaultTeam: 'north',
  });
  expect(s.rejected).toEqual([]);
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
    await page.locator('.govuk-error-summary').getByText(/cannot also be one of the other needs/).waitFor();
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
