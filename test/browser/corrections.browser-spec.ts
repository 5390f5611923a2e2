import { Readable } from 'node:stream';
import type { Page } from 'playwright-core';
import { importCases } from '@ehc/persistence';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { fillDate as fillDateOn } from './support/case-journey.js';

// Keeping the record right through the real forms (docs/corrections.md): record an exception on a case, and correct a
// final plan's date through the timeline's Change link; the case's history and deadlines change; axe stays at zero.
let t: BrowserApp;
let page: Page;

const child = { givenName: 'Rowan', familyName: 'Record', dateOfBirth: '2016-02-02' };
const LINES = [
  {
    reference: 'NORTH-LATE-PLAN',
    team: 'north',
    child,
    events: [
      { type: 'RequestReceived', date: '2025-09-01', source: 'parent' },
      { type: 'CaseworkerAssigned', date: '2025-09-01', caseworker: 'cw-north-1' },
      { type: 'DecidedToAssess', date: '2025-10-06' },
      // the advice reg 6(1) requires before a decision whether to issue
      ...['parent', 'education', 'health', 'psychology', 'social-care'].map((provider) => ({
        type: 'AdviceRequested',
        date: '2025-10-07',
        adviceId: `r6-${provider}`,
        provider,
      })),
      { type: 'DecidedToIssue', date: '2025-12-01' },
      { type: 'DraftPlanIssued', date: '2025-12-08' },
      { type: 'FinalPlanIssued', date: '2026-02-02', placement: 'mainstream' },
    ],
  },
  {
    reference: 'NORTH-EXCEPTION',
    team: 'north',
    child,
    events: [
      { type: 'RequestReceived', date: '2026-01-05', source: 'parent' },
      { type: 'CaseworkerAssigned', date: '2026-01-05', caseworker: 'cw-north-1' },
      { type: 'DecidedToAssess', date: '2026-01-20' },
      { type: 'AdviceRequested', date: '2026-01-21', adviceId: 'ep', provider: 'psychology' },
    ],
  },
];

beforeAll(async () => {
  t = await startBrowserApp('fix');
  page = t.page;
  const s = await importCases(t.db.dataSource, Readable.from(LINES.map((l) => JSON.stringify(l))), {
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

const caseId = async (reference: string) =>
  (await t.db.dataSource.query(`SELECT id FROM ehc_case WHERE reference = $1`, [reference]))[0].id as string;
/** This spec's page (support/case-journey.ts fillDate). */
const fillDate = (prefix: string, iso: string) => fillDateOn(page, prefix, iso);
const deadlineRow = (label: RegExp) =>
  page.locator('table.govuk-table tr', { has: page.locator('th', { hasText: label }) }).first();

describe('keeping the record right through the web app', () => {
  it('records an exception through the real form: plain-English questions, the advice chosen only for a closure', async () => {
    await t.open(`/cases/${await caseId('NORTH-EXCEPTION')}`);
    const details = page.locator('#do-ExceptionRecorded');
    await details.locator('summary').click();
    // Nothing filled in: GOV.UK messages in plain English.
    await details.getByRole('button', { name: 'Record an exception to a time limit' }).click();
    await page.locator('.govuk-error-summary').getByText('Select why the time limit could not be met').waitFor();
    await details.getByLabel('School closure').check();
    await details.getByText('First day the school was closed').waitFor();
    expect(await details.locator('input[name="ExceptionRecorded-adviceId"]').count()).toBe(1);
    await details.getByLabel('Exceptional personal circumstances').check();
    // The question goes once the page has re-rendered for the new kind.
    await details.locator('input[name="ExceptionRecorded-adviceId"]').first().waitFor({ state: 'detached' });
    expect(await details.locator('input[name="ExceptionRecorded-adviceId"]').count()).toBe(0);
    await fillDate('ExceptionRecorded-date', t.today());
    await fillDate('ExceptionRecorded-from', '2026-01-26');
    await fillDate('ExceptionRecorded-to', '2026-02-20');
    await details.getByLabel('Final plan', { exact: false }).first().check();
    await details
      .locator('#ExceptionRecorded-evidence')
      .fill('Parent in hospital for four weeks; the family asked us to pause');
    await details.getByRole('button', { name: 'Record an exception to a time limit' }).click();
    await page.locator('.govuk-notification-banner--success').waitFor();
    const exceptions = page.locator('table', { has: page.locator('th', { hasText: 'Evidence' }) });
    await exceptions.getByText('Exceptional personal circumstances').waitFor();
    expect(await t.axe()).toEqual([]);
  });

  it('corrects a final plan’s date through its Change link: check your answers, confirmation, and the case follows', async () => {
    const id = await caseId('NORTH-LATE-PLAN');
    await t.open(`/cases/${id}`);
    expect(await deadlineRow(/Final plan/).innerText()).toMatch(/Done late by 14 days/);
    const plan = page.locator('.moj-timeline__item', {
      has: page.locator('.moj-timeline__title', { hasText: 'Final plan issued' }),
    });
    await plan.getByRole('link', { name: /^Change/ }).click();
    await page.waitForURL(/\/history\/[0-9a-f-]{36}\/change$/);
    expect(await t.axe()).toEqual([]);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('.govuk-error-summary').getByText('Select what is wrong with this entry').waitFor();
    await page.getByLabel('Some of the details are wrong').check();
    await fillDate('fix-date', '2026-01-12');
    await page
      .getByLabel('Why are you making this correction?')
      .fill('The plan was sent on 12 January; 2 February was the school’s copy');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check your correction' }).waitFor();
    const answers = await page.locator('.govuk-summary-list').innerText();
    expect(answers).toContain('12 January 2026');
    expect(answers).toContain('Was: 2 February 2026');
    expect(await t.axe()).toEqual([]);
    await page.getByRole('button', { name: 'Record the correction' }).click();
    await page.getByRole('heading', { name: 'Correction recorded' }).waitFor();
    expect(await t.axe()).toEqual([]);
    await page.getByRole('link', { name: 'Go back to the case' }).click();
    await page.waitForURL(new RegExp(`/cases/${id}$`));
    await page.locator('.moj-timeline__title', { hasText: 'Entry corrected' }).waitFor();
    expect(await deadlineRow(/Final plan/).innerText()).toMatch(/Met on 12 January 2026/);
    const corrected = await plan.innerText();
    expect(corrected).toMatch(/Corrected/);
    expect(corrected).toMatch(/Corrected on 4 March 2026 by .*: The plan was sent on 12 January/);
    expect(await t.axe()).toEqual([]);
  });

  it('corrects the child’s details with a reason: check your answers, confirmation; nothing personal in the URL', async () => {
    const id = await caseId('NORTH-EXCEPTION');
    await t.open(`/cases/${id}`);
    await page.getByRole('link', { name: 'Correct the child’s details' }).click();
    await page.getByRole('heading', { name: 'Correct the child’s details' }).waitFor();
    expect(await t.axe()).toEqual([]);
    await page.getByLabel('First name').fill('Rowen');
    await page.getByLabel('School or setting (optional)').fill('Castle Primary');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('.govuk-error-summary').getByText('Enter why you are correcting these details').waitFor();
    await page.getByLabel('Why are you correcting these details?').fill('Spelling from the birth certificate');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check the corrected details' }).waitFor();
    const answers = await page.locator('.govuk-summary-list').innerText();
    expect(answers).toContain('Rowen');
    expect(answers).toContain('Was: Rowan');
    expect(await t.axe()).toEqual([]);
    await page.getByRole('button', { name: 'Save the corrected details' }).click();
    await page.getByRole('heading', { name: 'Details corrected' }).waitFor();
    expect(page.url()).not.toMatch(/Rowen|Rowan|Castle/);
    await page.getByRole('link', { name: 'Go back to the case' }).click();
    await page.locator('.moj-identity-bar__title', { hasText: 'Rowen Record' }).waitFor();
    const [change] = await t.db.dataSource.query(`SELECT fields, reason FROM child_detail_change WHERE case_id = $1`, [
      id,
    ]);
    expect(change).toEqual({ fields: ['givenName', 'school'], reason: 'Spelling from the birth certificate' });
  });
});
