import type { Page } from 'playwright-core';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';

// An admin setting up a council's teams (docs/operations.md#teams): adds a team on the teams page, is told plainly
// when a name is taken, renames it, then adds a user in that team from the users form, whose team choices follow.
let t: BrowserApp;
let page: Page;

beforeAll(async () => {
  t = await startBrowserApp('teams');
  page = t.page;
  await t.signIn('admin');
});
afterAll(async () => {
  await t?.close();
});

const banner = () => page.locator('.govuk-notification-banner--success');

describe('the admin’s teams page', () => {
  it('adds a team, refuses a name already taken, and renames the team', async () => {
    await t.open('/admin');
    await page.getByRole('link', { name: 'Add or rename teams' }).click();
    await page.getByRole('heading', { name: 'Teams', level: 1 }).waitFor();
    await page.locator('#teams-table tbody tr').first().waitFor();
    expect(await t.axe()).toEqual([]);

    // Nothing filled in: the error summary names both fields.
    await page.getByRole('button', { name: 'Add team' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.getByRole('link', { name: 'Enter the team’s name' }).waitFor();
    expect(await t.axe()).toEqual([]);

    await page.getByLabel('Team name').fill('Early years team');
    await page.getByLabel('Team id').fill('early-years');
    await page.getByRole('button', { name: 'Add team' }).click();
    await banner().getByText('Team added: Early years team').waitFor();
    const row = page.getByRole('row', { name: /Early years team/ });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/early-years\s+0\s+0/);
    expect(await t.axe()).toEqual([]);

    // The same name in other letters is the same team: refused by the api, shown against the field.
    await page.getByLabel('Team name').fill('EARLY YEARS TEAM');
    await page.getByLabel('Team id').fill('ey');
    await page.getByRole('button', { name: 'Add team' }).click();
    await summary.getByText(/another team \(early-years\) is already called EARLY YEARS TEAM/).waitFor();
    expect(await page.locator('#team-name-error').innerText()).toContain('already called');
    expect(await t.axe()).toEqual([]);

    await row.getByRole('link', { name: 'Rename Early years team' }).click();
    await page.getByRole('heading', { name: 'Rename Early years team' }).waitFor();
    await page.getByLabel('New name').fill('Early years and nursery');
    expect(await t.axe()).toEqual([]);
    await page.getByRole('button', { name: 'Rename team' }).click();
    await banner().getByText('Team renamed: Early years team is now Early years and nursery').waitFor();
    await page.getByRole('row', { name: /Early years and nursery/ }).waitFor();
    const rows = await t.db.dataSource.query(`SELECT id, name FROM team WHERE id IN ('early-years', 'ey')`);
    expect(rows).toEqual([{ id: 'early-years', name: 'Early years and nursery' }]);
    const audit = await t.db.dataSource.query(
      `SELECT action FROM audit_event WHERE action LIKE 'admin.team.%' ORDER BY id`,
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['admin.team.create', 'admin.team.rename']);
  });

  it('reflows at 320 CSS px (WCAG 1.4.10): the page never scrolls sideways, the table scrolls within itself', async () => {
    const size = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 720 });
    try {
      await t.open('/admin/teams');
      await page.locator('#teams-table tbody tr').first().waitFor();
      const { scrollWidth, clientWidth } = await page.evaluate(() => {
        const d = (globalThis as any).document.documentElement;
        return { scrollWidth: d.scrollWidth as number, clientWidth: d.clientWidth as number };
      });
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      expect(await t.axe()).toEqual([]);
    } finally {
      if (size) await page.setViewportSize(size);
    }
  });

  it('a user can then be added in the new team from the users form', async () => {
    await t.open('/admin');
    await page.locator('#users-table tbody tr').first().waitFor();
    const options = await page.locator('#new-teamId option').allInnerTexts();
    expect(options).toContain('Early years and nursery');
    await page.locator('#new-displayName').fill('Noor Early');
    await page.locator('#new-username').fill('noor.early');
    await page.getByRole('radio', { name: 'Caseworker' }).check();
    await page.locator('#new-teamId').selectOption({ label: 'Early years and nursery' });
    await page.locator('#new-password').fill('a long enough passphrase');
    await page.getByRole('button', { name: 'Add user' }).click();
    await banner()
      .getByText(/Noor Early can now sign in as noor.early/)
      .waitFor();
    const [user] = await t.db.dataSource.query(`SELECT role, team_id FROM app_user WHERE username = 'noor.early'`);
    expect(user).toEqual({ role: 'caseworker', team_id: 'early-years' });
    expect(await page.getByRole('row', { name: /Noor Early/ }).innerText()).toContain('Early years and nursery');
  });
});
