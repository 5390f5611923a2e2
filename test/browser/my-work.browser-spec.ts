// A caseworker's day: "My work" lists what to do about their own cases, derived from the open deadlines,
// soonest first, each with its action named as an action; several advisers are asked in one form (one AdviceRequested
// each); the caseload is searched by the child's name, date of birth and UPN without any of them entering a URL.
import { Readable } from 'node:stream';
import type { Page } from 'playwright-core';
import { DEADLINE_IS_WORK_SQL, importCases } from '@ehc/persistence';
import { addDays } from '@ehc/workflow';
import { dayMonthYear } from './support/case-journey.js';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';

let t: BrowserApp;
let page: Page;

/** Cases of cw-north-1 whose deadlines fall where the examples put them (today is Wednesday 4 March 2026). */
async function seed(today: string): Promise<void> {
  const mine = (reference: string, child: Record<string, string>, requested: string, more: Record<string, unknown>[]) =>
    JSON.stringify({
      reference,
      team: 'north',
      child,
      events: [
        { type: 'RequestReceived', date: requested, source: 'parent' },
        { type: 'CaseworkerAssigned', date: requested, caseworker: 'cw-north-1' },
        ...more,
      ],
    });
  const lines = [
    // Requested 40 days ago: the decision whether to assess is due in 2 days (reg 5(1): 6 weeks), on Friday.
    mine(
      'WORK-DECIDE',
      { givenName: 'Ada', familyName: 'Wright', dateOfBirth: '2014-06-09', upn: 'A123456789012' },
      addDays(today, -40),
      [],
    ),
    // Educational psychology asked 39 days ago: the advice is due in 3 days (reg 8(1)).
    mine('WORK-ADVICE', { givenName: 'Ben', familyName: 'Okafor', dateOfBirth: '2015-02-11' }, addDays(today, -70), [
      { type: 'DecidedToAssess', date: addDays(today, -45) },
      { type: 'AdviceRequested', date: addDays(today, -39), adviceId: 'ep1', provider: 'psychology' },
    ]),
    // Draft served 13 days ago: the family's 15 days (reg 13(1)) end tomorrow.
    mine('WORK-DRAFT', { givenName: 'Cara', familyName: 'Lind', dateOfBirth: '2013-09-30' }, addDays(today, -100), [
      { type: 'DecidedToAssess', date: addDays(today, -80) },
      // reg 6(1)(a)-(e): advice sought from each before the decision to issue.
      ...['parent', 'education', 'health', 'psychology', 'social-care'].flatMap((provider) => [
        { type: 'AdviceRequested', date: addDays(today, -75), adviceId: `a-${provider}`, provider },
        { type: 'AdviceReceived', date: addDays(today, -30), adviceId: `a-${provider}` },
      ]),
      { type: 'DecidedToIssue', date: addDays(today, -20) },
      { type: 'DraftPlanIssued', date: addDays(today, -13) },
    ]),
    // Just decided to assess, no advice asked yet.
    mine('WORK-ASK', { givenName: 'Dev', familyName: 'Rao', dateOfBirth: '2016-04-01' }, addDays(today, -10), [
      { type: 'DecidedToAssess', date: addDays(today, -2) },
    ]),
  ];
  const s = await importCases(t.db.dataSource, Readable.from(lines), {
    actor: 'import',
    today,
    finalPlanDays: t.config.finalPlanDays,
    defaultTeam: 'north',
  });
  expect(s.rejected).toEqual([]);
}

const caseIdOf = async (reference: string): Promise<string> =>
  (await t.db.dataSource.query(`SELECT id FROM ehc_case WHERE reference = $1`, [reference]))[0].id;

beforeAll(async () => {
  t = await startBrowserApp('mywork');
  page = t.page;
  await seed(t.today());
  await t.signIn('cw-north-1');
});
afterAll(async () => t?.close());

describe('caseworker: my work', () => {
  it('lists what to do, soonest first, in words, with each action named as an action', async () => {
    await page.getByRole('link', { name: 'My work' }).click();
    await page.getByRole('heading', { name: 'My work', level: 1 }).waitFor();
    await page.locator('[data-work-item]').first().waitFor();
    const items = await page.locator('[data-work-item]').allInnerTexts();
    const at = (ref: string) => items.findIndex((i) => i.includes(ref));
    const draft = items[at('WORK-DRAFT')]!,
      decide = items[at('WORK-DECIDE')]!,
      advice = items[at('WORK-ADVICE')]!;
    expect(draft).toContain('The family’s 15 days on the draft plan end tomorrow');
    expect(decide).toContain('Decide whether to assess by Friday (6 March 2026)');
    expect(decide).toContain('Ada Wright');
    expect(decide).toContain('Record the decision to assess');
    expect(advice).toContain('Chase the educational psychology advice: due in 3 days');
    expect(advice).toContain('Record advice received');
    expect(at('WORK-DRAFT')).toBeLessThan(at('WORK-DECIDE'));
    expect(at('WORK-DECIDE')).toBeLessThan(at('WORK-ADVICE'));
    // Soonest first overall: the page's order is the order of the due dates (open cases, and the plan's deadlines of
    // maintained plans: docs/plan-life.md#one-log).
    const due = await t.db.dataSource.query(
      `SELECT s.reference FROM case_deadline d JOIN case_summary s ON s.case_id = d.case_id
        WHERE s.caseworker = 'cw-north-1' AND ${DEADLINE_IS_WORK_SQL} AND d.met_on IS NULL AND d.status IN ('pending', 'missed', 'excepted')
          AND d.due <= $1::date ORDER BY d.due, s.reference, d.deadline_id`,
      [addDays(t.today(), 14)],
    );
    expect(items.map((i) => /\b([A-Z]+-[A-Z0-9-]+)\b/.exec(i)?.[1])).toEqual(due.map((r: any) => r.reference));
    // among them a maintained plan's deadline (its assessment closed by the final plan), with the plan event to record
    const [plan] = await t.db.dataSource.query(
      `SELECT s.reference, d.kind FROM case_deadline d JOIN case_summary s ON s.case_id = d.case_id
        WHERE s.caseworker = 'cw-north-1' AND s.stage = 'plan-issued' AND d.kind = 'annual-review' AND d.met_on IS NULL
          AND d.status IN ('pending', 'missed', 'excepted') AND d.due <= $1::date ORDER BY d.due LIMIT 1`,
      [addDays(t.today(), 14)],
    );
    expect(plan).toBeDefined();
    expect(items.find((i) => i.includes(plan.reference) && i.includes('Annual review'))).toContain(
      'Record an annual review meeting',
    );
    expect(await t.axe()).toEqual([]);

    await page.getByRole('link', { name: 'Record the decision to assess for WORK-DECIDE' }).click();
    await page.waitForURL(/\/cases\//);
    await page.locator('#do-DecidedToAssess summary', { hasText: 'Record the decision to assess' }).waitFor();
    expect(await page.locator('a.govuk-back-link').innerText()).toBe('Back to my work');
  });

  it('asks several advisers in one form: one AdviceRequested each, with its own id and version', async () => {
    const caseId = await caseIdOf('WORK-ASK');
    const [{ version }] = await t.db.dataSource.query(`SELECT version FROM ehc_case WHERE id = $1`, [caseId]);
    await t.open(`/cases/${caseId}`);
    const form = page.locator('#do-AdviceRequested');
    await form.locator('summary', { hasText: 'Request advice' }).click();
    const d = dayMonthYear(t.today());
    await page.locator('#AdviceRequested-date-day').fill(d.day);
    await page.locator('#AdviceRequested-date-month').fill(d.month);
    await page.locator('#AdviceRequested-date-year').fill(d.year);
    await form.getByLabel('Educational psychology').check();
    await form.getByLabel('Health').check();
    await form.getByLabel('Social care').check();
    expect(await t.axe()).toEqual([]);
    await form.getByRole('button', { name: 'Request advice' }).click();
    await page.locator('.govuk-notification-banner--success').waitFor();
    const events: { version: number; data: { adviceId: string; provider: string } }[] = await t.db.dataSource.query(
      `SELECT version, data FROM case_event WHERE case_id = $1 AND type = 'AdviceRequested' ORDER BY version`,
      [caseId],
    );
    expect(events.map((e) => e.data.provider)).toEqual(['psychology', 'health', 'social-care']);
    expect(events.map((e) => e.version)).toEqual([version + 1, version + 2, version + 3]);
    expect(new Set(events.map((e) => e.data.adviceId)).size).toBe(3);
    // Each has its own 6-week clock on the page.
    for (const who of ['Educational psychology', 'Health', 'Social care']) {
      await page.locator('cw-deadlines-table').getByText(who).first().waitFor();
    }
  });

  it('searches the caseload by the child’s name, date of birth and UPN, and none of them goes into the URL', async () => {
    await t.open('/caseload');
    await page.getByLabel('Child’s name').fill('Wright');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('#caseload-status', { hasText: 'matching the child you searched for' }).waitFor();
    const rows = page.locator('main table tbody tr');
    await rows.filter({ hasText: 'WORK-DECIDE' }).waitFor();
    for (const r of await rows.all()) expect(await r.innerText()).toMatch(/Wright/);
    expect(page.url()).not.toMatch(/wright/i);
    expect(await t.axe()).toEqual([]);

    await page.getByLabel('Child’s name').fill('');
    await page.locator('#filter-dob-day').fill('9');
    await page.locator('#filter-dob-month').fill('6');
    await page.locator('#filter-dob-year').fill('2014');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForFunction(() => {
      const cells = (globalThis as any).document.querySelectorAll('main table tbody tr');
      return cells.length === 1 && cells[0].textContent.includes('WORK-DECIDE');
    });

    await page.locator('#filter-dob-day').fill('');
    await page.locator('#filter-dob-month').fill('');
    await page.locator('#filter-dob-year').fill('');
    await page.getByLabel('Unique pupil number (UPN)').fill('a123456789012');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForFunction(() => {
      const cells = (globalThis as any).document.querySelectorAll('main table tbody tr');
      return cells.length === 1 && cells[0].textContent.includes('WORK-DECIDE');
    });
    expect(page.url()).not.toMatch(/2014|A1234/i);

    // A malformed UPN is refused by the form, naming the field.
    await page.getByLabel('Unique pupil number (UPN)').fill('123');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page
      .locator('.govuk-error-summary', { hasText: 'Unique pupil number must be a letter, 11 digits' })
      .waitFor();
    expect(await t.axe()).toEqual([]);
  });
});
