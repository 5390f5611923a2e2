// Alerts in the browser: an alert the worker raises while the page is open appears without a reload;
// the list is readable (GOV.UK dates, the child's name, one lateness figure), filterable, can be marked read all at
// once, and the keyboard stays on the list after "Mark as read". Alerts are raised by the worker's own handler.
import type { Page } from 'playwright-core';
import { handleDeadlineJob, intendedAt, ManualClock } from '@ehc/deadlines';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';

let t: BrowserApp;
let page: Page;

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
const govukDate = (iso: string) =>
  `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

interface OpenDeadline {
  case_id: string;
  deadline_id: string;
  due: string;
  generation: number;
  reference: string;
  given: string;
  family: string;
}

/** Open deadlines of a caseworker's cases due in more than 14 days (so a 14-day warning is still to come). */
async function openDeadlines(caseworker: string, n: number): Promise<OpenDeadline[]> {
  return t.db.dataSource.query(
    `SELECT d.case_id, d.deadline_id, d.due::text AS due, d.generation, s.reference,
            c.child->>'givenName' AS given, c.child->>'familyName' AS family
       FROM case_deadline d JOIN case_summary s ON s.case_id = d.case_id JOIN ehc_case c ON c.id = d.case_id
      WHERE s.caseworker = $1 AND d.status = 'pending' AND d.met_on IS NULL AND NOT s.closed AND d.due > $2::date + 14
        AND d.kind IN ('decision-to-assess', 'final-plan', 'advice')
      ORDER BY d.due, d.case_id LIMIT $3`,
    [caseworker, t.today(), n],
  );
}

/** The worker's deadline job for the 14-day warning, run at its intended time plus `lateMs` (a worker catching up). */
async function raiseWarning(d: OpenDeadline, lateMs = 0): Promise<void> {
  const clock = new ManualClock(new Date(intendedAt('warn14', d.due).getTime() + lateMs));
  const out = await handleDeadlineJob(
    { ds: t.db.dataSource, clock, leadDays: t.config.alertLeadDays, finalPlanDays: t.config.finalPlanDays },
    { caseId: d.case_id, deadlineId: d.deadline_id, generation: d.generation, alert: 'warn14' },
  );
  expect(out).toMatchObject({ kind: 'raised' });
}

beforeAll(async () => {
  t = await startBrowserApp('alerts');
  page = t.page;
  await t.signIn('cw-north-1');
});
afterAll(async () => t?.close());

describe('alerts: live and readable', () => {
  let deadlines: OpenDeadline[];
  beforeAll(async () => {
    deadlines = await openDeadlines('cw-north-1', 3);
    expect(deadlines.length).toBe(3);
  });

  it('an alert raised by the worker while the page is open appears without a reload, and is announced', async () => {
    await t.open('/alerts');
    const before = await page.locator('tbody tr[data-alert]').count();
    let reloaded = false;
    page.once('framenavigated', () => {
      reloaded = true;
    });
    const d = deadlines[0]!;
    await raiseWarning(d);
    const row = page.locator('tbody tr').filter({ hasText: d.reference });
    await row.first().waitFor({ timeout: 10_000 });
    expect(reloaded).toBe(false);
    expect(await page.locator('tbody tr[data-alert]').count()).toBe(before + 1);
    expect(await page.locator('[aria-live="polite"]').first().innerText()).toContain(
      `New alert for case ${d.reference}`,
    );
  });

  it('shows the date as "12 March 2026", the child’s name, and one lateness figure', async () => {
    const late = deadlines[1]!;
    await raiseWarning(late, 3 * 86_400_000 + 2 * 3_600_000);
    const row = page.locator('tbody tr').filter({ hasText: late.reference });
    await row.first().waitFor({ timeout: 10_000 });
    const text = await row.first().innerText();
    expect(text).toContain(govukDate(late.due));
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text).toContain(`${late.given} ${late.family}`);
    expect(text.match(/late/gi)?.length).toBe(1);
    expect(text).toContain('Raised 3 days late');
  });

  it('filters by unread and by kind through the form, keeps focus on the list after "Mark as read", and marks all read', async () => {
    await raiseWarning(deadlines[2]!);
    await page.locator('tbody tr').filter({ hasText: deadlines[2]!.reference }).first().waitFor({ timeout: 10_000 });
    const first = page.locator('tbody tr[data-alert]').first();
    const ref = (await first.locator('a').innerText()).trim();
    await first.getByRole('button', { name: `Mark as read for ${ref}` }).click();
    await page.waitForFunction(() => (globalThis as any).document.activeElement?.tagName === 'TABLE');
    expect(
      await page.evaluate(
        () => (globalThis as any).document.activeElement?.querySelector('caption')?.textContent ?? '',
      ),
    ).toMatch(/alerts?, unread first/);

    await page.getByLabel('Unread only').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('caption', { hasText: /unread alerts?, unread first/ }).waitFor();
    const unreadRows = page.locator('tbody tr[data-alert]');
    const n = await unreadRows.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) expect(await unreadRows.nth(i).innerText()).toContain('Unread');

    await page.getByLabel('Unread only').uncheck();
    await page.getByLabel('Kind of alert').selectOption({ label: 'Missed' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('caption', { hasText: '“Missed”' }).waitFor();
    for (const r of await page.locator('tbody tr[data-alert]').all()) expect(await r.innerText()).toContain('Missed');
    await page.getByLabel('Kind of alert').selectOption({ label: 'Coming up' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('caption', { hasText: '“Coming up”' }).waitFor();
    expect(await page.locator('tbody tr[data-alert]').count()).toBeGreaterThanOrEqual(3);
    expect(await t.axe()).toEqual([]);

    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await page.getByText('You have 0 unread alerts.').waitFor();
    expect(await page.getByRole('button', { name: /^Mark as read/ }).count()).toBe(0);
    await page.waitForFunction(() => (globalThis as any).document.activeElement?.tagName === 'TABLE');
    // Read on the server too: a fresh load still shows none unread.
    await t.open('/alerts');
    await page.getByText('You have 0 unread alerts.').waitFor();
    expect(await t.axe()).toEqual([]);
  });
});
