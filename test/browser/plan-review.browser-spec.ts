import type { Page } from 'playwright-core';
import type { BrowserApp } from './support/browser-app.js';
import { fillDate as fillDateOn, HISTORY_TO_FINAL_PLAN_2025, startOnImportedCases } from './support/case-journey.js';

// The maintained plan through the real forms (docs/plan-life.md#one-log): on a case whose final plan was issued last
// spring, the caseworker records the annual review meeting and the decision to amend, then sees the next review date
// move to 12 months from the decision (s44(1)); the Plan section keeps the setting named apart from the one attended.
let t: BrowserApp;
let page: Page;

const LINE = {
  reference: 'NORTH-PLAN-REVIEW',
  team: 'north',
  child: { givenName: 'Robin', familyName: 'Review', dateOfBirth: '2016-02-02' },
  events: [
    ...HISTORY_TO_FINAL_PLAN_2025,
    {
      type: 'PlacementStarted',
      date: '2025-04-22',
      placementId: 'p1',
      settingType: 'resourced-provision',
      inArea: 'no',
      setting: 'Oakfield Academy',
    },
  ],
};

beforeAll(async () => {
  t = await startOnImportedCases('plan', [LINE]);
  page = t.page;
});
afterAll(async () => {
  await t?.close();
});

const fillDate = (prefix: string, iso: string) => fillDateOn(page, prefix, iso);
const nextReview = () => page.getByTestId('next-review-due').innerText();

describe('the annual review through the web app', () => {
  it('records a review meeting and its decision to amend; the next review date moves to 12 months from the decision', async () => {
    const [{ id }] = await t.db.dataSource.query(`SELECT id FROM ehc_case WHERE reference = $1`, [LINE.reference]);
    await t.open(`/cases/${id}`);
    await page.getByRole('heading', { name: 'Plan', exact: true }).waitFor();
    // s44(1): within 12 months of the issue on 24 March 2025
    expect(await nextReview()).toBe('23 March 2026');
    const attended = page.locator('table', { has: page.locator('caption', { hasText: 'Settings attended' }) });
    expect(await attended.innerText()).toMatch(/Resourced provision or SEN unit\s+No\s+Oakfield Academy/);
    const named = page.locator('table', { has: page.locator('caption', { hasText: 'Settings named in the plan' }) });
    expect(await named.innerText()).toMatch(/Mainstream school\s+Not recorded/);
    expect(await t.axe()).toEqual([]);

    // The meeting: 2 March 2026, invitations sent 9 February (the advice left empty: not circulated before it).
    const meeting = page.locator('#do-ReviewMeetingHeld');
    await meeting.locator('summary').click();
    await meeting.getByRole('button', { name: 'Record an annual review meeting' }).click();
    await page.locator('.govuk-error-summary').getByText('Enter the date of the review meeting').waitFor();
    await fillDate('ReviewMeetingHeld-date', '2026-03-02');
    await fillDate('ReviewMeetingHeld-invitedOn', '2026-02-09');
    await meeting.getByRole('button', { name: 'Record an annual review meeting' }).click();
    await page
      .locator('.govuk-notification-banner--success')
      .getByText('Recorded: Annual review meeting held')
      .waitFor();
    const reviews = page.locator('table', { has: page.locator('caption', { hasText: 'Annual reviews' }) });
    await reviews.getByText('2 March 2026').waitFor();
    // s44(1): no second meeting until this review has its decision
    expect(await page.locator('#do-ReviewMeetingHeld').count()).toBe(0);
    expect(await nextReview()).toBe('23 March 2026');
    expect(await t.axe()).toEqual([]);

    // The decision, notified today: amend.
    const decision = page.locator('#do-ReviewDecisionNotified');
    await decision.locator('summary').click();
    await fillDate('ReviewDecisionNotified-date', t.today());
    await decision.getByLabel('Review meeting of 2 March 2026').check();
    await decision.getByLabel('Amend the plan').check();
    await decision.getByRole('button', { name: 'Record the review decision' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('Recorded: Review decision notified').waitFor();
    await reviews.getByText(/Amend the plan \(4 March 2026\)/).waitFor();
    // the next review is due within 12 months of the decision's notification (4 March 2026), not of the meeting
    expect(await nextReview()).toBe('3 March 2027');
    // Devon [2022]: the proposed amendments go with the decision; the form now offers them, following this review
    const proposals = page.locator('#do-AmendmentsProposed');
    await proposals.locator('summary').click();
    await proposals.getByLabel('Review meeting of 2 March 2026').waitFor();
    expect(await t.axe()).toEqual([]);
  });
});
