import type { Page } from 'playwright-core';
import type { BrowserApp } from './support/browser-app.js';
import { fillDate as fillDateOn, HISTORY_TO_FINAL_PLAN_2025, startOnImportedCases } from './support/case-journey.js';

// A personal budget through the real forms (docs/plan-life.md#personal-budgets): on a case whose final plan was
// issued last spring, the caseworker records the parent's request for a personal budget (with direct payments) and
// the council's decision; a decision agreed without an amount is refused with the rule's message (s49), and the plan
// then shows the budget in place, its amount and how it is managed.
let t: BrowserApp;
let page: Page;

const LINE = {
  reference: 'NORTH-PLAN-BUDGET',
  team: 'north',
  child: { givenName: 'Sam', familyName: 'Budget', dateOfBirth: '2016-02-02' },
  events: HISTORY_TO_FINAL_PLAN_2025,
};

beforeAll(async () => {
  t = await startOnImportedCases('pbudget', [LINE]);
  page = t.page;
});
afterAll(async () => {
  await t?.close();
});

const fillDate = (prefix: string, iso: string) => fillDateOn(page, prefix, iso);
const budgetNow = () => page.getByTestId('personal-budget-now').innerText();
const group = (form: ReturnType<Page['locator']>, name: string) => form.getByRole('group', { name, exact: true });

describe('a personal budget through the web app', () => {
  it('records a request and the decision; the plan shows the budget in place', async () => {
    const [{ id }] = await t.db.dataSource.query(`SELECT id FROM ehc_case WHERE reference = $1`, [LINE.reference]);
    await t.open(`/cases/${id}`);
    await page.getByRole('heading', { name: 'Plan', exact: true }).waitFor();
    expect(await budgetNow()).toBe('None in place');
    const budgets = page.getByTestId('personal-budgets');
    expect(await budgets.innerText()).toContain('No personal budget requested.');
    // no decision to record before a request
    expect(await page.locator('#do-PersonalBudgetDecided').count()).toBe(0);

    // The request: the parent asks on 2 February 2026, for special educational and social care provision, with
    // direct payments.
    const request = page.locator('#do-PersonalBudgetRequested');
    await request.locator('summary').click();
    await fillDate('PersonalBudgetRequested-date', '2026-02-02');
    await group(request, 'Requested by').getByLabel('Parent').check();
    const parts = group(request, 'Provision the budget is asked for');
    await parts.getByLabel('Special educational provision (section F)').check();
    await parts.getByLabel('Social care provision (section H)').check();
    await group(request, 'Were direct payments asked for?').getByLabel('Yes').check();
    expect(await t.axe()).toEqual([]);
    await request.getByRole('button', { name: 'Record a request for a personal budget' }).click();
    await page
      .locator('.govuk-notification-banner--success')
      .getByText('Recorded: Personal budget requested')
      .waitFor();
    await budgets.getByText('Awaiting decision').waitFor();
    expect(await budgets.innerText()).toMatch(/2 February 2026 by Parent, with direct payments/);
    expect(await budgetNow()).toBe('None in place');

    // The decision, agreed today, paid as direct payments; first without the amount: the rule refuses it.
    const decision = page.locator('#do-PersonalBudgetDecided');
    await decision.locator('summary').click();
    await fillDate('PersonalBudgetDecided-date', t.today());
    await group(decision, 'The request decided').getByLabel('Personal budget requested 2 February 2026').check();
    await group(decision, 'Decision').getByLabel('Agreed').check();
    await group(decision, 'If agreed: paid as direct payments? (optional)').getByLabel('Yes').check();
    await decision.getByRole('button', { name: 'Record the personal budget decision' }).click();
    await page
      .locator('.govuk-error-summary')
      .getByText(/An agreed personal budget is an amount/)
      .waitFor();
    expect(await t.axe()).toEqual([]);
    await decision.getByLabel('If agreed: amount a year in pounds (as set out in section J) (optional)').fill('2400');
    await decision.getByRole('button', { name: 'Record the personal budget decision' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('Recorded: Personal budget decided').waitFor();
    expect(await budgetNow()).toMatch(/^£2400 a year: Direct payments \(agreed /);
    expect(await budgets.innerText()).toMatch(/Agreed \(.+\)\s+£2400\s+Direct payments\s+In place/);
    // one decision per request: the form is gone; the budget can now be ended
    expect(await page.locator('#do-PersonalBudgetDecided').count()).toBe(0);
    expect(await page.locator('#do-PersonalBudgetEnded').count()).toBe(1);
    expect(await t.axe()).toEqual([]);
  });
});
