import type { Page } from 'playwright-core';
import type { PersonDetail } from '@ehc/contracts';
import { addDays } from '@ehc/workflow';
import { apiGet, BASE_URL, startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { fillDate as fillDateOn } from './support/case-journey.js';
import { pdfText } from '../casework/pdf-text.js';

/**
 * The casework around a case, through the web app as a caseworker does it: create a child's record, log a request
 * for them and link a second one, add a note, upload and view a report, generate and record a letter. axe (WCAG 2.2
 * AA) at every step.
 */
// A real (tiny) PDF: the header, one empty page, the trailer.
const REPORT = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const longDate = (iso: string) =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

let t: BrowserApp;
let page: Page;
let personId: string;
let caseId: string;

beforeAll(async () => {
  t = await startBrowserApp('casework');
  page = t.page;
  await t.signIn('cw-north-1');
});
afterAll(async () => {
  await t?.close();
});

/** This spec's page (support/case-journey.ts fillDate). */
const fillDate = (prefix: string, iso: string) => fillDateOn(page, prefix, iso);

/** Logs a request through the new-request form for the child whose details the form already holds (or types them). */
async function logRequest(received: string, link: 'link' | 'new' | 'none'): Promise<string> {
  await page.getByLabel('Parent').first().check();
  await fillDate('receivedOn', received);
  await page.getByLabel('Team').selectOption('north');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Check the request before you log it' }).waitFor();
  if (link !== 'none') {
    await page.getByText('Is this a child we already know?').waitFor();
    expect(await t.axe()).toEqual([]);
    if (link === 'link') await page.getByLabel(/Yes, link to Zofia Nowak/).check();
    else await page.getByLabel(/No, this is a different child/).check();
  }
  await page.getByRole('button', { name: 'Log the request' }).click();
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { name: 'Child and family' }).waitFor();
  return page.url().split('/').pop()!;
}

describe('the child and the casework around the case (web)', () => {
  it('creates a child’s record with a parent, and the record passes axe', async () => {
    await page.getByRole('link', { name: 'Find a child', exact: true }).click();
    await page.getByRole('heading', { name: 'Find a child' }).waitFor();
    expect(await t.axe()).toEqual([]);
    await page.getByRole('link', { name: 'Create a child’s record' }).click();
    await page.getByRole('heading', { name: 'Create a child’s record' }).waitFor();
    await page.getByRole('button', { name: 'Create record' }).click();
    await page.locator('.govuk-error-summary').getByText('Enter the child’s first name').waitFor();
    expect(await t.axe()).toEqual([]);
    await page.getByLabel('First name').fill('Zofia');
    await page.getByLabel('Last name').fill('Nowak');
    await fillDate('dateOfBirth', '2016-09-14');
    await page.getByLabel('Unique pupil number (UPN) (optional)').fill('Z123456789012');
    await page.getByLabel('Postcode (optional)').fill('CV34 4RL');
    await page.getByLabel('Home language (optional)').fill('Polish');
    await page.getByLabel('The family needs an interpreter').check();
    await page.getByRole('button', { name: 'Create record' }).click();
    await page.waitForURL(/\/persons\/[0-9a-f-]{36}$/);
    personId = page.url().split('/').pop()!;
    await page.getByRole('heading', { name: /Zofia Nowak/ }).waitFor();

    await page.getByText('Add a parent, carer or professional').click();
    await page.getByLabel('Full name').fill('Anna Nowak');
    await page.getByLabel('Relationship to the child').selectOption('mother');
    await page.getByLabel('Has parental responsibility').check();
    await page.getByLabel('Phone (optional)').fill('07700 900123');
    await page.getByLabel('Preferred way to contact them').selectOption('phone');
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('Added Anna Nowak').waitFor();
    await page.getByRole('table', { name: 'Parents, carers and professionals' }).getByText('Anna Nowak').waitFor();
    const contacts = await page.getByRole('table', { name: 'Parents, carers and professionals' }).innerText();
    expect(contacts).toContain('Mother, parental responsibility');
    expect(contacts).toContain('Phone: 07700 900123 (preferred)');
    expect(await t.axe()).toEqual([]);
  });

  it('logs a request for the child from the record, then a second request found by its similar name and linked to the same person', async () => {
    await page.getByRole('link', { name: 'Log a new request for this child' }).click();
    await page.getByRole('heading', { name: 'Log a request for an EHC needs assessment' }).waitFor();
    // The form starts from the record (once it has loaded).
    for (let i = 0; i < 50 && (await page.locator('#givenName').inputValue()) !== 'Zofia'; i++)
      await page.waitForTimeout(100);
    expect(await page.locator('#givenName').inputValue()).toBe('Zofia');
    caseId = await logRequest(addDays(t.today(), -10), 'link');
    const panel = page.locator('cw-child-family-panel');
    await panel.getByText('Anna Nowak').waitFor();
    expect(await panel.innerText()).toContain('Polish (needs an interpreter)');
    expect(await t.axe()).toEqual([]);

    // A second request typed afresh, with a misspelt first name and no UPN: offered the known child, and linked.
    await page.getByRole('link', { name: 'New request' }).click();
    await page.getByLabel('First name').fill('Zophia');
    await page.getByLabel('Last name').fill('Nowak');
    await fillDate('dateOfBirth', '2016-09-14');
    const second = await logRequest(addDays(t.today(), -2), 'link');
    expect((await apiGet<PersonDetail>(page, `/api/cases/${second}/person`)).id).toBe(personId);

    await page.getByRole('link', { name: /View Zofia’s record/ }).click();
    await page.getByRole('heading', { name: /Zofia Nowak/ }).waitFor();
    const requests = page.getByRole('table', { name: 'Requests and plans' });
    expect(await requests.locator('tbody tr').count()).toBe(2);
    expect(await t.axe()).toEqual([]);

    // The search finds her with the names the other way round.
    await page.getByRole('link', { name: 'Find a child', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill('Nowak Zofia');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: '1 child found' }).waitFor();
    expect(page.url()).not.toMatch(/Nowak|Zofia/);
    expect(await t.axe()).toEqual([]);
  });

  it('adds a note of a phone call, corrects it, and finds it by searching the case’s notes', async () => {
    await t.open(`/cases/${caseId}`);
    await page.getByRole('heading', { name: 'Notes and contacts' }).waitFor();
    await page.getByText('Add a note or contact').click();
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.locator('#add-note .govuk-error-summary').getByText('Select what it was').waitFor();
    expect(await t.axe()).toEqual([]);
    await page.getByLabel('Phone call').check();
    await page.getByLabel('With whom (optional)').fill('Anna Nowak (mother)');
    await page.getByLabel('Summary').fill('Explained the decision timetable; she asked for letters in Polish');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.getByRole('status').getByText('Note saved').waitFor();
    await page.getByText('Explained the decision timetable').waitFor();

    await page.getByRole('link', { name: /Correct the phone call/ }).click();
    await page
      .getByLabel('Summary')
      .fill('Explained the decision timetable; she asked for letters in Polish and English');
    await page.getByRole('button', { name: 'Save correction' }).click();
    await page.getByRole('status').getByText('Correction saved').waitFor();
    // The status can show before the notes panel has re-rendered with the corrected entry: wait for its tags.
    const tags = page.locator('cw-case-notes-panel .govuk-tag');
    await tags.getByText('Corrected', { exact: true }).first().waitFor();
    await tags.getByText('Correction', { exact: true }).first().waitFor();
    expect(await tags.allInnerTexts()).toEqual(expect.arrayContaining(['Corrected', 'Correction']));

    await page.getByRole('searchbox', { name: 'Search this case’s notes' }).fill('english');
    await page.getByRole('button', { name: 'Search notes' }).click();
    await page.getByText('1 note matches').waitFor();
    expect(await t.axe()).toEqual([]);
  });

  it('uploads an advice report linked to its Advice received event and views it (the view is audited); a text file called .pdf is refused', async () => {
    // The case moves on to advice received through the api (the event forms have their own browser tests).
    const post = async (event: Record<string, unknown>) => {
      const c = await apiGet<{ version: number }>(page, `/api/cases/${caseId}`);
      const r = await page.request.post(`${BASE_URL}/api/cases/${caseId}/events`, {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
        data: { expectedVersion: c.version, event },
      });
      expect(r.status()).toBe(200);
    };
    await post({ type: 'DecidedToAssess', date: addDays(t.today(), -8) });
    await post({ type: 'AdviceRequested', date: addDays(t.today(), -8), adviceId: 'ep', provider: 'psychology' });
    await post({ type: 'AdviceReceived', date: addDays(t.today(), -1), adviceId: 'ep' });
    await t.open(`/cases/${caseId}`);
    await page.getByRole('heading', { name: 'Documents' }).waitFor();

    await page.getByText('Upload a document').click();
    await page.getByLabel('What is it?').selectOption('advice-report');
    await page.getByLabel('Title').fill('Educational psychology advice');
    await page.getByLabel('File').setInputFiles({
      name: 'report.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('just some text pretending to be a PDF'),
    });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page
      .locator('#add-document .govuk-error-summary')
      .getByText(/The file must be a PDF/i)
      .waitFor();
    expect(await t.axe()).toEqual([]);

    await page
      .getByLabel('What it evidences (optional)')
      .selectOption({ label: `Advice received, ${longDate(addDays(t.today(), -1))}` });
    await page.getByLabel('File').setInputFiles({ name: 'ep-advice.pdf', mimeType: 'application/pdf', buffer: REPORT });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('status').getByText('Uploaded Educational psychology advice').waitFor();
    const row = page
      .getByRole('table', { name: 'Documents' })
      .getByRole('row')
      .filter({ hasText: 'Educational psychology advice' });
    await row.getByText(/^Advice received/).waitFor();
    expect(await t.axe()).toEqual([]);

    const href = await row.getByRole('link', { name: /^View/ }).getAttribute('href');
    const view = await page.request.get(`${BASE_URL}${href}`);
    expect(view.status()).toBe(200);
    expect(view.headers()['content-type']).toBe('application/pdf');
    expect(Buffer.compare(await view.body(), REPORT)).toBe(0);
    const audit = await t.db.dataSource.query(
      `SELECT username FROM audit_event WHERE action = 'case.document-view' AND case_id = $1`,
      [caseId],
    );
    expect(audit).toEqual([{ username: 'cw-north-1' }]);
  });

  it('generates the decision-to-assess letter as a PDF from the council’s template and records it with its date', async () => {
    await t.open(`/cases/${caseId}`);
    await page.getByRole('heading', { name: 'Letters' }).waitFor();
    await page.getByText('Send a letter').click();
    await page.getByRole('button', { name: 'Send and record the letter' }).click();
    await page.locator('#send-letter .govuk-error-summary').getByText('Select which notice to send').waitFor();
    expect(await t.axe()).toEqual([]);
    await page.getByLabel('Decision to assess (reg 5(1))').check();
    await page.getByRole('button', { name: 'Send and record the letter' }).click();
    await page
      .getByRole('status')
      .getByText(/Letter sent and recorded: Decision to assess/)
      .waitFor();
    const row = page.getByRole('table', { name: 'Letters' }).getByRole('row').filter({ hasText: 'Decision to assess' });
    expect(await row.innerText()).toContain(longDate(t.today()));
    // The letter is also one of the case's documents.
    await page
      .getByRole('table', { name: 'Documents' })
      .getByRole('rowheader', { name: /carry out an EHC needs assessment/ })
      .waitFor();
    expect(await t.axe()).toEqual([]);

    const href = await row.getByRole('link', { name: /View letter/ }).getAttribute('href');
    const pdf = await page.request.get(`${BASE_URL}${href}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const text = await pdfText(await pdf.body());
    expect(text).toContain('Dear Anna Nowak');
    expect(text).toMatch(/we decided to carry out an EHC needs assessment for Zofia Nowak/);
    expect(text).toMatch(/SENDIASS/);
    const [letter] = await t.db.dataSource.query(
      `SELECT notice, sent_on::text AS "sentOn" FROM case_letter WHERE case_id = $1`,
      [caseId],
    );
    expect(letter).toEqual({ notice: 'decision-to-assess', sentOn: t.today() });
  });

  it('a team manager rewords a letter template; leaving out the mediation adviser is refused, naming it', async () => {
    await t.signOut();
    await t.signIn('manager-north');
    await page.getByRole('link', { name: 'Letter templates' }).click();
    await page.getByRole('heading', { name: 'Letter templates' }).waitFor();
    await page.getByText('Decision not to assess (reg 5(3))').click();
    const body = page.getByLabel('Letter');
    const text = await body.inputValue();
    await body.fill(text.replace(/Before you appeal you must contact a mediation adviser[^\n]*\n/, ''));
    await page.getByRole('button', { name: 'Save template' }).click();
    await page
      .locator('.govuk-error-summary')
      .getByText(/the letter must say mediation: contacting the mediation adviser/)
      .waitFor();
    expect(await t.axe()).toEqual([]);
    await body.fill(text.replace('Yours sincerely,', 'With best wishes,'));
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByRole('status').getByText('Saved: Decision not to assess (reg 5(3))').waitFor();
    const [tpl] = await t.db.dataSource.query(
      `SELECT body, updated_by FROM letter_template WHERE notice = 'decision-not-to-assess'`,
    );
    expect(tpl).toEqual({ body: expect.stringContaining('With best wishes,'), updated_by: 'manager-north' });
  });

  it('a team manager finds a duplicate record of the same child and merges it: the requests move to one record', async () => {
    // A request logged as a new child although she was known (a second record of Zofia).
    const res = await page.request.post(`${BASE_URL}/api/cases`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
      data: {
        teamId: 'north',
        child: { givenName: 'Zofia', familyName: 'Nowak', dateOfBirth: '2016-09-14' },
        request: { date: t.today(), source: 'school' },
      },
    });
    expect(res.status()).toBe(201);
    await t.open(`/persons/${personId}`);
    await page.getByRole('button', { name: 'Find possible duplicates' }).click();
    const table = page.getByRole('table', { name: 'Duplicate records' });
    await table.getByText('Similar name, same date of birth').waitFor();
    expect(await t.axe()).toEqual([]);
    await table.getByRole('button', { name: /Merge into this record/ }).click();
    await table.getByRole('button', { name: /Confirm merge/ }).click();
    await page
      .getByRole('status')
      .getByText(/Merged: Zofia Nowak’s record is now part of this one/)
      .waitFor();
    for (
      let i = 0;
      i < 50 && (await page.getByRole('table', { name: 'Requests and plans' }).locator('tbody tr').count()) !== 3;
      i++
    )
      await page.waitForTimeout(100);
    expect(await page.getByRole('table', { name: 'Requests and plans' }).locator('tbody tr').count()).toBe(3);
    const [audit] = await t.db.dataSource.query(
      `SELECT username, detail->>'personId' AS kept FROM audit_event WHERE action = 'person.merge'`,
    );
    expect(audit).toEqual({ username: 'manager-north', kept: personId });
    expect(await t.axe()).toEqual([]);
  });

  it('corrects the child’s details from the record through the same journey as a case’s, with a reason; every case’s copy of the child follows', async () => {
    await t.open(`/persons/${personId}`);
    await page.getByRole('link', { name: 'Correct the child’s details' }).click();
    await page.getByRole('heading', { name: 'Correct the child’s details' }).waitFor();
    for (let i = 0; i < 50 && (await page.locator('#givenName').inputValue()) !== 'Zofia'; i++)
      await page.waitForTimeout(100);
    await page.getByLabel('Postcode (optional)').fill('CV32 5AA');
    await page.getByLabel('Home language (optional)').fill('Polish and English');
    await page.getByLabel('The family needs an interpreter').uncheck();
    expect(await t.axe()).toEqual([]);
    await page.getByRole('button', { name: 'Continue' }).click();
    // No change of a child's details without a reason, whichever page it starts from.
    await page.locator('.govuk-error-summary').getByText('Enter why you are correcting these details').waitFor();
    expect(await t.axe()).toEqual([]);
    await page.getByLabel('Why are you correcting these details?').fill('The family moved in March');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check the corrected details' }).waitFor();
    const answers = await page.locator('.govuk-summary-list').innerText();
    expect(answers).toContain('CV32 5AA');
    expect(answers).toContain('Polish and English');
    expect(answers).toMatch(/Interpreter needed\s+No\s+Was: Yes/);
    expect(answers).toContain('The family moved in March');
    expect(await t.axe()).toEqual([]);
    await page.getByRole('button', { name: 'Save the corrected details' }).click();
    await page.getByRole('heading', { name: 'Details corrected' }).waitFor();
    expect(page.url()).not.toMatch(/CV32|Polish|moved/);
    expect(await t.axe()).toEqual([]);
    await page.getByRole('link', { name: 'Go back to the child’s record' }).click();
    await page.getByRole('heading', { name: /Zofia Nowak/ }).waitFor();
    expect(await page.locator('.govuk-summary-list').first().innerText()).toContain('CV32 5AA');
    expect((await apiGet<{ child: { postcode: string } }>(page, `/api/cases/${caseId}`)).child.postcode).toBe(
      'CV32 5AA',
    );
    const changes = await t.db.dataSource.query(
      `SELECT case_id, fields, reason FROM child_detail_change WHERE person_id = $1`,
      [personId],
    );
    expect(changes).toEqual([
      { case_id: null, fields: ['postcode', 'homeLanguage', 'interpreterNeeded'], reason: 'The family moved in March' },
    ]);
  });
});
