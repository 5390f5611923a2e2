import type { Page } from 'playwright-core';
import type { CaseDetail, CaseListItem, Page as ListPage } from '@ehc/contracts';
import { apiGet, startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { dayMonthYear, timelineTitles } from './support/case-journey.js';

// A rule added for the law, recorded through the real form: the notice of a decision (regs 5(1), 10(1), 13(2):
// a limit for a notice is met on the day it is sent), which appears among "What you can do now" because the
// case page's list of allowed events comes from the workflow's vocabulary.
let t: BrowserApp;
let page: Page;

beforeAll(async () => {
  t = await startBrowserApp('law');
  page = t.page;
  await t.signIn('cw-north-1');
});
afterAll(async () => {
  await t?.close();
});

describe('recording a notice sent (regs 5(1), 10(1), 13(2))', () => {
  it('a caseworker records that the notice of the decision to assess was sent, to whom, and sees it on the timeline; axe finds nothing', async () => {
    const list = await apiGet<ListPage<CaseListItem>>(page, '/api/cases?caseworker=me&limit=100&sort=next_due');
    const c = list.items.find((i) => i.stage === 'assessing');
    expect(c).toBeDefined();
    await t.open(`/cases/${c!.id}`);
    const details = page.locator('#do-NoticeSent');
    await details.locator('summary').click();
    const d = dayMonthYear(t.today());
    await page.locator('#NoticeSent-date-day').fill(d.day);
    await page.locator('#NoticeSent-date-month').fill(d.month);
    await page.locator('#NoticeSent-date-year').fill(d.year);
    await details.getByLabel('Decision to assess', { exact: true }).check();
    await details.getByLabel('Parent', { exact: true }).check();
    expect(await t.axe()).toEqual([]);
    await details.getByRole('button', { name: 'Record a notice sent' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('Recorded: Notice sent').waitFor();
    // the timeline reloads after the banner: wait for the new entry at its head before reading it
    await page.locator('.moj-timeline__title').first().filter({ hasText: 'Notice sent' }).waitFor();
    expect((await timelineTitles(page))[0]).toBe('Notice sent');
    const after = await apiGet<CaseDetail>(page, `/api/cases/${c!.id}`);
    expect(after.stage).toBe('assessing');
    expect(await t.axe()).toEqual([]);
  });
});
