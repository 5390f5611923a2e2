// Deadline alerts and Redis (docs/benchmarks.md#goals G5–G8), each against bare BullMQ on the same Redis in the same run:
//   lateness  alerts at spread instants a few seconds ahead: commit of the alert (observed by LISTEN on the NOTIFY the
//             handler sends in its transaction) minus the instant it was due, against a no-op BullMQ worker's
//             processing time minus due for delayed jobs at the same instants (G5);
//   burst     1,000 deadlines missed at the same instant: until the last alert and the last DeadlineMissed are
//             recorded, against a no-op worker draining 1,000 delayed jobs due at one instant (G6);
//   rebuild   20,000 and 200,000 pending jobs' worth of deadlines in PostgreSQL, Redis flushed, the sweeper's rebuild
//             (engine.sweepNow) timed, against addBulk of as many delayed jobs, 500 per call like the sweeper (G7b);
//   memory    Redis used_memory per rebuilt job and per pending deadline against a bare delayed job with the same
//             payload and job id (G8).
// The alerts travel the production path: cases opened through the command path write the outbox; the worker
// (startWorker, in its own process pinned to CPU 0) relays it to BullMQ delayed jobs, and its handler raises the alert
// and appends DeadlineMissed. Legal dates are calendar days and alerts fall at 08:00 / 00:00 London, so the worker runs
// on the CompressedClock of libs/deadlines that the integration tests use (no hook was added for the benchmark): one
// virtual day is a few real milliseconds, and an alert's real due instant is realStart + (intended_at − virtualStart) / factor.
// The benchmark starts its own redis-server (hz 100, noeviction, no persistence) on a fixed port, so FLUSHALL is safe
// and the figures do not depend on the shared Redis; it stops it, and drops its databases, at the end.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { adminQuery, createBenchDb, dist, log, median, percentile, QUICK, referenceCheck, ROOT } from './lib.mjs';
import {
  cpuWindow,
  monoUsOf,
  processCpuNs,
  postmasterPid,
  PROFILE,
  profileDir,
  summariseProfileDir,
} from './profiling.mjs';

const { createDataSource, createCaseWithHistory, fromRow, inTransaction } = await import(
  dist('libs/persistence/src/index.js')
);
const { alertSchedule, alertsToSchedule, deadlineJobId, intendedAt, ALERT_CHANNEL, QueueName } = await import(
  dist('libs/deadlines/src/index.js')
);
const { loadConfig, londonDateOf } = await import(dist('libs/platform/src/index.js'));
const { addDays, deriveDeadlines } = await import(dist('libs/workflow/src/index.js'));

const REDIS_PORT = Number(process.env.BENCH_ALERTS_REDIS_PORT ?? 6391);
const REDIS_URL = `redis://127.0.0.1:${REDIS_PORT}`;
const HZ = 100;
const PREFIX = 'ehc-bench-engine';
const REF_PREFIX = 'ehc-bench-bullmq'; // same length: key names cost the same bytes
const CONCURRENCY = Number(process.env.BENCH_ALERTS_CONCURRENCY ?? 32); // startWorker's default (DEFAULT_CONCURRENCY)
const LEAD_DAYS = loadConfig({}).alertLeadDays; // production default: 14, 7 (final plan 14, 7, 2) days before
// Lateness: one case opened every 16 days (16 divides no difference between a case's alert offsets, so no two
// alerts of the run fall due at the same instant); a virtual day lasts DAY_MS real ms.
const LATENESS_CASES = QUICK ? 12 : 40;
const CASE_SPACING_DAYS = 16;
const DAY_MS = 20;
const MARGIN_MS = 5_000; // worker start-up and outbox relay before the first alert falls due
const BURST = QUICK ? 300 : 1_000;
const BURST_FACTOR = 3_600; // one real second is one virtual hour
// The burst's outbox (three deadlines a case, ~8 jobs) must be relayed before the instant, even on a busy box.
const BURST_MARGIN_MS = QUICK ? 8_000 : 12_000;
const REBUILD_JOBS = QUICK ? [5_000, 20_000] : [20_000, 200_000];
const REBUILD_REPEATS = QUICK ? [1, 1] : [3, 1];
const JOBS_PER_CASE = 10; // final-plan (warn14, warn7, warn2, due) + two advice deadlines (warn14, warn7, due)

const nowMs = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const stats = (xs) => ({
  n: xs.length,
  p50: percentile(xs, 50),
  p99: percentile(xs, 99),
  max: xs.length ? Math.max(...xs) : NaN,
  min: xs.length ? Math.min(...xs) : NaN,
});
const round = (x, d = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);
const roundStats = (s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, round(v)]));

// ---- resources, all released in `finally` ----
const cleanup = [];
let redisProc;
const children = new Set();

async function startRedis() {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  const busy = await probe.connect().then(
    () => true,
    () => false,
  );
  probe.disconnect();
  if (busy)
    throw new Error(
      `port ${REDIS_PORT} already has a Redis; the alerts benchmark needs its own (set BENCH_ALERTS_REDIS_PORT)`,
    );
  const dir = mkdtempSync(join(tmpdir(), 'ehc-bench-redis-'));
  redisProc = spawn(
    'redis-server',
    [
      '--port',
      String(REDIS_PORT),
      '--bind',
      '127.0.0.1',
      '--hz',
      String(HZ),
      '--maxmemory-policy',
      'noeviction',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--loglevel',
      'warning',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise((resolve) => redisProc.once('exit', resolve));
  cleanup.push(async () => {
    if (redisProc.exitCode === null) {
      redisProc.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
    }
    rmSync(dir, { recursive: true, force: true });
  });
  for (let i = 0; i < 100; i++) {
    if (redisProc.exitCode !== null) throw new Error(`redis-server exited ${redisProc.exitCode}`);
    const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => undefined);
    const ok = await r.connect().then(
      () => r.ping(),
      () => null,
    );
    if (ok === 'PONG') return r;
    r.disconnect();
    await sleep(100);
  }
  throw new Error('redis-server did not answer');
}

/** A worker-side process (test/bench/alerts-worker.mjs) pinned to CPU 0; `call` sends a command over IPC. */
async function startChild(mode, spec, env = {}) {
  const proc = spawn(
    'taskset',
    ['-c', '0', process.execPath, join(ROOT, 'test/bench/alerts-worker.mjs'), mode, JSON.stringify(spec)],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 2, 'inherit', 'ipc'],
    },
  );
  children.add(proc);
  const pending = new Map();
  let seq = 0;
  let readyResolve, readyReject;
  const ready = new Promise((res, rej) => {
    readyResolve = res;
    readyReject = rej;
  });
  const exited = new Promise((resolve) =>
    proc.once('exit', (code) => {
      children.delete(proc);
      const err = new Error(`${mode} worker exited ${code}`);
      readyReject(err);
      for (const p of pending.values()) p.reject(err);
      resolve(code);
    }),
  );
  proc.on('message', (m) => {
    if (m.ready) return readyResolve();
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.ok) p?.resolve(m);
    else p?.reject(new Error(m.error));
  });
  const call = (cmd, args = {}) =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      pending.set(id, { resolve, reject });
      proc.send({ id, cmd, ...args });
    });
  await ready;
  return {
    pid: proc.pid,
    call,
    close: async () => {
      if (proc.exitCode !== null) return {};
      const r = await Promise.race([call('close').catch(() => ({})), sleep(15_000).then(() => ({}))]);
      // Let it exit by itself (it exits right after answering), so a --cpu-prof child writes its profile.
      await Promise.race([exited, sleep(3_000)]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
      await exited;
      return r;
    },
  };
}

async function usedMemory(redis) {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))[1]);
}

async function flush(redis) {
  await redis.flushall('SYNC');
  await sleep(200);
}

async function seedTeam(ds) {
  await ds.query(`INSERT INTO team (id, name) VALUES ('t1', 'Team 1')`);
  await ds.query(`INSERT INTO app_user (username, display_name, role, team_id, password_hash, email) VALUES
    ('cw-t1', 'Caseworker', 'caseworker', 't1', 'not-a-hash', 'cw@example.test'),
    ('mgr-t1', 'Manager', 'team-manager', 't1', 'not-a-hash', 'mgr@example.test')`);
}

/** Opens cases through the command path (request + caseworker), each on its own "today", four at a time. */
async function openCases(ds, d0s) {
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < d0s.length) {
        const i = next++;
        const d0 = d0s[i];
        await inTransaction(ds, (tx) =>
          createCaseWithHistory(
            tx,
            {
              id: randomUUID(),
              reference: `BA-${i}`,
              teamId: 't1',
              child: { givenName: 'Bench', familyName: 'Child', dateOfBirth: '2015-01-01' },
              events: [
                { eventId: randomUUID(), event: { type: 'RequestReceived', date: d0, source: 'parent' } },
                { eventId: randomUUID(), event: { type: 'CaseworkerAssigned', date: d0, caseworker: 'cw-t1' } },
              ],
            },
            { actor: 'bench', today: d0 },
          ),
        );
      }
    }),
  );
}

/** The alerts the relay will schedule for every pending deadline, given how outbox times map onto the worker's clock. */
async function plannedAlerts(ds, toVirtual) {
  const rows = await ds.query(`
    SELECT d.case_id, d.deadline_id, d.kind, d.due::text AS due, d.generation,
           (SELECT min(o.created_at) FROM deadline_outbox o WHERE o.case_id = d.case_id AND o.deadline_id = d.deadline_id AND o.generation = d.generation) AS scheduled_at
      FROM case_deadline d WHERE d.status = 'pending'`);
  return rows.flatMap((r) => {
    const planned = alertSchedule(
      { caseId: r.case_id, deadlineId: r.deadline_id, generation: r.generation, kind: r.kind, due: r.due },
      LEAD_DAYS,
    );
    const scheduledAt = toVirtual(new Date(r.scheduled_at));
    return alertsToSchedule(planned, scheduledAt, scheduledAt);
  });
}

/**
 * The planned alerts the worker will raise: a 'due' wake-up raises a "missed" alert only if the statechart finds the
 * deadline missed (or excepted) on that day; a limit that lapses instead (the 16-week "no plan" notice of reg 10(1),
 * passed with no decision) raises nothing.
 */
async function alertsToBeRaised(ds, planned) {
  const finalPlanDays = loadConfig({}).finalPlanDays;
  const rows = await ds.query(
    `SELECT case_id, type, business_date::text AS business_date, data FROM case_event ORDER BY case_id, version`,
  );
  const history = new Map();
  for (const r of rows) history.set(r.case_id, [...(history.get(r.case_id) ?? []), fromRow(r)]);
  return planned.filter(
    (a) =>
      a.key !== 'due' ||
      ['missed', 'excepted'].includes(
        deriveDeadlines(history.get(a.data.caseId) ?? [], { today: londonDateOf(a.intendedAt), finalPlanDays }).find(
          (d) => d.id === a.data.deadlineId,
        )?.status,
      ),
  );
}

async function listenAlerts(url) {
  const c = new pg.Client({ connectionString: url, application_name: 'ehc-bench-listen' });
  await c.connect();
  c.on('error', (e) => log(`listener: ${e.message}`));
  const seen = new Map();
  c.on('notification', (n) => {
    const at = nowMs();
    seen.set(JSON.parse(n.payload).id, at);
  });
  await c.query(`LISTEN ${ALERT_CHANNEL}`);
  return { seen, close: () => c.end() };
}

// BENCH_ENGINE_NODE_OPTIONS: node options for the production worker's process only (e.g. `--cpu-prof --cpu-prof-dir=…`
// to profile it during the burst without profiling the reference or the harness).
// `nodeOptions` overrides it: the profiled burst passes its own --cpu-prof (docs/benchmarks.md#profiles-what-stands-in-the-way).
const engineEnv = (db, nodeOptions = process.env.BENCH_ENGINE_NODE_OPTIONS) => ({
  DATABASE_URL: db.url,
  REDIS_URL,
  REDIS_PREFIX: PREFIX,
  ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
});
// PostgreSQL's postmaster, for the CPU its processes spend in a window (set once the run starts).
let postmaster;
/** The CPU of a worker-side process, Redis and PostgreSQL from just before a real instant (read from /proc). */
// Also the worker's own PostgreSQL backends (its pool on the bench database: the other PostgreSQL processes of a
// shared box are not the worker's cost; a backend the pool opens during the window counts whole) and the statements
// and Redis commands it sent (alerts-worker.mjs `counts`).
const refCpuWindowFrom = (at, pid) =>
  sleep(Math.max(0, at - 20 - nowMs())).then(() => cpuWindow({ worker: pid, redis: redisProc.pid }, postmaster));
const workerBackends = async (db) =>
  (
    await adminQuery(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'ehc-worker'`, [
      db.name,
    ])
  ).map((r) => r.pid);
const cpuWindowFrom = (at, engine, db) =>
  sleep(Math.max(0, at - 200 - nowMs())).then(async () => {
    const backends = await workerBackends(db);
    await sleep(Math.max(0, at - 20 - nowMs()));
    const before = new Map(backends.map((pid) => [pid, processCpuNs(pid)]));
    const [w, c0] = await Promise.all([
      cpuWindow({ worker: engine.pid, redis: redisProc.pid }, postmaster),
      engine.call('counts'),
    ]);
    return {
      async end() {
        const c1 = await engine.call('counts');
        const out = w.end();
        let ns = 0;
        const now = await workerBackends(db);
        for (const pid of now) ns += (processCpuNs(pid) ?? 0) - (before.get(pid) ?? 0);
        return {
          ...out,
          workerBackends: ns / 1e6,
          workerBackendCount: `${backends.length} before, ${now.length} after`,
          pgStatements: c1.pg - c0.pg,
          redisCommands: c1.redis - c0.redis,
          ...(c1.byName
            ? {
                statements: Object.fromEntries(
                  Object.entries(c1.byName).map(([k, v]) => [
                    k,
                    { n: v.n - (c0.byName[k]?.n ?? 0), ms: round(v.ms - (c0.byName[k]?.ms ?? 0), 1) },
                  ]),
                ),
              }
            : {}),
        };
      },
    };
  });

async function waitUntil(probe, until, stepMs = 20) {
  while (!(await probe()) && nowMs() < until) await sleep(stepMs);
  return probe();
}

/**
 * Runs the engine on a compressed clock and waits for the expected alerts. Returns per-alert commit times and the
 * DeadlineMissed events, with each one's real due instant.
 */
async function runEngine(
  db,
  ds,
  redis,
  { virtualStart, realStart, factor, expected, lastDueReal, cpuFrom, nodeOptions },
) {
  const toReal = (v) => realStart + (v.getTime() - virtualStart.getTime()) / factor;
  const listener = await listenAlerts(db.url);
  const engine = await startChild(
    'engine',
    {
      concurrency: CONCURRENCY,
      clock: { virtualStart: virtualStart.toISOString(), realStart: new Date(realStart).toISOString(), factor },
    },
    engineEnv(db, nodeOptions),
  );
  let alerts, misses, relayedBefore, closed, cpu;
  const cpu0 = nowMs();
  // With cpuFrom (a real instant): the CPU of the worker, Redis and PostgreSQL from just before it until every
  // expected alert is seen, read from /proc at those two moments only.
  const cpuAt = cpuFrom === undefined ? null : cpuWindowFrom(cpuFrom, engine, db);
  try {
    await waitUntil(() => listener.seen.size >= expected.length, lastDueReal + 30_000, 50);
    cpu = await (await cpuAt)?.end();
    const dueAlerts = expected.filter((a) => a.key === 'due').length;
    const missCount = async () =>
      Number((await ds.query(`SELECT count(*) FROM case_event WHERE type = 'DeadlineMissed'`))[0].count);
    // A miss whose command the statechart refuses is not recorded (not-applicable): wait for the count to settle.
    let last = -1;
    await waitUntil(
      async () => {
        const n = await missCount();
        const done = n >= dueAlerts || (n === last && nowMs() > lastDueReal + 3_000);
        last = n;
        return done;
      },
      lastDueReal + 30_000,
      500,
    );
    relayedBefore = (
      await ds.query(
        `SELECT count(*) FILTER (WHERE relayed_at IS NULL) AS unrelayed, extract(epoch FROM max(relayed_at)) * 1000 AS last FROM deadline_outbox`,
      )
    )[0];
  } finally {
    closed = await engine.close();
    await listener.close();
  }
  const wallMs = nowMs() - cpu0;
  // Where the time went, from the jobs BullMQ keeps after completion: when the relay asked for the job to fire
  // (timestamp + opts.delay, the producer's clock; BullMQ zeroes the `delay` field on promotion) and when the
  // worker took it (processedOn).
  const key = (k) => `${PREFIX}:${QueueName.Deadlines}:${k}`;
  const ids = (await redis.zrange(key('completed'), 0, -1)).filter((id) => id.startsWith('dl-'));
  const pipe = redis.pipeline();
  for (const id of ids) pipe.hmget(key(id), 'timestamp', 'opts', 'processedOn');
  const info = new Map(
    (await pipe.exec()).map(([, [t, o, p]], i) => [
      ids[i],
      { firesAt: Number(t) + (JSON.parse(o).delay ?? 0), takenAt: Number(p) },
    ]),
  );
  const rows = await ds.query(`SELECT id, case_id, deadline_id, generation, alert_key, intended_at FROM alert`);
  alerts = rows.map((r) => {
    const job = info.get(
      deadlineJobId({ caseId: r.case_id, deadlineId: r.deadline_id, generation: r.generation, alert: r.alert_key }),
    );
    return {
      key: r.alert_key,
      due: toReal(new Date(r.intended_at)),
      committed: listener.seen.get(r.id),
      firesAt: job?.firesAt,
      takenAt: job?.takenAt,
    };
  });
  const ev = await ds.query(
    `SELECT data->>'due' AS due, extract(epoch FROM recorded_at) * 1000 AS recorded FROM case_event WHERE type = 'DeadlineMissed'`,
  );
  misses = ev.map((e) => ({ due: toReal(intendedAt('due', e.due)), recorded: Number(e.recorded) }));
  const firstDue = Math.min(...expected.map((a) => toReal(a.intendedAt)));
  const jobs = { completed: await redis.zcard(key('completed')), failed: await redis.zcard(key('failed')) };
  return {
    alerts,
    misses,
    unrelayed: Number(relayedBefore.unrelayed),
    relayDoneBeforeFirstDueMs: firstDue - Number(relayedBefore.last),
    workerCpuMs: closed.cpuMs,
    wallMs,
    jobs,
    cpu,
  };
}

/** Bare BullMQ: delayed jobs due at the given real instants, a no-op worker at the same concurrency. */
async function runReference(dues, { cpuFrom } = {}) {
  const ref = await startChild('bullmq', {
    redisUrl: REDIS_URL,
    prefix: REF_PREFIX,
    queue: QueueName.Deadlines,
    concurrency: CONCURRENCY,
  });
  try {
    await ref.call('schedule', { dues });
    const cpuAt = cpuFrom === undefined ? null : refCpuWindowFrom(cpuFrom, ref.pid);
    const { processed } = await ref.call('wait', { n: dues.length, timeoutMs: Math.max(...dues) - nowMs() + 60_000 });
    return { processed, cpu: (await cpuAt)?.end() };
  } finally {
    await ref.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
async function lateness(redis) {
  const db = await createBenchDb('alerts_lateness');
  cleanup.push(() => db.drop());
  const ds = createDataSource(db.url, { poolSize: 6, applicationName: 'ehc-bench-alerts' });
  await ds.initialize();
  try {
    await seedTeam(ds);
    const d0s = Array.from({ length: LATENESS_CASES }, (_, i) => addDays('2025-01-06', i * CASE_SPACING_DAYS));
    await openCases(ds, d0s);
    const factor = 86_400_000 / DAY_MS;
    const all = await plannedAlerts(ds, () => new Date(0));
    const first = Math.min(...all.map((a) => a.intendedAt.getTime()));
    const realStart = Math.round(nowMs());
    const virtualStart = new Date(first - MARGIN_MS * factor);
    const toVirtual = (t) => new Date(virtualStart.getTime() + (t.getTime() - realStart) * factor);
    const toReal = (v) => realStart + (v.getTime() - virtualStart.getTime()) / factor;
    const expected = await alertsToBeRaised(ds, await plannedAlerts(ds, toVirtual));
    const dues = expected.map((a) => toReal(a.intendedAt)).sort((a, b) => a - b);
    const gaps = dues.slice(1).map((d, i) => d - dues[i]);
    log(
      `lateness: ${LATENESS_CASES} cases, ${expected.length} alerts due over ${((dues.at(-1) - dues[0]) / 1000).toFixed(1)} s (closest two ${Math.min(...gaps).toFixed(1)} ms apart); worker starting`,
    );
    const run = await runEngine(db, ds, redis, { virtualStart, realStart, factor, expected, lastDueReal: dues.at(-1) });
    const recorded = run.alerts.filter((a) => a.committed !== undefined);
    // Which deadlines' misses became DeadlineMissed events (the statechart refuses some: a no-plan notice lapses).
    const missedBy = Object.fromEntries(
      (
        await ds.query(
          `SELECT data->>'deadline' AS d, count(*)::int AS n FROM case_event WHERE type = 'DeadlineMissed' GROUP BY 1 ORDER BY 1`,
        )
      ).map((r) => [r.d, r.n]),
    );
    const late = recorded.map((a) => a.committed - a.due);
    const missLate = run.misses.map((m) => m.recorded - m.due);
    const timed = recorded.filter((a) => a.firesAt !== undefined);
    const breakdown = {
      jobFiresAfterDue: roundStats(stats(timed.map((a) => a.firesAt - a.due))),
      takenAfterDue: roundStats(stats(timed.map((a) => a.takenAt - a.due))),
      committedAfterTaken: roundStats(stats(timed.map((a) => a.committed - a.takenAt))),
    };
    log(
      `lateness engine: ${recorded.length}/${expected.length} alerts, p50 ${percentile(late, 50).toFixed(1)} ms, p99 ${percentile(late, 99).toFixed(1)} ms, max ${Math.max(...late).toFixed(1)} ms; DeadlineMissed p99 ${percentile(missLate, 99).toFixed(1)} ms; p50 / p99 of: job due in BullMQ after the alert's due ${breakdown.jobFiresAfterDue.p50} / ${breakdown.jobFiresAfterDue.p99} ms, taken by the worker ${breakdown.takenAfterDue.p50} / ${breakdown.takenAfterDue.p99} ms, committed after taken ${breakdown.committedAfterTaken.p50} / ${breakdown.committedAfterTaken.p99} ms`,
    );
    await flush(redis);

    // The reference: delayed jobs due at the same instants relative to each other (2 s after adding the first).
    const refStart = Math.round(nowMs()) + 2_000;
    const { processed } = await runReference(dues.map((d) => refStart + (d - dues[0])));
    const refLate = processed.map((p) => p.at - p.due);
    log(
      `lateness bare BullMQ: ${processed.length}/${dues.length} jobs, p50 ${percentile(refLate, 50).toFixed(1)} ms, p99 ${percentile(refLate, 99).toFixed(1)} ms, max ${Math.max(...refLate).toFixed(1)} ms`,
    );
    await flush(redis);
    return {
      cases: LATENESS_CASES,
      expected: expected.length,
      recorded: recorded.length,
      alertsInDb: run.alerts.length,
      spreadS: round((dues.at(-1) - dues[0]) / 1000, 1),
      closestGapMs: round(Math.min(...gaps)),
      dayMs: DAY_MS,
      factor,
      unrelayed: run.unrelayed,
      relayDoneBeforeFirstDueMs: round(run.relayDoneBeforeFirstDueMs, 0),
      engine: roundStats(stats(late)),
      early: late.filter((x) => x < 0).length,
      breakdown,
      misses: {
        dueAlerts: expected.filter((a) => a.key === 'due').length,
        byDeadline: missedBy,
        ...roundStats(stats(missLate)),
        early: missLate.filter((x) => x < 0).length,
      },
      workerCpuMs: round(run.workerCpuMs, 0),
      jobs: run.jobs,
      reference: { ...roundStats(stats(refLate)), early: refLate.filter((x) => x < 0).length },
    };
  } finally {
    await ds.destroy();
  }
}

/** The burst's reference: a no-op worker draining BURST delayed jobs due at one instant. */
async function bareDrain(redis) {
  const due0 = Math.round(nowMs()) + 2_000;
  const { processed, cpu } = await runReference(Array(BURST).fill(due0), { cpuFrom: due0 });
  const at = processed.map((p) => p.at);
  await flush(redis);
  return {
    cpu,
    jobs: processed.length,
    firstMs: Math.min(...at) - due0,
    drainMs: Math.max(...at) - due0,
    jobsPerSecond: processed.length / ((Math.max(...at) - Math.min(...at)) / 1000),
  };
}

/**
 * BURST deadlines missed at one instant, through the production worker: until the last alert and DeadlineMissed are
 * recorded. With `profDir`, the worker runs with --cpu-prof (the profiled pass, after the measured points) and its
 * profile is summarised over the burst (from the instant to the last alert's commit).
 */
async function burstEngine(redis, { label = 'alerts_burst', profDir } = {}) {
  const db = await createBenchDb(label);
  cleanup.push(() => db.drop());
  const ds = createDataSource(db.url, { poolSize: 6, applicationName: 'ehc-bench-alerts' });
  await ds.initialize();
  try {
    await seedTeam(ds);
    const d0 = '2025-01-06';
    await openCases(ds, Array(BURST).fill(d0));
    // Every decision-to-assess deadline is missed at 00:00 London after its due day, at the same instant. The clock
    // starts late enough that the 14- and 7-day warnings were already past when the deadlines were scheduled
    // (the relay skips those), so the miss is the only alert in the window.
    const due = (
      await ds.query(`SELECT DISTINCT due::text AS due FROM case_deadline WHERE deadline_id = 'decision-to-assess'`)
    ).map((r) => r.due);
    if (due.length !== 1) throw new Error(`burst: expected one due date, got ${due.join(', ')}`);
    const miss = intendedAt('due', due[0]);
    const realStart = Math.round(nowMs());
    const virtualStart = new Date(miss.getTime() - BURST_MARGIN_MS * BURST_FACTOR);
    const toVirtual = (t) => new Date(virtualStart.getTime() + (t.getTime() - realStart) * BURST_FACTOR);
    const toReal = (v) => realStart + (v.getTime() - virtualStart.getTime()) / BURST_FACTOR;
    const missReal = toReal(miss);
    const expected = (await plannedAlerts(ds, toVirtual)).filter((a) => toReal(a.intendedAt) <= missReal + 60_000);
    if (
      expected.length !== BURST ||
      expected.some((a) => a.key !== 'due' || a.intendedAt.getTime() !== miss.getTime())
    ) {
      throw new Error(
        `burst: expected ${BURST} misses at one instant, planned ${expected.length} (${[...new Set(expected.map((a) => a.key))].join(', ')})`,
      );
    }
    log(`burst: ${BURST} deadlines missed at one instant; worker starting${profDir ? ' (profiled pass)' : ''}`);
    const run = await runEngine(db, ds, redis, {
      virtualStart,
      realStart,
      factor: BURST_FACTOR,
      expected,
      lastDueReal: missReal,
      cpuFrom: missReal,
      nodeOptions: profDir ? `--cpu-prof --cpu-prof-dir=${profDir}` : undefined,
    });
    const committed = run.alerts.map((a) => a.committed).filter((x) => x !== undefined);
    log(
      'burst: alert commits, ms after due (deciles):',
      [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
        .map((p) =>
          Math.round(
            percentile(
              committed.map((t) => t - missReal),
              Math.max(p, 0.0001),
            ),
          ),
        )
        .join(' '),
    );
    const engine = {
      alerts: committed.length,
      misses: run.misses.length,
      firstAlertMs: Math.min(...committed) - missReal,
      lastAlertMs: Math.max(...committed) - missReal,
      lastMissMs: Math.max(...run.misses.map((m) => m.recorded)) - missReal,
      lastTakenMs: Math.max(...run.alerts.map((a) => a.takenAt ?? -Infinity)) - missReal,
      jobFiresAfterDueMax: Math.max(...run.alerts.map((a) => a.firesAt ?? -Infinity)) - missReal,
      early: committed.filter((t) => t < missReal).length,
      workerCpuMs: run.workerCpuMs,
    };
    log(
      `burst engine: ${engine.alerts} alerts, last ${engine.lastAlertMs.toFixed(0)} ms after due; ${engine.misses} DeadlineMissed, last ${engine.lastMissMs.toFixed(0)} ms; worker CPU ${run.workerCpuMs?.toFixed(0)} ms in ${run.wallMs.toFixed(0)} ms; jobs ${JSON.stringify(run.jobs)}`,
    );
    await flush(redis);
    const window = { fromUs: monoUsOf(missReal), toUs: monoUsOf(missReal + engine.lastAlertMs) };
    return { run, engine, cpu: run.cpu, summary: profDir ? summariseProfileDir(profDir, window) : undefined };
  } finally {
    await ds.destroy();
  }
}

async function burst(redis) {
  const { run, engine, cpu } = await burstEngine(redis);
  {
    const refRuns = [];
    for (let i = 0; i < 3; i++) refRuns.push(await bareDrain(redis));
    const ref = refRuns.slice().sort((a, b) => a.drainMs - b.drainMs)[1];
    log(
      `burst bare BullMQ (median of 3): ${ref.jobs} jobs drained ${ref.drainMs.toFixed(0)} ms after due (${ref.jobsPerSecond.toFixed(0)} jobs/s)`,
    );
    return {
      deadlines: BURST,
      jobs: run.jobs,
      unrelayed: run.unrelayed,
      relayDoneBeforeFirstDueMs: round(run.relayDoneBeforeFirstDueMs, 0),
      engine: roundStats(engine),
      reference: roundStats({ ...ref, cpu: undefined }),
      referenceRuns: refRuns.map((r) => roundStats({ ...r, cpu: undefined })),
      // CPU over the burst (the instant to the last alert seen) and over the median reference drain, from /proc.
      cpu: { engine: cpu, reference: ref.cpu },
    };
  }
}

/**
 * The profiled pass (docs/benchmarks.md#profiles-what-stands-in-the-way), after every measured point: the burst
 * again on a fresh database with the worker under --cpu-prof, summarised over the burst.
 */
async function profiledBurst(redis) {
  try {
    const dir = profileDir('alerts-worker');
    const { engine, summary } = await burstEngine(redis, { label: 'alerts_burst_profiled', profDir: dir });
    log(`burst: worker profile in ${dir}`);
    return { dir, lastAlertMs: round(engine.lastAlertMs, 0), summary };
  } catch (e) {
    // Reported in BENCHMARKS.md; no measured figure is lost.
    log(`burst: the profiled pass failed: ${e.message}`);
    await flush(redis).catch(() => undefined);
    return { error: e.message };
  }
}

async function rebuild(redis) {
  const db = await createBenchDb('alerts_rebuild');
  cleanup.push(() => db.drop());
  const c = new pg.Client({ connectionString: db.url, application_name: 'ehc-bench-alerts' });
  c.on('error', (e) => log(`rebuild client: ${e.message}`));
  await c.connect();
  let engine, ref;
  try {
    await c.query(`INSERT INTO team (id, name) VALUES ('t1', 'Team 1')`);
    const today = londonDateOf(new Date());
    let cases = 0;
    const sizes = [];
    for (const [si, jobs] of REBUILD_JOBS.entries()) {
      // Pending deadlines generated set-based, as the projection would hold them for cases past the decision to
      // assess: a final plan and two pieces of advice each, due 20–320 days ahead, scheduled (outbox relayed) a day ago.
      const to = jobs / JOBS_PER_CASE;
      const t0 = nowMs();
      await c.query(
        `INSERT INTO ehc_case (id, reference, team_id, child, version)
        SELECT md5('bench-rebuild-' || n)::uuid, 'RB-' || n, 't1', '{"givenName":"Bench","familyName":"Child","dateOfBirth":"2015-01-01"}', 5
          FROM generate_series($1::int, $2::int) n`,
        [cases + 1, to],
      );
      await c.query(
        `INSERT INTO case_deadline (case_id, deadline_id, kind, due, from_date, regulation, statutory, status, generation)
        SELECT md5('bench-rebuild-' || n)::uuid, d.id, d.kind, $3::date + 20 + n % 300, $3::date + 20 + n % 300 - d.len, d.reg, true, 'pending', 1
          FROM generate_series($1::int, $2::int) n
         CROSS JOIN (VALUES ('final-plan', 'final-plan', 140, 'SEND Regulations 2014 reg 13(2)'),
                            ('advice-ep', 'advice', 42, 'SEND Regulations 2014 reg 8(1)'),
                            ('advice-health', 'advice', 42, 'SEND Regulations 2014 reg 8(1)')) AS d(id, kind, len, reg)`,
        [cases + 1, to, today],
      );
      await c.query(
        `INSERT INTO deadline_outbox (case_id, deadline_id, generation, created_at, relayed_at)
        SELECT md5('bench-rebuild-' || n)::uuid, d.id, 1, now() - interval '1 day', now() - interval '1 day'
          FROM generate_series($1::int, $2::int) n CROSS JOIN (VALUES ('final-plan'), ('advice-ep'), ('advice-health')) AS d(id)`,
        [cases + 1, to],
      );
      await c.query(`VACUUM ANALYZE ehc_case, case_deadline, deadline_outbox`);
      cases = to;
      const generateS = (nowMs() - t0) / 1000;
      log(`rebuild: ${cases * 3} pending deadlines (${jobs} jobs) in PostgreSQL (${generateS.toFixed(1)} s)`);

      if (!engine) {
        // The worker's start-up sweep (the scheduler's first run) fills Redis: the state before the flush.
        engine = await startChild('engine', { concurrency: CONCURRENCY }, engineEnv(db));
        ref = await startChild('bullmq', {
          redisUrl: REDIS_URL,
          prefix: REF_PREFIX,
          queue: QueueName.Deadlines,
          concurrency: 0,
        });
        const completed = `${PREFIX}:${QueueName.Deadlines}:completed`;
        const filled = await waitUntil(async () => (await redis.zcard(completed)) >= 1, nowMs() + 180_000, 200);
        if (!filled) throw new Error("the worker's start-up sweep did not complete");
      }

      // The jobs PostgreSQL says must exist, by id (what the rebuild is checked against).
      const expectedIds = new Set(
        (await plannedAlerts({ query: (q) => c.query(q).then((r) => r.rows) }, (t) => t)).map((a) => a.jobId),
      );
      const run = { jobs, deadlines: cases * 3, generateS: round(generateS, 1), engine: [], reference: [] };
      for (let rep = 0; rep < REBUILD_REPEATS[si]; rep++) {
        await flush(redis);
        let m0 = await usedMemory(redis);
        const s = await engine.call('sweep');
        let m1 = await usedMemory(redis);
        const delayed = (await redis.zrange(`${PREFIX}:${QueueName.Deadlines}:delayed`, 0, -1)).filter((id) =>
          id.startsWith('dl-'),
        );
        const equal = delayed.length === expectedIds.size && delayed.every((id) => expectedIds.has(id));
        run.engine.push({
          ms: round(s.ms, 1),
          added: s.result.added,
          expected: s.result.expected,
          inRedis: delayed.length,
          equal,
          bytes: m1 - m0,
        });
        log(
          `rebuild ${jobs}: sweeper ${s.ms.toFixed(0)} ms (${((s.result.added / s.ms) * 1000).toFixed(0)} jobs/s), ${delayed.length} jobs in Redis, ${equal ? 'equal to' : 'DIFFERENT from'} PostgreSQL's; ${((m1 - m0) / s.result.added).toFixed(0)} B/job`,
        );
        await flush(redis);
        m0 = await usedMemory(redis);
        const r = await ref.call('addBulk', { n: jobs, batch: 500 });
        m1 = await usedMemory(redis);
        run.reference.push({ ms: round(r.ms, 1), bytes: m1 - m0 });
        log(
          `rebuild ${jobs}: bare addBulk ${r.ms.toFixed(0)} ms (${((jobs / r.ms) * 1000).toFixed(0)} jobs/s); ${((m1 - m0) / jobs).toFixed(0)} B/job`,
        );
      }
      await flush(redis);
      const eMs = median(run.engine.map((x) => x.ms));
      const rMs = median(run.reference.map((x) => x.ms));
      sizes.push({
        ...run,
        engineMs: eMs,
        referenceMs: rMs,
        engineJobsPerSecond: round((jobs / eMs) * 1000, 0),
        referenceJobsPerSecond: round((jobs / rMs) * 1000, 0),
        equal: run.engine.every((x) => x.equal),
      });
    }
    // Memory from the largest size's first rebuild (the events stream, capped near 10,000 entries, is in both).
    const big = sizes.at(-1);
    const memory = {
      jobs: big.jobs,
      deadlines: big.deadlines,
      jobsPerDeadline: big.jobs / big.deadlines,
      engineBytesPerJob: round(big.engine[0].bytes / big.engine[0].added, 0),
      engineBytesPerDeadline: round(big.engine[0].bytes / big.deadlines, 0),
      referenceBytesPerJob: round(big.reference[0].bytes / big.jobs, 0),
    };
    return { sizes, memory };
  } finally {
    await engine?.close();
    await ref?.close();
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------------------------
let out;
const started = nowMs();
// Whatever happens, the processes this run started do not outlive it.
process.on('exit', () => {
  for (const ch of children) ch.kill('SIGKILL');
  if (redisProc?.exitCode === null) redisProc.kill('SIGTERM');
});
const onSignal = async (sig) => {
  log(`${sig}: cleaning up`);
  for (const ch of children) ch.kill('SIGKILL');
  redisProc?.kill('SIGTERM');
  const timeout = sleep(10_000);
  for (const f of cleanup.reverse())
    await Promise.race([
      Promise.resolve()
        .then(f)
        .catch(() => undefined),
      timeout,
    ]);
  process.exit(1);
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
try {
  const redis = await startRedis();
  cleanup.push(() => redis.quit().catch(() => undefined));
  const server = await redis.info('server');
  const cfg = (k) => redis.config('GET', k).then((r) => r[1]);
  const redisInfo = {
    version: /redis_version:(\S+)/.exec(server)[1],
    port: REDIS_PORT,
    hz: Number(await cfg('hz')),
    maxmemoryPolicy: await cfg('maxmemory-policy'),
    appendonly: await cfg('appendonly'),
  };
  log(
    `alerts: own redis-server ${redisInfo.version} on ${REDIS_PORT} (hz ${redisInfo.hz}, ${redisInfo.maxmemoryPolicy}, appendonly ${redisInfo.appendonly})`,
  );
  postmaster = await postmasterPid((q) => adminQuery(q));
  const parts = process.env.BENCH_ALERTS_PARTS?.split(',') ?? ['lateness', 'burst', 'rebuild']; // for working on one part
  // The burst's reference before everything and again after (docs/benchmarks.md#a-busy-box).
  const drainBefore = await bareDrain(redis);
  log(`alerts: bare BullMQ drain before the section ${drainBefore.drainMs.toFixed(0)} ms`);
  const late = parts.includes('lateness') ? await lateness(redis) : null;
  const bur = parts.includes('burst') ? await burst(redis) : null;
  const reb = parts.includes('rebuild') ? await rebuild(redis) : { sizes: null, memory: null };
  const drainAfter = await bareDrain(redis);
  log(`alerts: bare BullMQ drain after the section ${drainAfter.drainMs.toFixed(0)} ms`);
  const profile = PROFILE && parts.includes('burst') ? { burst: await profiledBurst(redis) } : null;
  out = {
    referenceCheck: referenceCheck(
      `bare BullMQ drain of ${BURST} no-op jobs due at one instant`,
      'ms',
      drainBefore.drainMs,
      drainAfter.drainMs,
    ),
    section: 'alerts',
    redis: redisInfo,
    concurrency: CONCURRENCY,
    leadDays: LEAD_DAYS,
    lateness: late,
    burst: bur,
    rebuild: reb.sizes,
    memory: reb.memory,
    profile,
    seconds: round((nowMs() - started) / 1000, 0),
  };
} catch (e) {
  log(`alerts failed: ${e.stack ?? e}`);
} finally {
  for (const ch of children) ch.kill('SIGKILL');
  for (const f of cleanup.reverse())
    await Promise.resolve()
      .then(f)
      .catch((e) => log(`cleanup: ${e.message}`));
}
if (!out) process.exit(1);
console.log(JSON.stringify(out));
process.exit(0);
