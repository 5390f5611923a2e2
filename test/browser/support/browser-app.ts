import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { FixedClock, loadConfig, londonDateOf, type AppConfig } from '@ehc/platform';
import { addDays } from '@ehc/workflow';
import { demoHistory, importCases } from '@ehc/persistence';
import { createApi } from '../../../apps/api/src/app.factory.js';
import { DEMO_PASSWORD, seedDemoUsers } from '../../../apps/api/src/auth/demo-users.js';
import { DEMO_TEAMS } from '../../../apps/api/src/auth/demo-teams.js';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '../../support/test-database.js';

/** Fixed, below 32768 (outside the ephemeral range), on loopback only. Browser test files run one at a time. */
// BROWSER_TEST_PORT lets two checkouts run their browser suites side by side (each below 32768).
export const PORT = Number(process.env.BROWSER_TEST_PORT ?? 3911);
export const BASE_URL = `http://127.0.0.1:${PORT}`;
/** A Wednesday morning in London (GMT in March): the server's clock and the browser's agree on it. */
export const START = '2026-03-04T09:30:00Z';
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const OVERDUE_REFERENCE = 'NORTH-OVERDUE-1';
export { DEMO_PASSWORD };

export interface BrowserApp {
  app: NestFastifyApplication;
  db: TestDatabase;
  clock: FixedClock;
  config: AppConfig;
  context: BrowserContext;
  page: Page;
  /** Today's London date on the fixed clock. */
  today(): string;
  /** Moves the server clock and the page's clock together. */
  advanceDays(days: number): Promise<void>;
  /** Signs in through the sign-in page and waits for the role's home page. */
  signIn(username: string, password?: string): Promise<void>;
  signOut(): Promise<void>;
  /** A fresh page load of a path, waiting until the app has rendered its main content. */
  open(path: string): Promise<void>;
  /** axe with the WCAG 2.2 AA tags: the violations, shortened for a readable failure message. */
  axe(): Promise<{ id: string; impact: string | null | undefined; help: string; nodes: string[] }[]>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A small demo council: two years of history (15 requests a month across the three teams), plus one north case
 * whose 20-week limit passed two months ago with no plan, so the north manager's queue always has an overdue item.
 */
export async function seedDemoCases(db: TestDatabase, today: string, finalPlanDays: number): Promise<number> {
  const lines = [...demoHistory({ from: addDays(today, -730), today, requestsPerMonth: 15, teams: DEMO_TEAMS })].map(
    (l) => JSON.stringify(l),
  );
  const requested = addDays(today, -200);
  lines.push(
    JSON.stringify({
      reference: OVERDUE_REFERENCE,
      team: 'north',
      child: { givenName: 'Olive', familyName: 'Overdue', dateOfBirth: '2016-05-14' },
      events: [
        { type: 'RequestReceived', date: requested, source: 'parent' },
        { type: 'CaseworkerAssigned', date: requested, caseworker: 'cw-north-2' },
        { type: 'DecidedToAssess', date: addDays(requested, 30) },
      ],
    }),
  );
  const s = await importCases(db.dataSource, Readable.from(lines), {
    actor: 'import',
    today,
    finalPlanDays,
    defaultTeam: 'north',
  });
  if (s.rejected.length) throw new Error(`demo import rejected ${s.rejected.length} lines: ${s.rejected[0].reason}`);
  return s.accepted;
}

/** The real api on a fresh database with demo data, serving dist/web/browser, and a fresh Chromium profile. */
export async function startBrowserApp(label: string, env: Record<string, string> = {}): Promise<BrowserApp> {
  const db = await createTestDatabase(`browser${label}`);
  const clock = new FixedClock(new Date(START));
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: testRedisPrefix(`browser${label}`),
    ...env,
  });
  await seedDemoUsers(db.dataSource);
  await seedDemoCases(db, londonDateOf(clock.now()), config.finalPlanDays);
  const app = await createApi({ config, dataSource: db.dataSource, webRoot: resolve('dist/web/browser'), clock });
  await app.listen(PORT, '127.0.0.1');

  const profile = mkdtempSync(join(tmpdir(), 'ehc-chrome-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  // The browser's "today" (date checks on the forms) is the server's fixed day; timers still run normally.
  await context.clock.setFixedTime(clock.now());
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15000);
  const shots = resolve('test-results/screenshots');
  mkdirSync(shots, { recursive: true });

  const open = async (path: string) => {
    await page.goto(`${BASE_URL}${path}`, { waitUntil: 'networkidle' });
    await page.locator('main h1').first().waitFor();
  };
  const browserApp: BrowserApp = {
    app,
    db,
    clock,
    config,
    context,
    page,
    today: () => londonDateOf(clock.now()),
    async advanceDays(days) {
      clock.advanceDays(days);
      await context.clock.setFixedTime(clock.now());
    },
    async signIn(username, password = DEMO_PASSWORD) {
      await open('/sign-in');
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => u.pathname !== '/sign-in');
      await page.getByText('Signed in as').waitFor();
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
    },
    async signOut() {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    },
    open,
    async axe() {
      const r = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
      }));
    },
    async screenshot(name) {
      const path = join(shots, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
      await app.close();
      await db.drop();
    },
  };
  return browserApp;
}

/** Fetches an api path with the browser's own session cookie (what the page itself would get). */
export async function apiGet<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(`${BASE_URL}${path}`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
  if (!res.ok()) throw new Error(`GET ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}
