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
 * An import line's history from the request to the final plan, the whole journey the law asks for (reg 6(1) advice
 * from the five advisers, the decision to issue, the draft): for tests that start from a plan already issued.
 */
export function historyToFinalPlan(d: {
  received: string;
  decidedToAssess: string;
  adviceRequested: string;
  decidedToIssue: string;
  draftIssued: string;
  finalIssued: string;
  caseworker: string;
}): ({ type: string; date: string } & Record<string, unknown>)[] {
  return [
    { type: 'RequestReceived', date: d.received, source: 'parent' },
    { type: 'CaseworkerAssigned', date: d.received, caseworker: d.caseworker },
    { type: 'DecidedToAssess', date: d.decidedToAssess },
    ...['parent', 'education', 'health', 'psychology', 'social-care'].map((provider) => ({
      type: 'AdviceRequested',
      date: d.adviceRequested,
      adviceId: `a-${provider}`,
      provider,
    })),
    { type: 'DecidedToIssue', date: d.decidedToIssue },
    { type: 'DraftPlanIssued', date: d.draftIssued },
    { type: 'FinalPlanIssued', date: d.finalIssued, placement: 'mainstream' },
  ];
}

/** The request of 4 November 2024 with its final plan on 24 March 2025 (a mainstream placement), for cw-north-1. */
export const HISTORY_TO_FINAL_PLAN_2025 = historyToFinalPlan({
  received: '2024-11-04',
  decidedToAssess: '2024-12-09',
  adviceRequested: '2024-12-10',
  decidedToIssue: '2025-02-24',
  draftIssued: '2025-03-03',
  finalIssued: '2025-03-24',
  caseworker: 'cw-north-1',
});

/** Imports case lines (the import format, docs/events.md) into the test app as of its fixed day; none may be refused. */
export async function importLines(t: BrowserApp, lines: readonly object[]): Promise<void> {
  const s = await importCases(t.db.dataSource, Readable.from(lines.map((l) => JSON.stringify(l))), {
    actor: 'import',
    today: t.today(),
    finalPlanDays: t.config.finalPlanDays,
    defaultTeam: 'north',
  });
  expect(s.rejected).toEqual([]);
}

/** Starts the browser app, imports the lines (none may be refused) and signs in: a test that starts on a case. */
export async function startOnImportedCases(
  label: string,
  lines: readonly object[],
  username = 'cw-north-1',
): Promise<BrowserApp> {
  const t = await startBrowserApp(label);
  await importLines(t, lines);
  await t.signIn(username);
  return t;
}
