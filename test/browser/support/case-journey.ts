import { Readable } from 'node:stream';
import type { Page } from 'playwright-core';
import { importCases } from '@ehc/persistence';
import { addDays } from '@ehc/workflow';
import { startBrowserApp, type BrowserApp } from './browser-app.js';

/**
 * The dates of the request-to-final-plan journey, relative to the fixed "today" (day T). Every step is dated
 * on or before its own today: the law (and the api) refuse events in the future.
 */
export function journeyDates(today: string) {
  return {
    received: addDays(today, -30),
    decidedToAssess: addDays(today, -16),
    adviceRequested: addDays(today, -15),
    adviceReceived: addDays(today, -3),
    decidedToIssue: addDays(today, -2),
    draftIssued: today,
    /** reg 13(1): the family has 15 days on the draft, so the final plan cannot be dated today. */
    finalTooEarly: today,
  };
}

export const dayMonthYear = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return { day: String(Number(d)), month: String(Number(m)), year: y };
};

/** Text of the case page's timeline (the "Case history" section). */
export async function timelineTitles(page: Page): Promise<string[]> {
  return page.locator('.moj-timeline__title').allInnerTexts();
}

/** The stage heading of the case page (h1 without its caption). */
export async function stageHeading(page: Page): Promise<string> {
  return (await page.locator('main h1').innerText()).split('\n').pop()!.trim();
}

/** Fills a GOV.UK date input (`#<prefix>-day`, `-month`, `-year`) with a legal date. */
export async function fillDate(page: Page, prefix: string, iso: string): Promise<void> {
  const d = dayMonthYear(iso);
  await page.locator(`#${prefix}-day`).fill(d.day);
  await page.locator(`#${prefix}-month`).fill(d.month);
  await page.locator(`#${prefix}-year`).fill(d.year);
}

/**
 * An import line's history from the request to the final plan (the advice reg 6(1) requires before the decision to
 * issue), for tests that start on the maintained plan: the request of 4 November 2024 with its final plan on 24 March
 * 2025 (a mainstream placement), assigned to cw-north-1.
 */
export const HISTORY_TO_FINAL_PLAN_2025 = [
  { type: 'RequestReceived', date: '2024-11-04', source: 'parent' },
  { type: 'CaseworkerAssigned', date: '2024-11-04', caseworker: 'cw-north-1' },
  { type: 'DecidedToAssess', date: '2024-12-09' },
  ...['parent', 'education', 'health', 'psychology', 'social-care'].map((provider) => ({
    type: 'AdviceRequested',
    date: '2024-12-10',
    adviceId: `a-${provider}`,
    provider,
  })),
  { type: 'DecidedToIssue', date: '2025-02-24' },
  { type: 'DraftPlanIssued', date: '2025-03-03' },
  { type: 'FinalPlanIssued', date: '2025-03-24', placement: 'mainstream' },
];

/** Starts the browser app, imports the lines (none may be refused) and signs in: a test that starts on a case. */
export async function startOnImportedCases(
  label: string,
  lines: readonly unknown[],
  username = 'cw-north-1',
): Promise<BrowserApp> {
  const t = await startBrowserApp(label);
  const s = await importCases(t.db.dataSource, Readable.from(lines.map((l) => JSON.stringify(l))), {
    actor: 'import',
    today: t.today(),
    finalPlanDays: t.config.finalPlanDays,
    defaultTeam: 'north',
  });
  expect(s.rejected).toEqual([]);
  await t.signIn(username);
  return t;
}
