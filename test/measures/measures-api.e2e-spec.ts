import { Readable } from 'node:stream';
import { computeTimeliness, timelinessCases, type MeasureEventRow } from '@ehc/measures';
import { demoHistory, importCases, refreshCaseFacts } from '@ehc/persistence';
import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';

/**
 * The board's measure over HTTP (docs/law.md#the-boards-measure): the figures the API reports are those of the pure
 * reference computed from the same case_event rows, for the council and for one team, as they stand now and as
 * they stood on an earlier day (as-at); the drill-down and its CSV are pseudonymous.
 */
describe('measures API (e2e)', () => {
  let h: ApiHarness;
  let board: string;
  let manager: string;
  let caseworker: string;
  const period = { from: '2023-01-01', to: '2024-12-31' };

  const get = (cookie: string, url: string) => h.app.inject({ method: 'GET', url, headers: { cookie, ...XHR } });

  /** Every event in the database as the reference reads them. */
  const rows = async (): Promise<MeasureEventRow[]> =>
    (
      await h.sql(`
    SELECT e.case_id AS "caseId", e.event_id AS "eventId", c.reference, c.team_id AS "teamId", e.version, e.type, e.business_date::text AS date, e.data,
           e.recorded_at AS "recordedAt"
    FROM case_event e JOIN ehc_case c ON c.id = e.case_id ORDER BY e.position`)
    ).map((r) => ({ ...r, recordedAt: new Date(r.recordedAt).toISOString() }));

  /** Yesterday in Europe/London by the database clock (recorded_at is the database's clock, not the api's). */
  const yesterday = async (): Promise<string> =>
    (await h.sql(`SELECT ((now() AT TIME ZONE 'Europe/London')::date - 1)::text AS d`))[0].d;

  beforeAll(async () => {
    h = await startApi('measuresapi');
    const teams = ['north', 'south'].map((id) => ({ id, caseworkers: [`cw-${id}-1`, `cw-${id}-2`] }));
    const lines = [
      ...demoHistory({
        from: '2022-06-01',
        today: '2025-03-03',
        requestsPerMonth: 6,
        teams,
        seed: 7,
        referencePrefix: 'MEAS',
      }),
    ].map((l) => JSON.stringify(l));
    const summary = await importCases(h.db.dataSource, Readable.from(lines), {
      actor: 'test-import',
      today: '2025-03-03',
      defaultTeam: 'north',
    });
    expect(summary.rejected).toEqual([]);
    [board, manager, caseworker] = await Promise.all([
      h.login('board'),
      h.login('manager-north'),
      h.login('cw-north-1'),
    ]);
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  it('reports the figures of the pure reference on the same events, with the national reference beside them', async () => {
    const res = await get(board, `/api/measures/timeliness?from=${period.from}&to=${period.to}&groupBy=quarter`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const expected = computeTimeliness(await rows(), {
      ...period,
      today: '2025-03-03',
      boundaryDays: 140,
      groupBy: 'quarter',
    });
    expect(expected.includingExceptions.issued).toBeGreaterThan(20); // a figure worth comparing
    const { nationalReference, ...report } = body;
    expect(report).toEqual(expected);
    expect(nationalReference).toContainEqual({
      year: 2024,
      percentIncludingExceptions: 45.9,
      percentExcludingExceptions: 46.4,
    });
  });

  it('gives a team manager their own team’s figure, and refuses another team’s', async () => {
    const own = await get(manager, `/api/measures/timeliness?from=${period.from}&to=${period.to}`);
    expect(own.statusCode).toBe(200);
    const expected = computeTimeliness(await rows(), {
      ...period,
      team: 'north',
      today: '2025-03-03',
      boundaryDays: 140,
    });
    expect(own.json().includingExceptions).toEqual(expected.includingExceptions);
    expect(own.json().team).toBe('north');
    expect(
      (await get(manager, `/api/measures/timeliness?from=${period.from}&to=${period.to}&team=south`)).statusCode,
    ).toBe(403);
    expect((await get(caseworker, `/api/measures/timeliness?from=${period.from}&to=${period.to}`)).statusCode).toBe(
      403,
    );
  });

  it('shows the figure as it stood on an earlier day beside today’s, and the cases that changed with the events recorded since', async () => {
    const asAt = await yesterday(); // every event here was recorded today, so yesterday's figure had no plans at all
    const res = await get(board, `/api/measures/timeliness?from=${period.from}&to=${period.to}&asAt=${asAt}`);
    expect(res.statusCode).toBe(200);
    const { asAtComparison, includingExceptions } = res.json();
    const all = await rows();
    expect(asAtComparison.report).toEqual(
      computeTimeliness(all, { ...period, asAt, today: '2025-03-03', boundaryDays: 140 }),
    );
    expect(asAtComparison.report.includingExceptions.issued).toBe(0);
    const now = timelinessCases(all, { ...period, today: '2025-03-03', boundaryDays: 140 });
    expect(asAtComparison.changes.map((c: { reference: string }) => c.reference)).toEqual(
      now.map((r) => r.reference).sort(),
    );
    const first = asAtComparison.changes[0];
    expect(first.before).toBeNull();
    expect(first.after.finalIssuedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(first.eventsRecordedSince.map((e: { type: string }) => e.type)).toContain('FinalPlanIssued');
    expect(includingExceptions.issued).toBe(now.filter((r) => r.countedIncludingExceptions).length);

    // as at today nothing has changed since
    const today = (await h.sql(`SELECT (now() AT TIME ZONE 'Europe/London')::date::text AS d`))[0].d;
    const same = (
      await get(board, `/api/measures/timeliness?from=${period.from}&to=${period.to}&asAt=${today}`)
    ).json();
    expect(same.asAtComparison.changes).toEqual([]);
    expect(same.asAtComparison.report.includingExceptions).toEqual(same.includingExceptions);
  });

  it('lists the cases behind the figure, pseudonymous, as JSON and CSV', async () => {
    const res = await get(board, `/api/measures/timeliness/cases?from=${period.from}&to=${period.to}`);
    expect(res.statusCode).toBe(200);
    const { items } = res.json();
    expect(items).toEqual(timelinessCases(await rows(), { ...period, today: '2025-03-03', boundaryDays: 140 }));
    const names = (await h.sql(`SELECT child->>'givenName' AS g, child->>'familyName' AS f FROM ehc_case`)).flatMap(
      (r) => [r.g, r.f],
    );
    const csv = await get(board, `/api/measures/timeliness/cases?from=${period.from}&to=${period.to}&format=csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\n').filter((l) => l.trim()).length).toBe(items.length + 1);
    for (const text of [res.body, csv.body]) {
      for (const name of new Set(names)) expect(text).not.toMatch(new RegExp(`\\b${name}\\b`));
    }
  });

  it('breaks the figure down by team, with team names, adding up to the headline; a manager gets their own team only', async () => {
    const q = `from=${period.from}&to=${period.to}`;
    const res = await get(board, `/api/measures/timeliness/breakdown?${q}`);
    expect(res.statusCode).toBe(200);
    const { byTeam, seriesExcludingExceptions } = res.json();
    const all = await rows();
    const teamNames = Object.fromEntries((await h.sql(`SELECT id, name FROM team`)).map((t) => [t.id, t.name]));
    const expectedTeams = Object.keys(teamNames).sort((a, b) => teamNames[a].localeCompare(teamNames[b]));
    expect(byTeam.map((t: { team: string }) => t.team)).toEqual(expectedTeams);
    for (const t of byTeam) {
      expect(t.teamName).toBe(teamNames[t.team]);
      const ref = computeTimeliness(all, { ...period, team: t.team, today: '2025-03-03', boundaryDays: 140 });
      expect(t.includingExceptions).toEqual(ref.includingExceptions);
      expect(t.excludingExceptions).toEqual(ref.excludingExceptions);
    }
    const whole = computeTimeliness(all, { ...period, today: '2025-03-03', boundaryDays: 140, groupBy: 'month' });
    expect(
      byTeam.reduce((n: number, t: { includingExceptions: { issued: number } }) => n + t.includingExceptions.issued, 0),
    ).toBe(whole.includingExceptions.issued);
    // The "excluding exceptions" line has the same months as the headline's trend and adds up to its figure.
    expect(seriesExcludingExceptions.map((p: { period: string }) => p.period)).toEqual(
      whole.series!.map((p) => p.period),
    );
    expect(seriesExcludingExceptions.reduce((n: number, p: { issued: number }) => n + p.issued, 0)).toBe(
      whole.excludingExceptions.issued,
    );
    expect(seriesExcludingExceptions.reduce((n: number, p: { within20Weeks: number }) => n + p.within20Weeks, 0)).toBe(
      whole.excludingExceptions.within20Weeks,
    );

    // The period of the same length just before, for "up from …" in the board's sentence.
    const { previousPeriod } = res.json();
    expect(previousPeriod.from).toBe('2021-01-01');
    expect(previousPeriod.to).toBe('2022-12-31');
    const before = computeTimeliness(all, {
      from: '2021-01-01',
      to: '2022-12-31',
      today: '2025-03-03',
      boundaryDays: 140,
    });
    expect(previousPeriod.includingExceptions).toEqual(before.includingExceptions);
    expect(before.includingExceptions.issued).toBeGreaterThan(0);

    const own = (await get(manager, `/api/measures/timeliness/breakdown?${q}`)).json();
    expect(own.byTeam.map((t: { team: string }) => t.team)).toEqual(['north']);
    expect((await get(manager, `/api/measures/timeliness/breakdown?${q}&team=south`)).statusCode).toBe(403);
    expect((await get(caseworker, `/api/measures/timeliness/breakdown?${q}`)).statusCode).toBe(403);
  });

  it('refuses a bad period with a 400 that names the field', async () => {
    const res = await get(board, `/api/measures/timeliness?from=2024-12-31&to=2024-01-01`);
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('from must be on or before to');
    expect((await get(board, `/api/measures/timeliness?from=2024-02-30&to=2024-12-31`)).statusCode).toBe(400);
  });

  // The figure, drill-down and CSV follow corrections; the as-at figure does not (recorded time)
  it('a final plan date corrected today moves the figure; as at yesterday it stands as reported; the comparison names the correction', async () => {
    const [{ id: managerId, display_name: managerName }] = await h.sql(
      `SELECT id, display_name FROM app_user WHERE username = 'manager-north'`,
    );
    const [{ id: caseId }] = await h.sql(`INSERT INTO ehc_case (id, reference, team_id, child, version)
      VALUES (gen_random_uuid(), 'MEAS-CORR-1', 'north', '{}'::jsonb, 3) RETURNING id`);
    const finalId = '6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e';
    // recorded three days ago (the append-only trigger allows INSERT): a plan on day 140, on time as entered
    await h.sql(
      `INSERT INTO case_event (event_id, case_id, version, type, business_date, data, actor, recorded_at) VALUES
      (gen_random_uuid(), $1, 1, 'RequestReceived', '2024-03-04', '{"source":"parent"}', 'import', now() - interval '3 days'),
      ($2, $1, 2, 'FinalPlanIssued', '2024-07-22', '{"placement":"mainstream"}', 'import', now() - interval '3 days'),
      (gen_random_uuid(), $1, 3, 'EventCorrected', (now() AT TIME ZONE 'Europe/London')::date,
       '{"corrects":"${finalId}","reason":"Plan was sent a week later than entered","correction":{"date":"2024-07-29"}}', $3, now())`,
      [caseId, finalId, managerId],
    );
    // the events went in around the write path: fold the case's measure facts as the rebuild does
    await refreshCaseFacts({ query: (sql, params) => h.sql(sql, params) }, [caseId]);
    const asAt = await yesterday();
    const body = (await get(board, `/api/measures/timeliness?from=${period.from}&to=${period.to}&asAt=${asAt}`)).json();
    const all = await rows();
    const q = { ...period, today: '2025-03-03', boundaryDays: 140 };
    const { nationalReference, asAtComparison, ...now } = body;
    expect(now).toEqual(computeTimeliness(all, q));
    expect(asAtComparison.report).toEqual(computeTimeliness(all, { ...q, asAt }));
    // as reported yesterday the plan was on time; corrected, it is 147 days: one fewer within 20 weeks
    expect(asAtComparison.report.includingExceptions).toEqual({ issued: 1, within20Weeks: 1, percent: 100 });
    expect(now.includingExceptions.within20Weeks).toBe(
      computeTimeliness(
        all.filter((r) => r.type !== 'EventCorrected'),
        q,
      ).includingExceptions.within20Weeks - 1,
    );
    const change = asAtComparison.changes.find((c: { reference: string }) => c.reference === 'MEAS-CORR-1');
    expect(change.before).toMatchObject({ finalIssuedOn: '2024-07-22', within20Weeks: true });
    expect(change.after).toMatchObject({ finalIssuedOn: '2024-07-29', within20Weeks: false });
    expect(change.corrections).toEqual([
      expect.objectContaining({
        type: 'EventCorrected',
        correctedType: 'FinalPlanIssued',
        correctedDate: '2024-07-22',
        correction: { date: '2024-07-29' },
        reason: 'Plan was sent a week later than entered',
        by: managerName,
      }),
    ]);
    const cases = (await get(board, `/api/measures/timeliness/cases?from=${period.from}&to=${period.to}`)).json().items;
    expect(cases.find((c: { reference: string }) => c.reference === 'MEAS-CORR-1')).toMatchObject({
      finalIssuedOn: '2024-07-29',
      elapsedDays: 147,
    });
    const csv = (await get(board, `/api/measures/timeliness/cases?from=${period.from}&to=${period.to}&format=csv`))
      .body;
    expect(csv).toMatch(/MEAS-CORR-1,north,2024-03-04,2024-07-29,147,/);
  });
});
