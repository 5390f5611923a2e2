import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { importCases, refreshCaseFacts } from '@ehc/persistence';
import type { Page } from 'playwright-core';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { dayMonthYear } from './support/case-journey.js';

// A final plan's date corrected after the board was given the figure changes the figure, and the
// board's "as at" comparison shows the figure as reported, the figure now, and the correction that moved it
// (who, when, why). The correction is stored as a case_event row (the append-only log accepts INSERT only).
let t: BrowserApp;
let page: Page;

beforeAll(async () => {
  t = await startBrowserApp('bcorr');
  page = t.page;
});
afterAll(async () => {
  await t?.close();
});

const REFERENCE = 'NORTH-CORRECTED-1';
const FINAL_ID = randomUUID();

/** A north plan issued on day 140 (on time as entered), recorded on 20 February 2026, before the 1 March report. */
async function insertPlanOnDay140(): Promise<void> {
  const [{ id }] = await t.db.dataSource.query(
    `INSERT INTO ehc_case (id, reference, team_id, child, version)
    VALUES (gen_random_uuid(), $1, 'north', '{}'::jsonb, 2) RETURNING id`,
    [REFERENCE],
  );
  await t.db.dataSource.query(
    `INSERT INTO case_event (event_id, case_id, version, type, business_date, data, actor, recorded_at) VALUES
    (gen_random_uuid(), $1, 1, 'RequestReceived', '2025-09-01', '{"source":"parent"}', 'import', '2026-02-20T10:00:00Z'),
    ($2, $1, 2, 'FinalPlanIssued', '2026-01-19', '{"placement":"mainstream"}', 'import', '2026-02-20T10:00:00Z')`,
    [id, FINAL_ID],
  );
  // the events went in around the write path: fold the case's measure facts as the rebuild does
  await refreshCaseFacts(t.db.dataSource, [id]);
}

/** The team manager corrects the date on 3 March 2026: the plan went out a week later (day 147). */
async function correctFinalPlanDate(): Promise<void> {
  const [{ id: caseId }] = await t.db.dataSource.query(`SELECT id FROM ehc_case WHERE reference = $1`, [REFERENCE]);
  const [{ id: managerId }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'manager-north'`);
  await t.db.dataSource.query(`UPDATE ehc_case SET version = 3 WHERE id = $1`, [caseId]);
  await t.db.dataSource.query(
    `INSERT INTO case_event (event_id, case_id, version, type, business_date, data, actor, recorded_at)
    VALUES (gen_random_uuid(), $1, 3, 'EventCorrected', '2026-03-03', $2, $3, '2026-03-03T11:20:00Z')`,
    [
      caseId,
      JSON.stringify({
        corrects: FINAL_ID,
        reason: 'The plan was sent a week later than entered',
        correction: { date: '2026-01-26' },
      }),
      managerId,
    ],
  );
  await refreshCaseFacts(t.db.dataSource, [caseId]);
}

const withinCount = async (figure: 'including' | 'excluding'): Promise<number> => {
  const text = await page.locator(`[data-figure="${figure}"]`).locator('xpath=..').innerText();
  return Number(/(\d+) of \d+ plans?/.exec(text)![1]);
};

describe('board: a correction changes the figure, and the "as at" comparison explains it', () => {
  it('corrects a final plan date, sees the figure drop by one plan, and the comparison names the correction', async () => {
    await insertPlanOnDay140();
    await t.signIn('board');
    await page.locator('[data-figure="including"]').waitFor();
    const before = await withinCount('including');

    await correctFinalPlanDate();
    await t.open('/board');
    await page.locator('[data-figure="including"]').waitFor();
    expect(await withinCount('including')).toBe(before - 1);

    // compare with the figure the board was given on 1 March 2026, through the form
    const d = dayMonthYear('2026-03-01');
    await page.locator('#asAt-day').fill(d.day);
    await page.locator('#asAt-month').fill(d.month);
    await page.locator('#asAt-year').fill(d.year);
    await page.getByRole('button', { name: 'Show figures' }).click();
    const comparison = page.locator('[data-section="as-at"]');
    await comparison.waitFor();
    expect(await comparison.locator('caption').innerText()).toBe('As reported on 1 March 2026, and now');
    // on 1 March only this plan had been recorded (the demo history was imported today): 1 of 1 on time then
    expect(await page.locator('[data-figure="reported-including"]').innerText()).toBe('100.0% (1 of 1)');
    const row = page.locator(`[data-section="as-at-changes"] tr[data-reference="${REFERENCE}"]`);
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Within 20 weeks, final plan 19 January 2026');
    expect(text).toContain('Over 20 weeks, final plan 26 January 2026');
    expect(text).toContain('Final plan issued of 19 January 2026: date corrected to 26 January 2026');
    expect(text).toMatch(/By .+, 3 March 2026 at 11:20am\. Reason: The plan was sent a week later than entered/);
    expect(await t.axe()).toEqual([]);
  });
});

// The README's import example (a summary history) imports, and its case page says it is migrated.
describe('case page: a history migrated as a summary is tagged as migrated', () => {
  it('imports the README example and shows the "Migrated summary" tag on its case page (axe clean)', async () => {
    const readme = readFileSync(resolve('README.md'), 'utf8');
    const line = /## Import format[\s\S]*?```json\n([\s\S]*?)```/
      .exec(readme)![1]!
      .split('\n')
      .map((l) => l.trim())
      .join('');
    const s = await importCases(t.db.dataSource, Readable.from([line]), {
      actor: 'import',
      today: t.today(),
      defaultTeam: 'north',
    });
    expect(s).toMatchObject({ accepted: 1, rejected: [] });
    const [{ id }] = await t.db.dataSource.query(`SELECT id FROM ehc_case WHERE reference = $1`, [
      JSON.parse(line).reference,
    ]);
    await t.signOut();
    await t.signIn('manager-north');
    await t.open(`/cases/${id}`);
    const tag = page.locator('[data-migrated]');
    await tag.waitFor();
    expect((await tag.innerText()).replace(/\s+/g, ' ')).toContain(
      'Migrated summary History to 20 May 2024 migrated from Old SEN system',
    );
    expect(await page.locator('main h1').innerText()).toContain('Final plan issued');
    expect(await t.axe()).toEqual([]);
  });
});
