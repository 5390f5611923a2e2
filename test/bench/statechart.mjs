// The statechart's own cost per transition, as G10 defines it (docs/benchmarks.md#goals): restore a mid-assessment
// case, take one transition, and produce what is persisted — against the equivalent SQL transaction run by pgbench
// with one client on the same box in the same run, and against one durable single-row transaction.
//
// What a command costs the api in CPU, in its two cases:
//   warm — the case at the expected version is in the api's CaseStateCache (the page was just read, or the last
//          command was this process's): restoring it is a Map lookup, then `decide` (guards, the XState step, the
//          view, the deadlines as of today, the events allowed next) and the command statement's parameter
//          (`toRow` of the event and `projectionValues`, one jsonb record). This is the usual path of POST /api/cases/:id/events.
//   cold — not cached (another process wrote it, or evicted): the whole history folded first (`foldCase`), then the
//          same. An XState persisted snapshot is not stored: the events are the state (docs/architecture.md invariant 2), so "restore"
//          from storage is this fold.
import {
  createBenchCases,
  createBenchDb,
  dist,
  median,
  percentile,
  pgbench,
  QUICK,
  log,
  referenceCheck,
  transitionScript,
} from './lib.mjs';

const { decide, foldCase } = await import(dist('libs/workflow/src/index.js'));
const { createDataSource, demoHistory, importCases, projectionValues, toRow } = await import(
  dist('libs/persistence/src/index.js')
);
const { seedDemoUsers } = await import(dist('apps/api/src/auth/demo-users.js'));
const pg = (await import('pg')).default;

// A typical mid-assessment case: the first 12 events of a demo history that goes on to a plan; the command is its 13th.
let sample;
for (const line of demoHistory({
  from: '2024-01-01',
  today: '2025-12-31',
  requestsPerMonth: 50,
  teams: [{ id: 'north', caseworkers: ['cw-north-1'] }],
  seed: 7,
})) {
  if (line.events.length >= 14 && line.events.some((e) => e.type === 'FinalPlanIssued')) {
    sample = line;
    break;
  }
}
const history = sample.events.slice(0, 12);
const next = sample.events[12];
const opts = { today: '2025-12-31', finalPlanDays: 140 };
const cached = new Map([['case', foldCase(history, opts)]]);

/** One command's statechart work up to the statement's parameters; throws if the statechart refuses. */
function command(state) {
  const d = decide(state, next, opts);
  if (!d.ok) throw new Error(`sample command refused: ${d.error.message}`);
  const row = toRow(next);
  return JSON.stringify([{ type: row.type, date: row.date, data: row.data, ...projectionValues(d.view, d.deadlines) }]);
}
const warm = () => command(cached.get('case'));
const cold = () => command(foldCase(history, opts));

const iterations = QUICK ? 5_000 : 30_000;
function time(fn) {
  for (let i = 0; i < 2_000; i++) fn();
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const t = process.hrtime.bigint();
    fn();
    samples[i] = Number(process.hrtime.bigint() - t) / 1e3;
  }
  const us = [...samples];
  return { p50: median(us), p99: percentile(us, 99), mean: us.reduce((a, b) => a + b, 0) / us.length };
}
// References on a migrated database with imported cases: pgbench's transition (the G1/G2 reference) at one client,
// and a durable single-row INSERT from Node.
const db = await createBenchDb('statechart');
const ds = createDataSource(db.url, { poolSize: 4, applicationName: 'ehc-bench-seed' });
await ds.initialize();
await seedDemoUsers(ds);
const lines = demoHistory({
  from: '2024-06-01',
  today: opts.today,
  requestsPerMonth: 20,
  teams: [{ id: 'north', caseworkers: ['cw-north-1', 'cw-north-2'] }],
  seed: 11,
  referencePrefix: 'SC',
});
async function* ndjson() {
  let n = 0;
  for (const l of lines) {
    if (n++ >= 300) return;
    yield JSON.stringify(l);
  }
}
await importCases(ds, ndjson(), {
  actor: 'import',
  today: opts.today,
  finalPlanDays: 140,
  defaultTeam: 'north',
  concurrency: 2,
});
const benchCases = await createBenchCases(ds);
await ds.destroy();
// The reference before the figures (the box's state: docs/benchmarks.md#a-busy-box), then the figures, then the
// reference the ratios use.
const pgbBefore = pgbench(db.url, transitionScript(benchCases), { clients: 1, seconds: QUICK ? 2 : 6 });
const warmUs = time(warm);
const coldUs = time(cold);
const pgb = pgbench(db.url, transitionScript(benchCases), { clients: 1, seconds: QUICK ? 2 : 6 });

const c = new pg.Client({ connectionString: db.url });
await c.connect();
const sc = (await c.query('SHOW synchronous_commit')).rows[0].synchronous_commit;
await c.query(`CREATE TABLE tx_probe (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload jsonb NOT NULL)`);
const txN = QUICK ? 1_000 : 4_000;
const payload = JSON.stringify({ type: 'CaseworkerAssigned', caseworker: 'cw-north-2' });
for (let i = 0; i < 200; i++)
  await c.query({ name: 'ins', text: 'INSERT INTO tx_probe (payload) VALUES ($1)', values: [payload] });
const txUs = [];
for (let i = 0; i < txN; i++) {
  const t = process.hrtime.bigint();
  await c.query({ name: 'ins', text: 'INSERT INTO tx_probe (payload) VALUES ($1)', values: [payload] });
  txUs.push(Number(process.hrtime.bigint() - t) / 1e3);
}
await c.end();
await db.drop();

const r = {
  section: 'statechart',
  historyLength: history.length,
  command: next.type,
  iterations,
  warmUs,
  coldUs,
  pgbenchTransition: { latencyMs: pgb.latencyMs, tps: pgb.tps, cases: benchCases },
  txUs: { p50: median(txUs), p99: percentile(txUs, 99), mean: txUs.reduce((a, b) => a + b, 0) / txUs.length, n: txN },
  synchronousCommit: sc,
  referenceCheck: referenceCheck('pgbench transition, 1 client', 'tps', pgbBefore.tps, pgb.tps),
};
log(
  `statechart: warm p50 ${warmUs.p50.toFixed(1)} µs p99 ${warmUs.p99.toFixed(1)} µs; cold p50 ${coldUs.p50.toFixed(1)} µs; pgbench transition c=1 ${pgb.latencyMs} ms; durable single-row tx p50 ${r.txUs.p50.toFixed(0)} µs`,
);
console.log(JSON.stringify(r));
