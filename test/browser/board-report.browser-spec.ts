import type { Page } from 'playwright-core';
import type { TimelinessResponse } from '@ehc/contracts';
import { apiGet, startBrowserApp, type BrowserApp } from './support/browser-app.js';

// The board report as a board paper: plain words for every figure, a chart that reads without a legend, the
// figure by team, and a printout of at most 3 A4 pages. The fixed day is 4 March 2026, so the default period
// (5 March 2025 to 4 March 2026) starts and ends in part months.
let t: BrowserApp;
let page: Page;

beforeAll(async () => {
  t = await startBrowserApp('board');
  page = t.page;
});
afterAll(async () => {
  await t?.close();
});

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

async function openReport(): Promise<void> {
  await t.open('/board');
  await page.locator('[data-figure="including"]').waitFor();
  await page.locator('[data-by-team] tbody tr').first().waitFor();
  await page.locator('.cw-chart__excluding').waitFor({ state: 'attached' });
  await page.waitForLoadState('networkidle');
}

/** Pages in a PDF Chromium printed: one "/Type /Page" object per page ("/Type /Pages" is the page tree). */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

describe('the board member’s report', () => {
  beforeAll(async () => {
    await t.signIn('board');
    await openReport();
  });
  afterAll(async () => t.signOut());

  it('names each cause of late plans in plain words, and says a late plan can have more than one', async () => {
    const late = page.locator('table').filter({ has: page.locator('caption', { hasText: 'Why plans were late' }) });
    const causes = await late.locator('tbody th').allInnerTexts();
    expect(causes.length).toBeGreaterThan(1);
    expect(causes).toContain('Educational psychology advice late');
    for (const c of causes) expect(c).not.toMatch(/[:]\s*[a-z]+-|^[a-z-]+$|advice:/);
    expect(await page.locator('[data-cause-note]').innerText()).toBe(
      'A late plan can have more than one cause, so these numbers can add up to more than the number of late plans.',
    );
    expect(await t.axe()).toEqual([]);
  });

  it('says the figure in one plain-English sentence, compared with the year before', async () => {
    const api = await apiGet<TimelinessResponse>(page, '/api/measures/timeliness?from=2025-03-05&to=2026-03-04');
    const before = await apiGet<TimelinessResponse>(page, '/api/measures/timeliness?from=2024-03-05&to=2025-03-04');
    const now = Math.round(api.includingExceptions.percent!),
      then = Math.round(before.includingExceptions.percent!);
    const change =
      now === then ? 'the same as the year before' : `${now > then ? 'up' : 'down'} from ${then}% the year before`;
    expect(await page.locator('[data-headline-sentence]').innerText()).toBe(
      `In the year to 4 March 2026, ${now}% of new plans were issued within 20 weeks, ${change}.`,
    );
  });

  it('draws both lines and the England reference line, each named at its end with no two labels overlapping', async () => {
    for (const line of ['including', 'excluding']) {
      const points = (await page.locator(`.cw-chart__${line}`).getAttribute('points'))!.trim().split(' ');
      expect(points.length).toBeGreaterThan(6);
    }
    await page.locator('.cw-chart__national').waitFor({ state: 'attached' });
    const labels = await page.$$eval('.cw-chart text', (texts) =>
      texts.map((el) => {
        const b = el.getBoundingClientRect();
        return {
          text: el.textContent!.trim(),
          line: el.getAttribute('data-line'),
          x1: b.left,
          x2: b.right,
          y1: b.top,
          y2: b.bottom,
        };
      }),
    );
    const ends = labels.filter((l) => l.line);
    expect(ends.map((l) => l.line).sort()).toEqual(['excluding', 'including', 'national']);
    expect(ends.find((l) => l.line === 'national')!.text).toMatch(/^England 2024: 45\.9%$/);
    const overlapping: string[] = [];
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i],
          b = labels[j];
        if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) overlapping.push(`${a.text} / ${b.text}`);
      }
    }
    expect(overlapping).toEqual([]);
    // The labels sit in the right-hand gutter, clear of the lines.
    const plotRight = await page.$eval('.cw-chart__national', (l) => l.getBoundingClientRect().right);
    for (const l of ends) expect(l.x1).toBeGreaterThan(plotRight);
  });

  it('writes months in full, marks the part months, and uses a sans-serif font', async () => {
    const months = await page.$$eval('.cw-chart__month', (els) =>
      els.map((el) => el.querySelector('tspan')!.textContent!.trim()),
    );
    expect(months.length).toBeGreaterThan(4);
    for (const m of months) expect(MONTHS).toContain(m);
    const marked = await page.$$eval(
      '.cw-chart__month',
      (els) => els.filter((el) => el.textContent!.includes('(part month)')).length,
    );
    expect(marked).toBe(2);
    const caption = await page.locator('.cw-chart-figure figcaption').innerText();
    expect(caption).toContain('March 2025 is a part month (5 to 31 March only).');
    expect(caption).toContain('March 2026 is a part month (1 to 4 March only).');
    const font = await page.$eval(
      '.cw-chart text',
      (el: any) => el.ownerDocument.defaultView.getComputedStyle(el).fontFamily,
    );
    expect(font).toMatch(/sans-serif/);
    expect(font).toMatch(/GDS Transport|arial/i);
  });

  it('breaks the figure down by team, with each team’s name', async () => {
    const teams = await page.locator('[data-by-team] tbody th').allInnerTexts();
    expect(teams).toEqual(['East team', 'North team', 'South team']);
    const cells = await page.locator('[data-by-team] tbody tr').first().locator('td').allInnerTexts();
    expect(cells[0]).toMatch(/^\d+\.\d% \(\d+ of \d+\)$/);
  });

  it('prints on at most 3 A4 pages, without navigation, date form or the list of cases unless asked', async () => {
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['header', 'main form', '[data-drill-down]', '.govuk-phase-banner', '.govuk-footer']) {
      expect(await page.locator(hidden).first().isVisible()).toBe(false);
    }
    expect(await page.locator('.cw-chart').isVisible()).toBe(true);
    expect(await page.locator('[data-by-team]').isVisible()).toBe(true);
    // (page.pdf prints with the media emulated: print, as a browser prints.)
    const pdf = await page.pdf({ format: 'A4', path: 'test-results/board-report.pdf' });
    expect(pdfPages(pdf)).toBeGreaterThan(0);
    expect(pdfPages(pdf)).toBeLessThanOrEqual(3);

    // Asked for: the case list prints too.
    await page.emulateMedia({ media: null });
    await page.getByLabel('Include the list of cases when printing').check();
    await page.emulateMedia({ media: 'print' });
    try {
      // The list appears once the page has re-rendered for the ticked box.
      await page.locator('[data-drill-down] tbody tr').first().waitFor({ state: 'visible' });
      expect(await page.locator('[data-drill-down]').isVisible()).toBe(true);
      expect(pdfPages(await page.pdf({ format: 'A4' }))).toBeGreaterThan(3);
    } finally {
      await page.emulateMedia({ media: null }); // never leave the page printing for the next test
    }
    expect(await t.axe()).toEqual([]);
  });
});

describe('the team manager’s report', () => {
  beforeAll(async () => {
    await t.signIn('manager-north');
    await openReport();
  });
  afterAll(async () => t.signOut());

  it('names the team the figures are for, and breaks down that team only', async () => {
    expect(await page.locator('[data-team-name]').innerText()).toBe('North team');
    expect(await page.locator('[data-by-team] tbody th').allInnerTexts()).toEqual(['North team']);
    expect(await t.axe()).toEqual([]);
  });
});
