import type { Page } from 'playwright-core';
import type { CaseDetail, TimelineEntry } from '@ehc/contracts';
import { apiGet, BASE_URL, startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { journeyDates, stageHeading, timelineTitles, fillDate as fillDateOn } from './support/case-journey.js';

let t: BrowserApp;
let page: Page;

beforeAll(async () => {
  t = await startBrowserApp('journey');
  page = t.page;
});
afterAll(async () => {
  await t?.close();
});

/** This spec's page (support/case-journey.ts fillDate). */
const fillDate = (prefix: string, iso: string) => fillDateOn(page, prefix, iso);

/** Opens "What you can do now" → the event's details, fills its date, runs `more`, records, and waits. */
async function record(type: string, iso: string, more: () => Promise<void> = async () => undefined): Promise<void> {
  const details = page.locator(`#do-${type}`);
  // Recording the same kind of event again (advice from several providers): its entry is still open.
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  await fillDate(`${type}-date`, iso);
  await more();
  await details.locator('button[type=submit]').click();
}

async function recorded(label: string): Promise<void> {
  await page.locator('.govuk-notification-banner--success').getByText(`Recorded: ${label}`).waitFor();
}

describe('caseworker journey (mouse): request to final plan through the web app', () => {
  it('logs a request through the form and its check-your-answers step, then records each step to the final plan', async () => {
    const dates = journeyDates(t.today());
    await t.signIn('cw-north-1');
    expect(page.url()).toBe(`${BASE_URL}/caseload`);

    await page.getByRole('link', { name: 'Log a new request' }).click();
    await page.getByRole('heading', { name: 'Log a request for an EHC needs assessment' }).waitFor();
    await page.getByLabel('First name').fill('Mira');
    await page.getByLabel('Last name').fill('Journey');
    await fillDate('dateOfBirth', '2017-06-09');
    await page.getByLabel('Parent').first().check();
    await fillDate('receivedOn', dates.received);
    await page.getByLabel('Team').selectOption('north');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'Check the request before you log it' }).waitFor();
    const answers = await page.locator('.govuk-summary-list').innerText();
    expect(answers).toContain('Mira');
    expect(answers).toContain('Journey');
    expect(answers).toContain('9 June 2017');
    await page.getByRole('button', { name: 'Log the request' }).click();

    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const caseId = page.url().split('/').pop()!;
    expect(await stageHeading(page)).toBe('Deciding whether to assess');

    await record('DecidedToAssess', dates.decidedToAssess);
    await recorded('Decided to assess');
    expect(await stageHeading(page)).toBe('Assessing (gathering advice)');

    // reg 6(1)(a)-(e): advice is sought from each of these before deciding to issue; one form asks them all.
    const ADVISERS = ['Parent or young person', 'Education', 'Health', 'Educational psychology', 'Social care'];
    await record('AdviceRequested', dates.adviceRequested, async () => {
      for (const name of ADVISERS) await page.locator('#do-AdviceRequested').getByLabel(name, { exact: true }).check();
    });
    await recorded('Advice requested');
    await page
      .getByRole('table')
      .filter({ hasText: 'Provider received request' })
      .getByText('Educational psychology')
      .waitFor();

    await record('AdviceReceived', dates.adviceReceived, async () => {
      await page
        .locator('#do-AdviceReceived')
        .getByLabel(/^Educational psychology, requested/)
        .check();
    });
    await recorded('Advice received');

    await record('DecidedToIssue', dates.decidedToIssue);
    await recorded('Decided to issue a plan');
    expect(await stageHeading(page)).toBe('Drafting the plan');

    await record('DraftPlanIssued', dates.draftIssued);
    await recorded('Draft plan issued');
    expect(await stageHeading(page)).toBe('Draft plan with family');

    // Too early: the family's 15 days on the draft (reg 13(1)) have not passed. The error summary says so.
    await record('FinalPlanIssued', dates.finalTooEarly, async () => {
      await page
        .locator('#do-FinalPlanIssued')
        .getByLabel(/^Mainstream/)
        .check();
    });
    const summary = page.locator('#do-FinalPlanIssued .govuk-error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toMatch(/There is a problem[\s\S]*must be on or after/);
    expect(await summary.evaluate((el: any) => el === el.ownerDocument.activeElement)).toBe(true);
    expect((await apiGet<CaseDetail>(page, `/api/cases/${caseId}`)).stage).toBe('draft-period');

    // 15 days later: the session has idled out on the server's clock, so sign in again.
    await t.advanceDays(15);
    await page.reload({ waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await t.signIn('cw-north-1');
    await t.open(`/cases/${caseId}`);
    await record('FinalPlanIssued', t.today(), async () => {
      await page
        .locator('#do-FinalPlanIssued')
        .getByLabel(/^Mainstream/)
        .check();
    });
    await recorded('Final plan issued');
    expect(await stageHeading(page)).toBe('Final plan issued');

    // The timeline shows every event, newest first, and names people by display name (never "Cw north 1").
    expect(await timelineTitles(page)).toEqual([
      'Final plan issued',
      'Draft plan issued',
      'Decided to issue a plan',
      'Advice received',
      ...ADVISERS.map(() => 'Advice requested'),
      'Decided to assess',
      'Caseworker assigned',
      'Request for assessment received',
    ]);
    const timeline = await page.locator('.moj-timeline').innerText();
    expect(timeline).toContain('Caseworker: North caseworker 1');
    expect(timeline).toContain('Provider: Educational psychology');
    expect(timeline).not.toMatch(/Cw north/i);
    expect(await page.locator('.moj-timeline__byline').first().innerText()).toBe('by North caseworker 1');
    const events = await apiGet<TimelineEntry[]>(page, `/api/cases/${caseId}/events`);
    expect(events.map((e) => e.type).reverse()).toEqual([
      'RequestReceived',
      'CaseworkerAssigned',
      'DecidedToAssess',
      ...ADVISERS.map(() => 'AdviceRequested'),
      'AdviceReceived',
      'DecidedToIssue',
      'DraftPlanIssued',
      'FinalPlanIssued',
    ]);
  });
});
