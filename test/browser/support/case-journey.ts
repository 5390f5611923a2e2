import type { Page } from 'playwright-core';
import { addDays } from '@ehc/workflow';

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
