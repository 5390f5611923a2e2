import { Readable } from 'node:stream';
import type { Page } from 'playwright-core';
import type { CaseDetail, CaseListItem, Page as ListPage } from '@ehc/contracts';
import { importCases } from '@ehc/persistence';
import { addDays } from '@ehc/workflow';
import { apiGet, startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { dayMonthYear, fillDate, timelineTitles } from './support/case-journey.js';

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

// reg 45(1): the LA can leave an appeal unopposed only before it submits its response. Once the response is recorded
// through the form, the case page no longer offers "will not be opposed": a concession now is a consent order.
describe('an appeal answered by the LA can no longer be left unopposed (reg 45(1))', () => {
  it('records the appeal and the response through the form; "not opposed" is no longer offered, the consent order is; axe finds nothing', async () => {
    const today = t.today();
    const line = JSON.stringify({
      reference: 'NORTH-REG45-1',
      team: 'north',
      child: { givenName: 'Reg', familyName: 'Fortyfive', dateOfBirth: '2016-05-01' },
      events: [
        { type: 'RequestReceived', date: addDays(today, -90), source: 'parent' },
        { type: 'CaseworkerAssigned', date: addDays(today, -89), caseworker: 'cw-north-1' },
        { type: 'DecidedNotToAssess', date: addDays(today, -50), reasons: 'Needs can be met at SEN support' },
      ],
    });
    expect(
      await importCases(t.db.dataSource, Readable.from([line]), { actor: 'import', today, defaultTeam: 'north' }),
    ).toMatchObject({ accepted: 1, rejected: [] });
    const [{ id }] = await t.db.dataSource.query(`SELECT id FROM ehc_case WHERE reference = 'NORTH-REG45-1'`);
    await t.open(`/cases/${id}`);

    const record = async (type: string, button: string, date: string, against: string) => {
      const details = page.locator(`#do-${type}`);
      await details.locator('summary').click();
      await fillDate(page, `${type}-date`, date);
      await details.getByLabel(against, { exact: true }).check();
      await details.getByRole('button', { name: button }).click();
    };
    await record('TribunalAppealRegistered', 'Record a tribunal appeal', addDays(today, -20), 'Refusal to assess');
    await page
      .locator('.govuk-notification-banner--success')
      .getByText('Recorded: Tribunal appeal registered')
      .waitFor();
    // before the response, the concession is offered (reg 45(1))
    await page.locator('#do-AppealNotOpposed').waitFor();
    await record(
      'TribunalResponseSubmitted',
      'Record the LA’s response to the appeal',
      addDays(today, -2),
      'Refusal to assess',
    );
    await page
      .locator('.govuk-notification-banner--success')
      .getByText('Recorded: LA submitted its response to the appeal')
      .waitFor();
    expect((await timelineTitles(page))[0]).toBe('LA submitted its response to the appeal');
    expect(await page.locator('#do-AppealNotOpposed').count()).toBe(0);
    expect(await page.locator('#do-TribunalOrderMade').count()).toBe(1);
    expect(await t.axe()).toEqual([]);
  });
});
