import type { Page } from 'playwright-core';
import type { CaseDetail, CaseListItem, Page as ListPage } from '@ehc/contracts';
import { addDays } from '@ehc/workflow';
import { apiGet, startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { fillDate as fillDateOn } from './support/case-journey.js';
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
    const sticksOut = (el: any) => {
      const r = el.getBoundingClientRect();
      return (r.width > 0 || r.height > 0) && r.right > vw + 1;
    };
    const clipped = (el: any) => {
      for (let p = el.parentElement; p && p !== d.body; p = p.parentElement) {
        const ox = w.getComputedStyle(p).overflowX;
        if (ox !== 'visible' && !sticksOut(p)) return true;
      }
      return false;
    };
    const widest: string[] = [];
    for (const el of Array.from(d.querySelectorAll('body *')) as any[]) {
      if (
        !sticksOut(el) ||
        clipped(el) ||
        (el.parentElement && sticksOut(el.parentElement) && !clipped(el.parentElement))
      )
        continue;
      const cls = String(el.className?.baseVal ?? el.className ?? '').split(' ')[0];
      if (widest.length < 8)
        widest.push(
          `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls ? '.' + cls : ''} (${Math.round(el.getBoundingClientRect().right)}px)`,
        );
    }
    return { scrollWidth: d.documentElement.scrollWidth, clientWidth: vw, widest };
  });
}

async function expectReflows(name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const o = await horizontalOverflow();
  expect({ page: name, scrolls: o.scrollWidth > o.clientWidth, widest: o.widest }).toEqual({
    page: name,
    scrolls: false,
    widest: [],
  });
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

/** Focus is on a real element of the page (not lost to <body> or to an element no longer in the page). */
async function expectFocusKept(action: string): Promise<void> {
  const f = await focused(page);
  expect({ action, focus: f.tag }).not.toEqual({ action, focus: 'body' });
}

/** This spec's page (support/case-journey.ts fillDate). */
const fillDate = (prefix: string, iso: string) => fillDateOn(page, prefix, iso);

describe('page titles: one of its own for every page, "Error: " first while a form shows errors (WCAG 2.4.2)', () => {
  it('gives every page, and every case, a title of its own', async () => {
    const titles: string[] = [];
    const visit = async (path: string, ready = 'main h1') => {
      await t.open(path);
      await page.locator(ready).first().waitFor();
      await page.waitForLoadState('networkidle');
      titles.push(await page.title());
    };
    await visit('/sign-in');
    await t.signIn('cw-north-1');
    const list = await apiGet<ListPage<CaseListItem>>(page, '/api/cases?caseworker=me&limit=2');
    for (const path of ['/caseload', '/cases/new', '/alerts', '/nowhere']) await visit(path);
    for (const c of list.items) {
      await visit(`/cases/${c.id}`, '.moj-timeline__item');
      expect(await page.title()).toBe(`Case ${c.reference} – EHC assessments`);
    }
    await t.signOut();
    await t.signIn('manager-north');
    await visit('/queue');
    await t.signOut();
    await t.signIn('board');
    await visit('/board', '[data-figure="including"]');
    await t.signOut();
    await t.signIn('admin');
    await visit('/admin');
    await t.signOut();
    for (const title of titles) expect(title).toMatch(/ – EHC assessments$/);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('puts "Error: " first while a form shows errors, and takes it away when they are fixed', async () => {
    await t.open('/sign-in');
    expect(await page.title()).toBe('Sign in – EHC assessments');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.title()).toBe('Error: Sign in – EHC assessments');

    await t.signIn('cw-north-1');
    await t.open('/cases/new');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.title()).toBe('Error: New request for an EHC needs assessment – EHC assessments');
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill('Example');
    await fillDate('dateOfBirth', '2016-02-01');
    await fillDate('receivedOn', t.today());
    await page.getByLabel('School', { exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check the request before you log it' }).waitFor();
    expect(await page.title()).toBe('New request for an EHC needs assessment – EHC assessments');
    await t.signOut();
  });
});

describe('refusals in plain English', () => {
  it('refuses a step dated in the future in words, never with the event’s code name', async () => {
    await t.signIn('cw-north-1');
    // A case with a step whose only field is its date (so the date is the only thing to refuse).
    const list = await apiGet<ListPage<CaseListItem>>(page, '/api/cases?caseworker=me&limit=100');
    let target: { id: string; type: string } | null = null;
    for (const c of list.items) {
      const detail = await apiGet<CaseDetail>(page, `/api/cases/${c.id}`);
      const ev = detail.allowedEvents.find(
        (e) =>
          e.fields
            .filter((f) => f.required)
            .map((f) => f.name)
            .join() === 'date',
      );
      if (ev) {
        target = { id: c.id, type: ev.type };
        break;
      }
    }
    expect(target).not.toBeNull();
    const { id, type } = target!;
    await t.open(`/cases/${id}`);
    const details = page.locator(`#do-${type}`);
    await details.locator('summary').click();
    await fillDate(`${type}-date`, addDays(t.today(), 1));
    await details.getByRole('button', { name: /^Record/ }).click();
    const summary = details.locator('.govuk-error-summary');
    await summary.waitFor();
    const text = await summary.innerText();
    expect(text).toContain(
      'The date must be today or in the past: you can only record something that has already happened',
    );
    expect(text).not.toContain(type);
    expect(text).not.toMatch(/\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b|\d{4}-\d{2}-\d{2}/);
    expect(await page.title()).toMatch(/^Error: Case /);
    await expectFocusKept('a refused step');
    expect(await t.axe()).toEqual([]);
    await t.signOut();
  });
});

describe('focus is never lost after an in-page action (WCAG 2.4.3)', () => {
  it('sorting the caseload, searching the audit log, choosing to print the case list, cancelling a confirmation', async () => {
    await t.signIn('cw-north-1');
    await t.open('/caseload');
    await page.locator('main table tbody tr').first().waitFor();
    await page.locator('main thead button').first().click();
    await page.waitForLoadState('networkidle');
    await expectFocusKept('sorting the caseload');
    await t.signOut();

    await t.signIn('board');
    await page.locator('[data-figure="including"]').waitFor();
    await page.getByLabel('Include the list of cases when printing').check();
    await expectFocusKept('choosing to print the case list');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await page.waitForLoadState('networkidle');
    await expectFocusKept('showing the figures for a period');
    await t.signOut();

    await t.signIn('admin');
    await page.locator('#users-table tbody tr').first().waitFor();
    await page.getByLabel('Person’s name or username').fill('north');
    await page.getByRole('button', { name: 'Search the audit log' }).click();
    await page.waitForLoadState('networkidle');
    await expectFocusKept('searching the audit log');
    await page.locator('#users-table tbody tr').first().getByRole('link').first().click();
    await page.getByRole('button', { name: 'Disable account' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expectFocusKept('cancelling disabling an account');
    await t.signOut();
  });
});

describe('the GOV.UK timeout warning, and input kept when the session has to be renewed', () => {
  /** Moves the server's clock and the browser's together (the warning counts down on the browser's clock). */
  async function minutesPass(minutes: number): Promise<void> {
    t.clock.set(new Date(t.clock.now().getTime() + minutes * 60_000));
    await page.context().clock.setFixedTime(t.clock.now());
  }

  it('warns before the session ends; "Stay signed in" renews it and puts focus back where it was', async () => {
    await t.signIn('cw-north-1');
    await t.open('/cases/new');
    const first = page.getByLabel('First name');
    await first.fill('Ada');
    await first.focus();
    const dialog = page.getByRole('dialog', { name: 'You’re about to be signed out' });
    expect(await dialog.isVisible()).toBe(false);

    await minutesPass(26);
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('we will sign you out in 4 minutes');
    expect((await focused(page)).id).toBe('timeout-heading');
    expect(await t.axe()).toEqual([]);

    await dialog.getByRole('button', { name: 'Stay signed in' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await focused(page)).id).toBe('givenName');
    expect(await first.inputValue()).toBe('Ada');
    // Renewed: the server still knows us well after the old end.
    await minutesPass(26);
    await dialog.waitFor();
    await page.keyboard.press('Escape'); // Escape keeps the person signed in too
    await dialog.waitFor({ state: 'hidden' });
    await t.signOut();
  });

  it('when time runs out, signs the person out, and after signing in again brings them back to the page with their input', async () => {
    await t.signIn('cw-north-1');
    await t.open('/cases/new');
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill('Lovelace');
    await fillDate('dateOfBirth', '2016-02-01');

    await minutesPass(31);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
      'You were signed out because you had not done anything for a while',
    );
    expect(await t.axe()).toEqual([]);
    // The kept input is in the page's memory only: not in the address, not in storage.
    expect(page.url()).not.toMatch(/Ada|Lovelace/);
    expect(
      await page.evaluate(() =>
        JSON.stringify({ ...(globalThis as any).sessionStorage, ...(globalThis as any).localStorage }),
      ),
    ).not.toMatch(/Lovelace/);

    await page.getByLabel('Username').fill('cw-north-1');
    await page.getByLabel('Password').fill('demo-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/cases/new');
    await page.waitForFunction(
      () => ((globalThis as any).document.getElementById('familyName') as any)?.value === 'Lovelace',
    );
    expect(await page.getByLabel('First name').inputValue()).toBe('Ada');
    expect(await page.locator('#dateOfBirth-year').inputValue()).toBe('2016');
    // The form knows it too: continuing shows errors only for what was never typed.
    await page.getByRole('button', { name: 'Continue' }).click();
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(summary).not.toMatch(/first name|last name|date of birth/i);
    await t.signOut();
  });
});
