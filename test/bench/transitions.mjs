// Case transitions over HTTP (validation, lock, statechart, append, projections, outbox in one durable transaction)
// at 1, 8, 16 and 32 clients, against pgbench running the equivalent SQL transaction on the same database; then the
// caseworker reads (case timeline, deadline queue) against the raw SQL they run.
// The api runs in one process pinned to CPU 0, the load generator in another pinned to CPU 1; PostgreSQL floats.
// After the measured points, the CPU each command cost (api, PostgreSQL) and a profiled pass of the api (--cpu-prof)
// for BENCHMARKS.md's "What stands in the way" (docs/benchmarks.md#profiles-what-stands-in-the-way).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createBenchCases,
  createBenchDb,
  dist,
  importDemoCases,
  log,
  pgbench,
  QUICK,
  REDIS_URL,
  referenceCheck,
  ROOT,
  runNode,
  transitionScript,
} from './lib.mjs';
import { cpuProfArgs, cpuWindow, postmasterPid, PROFILE, profileDir, summariseProfileDir } from './profiling.mjs';

const PORT = 3901;
const CASES = QUICK ? 1_000 : 3_000;
const WARMUP = QUICK ? 1 : 3;
const SECONDS = QUICK ? 3 : 10;
const READ_SECONDS = QUICK ? 3 : 8;
const PROFILE_SECONDS = QUICK ? 3 : 8;

const { createDataSource, deadlineQueueView, DEADLINE_IS_WORK_SQL } = await import(
  dist('libs/persistence/src/index.js')
);
const { seedDemoUsers } = await import(dist('apps/api/src/auth/demo-users.js'));
const { londonDateOf } = await import(dist('libs/platform/src/index.js'));
const today = londonDateOf(new Date());

const db = await createBenchDb('transitions');
const ds = createDataSource(db.url, { poolSize: 8, applicationName: 'ehc-bench-seed' });
await ds.initialize();
await seedDemoUsers(ds);
// Cases of the north team with realistic histories (the demo generator), open and closed, imported as a council would.
const imported = await importDemoCases(ds, { cases: CASES, today });
const cases = await ds.query(`SELECT id, version FROM ehc_case ORDER BY reference`);
const benchCases = await createBenchCases(ds);
const settings = Object.fromEntries(
  (
    await ds.query(
      `SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync', 'full_page_writes', 'shared_buffers', 'wal_sync_method')`,
    )
  ).map((r) => [r.name, r.setting]),
);
log(
  `transitions: ${cases.length} cases imported (${imported.rejected.length} rejected); synchronous_commit=${settings.synchronous_commit}, fsync=${settings.fsync}`,
);

// The api, in its own process on CPU 0 (with `nodeArgs`, e.g. --cpu-prof for the profiled pass).
async function startServer(nodeArgs = []) {
  const proc = spawn('taskset', ['-c', '0', process.execPath, ...nodeArgs, join(ROOT, 'test/bench/api-server.mjs')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      REDIS_URL,
      REDIS_PREFIX: 'ehc-bench-transitions',
      PORT: String(PORT),
      LOG_LEVEL: 'warn',
    },
  });
  try {
    await new Promise((resolve, reject) => {
      proc.stdout.on('data', (d) => {
        if (String(d).includes('"ready":true')) resolve();
      });
      proc.on('exit', (code) => reject(new Error(`api exited ${code}`)));
    });
    const login = await fetch(`http://127.0.0.1:${PORT}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' },
      body: JSON.stringify({ username: 'manager-north', password: 'demo-password-1' }),
    });
    if (login.status !== 200) throw new Error(`login ${login.status}`);
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('ehc_session='))
      .split(';')[0];
    await warmCaseCache(cookie);
    return { proc, cookie, stop: () => stopServer(proc) };
  } catch (e) {
    proc.kill('SIGKILL');
    throw e;
  }
}
async function stopServer(proc) {
  if (proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.on('exit', r));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

// A caseworker records an event from the case's page, which has just been read (GET /api/cases/:id), so the api
// already holds the case folded at that version (CaseStateCache): the usual path of a command. Each case is read
// once here, as its page would be; without this, nearly every command of the 1-client run was a case's first touch
// (its history read and folded first: one more statement and a cold fold), which is not what a caseworker's command costs.
async function warmCaseCache(cookie) {
  const ids = cases.map((c) => c.id);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < ids.length) {
        const res = await fetch(`http://127.0.0.1:${PORT}/api/cases/${ids[next++]}`, {
          headers: { cookie, 'x-requested-with': 'XMLHttpRequest' },
        });
        if (res.status !== 200) throw new Error(`case page ${res.status}`);
        await res.arrayBuffer();
      }
    }),
  );
  log(`transitions: ${ids.length} case pages read (the api's case cache warmed as by the web app)`);
}
const api = await startServer();
const server = api.proc;
// PostgreSQL's processes, for the CPU each command costs there (read at the edges of each measured window only).
const postmaster = await postmasterPid((q) => ds.query(q));
const cpu = { http: {}, pgbench: {} };

// The cases a client may reassign, at the versions the database has now (the previous run moved them on). Withdrawn and
// moved-out cases are closed for good: the statechart allows no reassignment there.
const openCaseVersions = () =>
  ds.query(
    `SELECT id, version FROM ehc_case c WHERE NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.type IN ('RequestWithdrawn', 'MovedOutOfArea')) ORDER BY reference`,
  );

const dir = mkdtempSync(join(tmpdir(), 'ehc-bench-client-'));
let specN = 0;
async function load(spec, cookie = api.cookie) {
  const file = join(dir, `spec-${specN++}.json`);
  writeFileSync(file, JSON.stringify({ port: PORT, cookie, today, warmupS: WARMUP, ...spec }));
  return runNode(join(ROOT, 'test/bench/http-client.mjs'), [file], { cpu: 1 });
}

// The reference at 8 clients before anything else, and again at the end: how far the box moved during the section
// (docs/benchmarks.md#a-busy-box).
const referenceBefore = pgbench(db.url, transitionScript(benchCases), { clients: 8, seconds: SECONDS });
log(`pgbench transition before the section, 8 clients: ${referenceBefore.tps.toFixed(0)} tps`);
const before = Number((await ds.query(`SELECT count(*) FROM case_event WHERE actor <> 'import'`))[0].count);
const http = {};
let okTotal = 0;
for (const clients of [1, 8, 16, 32]) {
  const state = await openCaseVersions();
  const w = cpuWindow({ api: server.pid }, postmaster);
  const r = await load({ mode: 'transitions', clients, seconds: SECONDS, cases: state });
  cpu.http[clients] = { ...w.end(), commands: r.okTotal };
  okTotal += r.okTotal;
  http[clients] = r;
  log(
    `transitions over HTTP, ${clients} clients: ${r.okPerSecond.toFixed(0)}/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, statuses ${JSON.stringify(r.statuses)}`,
  );
}
const after = Number((await ds.query(`SELECT count(*) FROM case_event WHERE actor <> 'import'`))[0].count);
// Every 200 the clients received is a committed event (and nothing else was stored).
const durable = { acknowledged: okTotal, stored: after - before };

const transitionSql = transitionScript(benchCases);
const pgb = {};
for (const clients of [1, 8, 16, 32]) {
  // At 1 and 16 clients also the latency of every transaction: the raw SQL's own p50 and p99, for the api's latency
  // goals (G2).
  const w = cpuWindow({}, postmaster);
  pgb[clients] = pgbench(db.url, transitionSql, {
    clients,
    seconds: SECONDS,
    latencies: clients === 1 || clients === 16,
  });
  // pgbench's backends end as it disconnects: their CPU counts once the postmaster has reaped them.
  for (let i = 0; i < 50; i++) {
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'pgbench' AND datname = current_database()`,
    );
    if (n === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 100));
  cpu.pgbench[clients] = { ...w.end(), transactions: pgb[clients].done };
  log(
    `pgbench transition, ${clients} clients: ${pgb[clients].tps.toFixed(0)} tps, ${pgb[clients].latencyMs} ms avg${pgb[clients].p99 ? `, p50 ${pgb[clients].p50.toFixed(2)} ms, p99 ${pgb[clients].p99.toFixed(2)} ms` : ''}`,
  );
}

// Reads: the case timeline and the deadline queue (open cases of the team by next statutory deadline), with the
// statistics gathered again after the commands' tens of thousands of events (as autovacuum would have).
await ds.query(`VACUUM ANALYZE`);
const timelineSql = `\\set n random(1, ${benchCases})
SELECT e.event_id, e.version, e.type, e.business_date::text AS date, e.recorded_at, e.actor, e.data, u.display_name
  FROM case_event e LEFT JOIN app_user u ON u.id::text = e.actor
 WHERE e.case_id = (SELECT id FROM bench_case WHERE n = :n) ORDER BY e.version DESC;
`;
// The manager's deadline queue (GET /api/queues/deadlines, first page of 50): the one statement the api runs for it
// (libs/persistence/src/read/deadline-queue-reads.ts: the page, the counts of its buckets and the team's caseloads),
// taken from the read module itself with the api's parameters written in as literals, without its audit row.
let queueStatement;
await deadlineQueueView(
  {
    query: async (text, params) => {
      queueStatement = { text, params };
      return [{ rows: [], counts: {}, caseloads: [] }];
    },
  },
  { teamId: 'north', limit: 50, offset: 0 },
  today,
);
const literal = (v) => (typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`);
const queueSql = `${queueStatement.params.reduceRight(
  (text, v, i) => text.replaceAll(`$${i + 1}`, literal(v)),
  queueStatement.text,
)};\n`;
const ids = (await ds.query(`SELECT id FROM bench_case ORDER BY n`)).map((r) => r.id);
const reads = {};
for (const [name, urls, sql] of [
  ['timeline', ids.map((id) => `/api/cases/${id}/events`), timelineSql],
  ['queue', ['/api/queues/deadlines?limit=50'], queueSql],
]) {
  reads[name] = { api: {}, sql: {} };
  for (const clients of [1, 8]) {
    reads[name].api[clients] = await load({ mode: 'get', clients, seconds: READ_SECONDS, urls });
    reads[name].sql[clients] = pgbench(db.url, sql, { clients, seconds: READ_SECONDS });
    log(
      `${name}: api ${clients}c ${reads[name].api[clients].okPerSecond.toFixed(0)}/s p50 ${reads[name].api[clients].p50.toFixed(2)} ms p95 ${reads[name].api[clients].p95.toFixed(2)} ms; sql ${reads[name].sql[clients].tps.toFixed(0)} tps ${reads[name].sql[clients].latencyMs} ms`,
    );
  }
}
const timelineEvents = Number(
  (await ds.query(`SELECT avg(c) AS a FROM (SELECT count(*) AS c FROM case_event GROUP BY case_id) x`))[0].a,
);
const totalEvents = Number((await ds.query(`SELECT count(*) FROM case_event`))[0].count);
const openNorth = Number(
  (await ds.query(`SELECT count(*) FROM case_summary WHERE team_id = 'north' AND NOT closed`))[0].count,
);
const openDeadlines = Number(
  (
    await ds.query(
      `SELECT count(*) FROM case_deadline d JOIN case_summary s ON s.case_id = d.case_id WHERE d.met_on IS NULL AND d.status IN ('pending', 'missed', 'excepted') AND s.team_id = 'north' AND ${DEADLINE_IS_WORK_SQL}`,
    )
  )[0].count,
);

const referenceAfter = pgbench(db.url, transitionSql, { clients: 8, seconds: SECONDS });
log(`pgbench transition after the section, 8 clients: ${referenceAfter.tps.toFixed(0)} tps`);

await api.stop();

// The profiled pass, after every measured point (docs/benchmarks.md#profiles-what-stands-in-the-way): the api
// re-started with --cpu-prof, its case cache warmed again, commands at 1, 8 and 16 clients; each client count's
// measured window is summarised from the one profile the api writes when it stops.
// A failure here is reported in BENCHMARKS.md and loses no measured figure.
async function profiledPass() {
  let prof;
  try {
    const profDir = profileDir('transitions-api');
    prof = await startServer(cpuProfArgs(profDir));
    const passes = {};
    for (const clients of [1, 8, 16]) {
      const r = await load(
        { mode: 'transitions', clients, seconds: PROFILE_SECONDS, warmupS: 1, cases: await openCaseVersions() },
        prof.cookie,
      );
      passes[clients] = { okPerSecond: r.okPerSecond, p50: r.p50, p99: r.p99, windowUs: r.windowUs };
      log(
        `transitions, profiled pass at ${clients} clients: ${r.okPerSecond.toFixed(0)}/s, p50 ${r.p50.toFixed(2)} ms`,
      );
    }
    await prof.stop(); // the api writes its profile as it exits
    for (const p of Object.values(passes)) p.summary = summariseProfileDir(profDir, p.windowUs);
    log(`transitions: api profile in ${profDir}`);
    return { seconds: PROFILE_SECONDS, dir: profDir, passes };
  } catch (e) {
    log(`transitions: the profiled pass failed: ${e.message}`);
    return { error: e.message };
  } finally {
    await prof?.stop();
  }
}
const profile = PROFILE ? await profiledPass() : null;
await ds.destroy();
await db.drop();
console.log(
  JSON.stringify({
    section: 'transitions',
    cases: cases.length,
    settings,
    http,
    pgbench: pgb,
    durable,
    reads,
    timelineEvents,
    totalEvents,
    openNorth,
    openDeadlines,
    seconds: SECONDS,
    readSeconds: READ_SECONDS,
    referenceCheck: referenceCheck('pgbench transition, 8 clients', 'tps', referenceBefore.tps, referenceAfter.tps),
    cpu,
    profile,
  }),
);
