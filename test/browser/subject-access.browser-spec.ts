import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { strFromU8, unzipSync } from 'fflate';
import { BASE_URL, startBrowserApp, type BrowserApp } from './support/browser-app.js';

// A subject access request as a team manager answers it (docs/subject-access.md): the button on the child's record
// downloads one zip with the readable page, the JSON and the child's documents; a caseworker is not offered it.
let t: BrowserApp;
let page: Page;
let personId: string;
let reference: string;
const XHR = { 'x-requested-with': 'XMLHttpRequest' };

beforeAll(async () => {
  t = await startBrowserApp('sar');
  page = t.page;
  await t.signIn('manager-north');
  const person = await page.request.post(`${BASE_URL}/api/persons`, {
    headers: XHR,
    data: { givenName: 'Wiktoria', familyName: 'Zielinska', dateOfBirth: '2016-02-11' },
  });
  expect(person.status()).toBe(201);
  personId = (await person.json()).id;
  const c = await page.request.post(`${BASE_URL}/api/cases`, {
    headers: XHR,
    data: { teamId: 'north', personId, request: { date: t.today(), source: 'parent' } },
  });
  expect(c.status()).toBe(201);
  ({ reference } = await c.json());
  const note = await page.request.post(`${BASE_URL}/api/cases/${(await c.json()).id}/notes`, {
    headers: XHR,
    data: { kind: 'call', occurredOn: t.today(), withWhom: 'Father', summary: 'Asked for a copy of everything held' },
  });
  expect(note.status()).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

describe('subject access export from the person page', () => {
  it('a team manager downloads the zip: the page, the JSON and the child’s records, and the download is audited', async () => {
    await t.open(`/persons/${personId}`);
    await page.getByRole('heading', { name: 'Subject access request' }).waitFor();
    expect(await t.axe()).toEqual([]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download everything we hold about this child' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^subject-access-[0-9a-f]{8}-\d{4}-\d{2}-\d{2}\.zip$/);
    const path = await download.path();
    const files = unzipSync(new Uint8Array(readFileSync(path)));
    const json = JSON.parse(strFromU8(files['export.json']!));
    expect(json).toMatchObject({
      version: 1,
      person: { id: personId, givenName: 'Wiktoria' },
      cases: [{ reference, notes: [{ summary: 'Asked for a copy of everything held' }] }],
    });
    expect(strFromU8(files['export.html']!)).toContain('Information we hold about Wiktoria Zielinska');
    const rows = await t.db.dataSource.query(
      `SELECT username, detail->>'personId' AS person FROM audit_event WHERE action = 'person.export'`,
    );
    expect(rows).toEqual([{ username: 'manager-north', person: personId }]);
  });

  it('a caseworker sees the record without the download', async () => {
    await t.signOut();
    await t.signIn('cw-north-1');
    await t.open(`/persons/${personId}`);
    await page.getByRole('heading', { name: 'Requests and plans' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Subject access request' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /Download everything/ }).count()).toBe(0);
  });
});
