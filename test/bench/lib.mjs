// Shared helpers of the benchmark (npm run bench): bench databases, pgbench, timing statistics.
// Every benchmark database is named ehc_bench_* and dropped at the end; Redis keys use ehc-bench-* prefixes.
import pg from 'pg';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const QUICK = process.env.BENCH_QUICK === '1';
export const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const dist = (p) => join(ROOT, 'dist', p);

export async function adminQuery(text, params) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try { return (await c.query(text, params)).rows; } finally { await c.end(); }
}

/** A fresh, migrated bench database. */
export async function createBenchDb(label, { migrateIt = true } = {}) {
  const name = `ehc_bench_${label}`;
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

/** Runs pgbench with a custom script; returns TPS and average latency (ms) as pgbench reports them. */
export function pgbench(url, script, { clients, seconds, cpu = '1', prepared = true }) {
  const dir = mkdtempSync(join(tmpdir(), 'ehc-bench-'));
  const file = join(dir, 'script.sql');
  writeFileSync(file, script);
  const u = new URL(url);
  const args = ['-n', '-f', file, '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(seconds),
    ...(prepared ? ['-M', 'prepared'] : []), '-h', u.hostname, '-p', u.port || '5432', '-U', u.username || 'postgres', u.pathname.slice(1)];
  const out = execFileSync('taskset', ['-c', cpu, PGBENCH, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
  const lat = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]);
  const failed = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0);
  const done = Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1] ?? 0);
  if (!Number.isFinite(tps)) throw new Error(`pgbench output not understood:\n${out}`);
  return { tps, latencyMs: lat, failed, done };
}

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

/** Runs a child node process (optionally pinned to a CPU) and resolves with its parsed last JSON line. */
export function runNode(script, args = [], { cpu, env = {}, onLine } = {}) {
  return new Promise((resolvePromise, reject) => {
    const cmd = cpu !== undefined ? 'taskset' : process.execPath;
    const argv = cpu !== undefined ? ['-c', String(cpu), process.execPath, script, ...args] : [script, ...args];
    const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let last = null;
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.startsWith('{')) { try { last = JSON.parse(line); onLine?.(last); } catch { /* not ours */ } }
      }
    });
    child.on('exit', (code) => (code === 0 ? resolvePromise(last) : reject(new Error(`${script} exited ${code}`))));
  });
}

export const fmt = (x, digits = 0) => (x === null || x === undefined || Number.isNaN(x) ? '—'
  : Number(x).toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

export function log(...a) { console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a); }
