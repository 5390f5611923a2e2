// Importer throughput: 100,000 demo cases (NDJSON lines from demoHistory) through importCases — each line parsed,
// replayed through the statechart and stored with its projections, 100 lines a statement (appendDecidedEvents) — against a plain
// multi-row INSERT of the same events (1,000 lines per statement, jsonb_to_recordset) into a copy of case_event
// with the same indexes, with the same synchronous_commit = off the importer uses.
// After the measured points: the CPU a line cost (this process, PostgreSQL) on both sides, and a profiled pass of the
// importer (import-pass.mjs under --cpu-prof; docs/benchmarks.md#profiles-what-stands-in-the-way).
import pg from 'pg';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBenchDb, dist, log, QUICK, referenceCheck, ROOT, runNode, timeIt } from './lib.mjs';
import { cpuProfArgs, cpuWindow, postmasterPid, PROFILE, profileDir, summariseProfileDir } from './profiling.mjs';

const { createDataSource, importCases, demoHistory } = await import(dist('libs/persistence/src/index.js'));
const N = QUICK ? 10_000 : 100_000;
const teams = [
  { id: 'north', caseworkers: ['cw-north-1', 'cw-north-2'] },
  { id: 'south', caseworkers: ['cw-south-1'] },
  { id: 'east', caseworkers: ['cw-east-1'] },
];
const today = '2025-12-31';
const lines = [];
for (const l of demoHistory({
  from: '2019-01-01',
  today,
  requestsPerMonth: Math.ceil(N / 83),
  teams,
  seed: 99,
  referencePrefix: 'IMP',
})) {
  if (lines.length >= N) break;
  lines.push(JSON.stringify(l));
}

const db = await createBenchDb('importer');
const ds = createDataSource(db.url, { poolSize: 6, applicationName: 'ehc-bench-import' });
await ds.initialize();
for (const t of teams) await ds.query(`INSERT INTO team (id, name) VALUES ($1, $1)`, [t.id]);
// The reference: the same events as plain multi-row INSERTs (1,000 lines per statement) into a fresh copy of
// case_event with the same indexes. Timed on a fixed subset before the import and again after it (how far the box
// moved during the section: docs/benchmarks.md#a-busy-box), and on every line the import took (the ratio's reference).
const c = new pg.Client({ connectionString: db.url });
await c.connect();
await c.query(`SET synchronous_commit = off`);
// PostgreSQL's processes and this process: the CPU a line costs on each side, read at the edges of the timed parts.
const postmaster = await postmasterPid((q) => c.query(q).then((r) => r.rows));
const cpuOf = (w, u0) => {
  const u = process.cpuUsage(u0);
  return { ...w.end(), node: (u.user + u.system) / 1000 };
};
let refTables = 0;
async function plainInsert(texts) {
  const table = `ref_event_${refTables++}`;
  await c.query(`CREATE TABLE ${table} (LIKE case_event INCLUDING ALL)`);
  const w = cpuWindow({}, postmaster);
  const u0 = process.cpuUsage();
  const t = await timeIt(async () => {
    for (let i = 0; i < texts.length; i += 1000) {
      const rows = [];
      for (const text of texts.slice(i, i + 1000)) {
        const l = JSON.parse(text);
        const caseId = crypto.randomUUID();
        l.events.forEach(({ type, date, ...data }, k) =>
          rows.push({ event_id: crypto.randomUUID(), case_id: caseId, version: k + 1, type, date, data }),
        );
      }
      await c.query(
        `INSERT INTO ${table} (event_id, case_id, version, type, business_date, data, actor)
        SELECT x.event_id, x.case_id, x.version, x.type, x.date::date, x.data, 'import'
          FROM jsonb_to_recordset($1::jsonb) AS x(event_id uuid, case_id uuid, version int, type text, date text, data jsonb)`,
        [JSON.stringify(rows)],
      );
    }
  });
  const cpu = cpuOf(w, u0);
  await c.query(`DROP TABLE ${table}`);
  const events = texts.reduce((a, l) => a + JSON.parse(l).events.length, 0);
  return {
    seconds: t.ms / 1000,
    rowsPerSecond: events / (t.ms / 1000),
    linesPerSecond: texts.length / (t.ms / 1000),
    cpu: { ...cpu, lines: texts.length },
  };
}
const subset = lines.slice(0, QUICK ? 2_000 : 10_000);
// One untimed pass first: the first INSERTs of a run paid for cold code (this process's JSON and driver paths not yet
// compiled, PostgreSQL's catalogue and buffers cold), which made the reference "before" up to 30 % slower than the
// same lines "after" and the section read as busy on a quiet box.
await plainInsert(subset.slice(0, QUICK ? 500 : 2_000));
const refBefore = await plainInsert(subset);
log(`importer: plain INSERT before the import, ${subset.length} lines: ${refBefore.linesPerSecond.toFixed(0)} lines/s`);

// The whole run has a time budget (about 10 minutes; docs/benchmarks.md); the importer stops feeding lines after CAP_S and
// the figure is the rate over the lines it took.
const CAP_S = Number(process.env.BENCH_IMPORT_CAP_S ?? (QUICK ? 30 : 90));
let fed = 0;
const t0 = Date.now();
async function* source() {
  for (const l of lines) {
    if ((Date.now() - t0) / 1000 > CAP_S) return;
    fed++;
    yield l;
  }
}
const importWindow = cpuWindow({}, postmaster);
const importU0 = process.cpuUsage();
const run = await timeIt(() =>
  importCases(ds, source(), { actor: 'import', today, finalPlanDays: 140, defaultTeam: 'north', concurrency: 4 }),
);
const importCpu = { ...cpuOf(importWindow, importU0), lines: fed };
const summary = run.out;
lines.length = fed;
const importedEvents = lines.reduce((a, l) => a + JSON.parse(l).events.length, 0);
const ref = await plainInsert(lines);
const refAfter = await plainInsert(subset);
log(`importer: plain INSERT after the import, ${subset.length} lines: ${refAfter.linesPerSecond.toFixed(0)} lines/s`);
await c.end();

// The profiled pass, after every measured point (docs/benchmarks.md#profiles-what-stands-in-the-way): about
// PROFILE_S seconds of the same lines, imported by a process of its own under --cpu-prof into a fresh database.
// A failure here is reported in BENCHMARKS.md and loses no measured figure.
async function profiledPass() {
  const PROFILE_S = QUICK ? 5 : 10;
  const take = Math.min(lines.length, Math.ceil((lines.length / (run.ms / 1000)) * PROFILE_S * 1.5));
  let pdb, file;
  try {
    const dir = profileDir('importer');
    file = join(dir, 'lines.ndjson');
    pdb = await createBenchDb('importer_profiled');
    const seed = new pg.Client({ connectionString: pdb.url });
    await seed.connect();
    for (const t of teams) await seed.query(`INSERT INTO team (id, name) VALUES ($1, $1)`, [t.id]);
    await seed.end();
    writeFileSync(file, `${lines.slice(0, take).join('\n')}\n`);
    const pass = await runNode(
      join(ROOT, 'test/bench/import-pass.mjs'),
      [JSON.stringify({ url: pdb.url, file, capS: PROFILE_S, today })],
      { nodeArgs: cpuProfArgs(dir) },
    );
    log(`importer: profiled pass ${pass.lines} lines in ${pass.seconds.toFixed(1)} s; profile in ${dir}`);
    return {
      dir,
      lines: pass.lines,
      seconds: pass.seconds,
      linesPerSecond: pass.lines / pass.seconds,
      summary: summariseProfileDir(dir, pass.windowUs),
    };
  } catch (e) {
    log(`importer: the profiled pass failed: ${e.message}`);
    return { error: e.message };
  } finally {
    if (file) rmSync(file, { force: true });
    await pdb?.drop();
  }
}
const profile = PROFILE ? await profiledPass() : null;
log(
  `importer: ${lines.length} lines in ${(run.ms / 1000).toFixed(1)} s (${summary.accepted} accepted, ${summary.rejected.length} rejected)`,
);

await ds.destroy();
await db.drop();
const r = {
  section: 'importer',
  planned: N,
  capS: CAP_S,
  lines: lines.length,
  events: importedEvents,
  importS: run.ms / 1000,
  linesPerSecond: lines.length / (run.ms / 1000),
  accepted: summary.accepted,
  rejected: summary.rejected.length,
  firstRejections: summary.rejected.slice(0, 3),
  reference: ref,
  cpu: importCpu,
  profile,
  referenceCheck: referenceCheck(
    `plain multi-row INSERT of ${subset.length} lines`,
    'lines/s',
    refBefore.linesPerSecond,
    refAfter.linesPerSecond,
  ),
};
log(
  `importer: ${r.linesPerSecond.toFixed(0)} lines/s; plain INSERT ${r.reference.rowsPerSecond.toFixed(0)} rows/s = ${r.reference.linesPerSecond.toFixed(0)} lines/s`,
);
console.log(JSON.stringify(r));
