import type { Page } from 'playwright-core';
import type { BrowserApp } from './support/browser-app.js';
import { fillDate as fillDateOn, HISTORY_TO_FINAL_PLAN_2025, startOnImportedCases } from './support/case-journey.js';

// A personal budget through the real forms (docs/plan-life.md#personal-budgets): on a case whose final plan was
// issued last spring, the caseworker records the parent's request for a personal budget (with direct payments) and
// the council's decision; a decision agreed without an amount is refused with the rule's message (s49), and the plan
// then shows the budget in place, its amount and how it is managed. While a plan is prepared (s49(1), PB reg 3): on a
// case whose draft was served on 3 March 2025 (the decision to issue was on 24 February), the request and the
// decision are recorded on the case page's forms, and the final plan carries the budget, in place on the plan.
let t: BrowserApp;
let page: Page;

const LINE = {
  reference: 'NORTH-PLAN-BUDGET',
  team: 'north',
  child: { givenName: 'Sam', familyName: 'Budget', dateOfBirth: '2016-02-02' },
  events: HISTORY_TO_FINAL_PLAN_2025,
};
const DRAFT_LINE = {
  reference: 'NORTH-DRAFT-BUDGET',
  team: 'north',
  child: { givenName: 'Noor', familyName: 'Drafting', dateOfBirth: '2016-03-03' },
  // to the draft plan: no final plan yet
  events: HISTORY_TO_FINAL_PLAN_2025.filter((e) => e.type !== 'FinalPlanIssued'),
};

beforeAll(async () => {
  t = await startOnImportedCases('pbudget', [LINE, DRAFT_LINE]);
  page = t.page;
});
afterAll(async () => {
  await t?.close();
});

const fillDate = (prefix: string, iso: string) => fillDateOn(page, prefix, iso);
const budgetNow = () => page.getByTestId('personal-budget-now').innerText();
const group = (form: ReturnType<Page['locator']>, name: string) => form.getByRole('group', { name, exact: true });
const recorded = (label: string) =>
  page.locator('.govuk-notification-banner--success').getByText(`Recorded: ${label}`).waitFor();

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

  it('records a request and the decision on the draft; the final plan shows the budget in place', async () => {
    const [{ id }] = await t.db.dataSource.query(`SELECT id FROM ehc_case WHERE reference = $1`, [
      DRAFT_LINE.reference,
    ]);
    await t.open(`/cases/${id}`);
    // no plan yet, and no decision to record before a request
    expect(await page.getByRole('heading', { name: 'Plan', exact: true }).count()).toBe(0);
    expect(await page.locator('#do-PersonalBudgetDecided').count()).toBe(0);

    // The request: the parent asks on 5 March 2025, while the draft is with the family, for special educational
    // provision, without direct payments.
    const request = page.locator('#do-PersonalBudgetRequested');
    await request.locator('summary').click();
    await fillDate('PersonalBudgetRequested-date', '2025-03-05');
    await group(request, 'Requested by').getByLabel('Parent').check();
    await group(request, 'Provision the budget is asked for')
      .getByLabel('Special educational provision (section F)')
      .check();
    await group(request, 'Were direct payments asked for?').getByLabel('No').check();
    expect(await t.axe()).toEqual([]);
    await request.getByRole('button', { name: 'Record a request for a personal budget' }).click();
    await recorded('Personal budget requested');

    // The decision, on 10 March 2025: agreed, £1800 a year, held by the school as an arrangement.
    const decision = page.locator('#do-PersonalBudgetDecided');
    await decision.locator('summary').click();
    await fillDate('PersonalBudgetDecided-date', '2025-03-10');
    await group(decision, 'The request decided').getByLabel('Personal budget requested 5 March 2025').check();
    await group(decision, 'Decision').getByLabel('Agreed').check();
    await decision.getByLabel('If agreed: amount a year in pounds (as set out in section J) (optional)').fill('1800');
    await group(decision, 'If agreed: an arrangement (the council, school or college holds the money)? (optional)')
      .getByLabel('Yes')
      .check();
    expect(await t.axe()).toEqual([]);
    await decision.getByRole('button', { name: 'Record the personal budget decision' }).click();
    await recorded('Personal budget decided');
    expect(await page.locator('#do-PersonalBudgetDecided').count()).toBe(0);

    // The final plan: the budget agreed on the draft is the plan's, in place.
    const final = page.locator('#do-FinalPlanIssued');
    await final.locator('summary').click();
    await fillDate('FinalPlanIssued-date', t.today());
    await final.getByLabel(/^Mainstream/).check();
    await final.locator('button[type=submit]').click();
    await recorded('Final plan issued');
    await page.getByRole('heading', { name: 'Plan', exact: true }).waitFor();
    expect(await page.getByTestId('personal-budget-now').innerText()).toMatch(
      /^£1800 a year: An arrangement \(held by the council, school or college\) \(agreed 10 March 2025/,
    );
    expect(await page.getByTestId('personal-budgets').innerText()).toMatch(/5 March 2025 by Parent/);
    expect(await t.axe()).toEqual([]);
  });
});
