// The profiled passes of the benchmark (docs/benchmarks.md#profiles-what-stands-in-the-way): where profiles are written,
// reading them back, and the CPU time of processes from /proc (the api or worker, PostgreSQL's processes, Redis),
// read only at the edges of a window so the measured figures are not disturbed.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summariseProfiles } from './cpu-profile.mjs';
import { ROOT } from './lib.mjs';

/** BENCH_PROFILE=0 leaves the profiled passes out. */
export const PROFILE = process.env.BENCH_PROFILE !== '0';

/**
 * A fresh directory for one pass's profiles (every .cpuprofile in it is summarised together), under
 * BENCH_PROFILE_DIR (set by run-bench.mjs) or the temp dir.
 */
export function profileDir(label) {
  const base = process.env.BENCH_PROFILE_DIR;
  if (!base) return mkdtempSync(join(tmpdir(), `ehc-bench-prof-${label}-`));
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${label}-`));
}

/** The node options that make a child write its profile into `dir` when it exits. */
export const cpuProfArgs = (dir) => ['--cpu-prof', `--cpu-prof-dir=${dir}`];

/**
 * Summarises every .cpuprofile in `dir` (one process's, or several: they are added up), within `window`; the top
 * functions of our compiled code get their TypeScript file:line (`source`) from the build's source maps.
 */
export function summariseProfileDir(dir, window) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (!files.length) throw new Error(`no .cpuprofile in ${dir}`);
  const profiles = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
  const s = summariseProfiles(profiles, { root: ROOT, window });
  const maps = new Map();
  for (const f of s.top) {
    const source = f.url ? sourceLine(f.url, f.line, f.column, maps) : null;
    if (source) f.source = source;
  }
  return { ...s, files: files.length, dir };
}

/** The TypeScript file:line of a position in our compiled code (dist/…/*.js with its .js.map), or null. */
function sourceLine(url, line, column, maps) {
  if (!url.startsWith('file://') || url.includes('/node_modules/')) return null;
  const file = fileURLToPath(url);
  if (!file.startsWith(join(ROOT, 'dist'))) return null;
  if (!maps.has(file)) {
    try {
      maps.set(file, new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))));
    } catch {
      maps.set(file, null);
    }
  }
  const entry = maps.get(file)?.findEntry(line, column);
  if (!entry?.originalSource) return null;
  return `${relative(ROOT, resolve(dirname(file), entry.originalSource))}:${entry.originalLine + 1}`;
}

/** The monotonic clock in µs: what a profile's timestamps read, in any process of the box. */
export const monoUs = () => Number(process.hrtime.bigint() / 1000n);
/** The monotonic µs of a wall-clock instant (performance.timeOrigin + performance.now() ms) of this process. */
export const monoUsOf = (epochMs) => monoUs() + (epochMs - (performance.timeOrigin + performance.now())) * 1000;

const TICK_NS = 1e7; // USER_HZ is 100 on Linux: /proc's clock ticks are 10 ms

function stat(pid) {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const close = s.lastIndexOf(')');
  const f = s.slice(close + 2).split(' '); // f[0] is field 3 (state)
  return {
    comm: s.slice(s.indexOf('(') + 1, close),
    ppid: Number(f[1]),
    cpuNs: (Number(f[11]) + Number(f[12])) * TICK_NS,
    reapedNs: (Number(f[13]) + Number(f[14])) * TICK_NS,
  };
}

/**
 * CPU time of a process in ns: the sum of its threads' time on a CPU (/proc/<pid>/task/<tid>/schedstat, exact), or
 * utime + stime from /proc/<pid>/stat (10 ms ticks) where schedstat is missing. null when the process is gone.
 */
export function processCpuNs(pid) {
  return processSched(pid)?.cpuNs ?? null;
}

/**
 * A process's threads' time on a CPU, and the time its main thread (a node process's event loop) was runnable but
 * waiting for a CPU (the second field of schedstat: on a busy box, the time it was ready and the CPU was not), in ns;
 * waitNs is null without schedstat.
 */
export function processSched(pid) {
  try {
    let cpuNs = 0;
    let waitNs = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ');
      cpuNs += Number(run);
      if (tid === String(pid)) waitNs = Number(wait);
    }
    return { cpuNs, waitNs };
  } catch {
    try {
      return { cpuNs: stat(pid).cpuNs, waitNs: null };
    } catch {
      return null;
    }
  }
}

/**
 * A snapshot of the CPU of a PostgreSQL server: the postmaster and every process it started (backends, WAL writer,
 * checkpointer, autovacuum …), plus what its reaped children used (cutime + cstime), so backends that started or
 * ended inside a window are counted too.
 */
export function postgresSnapshot(postmasterPid) {
  const procs = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const pid = Number(d);
    try {
      if (pid !== postmasterPid && stat(pid).ppid !== postmasterPid) continue;
    } catch {
      continue;
    }
    const ns = processCpuNs(pid);
    if (ns !== null) procs.set(pid, ns);
  }
  return { procs, reapedNs: stat(postmasterPid).reapedNs };
}

/** The CPU (ns) PostgreSQL's processes used between two snapshots. */
export function postgresCpuNs(before, after) {
  let ns = after.reapedNs - before.reapedNs;
  for (const [pid, t] of after.procs) ns += t - (before.procs.get(pid) ?? 0);
  // A process that ended inside the window: its time before the window is in the reaped time too.
  for (const [pid, t] of before.procs) if (!after.procs.has(pid)) ns -= t;
  return Math.max(0, ns);
}

/**
 * The postmaster's pid: the first line of postmaster.pid in the server's data directory. (Read as the parent of a
 * connection's backend it raced the backend's exit when `query` closes its connection after the statement.) `query`
 * runs one SQL statement.
 */
export async function postmasterPid(query) {
  const rows = await query('SHOW data_directory');
  return Number(readFileSync(join(rows[0].data_directory, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/**
 * Samples the CPU of some processes (label → pid) and of PostgreSQL at the start and the end of a window:
 * `const w = cpuWindow({ api: pid }, pm); …; w.end()` → { wallMs, api: ms on a CPU, apiWaitMs: ms waiting for one,
 * postgres: ms }.
 */
export function cpuWindow(pids, pm) {
  const t0 = performance.now();
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, processSched(pid)]));
  const pg0 = pm ? postgresSnapshot(pm) : null;
  return {
    end() {
      const out = { wallMs: performance.now() - t0 };
      for (const [k, pid] of Object.entries(pids)) {
        const now = processSched(pid);
        const b = before[k];
        out[k] = now && b ? (now.cpuNs - b.cpuNs) / 1e6 : null;
        out[`${k}WaitMs`] = now?.waitNs != null && b?.waitNs != null ? (now.waitNs - b.waitNs) / 1e6 : null;
      }
      if (pm) out.postgres = postgresCpuNs(pg0, postgresSnapshot(pm)) / 1e6;
      return out;
    },
  };
}
