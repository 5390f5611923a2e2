import { createHash } from 'node:crypto';
import { unzipSync, strFromU8 } from 'fflate';
import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';
import { pdf } from './pdf-fixture.js';
import { uploadDocument } from './document-upload.js';

/**
 * Subject access (UK GDPR art. 15; docs/subject-access.md): everything held about one child in one zip — the person,
 * family and professionals, every case with its history (corrections with who, when and why), exceptions, deadlines,
 * notes, documents (the files themselves), letters and the audit of who looked at them — and nothing about anyone
 * else. Team managers only; every export and every refusal audited with ids only.
 */
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('subject access export (e2e)', () => {
  let h: ApiHarness;
  let cw: string;
  let manager: string;
  let southManager: string;
  let admin: string;
  const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    h.app.inject({ method, url, payload: payload as any, headers: { cookie, ...XHR } });
  const ok = async (cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const res = await call(cookie, method, url, payload);
    expect({ url, status: res.statusCode < 300 ? 'ok' : res.json() }).toEqual({ url, status: 'ok' });
    return res.json();
  };
  async function caseWith(personId: string, requestDate: string, events: Record<string, unknown>[]) {
    let c = await ok(cw, 'POST', '/api/cases', {
      teamId: 'north',
      personId,
      request: { date: requestDate, source: 'parent' },
    });
    for (const event of events)
      c = await ok(cw, 'POST', `/api/cases/${c.id}/events`, { expectedVersion: c.version, event });
    return c;
  }

  let ada: any;
  let bob: any;
  let refused: any;
  let open: any;
  let report: Buffer;
  let letter: any;

  beforeAll(async () => {
    h = await startApi('subjectaccess');
    [cw, manager, southManager, admin] = await Promise.all([
      h.login('cw-north-1'),
      h.login('manager-north'),
      h.login('manager-south'),
      h.login('admin'),
    ]);

    ada = await ok(cw, 'POST', '/api/persons', {
      givenName: 'Adaeze',
      familyName: 'Okonkwo',
      dateOfBirth: '2015-03-02',
      upn: 'A123456789012',
      postcode: 'CV34 4RL',
      schoolName: 'Castle Primary',
    });
    await ok(cw, 'POST', `/api/persons/${ada.id}/contacts`, {
      kind: 'parent-carer',
      name: 'Ngozi Okonkwo',
      relationship: 'mother',
      parentalResponsibility: true,
      email: 'ngozi@example.org',
    });
    await ok(cw, 'POST', `/api/persons/${ada.id}/contacts`, {
      kind: 'professional',
      name: 'Priya Shah',
      relationship: 'social-worker',
      organisation: 'Children’s services',
    });
    // An earlier request, refused, and the current one: an assessment with a letter, a document, a note, a correction and an exception.
    refused = await caseWith(ada.id, '2024-01-08', [
      { type: 'DecidedNotToAssess', date: '2024-02-05', reasons: 'Needs met from the school’s resources' },
    ]);
    open = await caseWith(ada.id, '2025-01-06', [
      { type: 'DecidedToAssess', date: '2025-01-13' },
      { type: 'AdviceRequested', date: '2025-01-13', adviceId: 'ep', provider: 'psychology' },
      {
        type: 'ExceptionRecorded',
        date: '2025-02-20',
        exceptionId: 'x1',
        kind: 'exceptional-personal-circumstances',
        from: '2025-01-20',
        to: '2025-02-10',
        appliesTo: ['final-plan'],
        evidence: 'Parent in hospital',
      },
    ]);
    const tl = await ok(cw, 'GET', `/api/cases/${open.id}/events`);
    const request = tl.find((e: any) => e.type === 'AdviceRequested');
    open = await ok(cw, 'POST', `/api/cases/${open.id}/events`, {
      expectedVersion: open.version,
      event: {
        type: 'EventCorrected',
        date: '2025-03-03',
        corrects: request.eventId,
        reason: 'Asked on the 14th, not the 13th',
        correction: { date: '2025-01-14' },
      },
    });
    await ok(cw, 'POST', `/api/cases/${open.id}/notes`, {
      kind: 'call',
      occurredOn: '2025-02-03',
      withWhom: 'Mother',
      summary: 'Talked through the assessment steps',
    });
    await ok(cw, 'POST', `/api/cases/${refused.id}/notes`, {
      kind: 'note',
      occurredOn: '2024-02-06',
      summary: 'Family told of the right to appeal',
    });
    report = await pdf('Educational psychology advice for the assessment');
    const up = await uploadDocument(h, cw, open.id, report, { kind: 'other', title: 'School report / spring' });
    expect(up.statusCode).toBe(201);
    letter = await ok(cw, 'POST', `/api/cases/${open.id}/letters`, {
      notice: 'decision-to-assess',
      sentOn: '2025-01-14',
    });
    // A change made on the child's record, not on a case.
    const changed = await h.app.inject({
      method: 'PATCH',
      url: `/api/persons/${ada.id}`,
      headers: { cookie: cw, ...XHR },
      payload: {
        givenName: 'Adaeze',
        familyName: 'Okonkwo',
        dateOfBirth: '2015-03-02',
        upn: 'A123456789012',
        postcode: 'CV34 4RL',
        schoolName: 'Castle Primary',
        homeLanguage: 'Igbo',
        reason: 'Ngozi asked for letters in Igbo too',
      },
    });
    expect(changed.statusCode).toBe(200);

    // Another child of the same team: nothing of theirs may appear.
    bob = await ok(cw, 'POST', '/api/persons', {
      givenName: 'Bartholomew',
      familyName: 'Quigley',
      dateOfBirth: '2014-06-01',
      upn: 'B999999999999',
    });
    await ok(cw, 'POST', `/api/persons/${bob.id}/contacts`, {
      kind: 'parent-carer',
      name: 'Henrietta Quigley',
      relationship: 'mother',
    });
    const other = await caseWith(bob.id, '2025-01-06', [{ type: 'DecidedToAssess', date: '2025-01-20' }]);
    await ok(cw, 'POST', `/api/cases/${other.id}/notes`, {
      kind: 'note',
      occurredOn: '2025-01-21',
      summary: 'Zanzibar holiday planned',
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a team manager downloads one zip with export.json, export.html and every document; all of the child, none of anyone else', async () => {
    const res = await call(manager, 'GET', `/api/persons/${ada.id}/subject-access-export`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="subject-access-[0-9a-f]{8}-2025-03-03\.zip"$/,
    );
    expect(res.headers['content-disposition']).not.toMatch(/Adaeze|Okonkwo/);
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const names = Object.keys(files).sort();
    expect(names).toEqual(expect.arrayContaining(['export.html', 'export.json']));
    const json = JSON.parse(strFromU8(files['export.json']!));
    const html = strFromU8(files['export.html']!);

    expect(json).toMatchObject({
      format: 'ehc-subject-access-export',
      version: 1,
      generatedBy: { username: 'manager-north' },
      person: {
        id: ada.id,
        givenName: 'Adaeze',
        familyName: 'Okonkwo',
        dateOfBirth: '2015-03-02',
        upn: 'A123456789012',
        postcode: 'CV34 4RL',
        schoolName: 'Castle Primary',
      },
    });
    expect(json.contacts.map((c: any) => [c.kind, c.name, c.relationship])).toEqual(
      expect.arrayContaining([
        ['parent-carer', 'Ngozi Okonkwo', 'mother'],
        ['professional', 'Priya Shah', 'social-worker'],
      ]),
    );
    expect(json.cases.map((c: any) => c.reference)).toEqual([refused.reference, open.reference]);
    const [first, second] = json.cases;
    expect(first.timeline.map((e: any) => e.type)).toEqual([
      'RequestReceived',
      'CaseworkerAssigned',
      'DecidedNotToAssess',
    ]);
    expect(first.notes.map((n: any) => n.summary)).toEqual(['Family told of the right to appeal']);
    // The correction: the entry marked, with who, when and why, and the correction itself as its own entry.
    const corrected = second.timeline.find((e: any) => e.type === 'AdviceRequested');
    expect(corrected).toMatchObject({
      correctionStatus: 'corrected',
      corrections: [
        expect.objectContaining({
          type: 'EventCorrected',
          reason: 'Asked on the 14th, not the 13th',
          actorName: expect.stringMatching(/caseworker 1/),
          correction: { date: '2025-01-14' },
          recordedAt: expect.any(String),
        }),
      ],
    });
    expect(second.timeline.map((e: any) => e.type)).toEqual(
      expect.arrayContaining(['EventCorrected', 'ExceptionRecorded', 'NoticeSent']),
    );
    expect(second.exceptions).toEqual([
      expect.objectContaining({
        exceptionId: 'x1',
        kind: 'exceptional-personal-circumstances',
        evidence: 'Parent in hospital',
      }),
    ]);
    expect(second.deadlines.length).toBeGreaterThan(0);
    expect(second.deadlines[0]).toEqual(
      expect.objectContaining({
        kind: expect.any(String),
        due: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        status: expect.any(String),
      }),
    );
    expect(second.notes).toEqual([
      expect.objectContaining({
        kind: 'call',
        withWhom: 'Mother',
        summary: 'Talked through the assessment steps',
        author: 'cw-north-1',
      }),
    ]);
    expect(json.personalDataErasedOn).toBeNull();
    expect(json.personDetailChanges).toEqual([
      expect.objectContaining({
        fields: ['homeLanguage'],
        previous: { homeLanguage: null },
        reason: 'Ngozi asked for letters in Igbo too',
        username: 'cw-north-1',
      }),
    ]);
    expect(second.letters).toEqual([
      expect.objectContaining({ notice: 'decision-to-assess', sentOn: '2025-01-14', documentId: letter.documentId }),
    ]);

    // The files themselves, byte for byte, where export.json says they are.
    expect(second.documents.map((d: any) => d.kind).sort()).toEqual(['letter', 'other']);
    for (const d of second.documents) {
      expect(files[d.file]).toBeDefined();
      expect(sha256(files[d.file]!)).toBe(d.sha256);
      expect(d.file).toMatch(/^documents\/[^/]+\/[^/]+\.pdf$/);
    }
    const uploaded = second.documents.find((d: any) => d.kind === 'other');
    expect(Buffer.from(files[uploaded.file]!).equals(report)).toBe(true);
    expect(uploaded.file).not.toContain('School report /'); // the title's slash never makes a folder
    expect(names.filter((n) => n.startsWith('documents/'))).toHaveLength(2);

    // Who looked at the child's cases and record, with the case reference.
    expect(json.audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'case.read-timeline',
          username: 'cw-north-1',
          caseReference: open.reference,
        }),
        expect.objectContaining({ action: 'person.create', username: 'cw-north-1' }),
        expect.objectContaining({ action: 'case.letter-send', caseReference: open.reference }),
      ]),
    );
    expect(json.audit.every((a: any) => a.ip === undefined)).toBe(true);

    // The readable copy says the same.
    expect(html).toContain('<title>Information we hold about Adaeze Okonkwo</title>');
    for (const text of [
      'Ngozi Okonkwo',
      'Priya Shah',
      open.reference,
      refused.reference,
      'Asked on the 14th, not the 13th',
      'Talked through the assessment steps',
      'Parent in hospital',
      uploaded.file,
      'Castle Primary',
      'Ngozi asked for letters in Igbo too',
    ])
      expect(html).toContain(text);
    expect(html).toContain(`content="default-src 'none'`);

    // Nobody else's data.
    const all = strFromU8(files['export.json']!) + html + names.join('\n');
    for (const other of ['Bartholomew', 'Quigley', 'B999999999999', 'Henrietta', 'Zanzibar', bob.id])
      expect(all).not.toContain(other);
  });

  it('the export is audited: who, when, which person and cases, ids only', async () => {
    const rows = await h.sql(
      `SELECT action, username, case_id, detail FROM audit_event WHERE action IN ('person.export', 'case.export') ORDER BY id`,
    );
    expect(rows[0]).toMatchObject({
      action: 'person.export',
      username: 'manager-north',
      case_id: null,
      detail: { personId: ada.id, caseIds: [refused.id, open.id], documents: 2, version: 1 },
    });
    expect(rows.slice(1).map((r) => [r.action, r.case_id, r.detail.personId])).toEqual([
      ['case.export', refused.id, ada.id],
      ['case.export', open.id, ada.id],
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/Adaeze|Okonkwo|A123456789012|CV34|2015-03-02/);
  });

  it('a caseworker, the admin and the board are refused with 403, audited with the person’s id', async () => {
    const board = await h.login('board');
    for (const [who, cookie] of [
      ['cw-north-1', cw],
      ['admin', admin],
      ['board', board],
    ] as const) {
      const res = await call(cookie, 'GET', `/api/persons/${ada.id}/subject-access-export`);
      expect({ who, status: res.statusCode, code: res.json().code }).toEqual({ who, status: 403, code: 'FORBIDDEN' });
      const [row] = await h.sql(
        `SELECT action, detail FROM audit_event WHERE username = $1 AND action = 'access.denied' ORDER BY id DESC LIMIT 1`,
        [who],
      );
      expect(row).toEqual({
        action: 'access.denied',
        detail: { method: 'GET', route: '/api/persons/:id/subject-access-export', personId: ada.id },
      });
    }
    expect(
      await h.sql(
        `SELECT count(*)::int AS n FROM audit_event WHERE action = 'person.export' AND username <> 'manager-north'`,
      ),
    ).toEqual([{ n: 0 }]);
  });

  it('another team’s manager gets "not found" (no existence leak), audited as a refused export', async () => {
    const res = await call(southManager, 'GET', `/api/persons/${ada.id}/subject-access-export`);
    expect(res.statusCode).toBe(404);
    const [row] = await h.sql(
      `SELECT detail FROM audit_event WHERE action = 'person.export-refused' AND username = 'manager-south'`,
    );
    expect(row.detail).toMatchObject({ personId: ada.id, status: 404 });
  });

  it('a child whose personal data was erased: the export says so, with the date, and gives no blanks as if they were details', async () => {
    const cressida = await ok(cw, 'POST', '/api/persons', {
      givenName: 'Cressida',
      familyName: 'Vale',
      dateOfBirth: '2010-05-05',
      postcode: 'CV35 1AA',
    });
    await ok(cw, 'POST', `/api/persons/${cressida.id}/contacts`, {
      kind: 'parent-carer',
      name: 'Ottilie Vale',
      relationship: 'mother',
    });
    let c = await caseWith(cressida.id, '2024-01-08', []);
    await ok(cw, 'POST', `/api/cases/${c.id}/notes`, {
      kind: 'note',
      occurredOn: '2024-01-09',
      summary: 'Cressida likes drawing',
    });
    c = await ok(cw, 'POST', `/api/cases/${c.id}/events`, {
      expectedVersion: c.version,
      event: { type: 'RequestWithdrawn', date: '2024-01-20', reason: 'Ottilie withdrew it' },
    });
    await h.sql(
      `INSERT INTO retention_review (person_id, case_ids, case_references, due_on, reason, status, decided_by, decided_at)
      SELECT $1, ARRAY[$2::uuid], ARRAY[$3], '2025-01-01', 'closed-without-plan', 'approved', id, now() FROM app_user WHERE username = 'admin'`,
      [cressida.id, c.id, c.reference],
    );
    await h.sql(`SELECT erase_personal_data($1, '2025-02-14')`, [cressida.id]);

    const res = await call(manager, 'GET', `/api/persons/${cressida.id}/subject-access-export`);
    expect(res.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const json = JSON.parse(strFromU8(files['export.json']!));
    const html = strFromU8(files['export.html']!);
    expect(json.personalDataErasedOn).toBe('2025-02-14');
    // The record's id and dates only: no empty name or null date of birth presented as the child's details.
    expect(Object.keys(json.person).sort()).toEqual(['createdAt', 'createdByTeam', 'id', 'updatedAt']);
    expect(json.contacts).toEqual([]);
    expect(json.cases).toEqual([
      expect.objectContaining({
        reference: c.reference,
        personalDataErasedOn: '2025-02-14',
        childOnCase: {},
        notes: [],
        documents: [],
        letters: [],
      }),
    ]);
    expect(json.cases[0].timeline.find((e: any) => e.type === 'RequestWithdrawn').data.reason).toBe('(erased)');
    expect(html).toContain('The personal data of this child or young person was erased on 14 February 2025');
    expect(html).toContain(
      '<title>Information we hold about a child or young person whose personal data was erased</title>',
    );
    expect(html).not.toMatch(/<dt>Given name<\/dt>|<dt>Date of birth<\/dt>/);
    expect(strFromU8(files['export.json']!) + html).not.toMatch(/Cressida|Vale|Ottilie|drawing|CV35/);
  });
});
