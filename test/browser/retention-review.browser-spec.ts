import { eraseApproved, listRetentionDue } from '@ehc/persistence';
import { addDays } from '@ehc/workflow';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { fillDate } from './support/case-journey.js';

// The admin's retention review (docs/operations.md#retention-and-erasure): the nightly list is read on the page, one
// record is approved, another postponed with a reason; after the night's erasure the case page says so.
let t: BrowserApp;
beforeAll(async () => {
  t = await startBrowserApp('retain');
}, 300_000);
afterAll(async () => {
  await t?.close();
});

describe('admin: retention review', () => {
  it('lists the records due, approves one (audited), postpones another with a reason, and the erased case says so', async () => {
    // The nightly listing job's work, as of a day ten months ago with a one-year period: the quick refusals and withdrawals of the first months.
    const listed = await listRetentionDue(t.db.dataSource, addDays(t.today(), -300), {
      yearsAfter25: 6,
      yearsAfterClosedWithoutPlan: 1,
    });
    expect(listed.due).toBeGreaterThanOrEqual(2);
    const rows: { person_id: string; case_ids: string[]; case_references: string[] }[] = await t.db.dataSource.query(
      `SELECT person_id, case_ids, case_references FROM retention_review ORDER BY due_on, case_references[1], person_id`,
    );

    await t.signIn('admin');
    await t.open('/admin');
    const page = t.page;
    await page.getByRole('link', { name: 'Retention review: records due for erasure' }).click();
    await page.getByRole('heading', { level: 1, name: 'Retention review' }).waitFor();
    expect(await page.title()).toBe('Retention review – EHC assessments');
    const table = page.getByRole('table', { name: 'Records due for erasure' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(rows.length);
    expect(await t.axe()).toEqual([]);

    const [first, second] = rows;
    const ref1 = first.case_references.join(', ');
    const ref2 = second.case_references.join(', ');
    await page.getByRole('button', { name: `Approve erasure of ${ref1}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Erasure of ${ref1} approved: it will be carried out tonight.` })
      .waitFor();
    const row1 = table.locator('tr', { has: page.getByRole('rowheader', { name: ref1, exact: true }) });
    await row1.getByText('Approved: erased tonight').waitFor();
    expect(await row1.innerText()).toMatch(/By .+/);

    await page.getByRole('button', { name: `Postpone erasure of ${ref2}` }).click();
    await page.getByRole('heading', { name: `Postpone erasure of ${ref2}` }).waitFor();
    await page.getByRole('button', { name: 'Postpone erasure', exact: true }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.getByText('Enter the date to keep the record until').waitFor();
    await summary.getByText('Enter why the record must be kept longer').waitFor();
    expect(await page.title()).toBe('Error: Retention review – EHC assessments');
    expect(await t.axe()).toEqual([]);
    await fillDate(page, 'until', '2030-09-01');
    await page.getByLabel('Why it must be kept longer').fill('A complaint about this case is open');
    await page.getByRole('button', { name: 'Postpone erasure', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Erasure of ${ref2} postponed until 1 September 2030.` })
      .waitFor();
    const row2 = table.locator('tr', { has: page.getByRole('rowheader', { name: ref2, exact: true }) });
    await row2.getByText('Until 1 September 2030: A complaint about this case is open').waitFor();
    expect(await t.axe()).toEqual([]);

    const stored = await t.db.dataSource.query(
      `SELECT person_id, status FROM retention_review WHERE person_id = ANY($1::uuid[]) ORDER BY status`,
      [[first.person_id, second.person_id]],
    );
    expect(stored).toEqual([
      { person_id: first.person_id, status: 'approved' },
      { person_id: second.person_id, status: 'postponed' },
    ]);
    const audit = await t.db.dataSource.query(
      `SELECT action, case_id FROM audit_event WHERE action LIKE 'retention.%' ORDER BY id`,
    );
    expect(audit).toEqual([
      ...first.case_ids.map((c) => ({ action: 'retention.approve', case_id: c })),
      ...second.case_ids.map((c) => ({ action: 'retention.postpone', case_id: c })),
    ]);

    // The night's erasure, then the case as its team sees it.
    expect(await eraseApproved(t.db.dataSource, t.today(), null)).toMatchObject({ erased: 1, failed: [] });
    const [{ team_id: team }] = await t.db.dataSource.query(`SELECT team_id FROM ehc_case WHERE id = $1`, [
      first.case_ids[0],
    ]);
    await t.signOut();
    await t.signIn(`manager-${team}`);
    await t.open(`/cases/${first.case_ids[0]}`);
    await page.getByText('Personal data erased on 4 March 2026, under the council’s retention policy').waitFor();
    await page.getByText('Nothing can be recorded on this case now.').waitFor();
    expect(await page.locator('main h1').first().innerText()).not.toContain('undefined');
    expect(await t.axe()).toEqual([]);
  }, 120_000);
});
