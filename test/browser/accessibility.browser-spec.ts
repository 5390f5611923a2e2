import type { Page } from 'playwright-core';
import type { CaseListItem, Page as ListPage, UserView } from '@ehc/contracts';
import { apiGet, startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { dayMonthYear } from './support/case-journey.js';

// axe-core with the WCAG 2.0/2.1 A and AA and WCAG 2.2 AA rules on every page of the app, as each role sees it
// with demo data, and a screenshot of each (test-results/screenshots, 1280x900 viewport).
let t: BrowserApp;
let page: Page;

beforeAll(async () => {
  t = await startBrowserApp('axe');
  page = t.page;
});
afterAll(async () => {
  await t?.close();
});

async function checkPage(name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await t.screenshot(name);
  expect(await t.axe()).toEqual([]);
}

/** A wide table must fit its column at 1280px, not hide its last columns behind a scroll bar. */
async function expectTablesFit(): Promise<void> {
  const overflow = await page.$$eval('main table', (tables) =>
    tables
      .map((tb) => ({
        caption: tb.querySelector('caption')?.textContent?.trim() ?? '',
        table: tb.scrollWidth,
        box: tb.parentElement!.clientWidth,
      }))
      .filter((x) => x.table > x.box),
  );
  expect(overflow).toEqual([]);
}

describe('every page passes axe (WCAG 2.2 AA) with zero violations', () => {
  it('sign-in page, including its error summary', async () => {
    await t.open('/sign-in');
    await checkPage('sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await checkPage('sign-in-errors');
  });

  describe('caseworker', () => {
    beforeAll(async () => t.signIn('cw-north-1'));
    afterAll(async () => t.signOut());

    it('caseload (and its table fits beside the filter)', async () => {
      await t.open('/caseload');
      await page.locator('main table tbody tr').first().waitFor();
      await expectTablesFit();
      await checkPage('caseworker-caseload');
    });

    it('new request form, with and without errors, and its check-your-answers step', async () => {
      await t.open('/cases/new');
      await checkPage('new-request');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.locator('.govuk-error-summary').waitFor();
      await checkPage('new-request-errors');
      await page.getByLabel('First name').fill('Ada');
      await page.getByLabel('Last name').fill('Example');
      for (const [prefix, iso] of [
        ['dateOfBirth', '2016-02-01'],
        ['receivedOn', t.today()],
      ] as const) {
        const d = dayMonthYear(iso);
        await page.locator(`#${prefix}-day`).fill(d.day);
        await page.locator(`#${prefix}-month`).fill(d.month);
        await page.locator(`#${prefix}-year`).fill(d.year);
      }
      await page.getByLabel('School', { exact: true }).check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'Check the request before you log it' }).waitFor();
      await checkPage('check-answers');
    });

    it('case page (a case being assessed, with an event form open)', async () => {
      const list = await apiGet<ListPage<CaseListItem>>(page, '/api/cases?caseworker=me&limit=100&sort=next_due');
      const c = list.items.find((i) => i.stage === 'assessing') ?? list.items[0];
      await t.open(`/cases/${c.id}`);
      await page.locator('.moj-timeline__item').first().waitFor();
      await checkPage('case-page');
      await page.locator('#do-DecidedToIssue summary, details summary').first().click();
      expect(await t.axe()).toEqual([]);
    });

    it('alerts', async () => {
      await t.open('/alerts');
      await checkPage('alerts');
    });

    it('my work', async () => {
      await t.open('/my-work');
      await page.locator('[data-work-item]').first().waitFor();
      await checkPage('caseworker-my-work');
    });
  });

  describe('team manager', () => {
    beforeAll(async () => t.signIn('manager-north'));
    afterAll(async () => t.signOut());

    it('deadline queue (and its tables fit beside the filter)', async () => {
      await t.open('/queue');
      await page.locator('main table tbody tr').first().waitFor();
      await expectTablesFit();
      await checkPage('manager-queue');
    });

    it('team caseload', async () => {
      await t.open('/caseload');
      await page.locator('main table tbody tr').first().waitFor();
      await expectTablesFit();
      await checkPage('manager-caseload');
    });
  });

  it('board report', async () => {
    await t.signIn('board');
    await page.locator('[data-figure="including"]').waitFor();
    await checkPage('board');
    // The plain-English sentence, the trend chart and the figure by team, for README.
    await page.locator('[data-by-team] tbody tr').first().waitFor();
    await page.locator('[data-headline-sentence]').evaluate((el: any) => el.scrollIntoView());
    await t.screenshot('board-chart');
    await t.signOut();
  });

  it('admin', async () => {
    await t.signIn('admin');
    await page.locator('#users-table tbody tr').first().waitFor();
    await checkPage('admin');
    await page.locator('[data-audit-table] tbody tr').first().waitFor();
    await page.locator('#audit-heading').evaluate((el: any) => el.scrollIntoView());
    await t.screenshot('admin-audit');
    await t.signOut();
  });

  it('admin adds a user with an e-mail address: the form, its error summary, the banner and the user’s actions pass axe', async () => {
    await t.signIn('admin');
    await page.locator('#users-table tbody tr').first().waitFor();
    const addUser = page.getByRole('button', { name: 'Add user' });

    await addUser.click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.evaluate((el: any) => el === el.ownerDocument.activeElement)).toBe(true);
    await summary.getByRole('link', { name: 'Enter the person’s name' }).waitFor();
    await t.screenshot('admin-add-user-errors');
    expect(await t.axe()).toEqual([]);

    await page.locator('#new-displayName').fill('Sam Taylor');
    await page.locator('#new-username').fill('sam.taylor');
    await page.getByRole('radio', { name: 'Caseworker' }).check();
    await page.locator('#new-teamId').selectOption('north');
    await page.locator('#new-password').fill('a long enough passphrase');
    await page.locator('#new-email').fill('Sam.Taylor@council.gov.uk');
    await addUser.click();
    const banner = page.locator('.govuk-notification-banner--success');
    await banner.waitFor();
    expect(await banner.textContent()).toContain(
      'Sam Taylor can now sign in as sam.taylor; alerts go to sam.taylor@council.gov.uk',
    );
    const row = page.getByRole('row', { name: /Sam Taylor/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('sam.taylor@council.gov.uk');
    const users = await apiGet<UserView[]>(page, '/api/users');
    expect(users.find((u) => u.username === 'sam.taylor')).toMatchObject({
      displayName: 'Sam Taylor',
      role: 'caseworker',
      teamId: 'north',
      disabled: false,
      email: 'sam.taylor@council.gov.uk',
    });
    await checkPage('admin-user-added');

    // The user's own actions, with the "are you sure" step of disabling open.
    await row.getByRole('link', { name: 'Manage Sam Taylor' }).click();
    await page.getByRole('heading', { name: 'Manage Sam Taylor' }).waitFor();
    await page.getByRole('button', { name: 'Disable account' }).click();
    await page.getByRole('button', { name: 'Yes, disable the account' }).waitFor();
    await t.screenshot('admin-manage-user');
    expect(await t.axe()).toEqual([]);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await t.signOut();

    // The new account works: the caseworker signs in with the password the admin set.
    await t.signIn('sam.taylor', 'a long enough passphrase');
    expect(new URL(page.url()).pathname).toBe('/caseload');
    await t.signOut();
  });
});
