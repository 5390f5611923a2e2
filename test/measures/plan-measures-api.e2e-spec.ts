import { Readable } from 'node:stream';
import { computeTimeliness, planReport, planRowsFromCaseRows, type MeasureEventRow } from '@ehc/measures';
import { demoHistory, importCases } from '@ehc/persistence';
import { isCasePlanEventType } from '@ehc/workflow';
import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';
import { addUrnsToSettings } from '../support/append-events.js';

/**
 * The board's plan measures and the SEN2 return over HTTP (docs/plan-life.md#the-boards-measures, docs/sen2.md):
 * the api's figures are the pure reference's on the same case_event rows, for the council and for one team; the
 * return's checks name cases by reference, its 20-week figures equal the board's, and every call is audited. The
 * plans' own events (placements, reviews) are recorded by caseworkers through the events endpoint, as on a case page.
 */
describe('plan measures and SEN2 return API (e2e)', () => {
  let h: ApiHarness;
  let board: string;
  let manager: string;
  let caseworker: string;
  let admin: string;
  const TODAY = '2025-03-03';
  const q = { on: '2025-01-16', from: '2024-01-01', to: '2024-12-31', year: 2024, trendFrom: '2024-02-01' };
  const qs = (extra: Record<string, string> = {}) =>
    new URLSearchParams({
      ...Object.fromEntries(Object.entries(q).map(([k, v]) => [k, String(v)])),
      ...extra,
    }).toString();

  const get = (cookie: string, url: string) => h.app.inject({ method: 'GET', url, headers: { cookie, ...XHR } });
  const post = (cookie: string, url: string, payload: unknown) =>
    h.app.inject({ method: 'POST', url, headers: { cookie, ...XHR }, payload: payload as object });

  const rows = async (): Promise<MeasureEventRow[]> =>
    (
      await h.sql(`
    SELECT e.case_id AS "caseId", e.event_id::text AS "eventId", c.reference, c.team_id AS "teamId", e.version, e.type, e.business_date::text AS date, e.data,
           e.recorded_at AS "recordedAt"
    FROM case_event e JOIN ehc_case c ON c.id = e.case_id ORDER BY e.position`)
    ).map((r) => ({ ...r, recordedAt: new Date(r.recordedAt).toISOString() }));

  beforeAll(async () => {
    h = await startApi('planmeasuresapi');
    const teams = ['north', 'south'].map((id) => ({ id, caseworkers: [`cw-${id}-1`] }));
    // the demo's assessments only: the plans' events below are the ones this test records, as a caseworker would
    const lines = [
      ...demoHistory({
        from: '2022-06-01',
        today: TODAY,
        requestsPerMonth: 5,
        teams,
        seed: 11,
        referencePrefix: 'PLAN',
      }),
    ].map((l) => JSON.stringify({ ...l, events: l.events.filter((e) => !isCasePlanEventType(e.type)) }));
    const summary = await importCases(h.db.dataSource, Readable.from(lines), {
      actor: 'test-import',
      today: TODAY,
      defaultTeam: 'north',
    });
    expect(summary.rejected).toEqual([]);
    // The maintained plan's own events for some plans, recorded through POST /api/cases/:id/events by the case's team.
    const finals: { caseId: string; teamId: string }[] =
      await h.sql(`SELECT e.case_id AS "caseId", c.team_id AS "teamId" FROM case_event e JOIN ehc_case c ON c.id = e.case_id
      WHERE e.type = 'FinalPlanIssued' AND e.business_date < '2024-01-01' ORDER BY e.position LIMIT 12`);
    const cookies: Record<string, string> = {};
    for (const [i, f] of finals.entries()) {
      const cookie = (cookies[f.teamId] ??= await h.login(`cw-${f.teamId}-1`));
      let c = (await get(cookie, `/api/cases/${f.caseId}`)).json();
      const record = async (event: Record<string, unknown>) => {
        const res = await post(cookie, `/api/cases/${f.caseId}/events`, { expectedVersion: c.version, event });
        expect({ status: res.statusCode, body: res.statusCode === 200 ? 'ok' : res.json() }).toEqual({
          status: 200,
          body: 'ok',
        });
        c = res.json();
      };
      await record({
        type: 'PlacementStarted',
        date: c.finalIssuedOn ?? c.plan.issuedOn,
        placementId: 'p1',
        settingType: ['special-independent', 'mainstream', 'post-16-college'][i % 3],
        inArea: i % 2 ? 'yes' : 'no',
        setting: `Setting ${200001 + i}`,
      });
      const meeting = i % 4 === 0 ? '2024-03-04' : '2024-06-03';
      await record({
        type: 'ReviewMeetingHeld',
        date: meeting,
        reviewId: 'r1',
        invitedOn: '2024-02-01',
        preparingForAdulthood: 'yes',
      });
      if (i % 3 !== 2)
        await record({
          type: 'ReviewDecisionNotified',
          date: i % 2 ? '2024-06-20' : '2024-07-15',
          reviewId: 'r1',
          decision: 'keep',
        });
    }
    expect(Object.keys(cookies).length).toBeGreaterThan(0);
    [board, manager, caseworker, admin] = await Promise.all([
      h.login('board'),
      h.login('manager-north'),
      h.login('cw-north-1'),
      h.login('admin'),
    ]);
  }, 90_000);
  afterAll(async () => {
    await h.close();
  });

  it('reports the plan measures of the pure reference on the same events', async () => {
    const res = await get(board, `/api/measures/plans?${qs()}`);
    expect(res.statusCode).toBe(200);
    const expected = planReport(planRowsFromCaseRows(await rows()), { ...q, basis: 'attended', today: TODAY });
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(expected.settings.total).toBeGreaterThan(20);
    expect(expected.settings.excluded).toEqual([]);
    expect(expected.reviews.meetings).toBe(12);
    expect(expected.reviews.decisionWithin4Weeks).toBeGreaterThan(0);
    // as at yesterday (by the database's clock) nothing had been recorded: no plans, and the api says so
    const yesterday = (await h.sql(`SELECT ((now() AT TIME ZONE 'Europe/London')::date - 1)::text AS d`))[0].d;
    const then = await get(board, `/api/measures/plans?${qs({ asAt: yesterday })}`);
    expect(then.json().settings.total).toBe(0);
    expect(then.json().query.asAt).toBe(yesterday);
    expect(expected.trend.map((t) => t.on)).toEqual([
      ...['02-29', '03-31', '04-30', '05-31', '06-30', '07-31', '08-31', '09-30', '10-31', '11-30', '12-31'].map(
        (d) => `2024-${d}`,
      ),
      '2025-01-16',
    ]);
  });

  it('gives a team manager their own team only, refuses another team and a caseworker, and explains bad input', async () => {
    const own = await get(manager, `/api/measures/plans?${qs({ basis: 'named' })}`);
    expect(own.statusCode).toBe(200);
    const expected = planReport(planRowsFromCaseRows((await rows()).filter((r) => r.teamId === 'north')), {
      ...q,
      basis: 'named',
      today: TODAY,
      team: 'north',
    });
    expect(own.json().settings).toEqual(JSON.parse(JSON.stringify(expected.settings)));
    expect((await get(manager, `/api/measures/plans?${qs({ team: 'south' })}`)).statusCode).toBe(403);
    expect((await get(caseworker, `/api/measures/plans?${qs()}`)).statusCode).toBe(403);
    const bad = await get(board, `/api/measures/plans?${qs({ from: '2025-02-01' })}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ field: 'from', message: 'from must be on or before to' }]);
    expect((await get(board, `/api/measures/plans?${qs({ year: 'last' })}`)).statusCode).toBe(400);
  });

  it('drills down to the cases behind a measure, and gives the figures and lists as CSV', async () => {
    const list = await get(board, `/api/measures/plans/cases?${qs({ measure: 'meetings' })}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().header).toEqual([
      'reference',
      'review',
      'meeting_on',
      'decision_on',
      'decision',
      'within_4_weeks',
    ]);
    expect(list.json().items).toHaveLength(12);
    const csv = await get(board, `/api/measures/plans/cases?${qs({ measure: 'settings', format: 'csv' })}`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('reference,setting_type,group,in_area');
    const figures = await get(board, `/api/measures/plans?${qs({ format: 'csv' })}`);
    expect(figures.body).toContain('review decisions notified within 4 weeks of the meeting (reg 20)');
    const audit = await h.sql(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'measure.drilldown'`);
    expect(audit[0].n).toBeGreaterThanOrEqual(2);
  });

  it('SEN2: checks the return for a census date, each failure with its case reference; the 20-week figures equal the board’s', async () => {
    const res = await post(admin, '/api/returns/sen2', { referenceDate: '2025-01-16', la: '937' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.header).toMatchObject({ collection: 'SEN2', year: 2025, referencedate: '2025-01-16', lea: '937' });
    expect(body.counts.persons).toBeGreaterThan(20);
    expect(body.twentyWeeks.fromReturn).toEqual(body.twentyWeeks.board);
    const board2024 = computeTimeliness(await rows(), {
      from: '2024-01-01',
      to: '2024-12-31',
      today: TODAY,
      boundaryDays: 140,
    });
    expect(body.twentyWeeks.board.includingExceptions).toEqual(board2024.includingExceptions);
    expect(board2024.includingExceptions.issued).toBeGreaterThan(5);
    // the demo's named settings carry no URN: a plan detail error per plan, named by its case reference
    const urn = body.failures.filter((f: { field: string }) => f.field === 'urn');
    expect(urn.length).toBeGreaterThan(0);
    expect(urn[0]).toMatchObject({ module: '4b', severity: 'error', reference: expect.stringMatching(/^PLAN-/) });
    expect(body.errors).toBe(body.failures.filter((f: { severity: string }) => f.severity === 'error').length);

    // the file is refused while an error stands, with the failures listed
    const refused = await post(admin, '/api/returns/sen2', { referenceDate: '2025-01-16', la: '937', format: 'xml' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].field).toMatch(/^PLAN-.* 4b\.urn$/);
  });

  it('SEN2: once the settings have URNs the XML file downloads; only team managers and admins; bad input explained; audited', async () => {
    await addUrnsToSettings((sql, params) => h.sql(sql, params));
    const ok = await post(admin, '/api/returns/sen2', { referenceDate: '2025-01-16', la: '937' });
    expect(ok.json().errors).toBe(0);
    const xml = await post(admin, '/api/returns/sen2', { referenceDate: '2025-01-16', la: '937', format: 'xml' });
    expect(xml.statusCode).toBe(200);
    expect(xml.headers['content-type']).toContain('application/xml');
    expect(xml.headers['content-disposition']).toBe('attachment; filename="SEN2_937_2025-01-16.xml"');
    expect(xml.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Message>')).toBe(true);
    expect((xml.body.match(/<Person>/g) ?? []).length).toBe(ok.json().counts.persons);
    expect(xml.body).toContain('<URN>100001</URN>');

    const mine = await post(manager, '/api/returns/sen2', { referenceDate: '2025-01-16', la: '937' });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().team).toBe('north');
    expect(mine.json().counts.persons).toBeLessThan(ok.json().counts.persons);
    expect((await post(board, '/api/returns/sen2', { referenceDate: '2025-01-16', la: '937' })).statusCode).toBe(403);
    expect((await post(caseworker, '/api/returns/sen2', { referenceDate: '2025-01-16', la: '937' })).statusCode).toBe(
      403,
    );
    const bad = await post(admin, '/api/returns/sen2', { referenceDate: '2025-13-01', la: 'Warks' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['la', 'referenceDate']);
    expect((await post(admin, '/api/returns/sen2', { referenceDate: '2026-01-15', la: '937' })).statusCode).toBe(400);
    const audit = await h.sql(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'sen2.return'`);
    expect(audit[0].n).toBeGreaterThanOrEqual(4);
  });
});
