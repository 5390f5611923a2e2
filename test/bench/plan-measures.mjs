// The board's plan measures (`GET /api/board/plans`: planReport) and the SEN2 return (`POST /api/returns/sen2`:
// buildSen2Return) at national scale (docs/sen2.md#performance), each the way the api computes it — read the case
// events in one read-only snapshot (readCaseRows), then fold every plan in process — against the plain SQL read of
// the same rows (the same SELECT through pg, nothing folded), interleaved in the same run. Part of the measure section.
//
// Data set: generated plans (plan-data.mjs: request, decision, final plan, the setting attended, up to three annual
// reviews, some amended, phase transfers, placements ended, plans ended), loaded in batches straight into case_event
// (around the write path, as the measure section's generator does).
import pg from 'pg';
import { createBenchDb, dist, log, median, QUICK, referenceCheck, timeIt } from './lib.mjs';
import { generatePlanCases, PLANS_BOARD_QUERY, PLANS_CENSUS, PLANS_TODAY as TODAY } from './plan-data.mjs';

const { readCaseRows, sen2People } = await import(dist('libs/persistence/src/index.js'));
const { planReport, planRowsFromCaseRows, buildSen2Return, PLAN_READ_TYPES } = await import(
  dist('libs/measures/src/index.js')
);

const BATCH = 20_000;

async function load(c, rows) {
  await c.query(`SET synchronous_commit = off`);
  await c.query(
    `INSERT INTO team (id, name) VALUES ('north', 'North team'), ('south', 'South team'), ('east', 'East team') ON CONFLICT DO NOTHING`,
  );
  const cases = new Map();
  for (const r of rows)
    cases.set(r.caseId, { id: r.caseId, reference: r.reference, team: r.teamId, version: r.version });
  const list = [...cases.values()];
  for (let i = 0; i < list.length; i += BATCH)
    await c.query(
      `INSERT INTO ehc_case (id, reference, team_id, child, version)
       SELECT x.id, x.reference, x.team, '{"givenName":"Test","familyName":"Child","dateOfBirth":"2012-01-01"}', x.version
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, reference text, team text, version int)`,
      [JSON.stringify(list.slice(i, i + BATCH))],
    );
  for (let i = 0; i < rows.length; i += BATCH)
    await c.query(
      `INSERT INTO case_event (event_id, case_id, version, type, business_date, data, actor, recorded_at)
       SELECT gen_random_uuid(), x."caseId", x.version, x.type, x.date, x.data, 'import', x."recordedAt"
         FROM jsonb_to_recordset($1::jsonb) AS x("caseId" uuid, version int, type text, date date, data jsonb, "recordedAt" timestamptz)`,
      [JSON.stringify(rows.slice(i, i + BATCH))],
    );
  await c.query(`VACUUM ANALYZE`);
  await c.query(`CHECKPOINT`);
}

/** The board's plan report and the SEN2 return on `n` generated plans, each against the plain read of its rows. */
export async function planMeasuresScale(n, { runs }) {
  // BENCH_PLANS_DB: a data set loaded before (BENCH_PLANS_KEEP=1 keeps it), to profile the reads alone
  const kept = process.env.BENCH_PLANS_DB;
  const db = kept ? { url: kept, drop: async () => {} } : await createBenchDb('measure_plans');
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const gen = await timeIt(async () => {
    if (kept) return Number((await c.query(`SELECT count(*) FROM case_event`)).rows[0].count);
    const rows = generatePlanCases(n, { today: TODAY });
    await load(c, rows);
    return rows.length;
  });
  const events = gen.out;
  log(`measure plans: ${n} plans, ${events} events loaded in ${(gen.ms / 1000).toFixed(1)} s`);

  // As the api reads: one read-only REPEATABLE READ snapshot (measureSnapshot), rows through readCaseRows.
  const inSnapshot = async (fn) => {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      return await fn((text, params) => c.query(text, params).then((r) => r.rows));
    } finally {
      await c.query('COMMIT');
    }
  };
  // The plain reference: the same SELECT as readCaseRows, rows as pg returns them, nothing mapped or folded.
  const plainRead = (types) =>
    inSnapshot((run) =>
      run(
        `SELECT e.case_id AS "caseId", e.event_id::text AS "eventId", c.reference, c.team_id AS "teamId", e.version, e.type,
                e.business_date::text AS date, e.data, e.recorded_at AS "recordedAt"
           FROM case_event e JOIN ehc_case c ON c.id = e.case_id
          WHERE ($1::text[] IS NULL OR e.type = ANY($1)) AND ($2::text IS NULL OR c.team_id = $2)`,
        [types, null],
      ),
    );
  // The api's path for the board's page, first of the day (no plan folded yet) and again (the fold cache reused).
  const board = async (cache) => {
    const rows = await inSnapshot((run) => readCaseRows(run, { types: PLAN_READ_TYPES }));
    return planReport(planRowsFromCaseRows(rows), PLANS_BOARD_QUERY, cache);
  };
  const sen2 = async () => {
    const { rows, people } = await inSnapshot(async (run) => ({
      rows: await readCaseRows(run, {}),
      people: await sen2People(run, undefined),
    }));
    const persons = new Map(people.map(({ caseId, ...p }) => [caseId, p]));
    return buildSen2Return(rows, persons, PLANS_CENSUS);
  };
  const plainMedian = async () => {
    const t = [];
    for (let i = 0; i < 3; i++) t.push((await timeIt(() => plainRead(PLAN_READ_TYPES))).ms);
    return median(t);
  };
  await plainRead(PLAN_READ_TYPES); // warm-up
  const plainBefore = await plainMedian();
  const tPlain = [];
  const tBoard = [];
  const tCached = [];
  const tPlainAll = [];
  const tSen2 = [];
  let report = null;
  let ret = null;
  for (let i = 0; i < runs; i++) {
    tPlain.push((await timeIt(() => plainRead(PLAN_READ_TYPES))).ms);
    const cache = new Map();
    const b = await timeIt(() => board(cache));
    tBoard.push(b.ms);
    report = b.out;
    tCached.push((await timeIt(() => board(cache))).ms);
    tPlainAll.push((await timeIt(() => plainRead(null))).ms);
    const s = await timeIt(sen2);
    tSen2.push(s.ms);
    ret = s.out;
  }
  const plainAfter = await plainMedian();
  await c.end();
  if (!process.env.BENCH_PLANS_KEEP) await db.drop();
  const r = {
    referenceCheck: referenceCheck('plain read of the plan rows (median of 3)', 'ms', plainBefore, plainAfter),
    plans: n,
    events,
    loadS: gen.ms / 1000,
    runs,
    boardMs: median(tBoard),
    boardCachedMs: median(tCached),
    plainReadMs: median(tPlain),
    sen2Ms: median(tSen2),
    plainReadAllMs: median(tPlainAll),
    boardRuns: tBoard,
    sen2Runs: tSen2,
    maintained: report.settings.total,
    reviewsDue: report.reviews.due,
    refused: report.settings.excluded.length + ret.refusedPlans.length,
    persons: ret.persons.length,
  };
  log(
    `measure plans: board ${r.boardMs.toFixed(0)} ms (again ${r.boardCachedMs.toFixed(0)} ms) vs plain read ${r.plainReadMs.toFixed(0)} ms; SEN2 ${r.sen2Ms.toFixed(0)} ms vs plain read ${r.plainReadAllMs.toFixed(0)} ms; ${r.maintained} maintained, ${r.refused} refused`,
  );
  return r;
}

if (process.argv[1]?.endsWith('plan-measures.mjs'))
  console.log(
    JSON.stringify(
      await planMeasuresScale(Number(process.argv[2] ?? (QUICK ? 20_000 : 98_000)), { runs: QUICK ? 1 : 3 }),
    ),
  );
