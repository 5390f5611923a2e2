import { Readable } from 'node:stream';
import { importCases } from '@ehc/persistence';
import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';

/**
 * A plan transferred in from another council (reg 15; docs/plan-life.md#a-plan-transferred-in) over HTTP: POST
 * /api/cases/transfers-in opens a case with no request received date, the plan maintained from the transfer; its
 * deadlines (reg 15(4) notice, reg 15(5) first review) are projected with the case and met through the events
 * endpoint; bad input is a 4xx storing nothing; the board's plan measures count it and the 20-week figure and SEN2's
 * new plans do not.
 */
describe('a plan transferred in through POST /api/cases/transfers-in (e2e)', () => {
  let h: ApiHarness;
  let cw: string;
  let c: any;

  const call = (method: 'GET' | 'POST', url: string, payload?: unknown, cookie = cw) =>
    h.app.inject({ method, url, payload: payload as any, headers: { cookie, ...XHR } });
  const at = async (clockDate: string) => {
    h.clock.set(`${clockDate}T10:00:00Z`);
    cw = await h.login('cw-north-1');
  };
  const transfer = {
    date: '2026-02-02',
    fromLa: '926',
    firstMadeOn: '2024-03-01',
    lastReviewedOn: '2025-03-10',
    named: { settingType: 'special-state', inArea: 'yes', setting: 'Oak School 123456' },
  };
  const count = async () => (await h.sql(`SELECT count(*)::int AS n FROM ehc_case`))[0].n;

  beforeAll(async () => {
    h = await startApi('transferin');
    await at('2026-02-10');
  });
  afterAll(async () => {
    await h.close();
  });

  it('opens the case: no request, the plan maintained from the transfer, made on the day the old council made it', async () => {
    const res = await call('POST', '/api/cases/transfers-in', {
      teamId: 'north',
      child: { givenName: 'Ada', familyName: 'Byron', dateOfBirth: '2013-03-02' },
      transfer,
    });
    expect({ status: res.statusCode, body: res.statusCode === 201 ? 'ok' : res.json() }).toEqual({
      status: 201,
      body: 'ok',
    });
    c = res.json();
    expect(c).toMatchObject({
      stage: 'plan-issued',
      transferredIn: { on: '2026-02-02', fromLa: '926', firstMadeOn: '2024-03-01', lastReviewedOn: '2025-03-10' },
      caseworker: 'cw-north-1',
    });
    expect(c.receivedOn).toBeUndefined();
    expect(c.plan).toMatchObject({ issuedOn: '2026-02-02', firstMadeOn: '2024-03-01', nextReviewDue: '2026-05-01' });
    expect(c.plan.named).toEqual([expect.objectContaining({ settingType: 'special-state', inArea: 'yes' })]);
    const ids = c.deadlines.map((d: any) => [d.id, d.due]);
    expect(ids).toEqual(
      expect.arrayContaining([
        ['transfer-in-notice', '2026-03-16'],
        ['annual-review-1', '2026-05-01'],
      ]),
    );
    expect(ids.map((x: string[]) => x[0])).not.toContain('final-plan');
    const [summary] = await h.sql(`SELECT received_on, stage FROM case_summary WHERE case_id = $1`, [c.id]);
    expect(summary).toEqual({ received_on: null, stage: 'plan-issued' });
    const projected = await h.sql(
      `SELECT deadline_id, due::text AS due, status FROM case_deadline WHERE case_id = $1 ORDER BY deadline_id`,
      [c.id],
    );
    expect(projected).toEqual([
      { deadline_id: 'annual-review-1', due: '2026-05-01', status: 'pending' },
      { deadline_id: 'transfer-in-notice', due: '2026-03-16', status: 'pending' },
    ]);
    const audit = await h.sql(
      `SELECT count(*)::int AS n FROM audit_event WHERE case_id = $1 AND action = 'case.create'`,
      [c.id],
    );
    expect(audit[0].n).toBe(1);
    // the first event never carries the date of birth: only the school-calendar dates worked out from it
    const [first] = await h.sql(`SELECT type, data FROM case_event WHERE case_id = $1 AND version = 1`, [c.id]);
    expect(first).toEqual({
      type: 'TransferredPlanReceived',
      data: {
        fromLa: '926',
        firstMadeOn: '2024-03-01',
        lastReviewedOn: '2025-03-10',
        year9From: '2026-09-01',
        post16From: '2029-06-30',
      },
    });
  });

  it('is in the case list (closed as an assessment, there was none) with no received date, sorted by it last', async () => {
    const list = await call('GET', '/api/cases?includeClosed=true&sort=received_on&limit=50');
    expect(list.statusCode).toBe(200);
    const row = list.json().items.find((x: any) => x.id === c.id);
    expect(row).toMatchObject({ stage: 'plan-issued', receivedOn: null });
  });

  it("its deadlines are work: in the team manager's deadline queue, as any maintained plan's", async () => {
    const manager = await h.login('manager-north');
    const queue = await call('GET', '/api/queues/deadlines?limit=200', undefined, manager);
    expect(queue.statusCode).toBe(200);
    const ours = queue
      .json()
      .items.filter((i: any) => i.caseId === c.id)
      .map((i: any) => [i.deadlineId, i.due]);
    expect(ours).toEqual([
      ['transfer-in-notice', '2026-03-16'],
      ['annual-review-1', '2026-05-01'],
    ]);
  });

  it('the reg 15(4) notice meets its deadline through the events endpoint', async () => {
    await at('2026-03-02');
    const res = await call('POST', `/api/cases/${c.id}/events`, {
      expectedVersion: c.version,
      event: { type: 'NoticeSent', date: '2026-03-02', notice: 'plan-transferred', sentTo: 'parent' },
    });
    expect(res.statusCode).toBe(200);
    c = res.json();
    expect(c.deadlines.find((d: any) => d.id === 'transfer-in-notice')).toMatchObject({ status: 'met' });
    const [row] = await h.sql(
      `SELECT status FROM case_deadline WHERE case_id = $1 AND deadline_id = 'transfer-in-notice'`,
      [c.id],
    );
    expect(row.status).toBe('met');
  });

  it('bad input is a clear 4xx and opens nothing', async () => {
    const before = await count();
    const missing = await call('POST', '/api/cases/transfers-in', {
      teamId: 'north',
      child: { givenName: 'Ada', familyName: 'Byron', dateOfBirth: '2013-03-02' },
      transfer: { date: '2026-02-02', firstMadeOn: '2024-03-01' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
    expect(missing.json().errors).toEqual([expect.objectContaining({ field: 'transfer.fromLa' })]);
    const later = await call('POST', '/api/cases/transfers-in', {
      teamId: 'north',
      child: { givenName: 'Ada', familyName: 'Byron', dateOfBirth: '2013-03-02' },
      transfer: { ...transfer, firstMadeOn: '2026-02-03' },
    });
    expect(later.statusCode).toBe(422);
    expect(later.json()).toMatchObject({ code: 'DATE_ORDER' });
    expect(JSON.stringify(later.json())).not.toContain('Byron');
    const future = await call('POST', '/api/cases/transfers-in', {
      teamId: 'north',
      child: { givenName: 'Ada', familyName: 'Byron', dateOfBirth: '2013-03-02' },
      transfer: { ...transfer, date: '2026-04-01' },
    });
    expect(future.statusCode).toBe(422);
    const otherTeam = await call('POST', '/api/cases/transfers-in', {
      teamId: 'south',
      child: { givenName: 'Ada', familyName: 'Byron', dateOfBirth: '2013-03-02' },
      transfer,
    });
    expect(otherTeam.statusCode).toBe(403);
    expect(await count()).toBe(before);
  });

  it('a retry with the same Idempotency-Key answers with the case it opened', async () => {
    const body = {
      teamId: 'north',
      child: { givenName: 'Bo', familyName: 'Reed', dateOfBirth: '2016-10-02' },
      transfer: { date: '2026-02-20', fromLa: 'Coventry', firstMadeOn: '2025-11-01' },
    };
    const headers = { cookie: cw, ...XHR, 'idempotency-key': 'transfer-retry-0001' };
    const one = await h.app.inject({ method: 'POST', url: '/api/cases/transfers-in', payload: body, headers });
    const two = await h.app.inject({ method: 'POST', url: '/api/cases/transfers-in', payload: body, headers });
    expect([one.statusCode, two.statusCode]).toEqual([201, 201]);
    expect(two.json().id).toBe(one.json().id);
    // a plan first made within the year: the first review is 12 months from the making (later than 3 months on)
    expect(one.json().plan.nextReviewDue).toBe('2026-10-31');
  });

  it('the importer takes a plan transferred in (its history in full), and refuses one given as a summary', async () => {
    const line = (reference: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        reference,
        team: 'north',
        child: { givenName: 'Imo', familyName: 'Port', dateOfBirth: '2012-04-04' },
        events: [
          { type: 'TransferredPlanReceived', date: '2025-09-01', fromLa: '201', firstMadeOn: '2023-01-10' },
          { type: 'NoticeSent', date: '2025-09-20', notice: 'plan-transferred', sentTo: 'parent' },
          {
            type: 'ReviewMeetingHeld',
            date: '2025-11-20',
            reviewId: 'r1',
            invitedOn: '2025-11-01',
            adviceCirculatedOn: '2025-11-03',
            preparingForAdulthood: 'yes', // in Year 9 from 1 September 2025 (reg 20(6))
          },
          { type: 'ReviewDecisionNotified', date: '2025-11-28', reviewId: 'r1', decision: 'keep' },
        ],
        ...extra,
      });
    const summary = await importCases(
      h.db.dataSource,
      Readable.from([line('IMP-XFER-1'), line('IMP-XFER-2', { mode: 'summary', source: 'old' })]),
      { actor: 'test-import', today: '2026-03-02', defaultTeam: 'north' },
    );
    expect(summary.rejected.map((r: any) => [r.reference ?? r.line, String(r.reason)])).toEqual([
      ['IMP-XFER-2', expect.stringContaining('TransferredPlanReceived is not part of a summary history')],
    ]);
    const [imported] = await h.sql(
      `SELECT s.stage, s.received_on, e.data FROM ehc_case c JOIN case_summary s ON s.case_id = c.id
         JOIN case_event e ON e.case_id = c.id AND e.version = 1 WHERE c.reference = 'IMP-XFER-1'`,
    );
    // the Year 9 and post-16 dates are worked out from the date of birth, as the endpoint does
    expect(imported).toEqual({
      stage: 'plan-issued',
      received_on: null,
      data: { fromLa: '201', firstMadeOn: '2023-01-10', year9From: '2025-09-01', post16From: '2028-07-01' },
    });
    const deadlines = await h.sql(
      `SELECT d.deadline_id, d.due::text AS due, d.status FROM case_deadline d JOIN ehc_case c ON c.id = d.case_id
        WHERE c.reference = 'IMP-XFER-1' ORDER BY d.deadline_id`,
    );
    expect(deadlines).toEqual(
      expect.arrayContaining([
        { deadline_id: 'annual-review-1', due: '2025-11-30', status: 'met' },
        { deadline_id: 'transfer-in-notice', due: '2025-10-13', status: 'met' },
        { deadline_id: 'annual-review-2', due: '2026-11-27', status: 'pending' },
      ]),
    );
  });

  it("the board's plan measures count it; the 20-week figure and SEN2's new plans do not", async () => {
    await at('2026-03-02');
    const board = await h.login('board');
    const plans = await call(
      'GET',
      '/api/measures/plans?on=2026-03-01&from=2026-01-01&to=2026-12-31&year=2026&trendFrom=2026-01-01&basis=named',
      undefined,
      board,
    );
    expect(plans.statusCode).toBe(200);
    const settings = plans.json().settings;
    expect(settings.plans.map((p: any) => [p.reference, p.settingType])).toContainEqual([c.reference, 'special-state']);
    const timeliness = await call('GET', '/api/measures/timeliness?from=2026-01-01&to=2026-12-31', undefined, board);
    expect(timeliness.statusCode).toBe(200);
    expect(timeliness.json().includingExceptions.issued).toBe(0);
    h.clock.set('2027-01-22T10:00:00Z');
    const admin = await h.login('admin');
    const sen2 = await call('POST', '/api/returns/sen2', { referenceDate: '2027-01-21', la: '937' }, admin);
    expect(sen2.statusCode).toBe(200);
    // the three plans transferred in: two through the endpoint, one imported
    expect(sen2.json().counts).toMatchObject({ assessments: 0, namedPlans: 3, transfersIn: 3, activePlans: 3 });
    expect(sen2.json().twentyWeeks.fromReturn.includingExceptions.issued).toBe(0);
    // the plan transferred in with its setting named passes every check (the XML is tested in sen2 unit tests)
    // (the only queries are the person's: no UPN, sex or ethnicity given in this test)
    expect(
      sen2
        .json()
        .failures.filter((f: any) => f.reference === c.reference)
        .map((f: any) => f.field),
    ).toEqual(['upn', 'sex', 'ethnicity']);
  });
});

describe("the child's sex and ethnicity on the person record, for SEN2 module 1 (e2e)", () => {
  let h: ApiHarness;
  let cw: string;
  const call = (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: unknown) =>
    h.app.inject({ method, url, payload: payload as any, headers: { cookie: cw, ...XHR } });

  beforeAll(async () => {
    h = await startApi('personsen2');
    h.clock.set('2026-03-02T10:00:00Z');
    cw = await h.login('cw-north-1');
  });
  afterAll(async () => {
    await h.close();
  });

  it('are recorded as DfE codes, changed with a reason, and refused with a clear 400 otherwise', async () => {
    const made = await call('POST', '/api/persons', {
      givenName: 'Kit',
      familyName: 'Lane',
      dateOfBirth: '2015-06-01',
      sex: 'F',
      ethnicity: 'MWAS',
    });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ sex: 'F', ethnicity: 'MWAS' });
    const id = made.json().id;
    const bad = await call('POST', '/api/persons', {
      givenName: 'Kit',
      familyName: 'Lane',
      dateOfBirth: '2015-06-01',
      sex: 'female',
      ethnicity: 'White',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: any) => e.field)
        .sort(),
    ).toEqual(['ethnicity', 'sex']);
    expect(JSON.stringify(bad.json())).not.toContain('White');
    const [{ n }] = await h.sql(`SELECT count(*)::int AS n FROM person WHERE family_name = 'Lane'`);
    expect(n).toBe(1);
    const person = (await call('GET', `/api/persons/${id}`)).json();
    const { id: _id, contacts: _c, cases: _k, ...fields } = person;
    const changed = await call('PATCH', `/api/persons/${id}`, {
      ...fields,
      ethnicity: 'NOBT',
      reason: 'The family asked us to record it as not yet obtained',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ sex: 'F', ethnicity: 'NOBT' });
    const [change] = await h.sql(`SELECT fields, previous FROM child_detail_change WHERE person_id = $1`, [id]);
    expect(change).toEqual({ fields: ['ethnicity'], previous: { ethnicity: 'MWAS' } });
  });
});
