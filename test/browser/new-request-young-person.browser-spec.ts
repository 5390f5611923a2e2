import type { Page } from 'playwright-core';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { fillDate as fillDateOn } from './support/case-journey.js';

/**
 * Who may ask for an EHC needs assessment (s36(1), s83(2), regs 63-64), through the real new-request form: a parent
 * asking for a young person (past compulsory school age) is asked how they act for them, and the case opens with the
 * answer; a request for someone aged 25 or over is refused on the field to change. axe (WCAG 2.2 AA) at every step.
 */
let t: BrowserApp;
let page: Page;

beforeAll(async () => {
  t = await startBrowserApp('newyp');
  page = t.page;
  await t.signIn('cw-north-1');
});
afterAll(async () => {
  await t?.close();
});

/** This spec's page (support/case-journey.ts fillDate). */
const fillDate = (prefix: string, iso: string) => fillDateOn(page, prefix, iso);

async function fillRequest(givenName: string, dateOfBirth: string): Promise<void> {
  await t.open('/cases/new');
  await page.getByRole('heading', { name: 'Log a request for an EHC needs assessment' }).waitFor();
  await page.getByLabel('First name').fill(givenName);
  await page.getByLabel('Last name').fill('Okafor');
  await fillDate('dateOfBirth', dateOfBirth);
  await page.getByLabel('Parent').first().check();
  await fillDate('receivedOn', '2026-03-02');
  await page.getByLabel('Team').selectOption('north');
}

/** After "Log the request": the case page opens; its recorded events as the api returns them. */
async function eventsOfTheCaseOpened(): Promise<string> {
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  return page.evaluate(
    async (caseId) => (await fetch(`/api/cases/${caseId}/events`, { credentials: 'include' })).text(),
    id,
  );
}

const question = () => page.getByRole('group', { name: 'How is the parent acting for the young person?' });

describe('a parent asking for a young person (web)', () => {
  it('asks a parent logging a request for a 17-year-old how they act for them, and opens the case with the answer', async () => {
    // Born 1 October 2008: compulsory school age ended on 27 June 2025, so on 2 March 2026 a young person.
    await fillRequest('Ada', '2008-10-01');
    await question().waitFor();
    expect(await t.axe()).toEqual([]);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page
      .locator('.govuk-error-summary')
      .getByText('Select how the parent is acting for the young person')
      .waitFor();
    expect(await page.locator('#parentActsAs-error').innerText()).toContain(
      'Select how the parent is acting for the young person',
    );
    expect(await t.axe()).toEqual([]);

    await page.getByLabel('As the young person’s agent').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check the request before you log it' }).waitFor();
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('As the young person’s agent');
    expect(await t.axe()).toEqual([]);
    await page.getByRole('button', { name: 'Log the request' }).click();
    // The recorded request carries the answer (RequestReceived.parentActsAs).
    expect(await eventsOfTheCaseOpened()).toContain('"parentActsAs":"agent"');
  });

  it('does not ask for a child still of compulsory school age', async () => {
    await fillRequest('Ben', '2014-05-04');
    await page.getByRole('heading', { name: 'The request' }).waitFor();
    expect(await question().count()).toBe(0);
  });

  it('refuses a request for someone aged 25 or over on the date of the request, on the field to change', async () => {
    await fillRequest('Cal', '2000-01-15');
    expect(await question().count()).toBe(0);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check the request before you log it' }).waitFor();
    await page.getByRole('button', { name: 'Log the request' }).click();
    await page.getByRole('heading', { name: 'Log a request for an EHC needs assessment' }).waitFor();
    const message = 'The young person was 25 or older on the date the request was received';
    await page.locator('.govuk-error-summary').getByText(message).waitFor();
    expect(await page.locator('#source-error').innerText()).toContain(message);
    expect(await page.locator('.govuk-error-summary a').getAttribute('href')).toBe('#source');
    expect(page.url()).toMatch(/\/cases\/new$/);
    expect(await t.axe()).toEqual([]);
  });
});

describe("a child brought to the council's attention (s24(1), web)", () => {
  const byWhom = () => page.getByRole('group', { name: 'Who brought the child to the council’s attention?' });

  it('asks who brought the child, refuses Continue without an answer, and opens the case with it', async () => {
    await t.open('/cases/new');
    await page.getByRole('heading', { name: 'Log a request for an EHC needs assessment' }).waitFor();
    await page.getByLabel('First name').fill('Dee');
    await page.getByLabel('Last name').fill('Okafor');
    await fillDate('dateOfBirth', '2022-06-01');
    expect(await byWhom().count()).toBe(0);
    await page.getByLabel('Brought to the council’s attention', { exact: true }).check();
    await byWhom().waitFor();
    await fillDate('receivedOn', '2026-03-02');
    await page.getByLabel('Team').selectOption('north');
    expect(await t.axe()).toEqual([]);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page
      .locator('.govuk-error-summary')
      .getByText('Select who brought the child to the council’s attention')
      .waitFor();
    expect(await page.locator('#broughtBy-error').innerText()).toContain('Select who brought the child');
    expect(await t.axe()).toEqual([]);

    await page.getByLabel('A health professional').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check the request before you log it' }).waitFor();
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('A health professional');
    await page.getByRole('button', { name: 'Log the request' }).click();
    expect(await eventsOfTheCaseOpened()).toContain('"broughtBy":"health"');
  });

  it('does not ask for a request a parent made', async () => {
    await fillRequest('Eve', '2014-05-04');
    await page.getByRole('heading', { name: 'The request' }).waitFor();
    expect(await byWhom().count()).toBe(0);
  });
});
