import type { Page } from 'playwright-core';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { fillDate as fillDateOn } from './support/case-journey.js';

// A plan transferred in from another council through the real form (reg 15; docs/plan-life.md#a-plan-transferred-in):
// the caseworker records the child and the plan as it came, checks the answers, and lands on a case whose plan is
// maintained from the transfer — not a request, not a new plan — with reg 15's clocks; then records the reg 15(4)
// notice, which meets its deadline.
let t: BrowserApp;
let page: Page;

beforeAll(async () => {
  t = await startBrowserApp('xfer');
  page = t.page;
  await t.signIn('cw-north-1');
});
afterAll(async () => {
  await t?.close();
});

const fillDate = (prefix: string, iso: string) => fillDateOn(page, prefix, iso);

describe('recording a plan transferred in', () => {
  it('from the caseload, through the form and check-your-answers, to the case with reg 15’s deadlines', async () => {
    await t.open('/caseload');
    await page.getByRole('link', { name: 'Record a plan transferred in' }).click();
    await page.getByRole('heading', { name: 'Record a plan transferred in from another council' }).waitFor();
    expect(await t.axe()).toEqual([]);

    // Continue with nothing filled: the errors are listed and linked to their fields.
    await page.getByRole('button', { name: 'Continue' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.getByText('Enter the council the plan came from').waitFor();
    await summary.getByText('Enter the date the plan transferred').waitFor();
    await summary.getByText('Enter the date the plan was first made').waitFor();
    expect(await t.axe()).toEqual([]);

    await page.locator('#givenName').fill('Tess');
    await page.locator('#familyName').fill('Transfer');
    await fillDate('dateOfBirth', '2014-05-06');
    await page.locator('#fromLa').fill('926');
    // 2 February 2026, four and a half weeks before today (4 March 2026)
    await fillDate('transferredOn', '2026-02-02');
    // a plan first made after its transfer is refused on the form
    await fillDate('firstMadeOn', '2026-02-10');
    await page.getByRole('button', { name: 'Continue' }).click();
    await summary.getByText('The date the plan was first made must be on or before the date it transferred').waitFor();
    await fillDate('firstMadeOn', '2024-03-01');
    await fillDate('lastReviewedOn', '2025-03-10');
    await page.locator('#settingType').selectOption('special-state');
    await page.locator('#inArea').check();
    await page.locator('#setting').fill('Oak Special School 123456');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'Check the plan transferred in before you record it' }).waitFor();
    const answers = page.locator('.govuk-summary-list');
    expect(await answers.innerText()).toMatch(/Council it came from\s+926/);
    expect(await answers.innerText()).toMatch(/Date first made\s+1 March 2024/);
    expect(await answers.innerText()).toMatch(/Last review decision\s+10 March 2025/);
    expect(await t.axe()).toEqual([]);
    // Change goes back to the field
    await page.getByRole('link', { name: /Change\s+council it came from/ }).click();
    await page.locator('#fromLa').fill('926');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Record the plan transferred in' }).click();

    await page.getByRole('heading', { level: 1, name: /Plan transferred in from another council/ }).waitFor();
    expect(page.url()).toMatch(/\/cases\/[0-9a-f-]{36}$/);
    const transferred = page.getByTestId('transferred-in');
    expect(await transferred.innerText()).toContain('From 926 on 2 February 2026');
    expect(await transferred.innerText()).toContain('First made by that council on 1 March 2024');
    // reg 15(5): the later of 12 months from the last review (9 March 2026) and 3 months from the transfer (1 May 2026)
    expect(await page.getByTestId('next-review-due').innerText()).toBe('1 May 2026');
    // no assessment steps: there was no request here
    expect(await page.getByRole('heading', { name: 'Progress' }).count()).toBe(0);
    const deadlines = await page
      .locator('table', { has: page.locator('caption', { hasText: 'Statutory deadlines' }) })
      .innerText();
    expect(deadlines).toMatch(/16 March 2026/); // reg 15(4): the family told within 6 weeks of the transfer
    expect(await t.axe()).toEqual([]);

    // reg 15(4): the notice of the transfer, recorded today
    const notice = page.locator('#do-NoticeSent');
    await notice.locator('summary').click();
    await fillDate('NoticeSent-date', t.today());
    await notice.getByLabel('Plan transferred in (reg 15(4): assessment and review)').check();
    await notice.getByLabel('Parent').check();
    await notice.getByRole('button', { name: 'Record a notice sent' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('Recorded: Notice sent').waitFor();
    const [{ status }] = await t.db.dataSource.query(
      `SELECT d.status FROM case_deadline d JOIN ehc_case c ON c.id = d.case_id
        WHERE c.child->>'familyName' = 'Transfer' AND d.deadline_id = 'transfer-in-notice'`,
    );
    expect(status).toBe('met');
    const [{ received_on }] = await t.db.dataSource.query(
      `SELECT s.received_on FROM case_summary s JOIN ehc_case c ON c.id = s.case_id WHERE c.child->>'familyName' = 'Transfer'`,
    );
    expect(received_on).toBeNull();
    // the child's record lists it among their requests and plans, with no request date
    await page.getByRole('link', { name: /View Tess’s record/ }).click();
    await page.getByRole('heading', { name: /Tess Transfer/ }).waitFor();
    expect(await page.getByRole('table', { name: 'Requests and plans' }).innerText()).toContain(
      'No request: plan transferred in',
    );
    expect(await t.axe()).toEqual([]);
  });

  it('records the child’s sex and ethnicity on their record (SEN2 module 1), and corrects them with a reason', async () => {
    await t.open('/persons/new');
    await page.getByRole('heading', { name: 'Create a child’s record' }).waitFor();
    await page.getByLabel('First name').fill('Remy');
    await page.getByLabel('Last name').fill('Census');
    await fillDate('dateOfBirth', '2015-01-20');
    await page.getByLabel('Sex (optional)').selectOption('F');
    await page.getByLabel('Ethnicity (optional)').selectOption('WIRT');
    expect(await t.axe()).toEqual([]);
    await page.getByRole('button', { name: 'Create record' }).click();
    await page.waitForURL(/\/persons\/[0-9a-f-]{36}$/);
    const personId = page.url().split('/').pop()!;
    await page.getByRole('heading', { name: /Remy Census/ }).waitFor();
    const details = await page.locator('.govuk-summary-list').first().innerText();
    expect(details).toMatch(/Sex\s+Female/);
    expect(details).toMatch(/Ethnicity\s+White – Traveller of Irish heritage/);

    await page.getByRole('link', { name: 'Correct the child’s details' }).click();
    await page.getByRole('heading', { name: 'Correct the child’s details' }).waitFor();
    for (let i = 0; i < 50 && (await page.locator('#givenName').inputValue()) !== 'Remy'; i++)
      await page.waitForTimeout(100);
    expect(await page.locator('#ethnicity').inputValue()).toBe('WIRT');
    await page.getByLabel('Ethnicity (optional)').selectOption('NOBT');
    await page.getByLabel('Why are you correcting these details?').fill('The family have not told us yet');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check the corrected details' }).waitFor();
    const answers = await page.locator('.govuk-summary-list').innerText();
    expect(answers).toMatch(/Ethnicity\s+Information not yet obtained\s+Was: White – Traveller of Irish heritage/);
    expect(answers).not.toContain('Sex');
    expect(await t.axe()).toEqual([]);
    await page.getByRole('button', { name: 'Save the corrected details' }).click();
    await page.getByRole('heading', { name: 'Details corrected' }).waitFor();
    const [row] = await t.db.dataSource.query(`SELECT sex, ethnicity FROM person WHERE id = $1`, [personId]);
    expect(row).toEqual({ sex: 'F', ethnicity: 'NOBT' });
  });
});
