import { Readable } from 'node:stream';
import type { Page } from 'playwright-core';
import { importCases } from '@ehc/persistence';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { dayMonthYear, fillDate as fillDateOn } from './support/case-journey.js';

// From the caseworker's form to the board's figure (docs/corrections.md), through the real web forms only: an
// exception recorded on a late plan's case moves the "excluding exceptions" figure, and a final plan's date corrected
// through the timeline's Change link moves the "including exceptions" figure, and the board's "as at" comparison
// names that correction (who, when, why). The starting cases come in through the importer; everything after that
// is done by people through the pages, and axe stays at zero on each page visited.
let t: BrowserApp;
let page: Page;

const child = { givenName: 'Bo', familyName: 'Board', dateOfBirth: '2015-06-06' };
const ADVISERS = ['parent', 'education', 'health', 'psychology', 'social-care'];
const start = (requested: string) => [
  { type: 'RequestReceived', date: requested, source: 'parent' },
  { type: 'CaseworkerAssigned', date: requested, caseworker: 'cw-north-1' },
  { type: 'DecidedToAssess', date: '2025-10-06' },
  // reg 6(1): advice sought from each adviser before the decision to issue
  ...ADVISERS.flatMap((provider) => [
    { type: 'AdviceRequested', date: '2025-10-07', adviceId: provider, provider },
    { type: 'AdviceReceived', date: '2025-11-14', adviceId: provider },
  ]),
  { type: 'DecidedToIssue', date: '2025-12-01' },
  { type: 'DraftPlanIssued', date: '2025-12-08' },
];
/** Request 1 September 2025: the 20-week limit (140 days) ends on 19 January 2026. */
const LATE = 'NORTH-LATE-EXCEPTED';
const ON_TIME = 'NORTH-ON-TIME-CORRECTED';
const LINES = [
  // issued on 2 February 2026, 14 days late: the family's circumstances covered the lateness, but nobody recorded it yet
  {
    reference: LATE,
    team: 'north',
    child,
    events: [...start('2025-09-01'), { type: 'FinalPlanIssued', date: '2026-02-02', placement: 'mainstream' }],
  },
  // entered as issued on 12 January 2026 (day 133, on time); it really went out on 2 February (day 154, late)
  {
    reference: ON_TIME,
    team: 'north',
    child,
    events: [...start('2025-09-01'), { type: 'FinalPlanIssued', date: '2026-01-12', placement: 'mainstream' }],
  },
];

beforeAll(async () => {
  t = await startBrowserApp('r2b');
  page = t.page;
  const s = await importCases(t.db.dataSource, Readable.from(LINES.map((l) => JSON.stringify(l))), {
    actor: 'import',
    today: t.today(),
    finalPlanDays: t.config.finalPlanDays,
    defaultTeam: 'north',
  });
  expect(s.rejected).toEqual([]);
});
afterAll(async () => {
  await t?.close();
});

const caseId = async (reference: string) =>
  (await t.db.dataSource.query(`SELECT id FROM ehc_case WHERE reference = $1`, [reference]))[0].id as string;
/** This spec's page (support/case-journey.ts fillDate). */
const fillDate = (prefix: string, iso: string) => fillDateOn(page, prefix, iso);

/** "N of M plans" under a headline figure on the board page (default period: the 12 months to today). */
async function figure(which: 'including' | 'excluding'): Promise<{ within: number; issued: number }> {
  await page.locator(`[data-figure="${which}"]`).waitFor();
  const text = await page.locator(`[data-figure="${which}"]`).locator('xpath=..').innerText();
  const m = /(\d+) of (\d+) plans?/.exec(text);
  if (!m) throw new Error(`no "N of M plans" under the ${which} figure: ${text}`);
  return { within: Number(m[1]), issued: Number(m[2]) };
}

async function boardFigures(): Promise<{
  including: { within: number; issued: number };
  excluding: { within: number; issued: number };
}> {
  await t.signIn('board');
  await t.open('/board');
  const including = await figure('including');
  const excluding = await figure('excluding');
  expect(await t.axe()).toEqual([]);
  await t.signOut();
  return { including, excluding };
}

describe('from the caseworker’s form to the board’s figure', () => {
  it('an exception recorded through the case page’s form on a late plan takes it out of the excluding-exceptions figure', async () => {
    const before = await boardFigures();

    await t.signIn('cw-north-1');
    await t.open(`/cases/${await caseId(LATE)}`);
    const details = page.locator('#do-ExceptionRecorded');
    await details.locator('summary').click();
    await details.getByLabel('Exceptional personal circumstances').check();
    await fillDate('ExceptionRecorded-date', t.today());
    await fillDate('ExceptionRecorded-from', '2025-12-10');
    await fillDate('ExceptionRecorded-to', '2026-01-30');
    await details.getByLabel('Final plan', { exact: false }).first().check();
    await details
      .locator('#ExceptionRecorded-evidence')
      .fill('Parent in hospital over Christmas; the family asked us to wait before the final plan');
    expect(await t.axe()).toEqual([]);
    await details.getByRole('button', { name: 'Record an exception to a time limit' }).click();
    await page.locator('.govuk-notification-banner--success').waitFor();
    const exceptions = page.locator('table', { has: page.locator('th', { hasText: 'Evidence' }) });
    await exceptions.getByText('Exceptional personal circumstances').waitFor();
    expect(await t.axe()).toEqual([]);
    await t.signOut();

    const after = await boardFigures();
    // reg 13(3): a plan late because of an exception leaves the "excluding exceptions" count; nothing else moves
    expect(after.excluding).toEqual({ within: before.excluding.within, issued: before.excluding.issued - 1 });
    expect(after.including).toEqual(before.including);
  });

  it('a final plan’s date corrected through the Change link moves the including figure, and "as at" names the correction', async () => {
    await t.signIn('board');
    await t.open('/board');
    const before = await figure('including');
    await t.signOut();

    // the caseworker finds the plan went out three weeks later than entered
    await t.signIn('cw-north-1');
    await t.open(`/cases/${await caseId(ON_TIME)}`);
    const plan = page.locator('.moj-timeline__item', {
      has: page.locator('.moj-timeline__title', { hasText: 'Final plan issued' }),
    });
    await plan.getByRole('link', { name: /^Change/ }).click();
    await page.waitForURL(/\/history\/[0-9a-f-]{36}\/change$/);
    await page.getByLabel('Some of the details are wrong').check();
    await fillDate('fix-date', '2026-02-02');
    await page
      .getByLabel('Why are you making this correction?')
      .fill('The plan was sent on 2 February; 12 January was the draft’s date');
    expect(await t.axe()).toEqual([]);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check your correction' }).waitFor();
    const answers = await page.locator('.govuk-summary-list').innerText();
    expect(answers).toContain('2 February 2026');
    expect(answers).toContain('Was: 12 January 2026');
    expect(await t.axe()).toEqual([]);
    await page.getByRole('button', { name: 'Record the correction' }).click();
    await page.getByRole('heading', { name: 'Correction recorded' }).waitFor();
    expect(await t.axe()).toEqual([]);
    await t.signOut();

    await t.signIn('board');
    await t.open('/board');
    expect(await figure('including')).toEqual({ within: before.within - 1, issued: before.issued });

    // The figure as the board was given it on an earlier day, through the board's date form. "As at" counts what had
    // been recorded by the end of that day, and an entry's recorded time is the database's real clock ("when we were
    // told"), not the app's fixed legal "today": so the earlier day is the real day before this run, when nothing in
    // this test's database had been recorded yet, and the comparison lists the case with the correction that placed it.
    const [{ yesterday }] = await t.db.dataSource.query(
      `SELECT ((now() AT TIME ZONE 'Europe/London')::date - 1)::text AS yesterday`,
    );
    const d = dayMonthYear(yesterday as string);
    await page.locator('#asAt-day').fill(d.day);
    await page.locator('#asAt-month').fill(d.month);
    await page.locator('#asAt-year').fill(d.year);
    await page.getByRole('button', { name: 'Show figures' }).click();
    const comparison = page.locator('[data-section="as-at"]');
    await comparison.waitFor();
    const longDate = (iso: string) =>
      new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'Europe/London',
      });
    expect(await comparison.locator('caption').innerText()).toBe(`As reported on ${longDate(yesterday)}, and now`);
    expect(await page.locator('[data-figure="now-including"]').innerText()).toContain(
      `(${before.within - 1} of ${before.issued})`,
    );
    const row = page.locator(`[data-section="as-at-changes"] tr[data-reference="${ON_TIME}"]`);
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Not in the period');
    expect(text).toContain('Over 20 weeks, final plan 2 February 2026');
    expect(text).toContain('Final plan issued of 12 January 2026: date corrected to 2 February 2026');
    const [{ name, recorded }] = await t.db.dataSource.query(
      `SELECT u.display_name AS name,
        to_char(e.recorded_at AT TIME ZONE 'Europe/London', 'FMDD FMMonth YYYY') AS recorded
      FROM case_event e JOIN app_user u ON u.id::text = e.actor
      WHERE e.case_id = $1 AND e.type = 'EventCorrected'`,
      [await caseId(ON_TIME)],
    );
    expect(text).toMatch(
      new RegExp(
        `By ${name}, ${recorded} at \\d{1,2}:\\d{2}(am|pm)\\. Reason: The plan was sent on 2 February; 12 January was the draft’s date`,
      ),
    );
    expect(await t.axe()).toEqual([]);
  });
});
