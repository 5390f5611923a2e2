// Shared helpers of the benchmark (npm run bench): bench databases, pgbench, timing statistics.
// Every benchmark database is named ehc_bench_* and dropped at the end; Redis keys use ehc-bench-* prefixes.
import pg from 'pg';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const QUICK = process.env.BENCH_QUICK === '1';
export const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const dist = (p) => join(ROOT, 'dist', p);

/**
 * The command benchmarks' cases: the demo generator's histories of one team (north), open and closed, imported as a
 * council would (importCases), then the planner's statistics gathered (autovacuum keeps them in a database in
 * service; plans made without them would be measured instead of the statements). `root` is the checkout whose build
 * does it (ab-commits.mjs sets up another checkout's database with that checkout's own code).
 */
export async function importDemoCases(ds, { cases, today, root = ROOT, demoRoot = root }) {
  // The importer is `root`'s; the histories are `demoRoot`'s generator (another checkout's, to give two the same cases).
  const { importCases } = await import(join(root, 'dist', 'libs/persistence/src/index.js'));
  const { demoHistory } = await import(join(demoRoot, 'dist', 'libs/persistence/src/index.js'));
  const lines = demoHistory({
    from: '2024-06-01',
    today,
    requestsPerMonth: Math.ceil(cases / 28),
    teams: [{ id: 'north', caseworkers: ['cw-north-1', 'cw-north-2', 'cw-north-3'] }],
    seed: 42,
    referencePrefix: 'BT',
  });
  async function* ndjson() {
    let n = 0;
    for (const l of lines) {
      if (n++ >= cases) return;
      yield JSON.stringify(l);
    }
  }
  const imported = await importCases(ds, ndjson(), {
    actor: 'import',
    today,
    finalPlanDays: 140,
    defaultTeam: 'north',
    concurrency: 4,
  });
  await ds.query('VACUUM ANALYZE');
  return imported;
}

export async function adminQuery(text, params) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}

/**
 * A fresh, migrated bench database. BENCH_DB_TAG puts a tag in its name, so two checkouts on one box can run the
 * same section at once without dropping each other's database.
 */
export async function createBenchDb(label, { migrateIt = true } = {}) {
  const name = `ehc_bench_${process.env.BENCH_DB_TAG ? `${process.env.BENCH_DB_TAG}_` : ''}${label}`;
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE "${name}"`);
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  if (migrateIt) {
    const { createDataSource, migrate } = await import(dist('libs/persistence/src/index.js'));
    const ds = createDataSource(url, { poolSize: 2, applicationName: 'ehc-bench-migrate' });
    await ds.initialize();
    await migrate(ds);
    await ds.destroy();
  }
  return { name, url, drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export const PGBENCH = ['/usr/lib/postgresql/15/bin/pgbench', '/usr/bin/pgbench'].find(existsSync) ?? 'pgbench';

/**
 * Runs pgbench with a custom script; returns TPS and average latency (ms) as pgbench reports them, and with
 * `latencies` also the p50 / p99 of every transaction's latency (from pgbench's per-transaction log, -l).
 */
export function pgbench(url, script, { clients, seconds, cpu = '1', prepared = true, latencies = false }) {
  const dir = mkdtempSync(join(tmpdir(), 'ehc-bench-'));
  const file = join(dir, 'script.sql');
  writeFileSync(file, script);
  const u = new URL(url);
  const args = [
    '-n',
    '-f',
    file,
    '-c',
    String(clients),
    '-j',
    String(Math.min(clients, 2)),
    '-T',
    String(seconds),
    ...(prepared ? ['-M', 'prepared'] : []),
    ...(latencies ? ['-l', `--log-prefix=${join(dir, 'tx')}`] : []),
    '-h',
    u.hostname,
    '-p',
    u.port || '5432',
    '-U',
    u.username || 'postgres',
    u.pathname.slice(1),
  ];
  const out = execFileSync('taskset', ['-c', cpu, PGBENCH, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
  const lat = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]);
  const failed = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0);
  const done = Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1] ?? 0);
  if (!Number.isFinite(tps)) throw new Error(`pgbench output not understood:\n${out}`);
  const r = { tps, latencyMs: lat, failed, done };
  if (latencies) {
    // Log lines: client_id transaction_no time(µs) script_no time_epoch time_us
    const ms = readdirSync(dir)
      .filter((f) => f.startsWith('tx'))
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
      .filter(Boolean)
      .map((l) => Number(l.split(' ')[2]) / 1000);
    Object.assign(r, { p50: percentile(ms, 50), p99: percentile(ms, 99), logged: ms.length });
  }
  rmSync(dir, { recursive: true, force: true });
  return r;
}

/**
 * bench_case (n → case id): the open cases a pgbench script picks from at random (withdrawn and moved-out cases
 * are closed for good). Returns how many.
 */
export async function createBenchCases(ds) {
  await ds.query(`CREATE TABLE bench_case (n int PRIMARY KEY, id uuid NOT NULL)`);
  await ds.query(
    `INSERT INTO bench_case SELECT row_number() OVER (ORDER BY reference), id FROM ehc_case c WHERE NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.type IN ('RequestWithdrawn', 'MovedOutOfArea'))`,
  );
  return Number((await ds.query(`SELECT count(*) FROM bench_case`))[0].count);
}

/**
 * The SQL transaction equivalent to one case transition, as a pgbench script (C client, prepared statements): bump
 * the version (the optimistic lock), append the event, upsert the case summary and a deadline row, queue an outbox
 * row. The reference of the transitions (G1, G2) and of the statechart's cost (G10).
 */
export const transitionScript = (benchCases) => `\\set n random(1, ${benchCases})
BEGIN;
UPDATE ehc_case c SET version = c.version + 1 FROM bench_case b WHERE b.n = :n AND c.id = b.id RETURNING c.id AS cid, c.version AS v \\gset
INSERT INTO case_event (event_id, case_id, version, type, business_date, data, actor) VALUES (gen_random_uuid(), :cid, :v, 'CaseworkerAssigned', CURRENT_DATE, '{"caseworker":"cw-north-2"}', 'bench');
INSERT INTO case_summary (case_id, reference, team_id, caseworker, stage, closed, received_on, version) SELECT case_id, reference, team_id, 'cw-north-2', stage, closed, received_on, :v FROM case_summary WHERE case_id = :cid ON CONFLICT (case_id) DO UPDATE SET caseworker = EXCLUDED.caseworker, version = EXCLUDED.version;
INSERT INTO case_deadline (case_id, deadline_id, kind, due, from_date, regulation, statutory, status) SELECT case_id, deadline_id, kind, due, from_date, regulation, statutory, status FROM case_deadline WHERE case_id = :cid AND deadline_id = 'final-plan' ON CONFLICT (case_id, deadline_id) DO UPDATE SET status = EXCLUDED.status;
INSERT INTO deadline_outbox (case_id, deadline_id, generation) VALUES (:cid, 'final-plan', 1);
COMMIT;
`;

export const percentile = (xs, p) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
export const median = (xs) => percentile(xs, 50);

export async function timeIt(fn) {
  const t = process.hrtime.bigint();
  const out = await fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, out };
}

/**
 * Runs a child node process (optionally pinned to a CPU, with node options such as --cpu-prof) and resolves with its
 * parsed last JSON line.
 */
export function runNode(script, args = [], { cpu, env = {}, onLine, nodeArgs = [] } = {}) {
  return new Promise((resolvePromise, reject) => {
    const cmd = cpu !== undefined ? 'taskset' : process.execPath;
    const node = [...nodeArgs, script, ...args];
    const argv = cpu !== undefined ? ['-c', String(cpu), process.execPath, ...node] : node;
    const child = spawn(cmd, argv, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let last = null;
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.startsWith('{')) {
          try {
            last = JSON.parse(line);
            onLine?.(last);
          } catch {
            /* not ours */
          }
        }
      }
    });
    child.on('exit', (code) => (code === 0 ? resolvePromise(last) : reject(new Error(`${script} exited ${code}`))));
  });
}

export const fmt = (x, digits = 0) =>
  x === null || x === undefined || Number.isNaN(x)
    ? '—'
    : Number(x).toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function log(...a) {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);
}

/**
 * The stability of a section's reference: the same reference measured before and after the section's own
 * figures. The spread is |after − before| ÷ before; run-bench.mjs refuses to judge a timing goal from a section whose reference moved
 * more than 20 % (docs/benchmarks.md#a-busy-box).
 */
export function referenceCheck(name, unit, before, after) {
  const spread =
    Number.isFinite(before) && Number.isFinite(after) && before > 0 ? Math.abs(after - before) / before : null;
  return { name, unit, before, after, spread };
}
