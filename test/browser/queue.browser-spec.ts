// The team manager's deadline queue: counts over the whole filtered queue (not the page), the bucket
// filter with MoJ selected-filter tags, GOV.UK pagination with page numbers, each caseworker's caseload, bulk
// reassignment with a check step (one CaseworkerAssigned command per case, failures reported per case), and a case's
// back link that returns to the filtered queue page it was opened from.
import type { Page } from 'playwright-core';
import type { DeadlineQueueItem, DeadlineQueuePage } from '@ehc/contracts';
import { PLAN_WORK_DEADLINE_KINDS } from '@ehc/persistence';
import { apiGet, BASE_URL, startBrowserApp, type BrowserApp } from './support/browser-app.js';

let t: BrowserApp;
let page: Page;

/** Every item of the manager's queue, read page by page through the api's cursor (the truth to compare with). */
async function wholeQueue(query = ''): Promise<DeadlineQueueItem[]> {
  const all: DeadlineQueueItem[] = [];
  let cursor: string | null = null;
  do {
    const r: DeadlineQueuePage = await apiGet(
      page,
      `/api/queues/deadlines?limit=200${query}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    all.push(...r.items);
    cursor = r.nextCursor;
  } while (cursor);
  return all;
}

const captionOf = (heading: string) =>
  page.locator('main table caption', { hasText: new RegExp(`^${heading} \\(\\d+\\)$`) });

beforeAll(async () => {
  t = await startBrowserApp('queue');
  page = t.page;
  await t.signIn('manager-north');
});
afterAll(async () => t?.close());

describe('team manager: the deadline queue', () => {
  it('counts every deadline of the queue by bucket, not the 50 rows of the page, and pages with numbers', async () => {
    const all = await wholeQueue();
    const n = (b: string) => all.filter((i) => i.bucket === b).length;
    expect(all.length).toBeGreaterThan(50); // more than one page, so page-only counts would be wrong
    await t.open('/queue');
    await page.locator('main table tbody tr').first().waitFor();
    expect(await page.locator('[data-queue-total]').innerText()).toBe(
      `${all.length} deadlines need attention. Showing 1 to 50.`,
    );
    expect(await captionOf('Overdue').innerText()).toBe(`Overdue (${n('overdue')})`);
    expect(await captionOf('Due within 7 days').innerText()).toBe(`Due within 7 days (${n('within-7')})`);
    expect(await captionOf('Due within 14 days').innerText()).toBe(`Due within 14 days (${n('within-14')})`);

    const pages = Math.ceil(all.length / 50);
    const nav = page.getByRole('navigation', { name: 'Pages of the queue' });
    await nav.getByRole('link', { name: 'Page 2', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('page') === '2');
    await page.locator('[data-queue-total]', { hasText: 'Showing 51 to' }).waitFor();
    const firstOnPage2 = await page.locator('main table tbody tr td:nth-child(2) a').first().innerText();
    expect(firstOnPage2).toBe(all[50]!.reference);
    expect(await nav.locator('[aria-current="page"]').innerText()).toBe('2');
    expect(await nav.getByRole('link', { name: `Page ${pages}`, exact: true }).count()).toBe(1);
    expect(await t.axe()).toEqual([]);
  });

  it('filters by bucket through the form, shows the filter as a tag, and the tag removes it', async () => {
    const within7 = await wholeQueue('&bucket=within-7');
    expect(within7.length).toBeGreaterThan(0);
    await t.open('/queue');
    await page.getByLabel('Due within 7 days').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((u) => u.searchParams.get('bucket') === 'within-7');
    await page.locator('[data-queue-total]', { hasText: `${within7.length} deadline` }).waitFor();
    const refs = await page.locator('main table tbody tr td:nth-child(2) a').allInnerTexts();
    expect(refs).toEqual(within7.slice(0, 50).map((i) => i.reference));
    const tag = page.locator('.moj-filter__selected .moj-filter__tag');
    expect((await tag.textContent())!.replace(/\s+/g, ' ').trim()).toBe('Remove this filter Due within 7 days');
    expect(await t.axe()).toEqual([]);
    await tag.click();
    await page.waitForURL((u) => !u.searchParams.has('bucket'));
    expect(await page.locator('.moj-filter__selected').count()).toBe(0);
  });

  it('shows each caseworker’s caseload: open assessments, plans maintained, and those with an overdue deadline', async () => {
    await t.open('/queue');
    // Counted here from the projections, independently of the api's statement: a plan maintained is a case closed as an
    // assessment at stage plan-issued; overdue counts only deadlines that are still work (the plan's, on such a case).
    const rows: { caseworker: string; display_name: string; open: number; plans: number; overdue: number }[] =
      await t.db.dataSource.query(
        `SELECT s.caseworker, u.display_name,
                count(*) FILTER (WHERE NOT s.closed)::int AS open,
                count(*) FILTER (WHERE s.closed AND s.stage = 'plan-issued')::int AS plans,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM case_deadline d WHERE d.case_id = s.case_id AND d.met_on IS NULL
                   AND d.status IN ('pending', 'missed', 'excepted') AND d.due < $1::date
                   AND (NOT s.closed OR d.kind IN (SELECT unnest($2::text[])))))::int AS overdue
           FROM case_summary s JOIN app_user u ON u.username = s.caseworker
          WHERE s.team_id = 'north' AND (NOT s.closed OR s.stage = 'plan-issued')
          GROUP BY s.caseworker, u.display_name`,
        [t.today(), [...PLAN_WORK_DEADLINE_KINDS]],
      );
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.some((r) => r.plans > 0)).toBe(true);
    const table = page.locator('table[data-caseloads]');
    for (const r of rows) {
      const row = table.locator('tr').filter({ has: page.getByRole('link', { name: r.display_name, exact: true }) });
      expect(await row.locator('td').allInnerTexts()).toEqual([String(r.open), String(r.plans), String(r.overdue)]);
    }
  });

  it('the back link of a case opened from a filtered page of the queue returns to that page and filter', async () => {
    await t.open('/queue?caseworker=cw-north-2&page=1');
    await page.locator('.moj-filter__selected').waitFor();
    const link = page.locator('main table tbody tr td:nth-child(2) a').first();
    const ref = await link.innerText();
    await link.click();
    await page.waitForURL(/\/cases\//);
    await page.getByText(ref).first().waitFor();
    const back = page.locator('a.govuk-back-link');
    expect(await back.innerText()).toBe('Back to deadline queue');
    await back.click();
    await page.waitForURL((u) => u.pathname === '/queue' && u.searchParams.get('caseworker') === 'cw-north-2');
  });

  it('reassigns several cases at once after a check step; each is its own command; a case that cannot be reassigned is reported', async () => {
    await t.open('/queue?bucket=within-14');
    const rows = page.locator('main table tbody tr').filter({ has: page.locator('input[type=checkbox]') });
    await rows.first().waitFor();
    // Three different assessments in progress (the third is withdrawn below; a maintained plan's cannot be), none
    // already with North caseworker 4.
    const picked: { caseId: string; ref: string }[] = [];
    for (const row of await rows.all()) {
      const ref = (await row.locator('td:nth-child(2) a').innerText()).trim();
      const who = (await row.locator('td:nth-child(5)').innerText()).trim();
      const planIssued = (await row.locator('td:nth-child(2)').innerText()).includes('Final plan issued');
      if (picked.some((p) => p.ref === ref) || who === 'North caseworker 4' || planIssued) continue;
      const href = await row.locator('td:nth-child(2) a').getAttribute('href');
      picked.push({ caseId: href!.split('/').pop()!, ref });
      await row.getByRole('checkbox', { name: `Select ${ref}` }).check();
      if (picked.length === 3) break;
    }
    expect(picked).toHaveLength(3);
    const versions: { id: string; version: number }[] = await t.db.dataSource.query(
      `SELECT id, version FROM ehc_case WHERE id = ANY($1::uuid[])`,
      [picked.map((p) => p.caseId)],
    );

    // No caseworker chosen: an error summary names the field.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('.govuk-error-summary').getByText('Select the caseworker to assign the cases to').waitFor();
    expect(await t.axe()).toEqual([]);
    await page.getByLabel('Assign the selected cases to').selectOption({ label: 'North caseworker 4' });
    await page.getByRole('button', { name: 'Continue' }).click();
    const check = page.locator('.govuk-summary-list');
    await check.waitFor();
    for (const p of picked) expect(await check.innerText()).toContain(p.ref);
    expect(await check.innerText()).toContain('North caseworker 4');
    expect(await t.axe()).toEqual([]);

    // Meanwhile the third case is withdrawn by someone else: it can no longer be reassigned.
    const third = picked[2]!;
    const detail = await apiGet<{ version: number; today: string }>(page, `/api/cases/${third.caseId}`);
    const withdrawn = await page.request.post(`${BASE_URL}/api/cases/${third.caseId}/events`, {
      headers: { 'x-requested-with': 'XMLHttpRequest', 'content-type': 'application/json' },
      data: {
        expectedVersion: detail.version,
        event: { type: 'RequestWithdrawn', date: detail.today, reason: 'The family withdrew the request' },
      },
    });
    expect(withdrawn.ok()).toBe(true);

    await page.getByRole('button', { name: 'Confirm and reassign 3 cases' }).click();
    const banner = page.locator('.govuk-notification-banner--success');
    await banner.waitFor();
    expect(await banner.innerText()).toContain(
      `2 cases reassigned to North caseworker 4: ${picked[0]!.ref}, ${picked[1]!.ref}`,
    );
    expect(await page.locator('.govuk-error-summary').innerText()).toContain(`${third.ref} was not reassigned`);
    expect(await t.axe()).toEqual([]);

    // One CaseworkerAssigned event per reassigned case, each appended at its own next version.
    const events: { case_id: string; version: number; data: { caseworker: string } }[] = await t.db.dataSource.query(
      `SELECT case_id, version, data FROM case_event WHERE type = 'CaseworkerAssigned' AND case_id = ANY($1::uuid[]) AND data->>'caseworker' = 'cw-north-4'`,
      [picked.map((p) => p.caseId)],
    );
    expect(events.map((e) => e.case_id).sort()).toEqual([picked[0]!.caseId, picked[1]!.caseId].sort());
    for (const e of events) expect(e.version).toBe(versions.find((v) => v.id === e.case_id)!.version + 1);
    const owners: { caseworker: string }[] = await t.db.dataSource.query(
      `SELECT caseworker FROM case_summary WHERE case_id = ANY($1::uuid[])`,
      [[picked[0]!.caseId, picked[1]!.caseId]],
    );
    expect(owners.map((o) => o.caseworker)).toEqual(['cw-north-4', 'cw-north-4']);
  });
});
