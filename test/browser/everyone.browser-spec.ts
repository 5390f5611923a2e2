import type { Page } from 'playwright-core';
import type { CaseListItem, Page as ListPage } from '@ehc/contracts';
import { addDays } from '@ehc/workflow';
import { apiGet, startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { dayMonthYear } from './support/case-journey.js';
import { focused } from './support/keyboard.js';

// What every user needs on every page: reflow at 320 CSS px (WCAG 1.4.10), a page title of its own with "Error: "
// while a form shows errors (2.4.2), focus kept after in-page actions (2.4.3), the GOV.UK timeout warning with the
// input kept when the session has to be renewed (2.2.1, 2.2.5), and refusals in plain English.
let t: BrowserApp;
let page: Page;

beforeAll(async () => {
  t = await startBrowserApp('everyone');
  page = t.page;
});
afterAll(async () => {
  await t?.close();
});

/**
 * Whether the page scrolls sideways, and the outermost elements that stick out past the viewport without being
 * inside something that scrolls by itself (a data table may scroll within itself: WCAG 1.4.10's exception).
 */
async function horizontalOverflow(): Promise<{ scrollWidth: number; clientWidth: number; widest: string[] }> {
  return page.evaluate(() => {
    const w = globalThis as any;
    const d = w.document;
    const vw = d.documentElement.clientWidth;
    const sticksOut = (el: any) => { const r = el.getBoundingClientRect(); return (r.width > 0 || r.height > 0) && r.right > vw + 1; };
    const clipped = (el: any) => {
      for (let p = el.parentElement; p && p !== d.body; p = p.parentElement) {
        const ox = w.getComputedStyle(p).overflowX;
        if (ox !== 'visible' && !sticksOut(p)) return true;
      }
      return false;
    };
    const widest: string[] = [];
    for (const el of Array.from(d.querySelectorAll('body *')) as any[]) {
      if (!sticksOut(el) || clipped(el) || (el.parentElement && sticksOut(el.parentElement) && !clipped(el.parentElement))) continue;
      const cls = String(el.className?.baseVal ?? el.className ?? '').split(' ')[0];
      if (widest.length < 8) widest.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls ? '.' + cls : ''} (${Math.round(el.getBoundingClientRect().right)}px)`);
    }
    return { scrollWidth: d.documentElement.scrollWidth, clientWidth: vw, widest };
  });
}

async function expectReflows(name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const o = await horizontalOverflow();
  expect({ page: name, scrolls: o.scrollWidth > o.clientWidth, widest: o.widest }).toEqual({ page: name, scrolls: false, widest: [] });
  // …and still passes axe at that width (a table that scrolls must be reachable by keyboard).
  expect(await t.axe()).toEqual([]);
}

async function someCaseId(): Promise<string> {
  const list = await apiGet<ListPage<CaseListItem>>(page, '/api/cases?caseworker=me&limit=100&sort=next_due');
  return (list.items.find((i) => i.stage === 'assessing') ?? list.items[0]).id;
}

describe('reflow: every page at 320 CSS px wide, with no sideways scrolling (WCAG 1.4.10)', () => {
  beforeAll(async () => page.setViewportSize({ width: 320, height: 640 }));
  afterAll(async () => page.setViewportSize({ width: 1280, height: 900 }));

  it('sign-in, with and without errors', async () => {
    await t.open('/sign-in');
    await expectReflows('sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await expectReflows('sign-in errors');
  });

  it('a caseworker’s pages: caseload, new request (with errors), a case with a form open, alerts, page not found', async () => {
    await t.signIn('cw-north-1');
    await t.open('/caseload');
    await page.locator('main table tbody tr').first().waitFor();
    await expectReflows('caseload');
    await t.open('/cases/new');
    await expectReflows('new request');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await expectReflows('new request errors');
    await t.open(`/cases/${await someCaseId()}`);
    await page.locator('.moj-timeline__item').first().waitFor();
    await expectReflows('case');
    await page.locator('main details summary').first().click();
    await expectReflows('case with a form open');
    await t.open('/alerts');
    await expectReflows('alerts');
    await t.open('/no-such-page');
    await expectReflows('not found');
    await t.signOut();
  });

  it('a team manager’s pages: deadline queue, team caseload, board report', async () => {
    await t.signIn('manager-north');
    await t.open('/queue');
    await page.locator('main table tbody tr').first().waitFor();
    await expectReflows('queue');
    await t.open('/caseload');
    await page.locator('main table tbody tr').first().waitFor();
    await expectReflows('team caseload');
    await t.open('/board');
    await page.locator('[data-figure="including"]').waitFor();
    await expectReflows('manager board');
    await t.signOut();
  });

  it('the board report and the admin pages', async () => {
    await t.signIn('board');
    await page.locator('[data-figure="including"]').waitFor();
    await page.locator('main table tbody tr').last().waitFor();
    await expectReflows('board');
    await t.signOut();
    await t.signIn('admin');
    await page.locator('#users-table tbody tr').first().waitFor();
    await page.locator('[data-audit-table] tbody tr').first().waitFor();
    await expectReflows('admin');
    await t.signOut();
  });
});
