import type { Page } from 'playwright-core';
import { ACTION_LABELS, type CaseDetail } from '@ehc/contracts';
import { apiGet, BASE_URL, startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { dayMonthYear, journeyDates, stageHeading, timelineTitles } from './support/case-journey.js';
import { focused, settled, tabTo, typeInto } from './support/keyboard.js';

// The request-to-final-plan journey with the keyboard only: Tab, Shift+Tab, arrows within a radio group, Enter,
// Space and typing. No element is clicked or focused by script; only addresses are typed, as into the address bar.
let t: BrowserApp;
let page: Page;

beforeAll(async () => {
  t = await startBrowserApp('keyboard');
  page = t.page;
});
afterAll(async () => {
  await t?.close();
});

async function typeDate(prefix: string, iso: string): Promise<void> {
  const d = dayMonthYear(iso);
  await typeInto(page, `${prefix}-day`, d.day);
  await typeInto(page, `${prefix}-month`, d.month);
  await typeInto(page, `${prefix}-year`, d.year);
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const formatLong = (iso: string) =>
  `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

/** In a radio group (already focused), arrow keys move to and select the named option. */
async function arrowTo(name: string): Promise<void> {
  for (let i = 0; i < 10; i++) {
    if ((await focused(page)).name === name) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`radio ${name} not reached with the arrow keys`);
}

async function signInByKeyboard(username: string): Promise<void> {
  await page.goto(`${BASE_URL}/sign-in`, { waitUntil: 'networkidle' });
  await typeInto(page, 'username', username);
  await typeInto(page, 'password', 'demo-password-1');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${BASE_URL}/caseload`);
  await page.locator('main h1').waitFor();
  await page.waitForLoadState('networkidle');
}

/** Opens the "What you can do now" entry with Enter, fills it by keyboard, and presses its Record button. */
async function recordByKeyboard(
  type: string,
  label: string,
  iso: string,
  more: () => Promise<void> = async () => undefined,
) {
  // Each entry and its button are named as the action ("Record the decision to assess"); the banner says what was recorded.
  const action = ACTION_LABELS[type]!;
  await tabTo(page, { tag: 'summary', name: action });
  // Recording the same kind of event again (advice from several providers): its entry is still open.
  if ((await page.locator(`#do-${type}`).getAttribute('open')) === null) await page.keyboard.press('Enter');
  expect(await page.locator(`#do-${type}`).getAttribute('open')).not.toBeNull();
  await typeDate(`${type}-date`, iso);
  await more();
  await tabTo(page, { tag: 'button', name: action });
  await page.keyboard.press('Enter');
}

/** After a successful record the success banner has focus, so the user continues from there (WCAG 2.4.3). */
async function expectSuccessFocused(label: string): Promise<void> {
  await page.locator('.govuk-notification-banner--success').getByText(`Recorded: ${label}`).waitFor();
  const name = await settled(
    async () => (await focused(page)).name,
    (n) => n.includes(`Recorded: ${label}`),
  );
  expect(name).toContain(`Recorded: ${label}`);
}

describe('caseworker journey by keyboard only', () => {
  it('logs a request and takes it to the final plan using Tab, Shift+Tab, arrows, Enter, Space and typing', async () => {
    const dates = journeyDates(t.today());
    await signInByKeyboard('cw-north-1');

    await tabTo(page, { tag: 'a', name: 'Log a new request' });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Log a request for an EHC needs assessment' }).waitFor();
    // A new page starts keyboard users at its main content, not at a link of the page they left.
    expect(
      await settled(
        async () => (await focused(page)).id,
        (id) => id === 'main-content',
      ),
    ).toBe('main-content');

    await typeInto(page, 'givenName', 'Kiran');
    await typeInto(page, 'familyName', 'Keyboard');
    await typeDate('dateOfBirth', '2015-11-30');
    await tabTo(page, { id: 'source' }); // the first radio of "Who made the request?"
    await page.keyboard.press('Space');
    expect(await page.locator('#source').isChecked()).toBe(true);
    await typeDate('receivedOn', dates.received);
    // Shift+Tab back to the month to correct it, as a user fixing a typo would.
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).id).toBe('receivedOn-month');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(dayMonthYear(dates.received).month);
    await tabTo(page, { tag: 'button', name: 'Continue' });
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Check the request before you log it' }).waitFor();
    expect((await focused(page)).id).toBe('check-heading');
    const answers = await page.locator('.govuk-summary-list').innerText();
    expect(answers).toMatch(/Kiran[\s\S]*Keyboard[\s\S]*30 November 2015[\s\S]*North team/);
    await tabTo(page, { tag: 'button', name: 'Log the request' });
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const caseId = page.url().split('/').pop()!;
    await page.locator('main h1').waitFor();

    await recordByKeyboard('DecidedToAssess', 'Decided to assess', dates.decidedToAssess);
    await expectSuccessFocused('Decided to assess');

    await recordByKeyboard('AdviceRequested', 'Advice requested', dates.adviceRequested, async () => {
      // Advisers are checkboxes: reg 6(1)(a)-(e) asks for all five before deciding to issue, in one form.
      for (const [i, name] of [
        'Parent or young person',
        'Education',
        'Health',
        'Educational psychology',
        'Social care',
      ].entries()) {
        await tabTo(page, { id: i === 0 ? 'AdviceRequested-provider' : `AdviceRequested-provider-${i}` });
        expect((await focused(page)).name).toBe(name);
        await page.keyboard.press('Space');
      }
    });
    await expectSuccessFocused('Advice requested');

    await recordByKeyboard('AdviceReceived', 'Advice received', dates.adviceReceived, async () => {
      // The first of the five requests is focused; the arrow keys move to (and select) the psychologist's.
      await tabTo(page, { id: 'AdviceReceived-adviceId' });
      expect((await focused(page)).name).toMatch(/^Parent or young person, requested/);
      await arrowTo(`Educational psychology, requested ${formatLong(dates.adviceRequested)}`);
      expect(await page.locator('#do-AdviceReceived input[type=radio]:checked').count()).toBe(1);
    });
    await expectSuccessFocused('Advice received');

    await recordByKeyboard('DecidedToIssue', 'Decided to issue a plan', dates.decidedToIssue);
    await expectSuccessFocused('Decided to issue a plan');
    await recordByKeyboard('DraftPlanIssued', 'Draft plan issued', dates.draftIssued);
    await expectSuccessFocused('Draft plan issued');

    // Too early (reg 13(1)): the error summary takes focus, and its link takes the user to the date to fix.
    await recordByKeyboard('FinalPlanIssued', 'Final plan issued', dates.finalTooEarly, async () => {
      await tabTo(page, { id: 'FinalPlanIssued-placement' });
      await page.keyboard.press('Space');
    });
    expect(
      await settled(
        async () => (await focused(page)).name,
        (n) => /^There is a problem/.test(n),
      ),
    ).toMatch(/^There is a problem/);
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toMatch(/must be on or after/);
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('FinalPlanIssued-date-day');
    expect((await apiGet<CaseDetail>(page, `/api/cases/${caseId}`)).stage).toBe('draft-period');

    // Fifteen days on: the session has idled out, so sign in again and find the case from the caseload.
    await t.advanceDays(15);
    await signInByKeyboard('cw-north-1');
    const reference = (await apiGet<CaseDetail>(page, `/api/cases/${caseId}`)).reference;
    await tabTo(page, { tag: 'a', name: reference }, { max: 200 });
    await page.keyboard.press('Enter');
    await page.waitForURL(`${BASE_URL}/cases/${caseId}`);
    await page.locator('#do-FinalPlanIssued').waitFor();
    await recordByKeyboard('FinalPlanIssued', 'Final plan issued', t.today(), async () => {
      await tabTo(page, { id: 'FinalPlanIssued-placement' });
      await arrowTo('Resourced provision or SEN unit');
    });
    await expectSuccessFocused('Final plan issued');
    expect(await stageHeading(page)).toBe('Final plan issued');
    expect((await timelineTitles(page))[0]).toBe('Final plan issued');
  });
});
