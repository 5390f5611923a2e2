// The statechart's own cost per transition (applyEvent on a typical 12-event history) against one durable
// database transaction (a single-row INSERT, autocommit, synchronous_commit on) measured in the same run.
import pg from 'pg';
import { createBenchDb, dist, median, percentile, QUICK, log } from './lib.mjs';

const { applyEvent } = await import(dist('libs/workflow/src/index.js'));
const { demoHistory } = await import(dist('libs/persistence/src/index.js'));

// A typical mid-assessment case: the first 12 events of a demo history that goes on to a plan; the command is its 13th.
let sample;
for (const line of demoHistory({ from: '2024-01-01', today: '2025-12-31', requestsPerMonth: 50, teams: [{ id: 'north', caseworkers: ['cw-north-1'] }], seed: 7 })) {
  if (line.events.length >= 14 && line.events.some((e) => e.type === 'FinalPlanIssued')) { sample = line; break; }
}
const history = sample.events.slice(0, 12);
const next = sample.events[12];
const opts = { today: '2025-12-31', finalPlanDays: 140 };
const check = applyEvent(history, next, opts);
if (!check.ok) throw new Error(`sample command refused: ${check.error.message}`);

const iterations = QUICK ? 5_000 : 30_000;
for (let i = 0; i < 2_000; i++) applyEvent(history, next, opts);
const samples = new Float64Array(iterations);
for (let i = 0; i < iterations; i++) {
  const t = process.hrtime.bigint();
  applyEvent(history, next, opts);
  samples[i] = Number(process.hrtime.bigint() - t) / 1e3;
}
const us = [...samples];

const db = await createBenchDb('statechart', { migrateIt: false });
const c = new pg.Client({ connectionString: db.url });
await c.connect();
const sc = (await c.query('SHOW synchronous_commit')).rows[0].synchronous_commit;
await c.query(`CREATE TABLE tx_probe (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload jsonb NOT NULL)`);
const txN = QUICK ? 1_000 : 4_000;
const payload = JSON.stringify({ type: 'CaseworkerAssigned', caseworker: 'cw-north-2' });
for (let i = 0; i < 200; i++) await c.query({ name: 'ins', text: 'INSERT INTO tx_probe (payload) VALUES ($1)', values: [payload] });
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
  historyLength: history.length, command: next.type, iterations,
  applyEventUs: { p50: median(us), p99: percentile(us, 99), mean: us.reduce((a, b) => a + b, 0) / us.length },
  txUs: { p50: median(txUs), p99: percentile(txUs, 99), mean: txUs.reduce((a, b) => a + b, 0) / txUs.length, n: txN },
  synchronousCommit: sc,
};
log(`statechart: applyEvent p50 ${r.applyEventUs.p50.toFixed(1)} µs; durable single-row tx p50 ${r.txUs.p50.toFixed(0)} µs`);
console.log(JSON.stringify(r));
