// Two or more checkouts' command paths measured against each other on this box, interleaved (docs/benchmarks.md
// "Comparing commits"): the same 3,000 demo cases imported into a database of each checkout (its own code and
// migrations), each checkout's api in its own process pinned to CPU 0, its case pages read once, then rounds of
// `CaseworkerAssigned` commands at the given client counts from test/bench/http-client.mjs pinned to CPU 1, the
// checkouts taking turns (the order reversed every other round), with the api's and PostgreSQL's CPU per command
// and the api's young-generation garbage collection (V8's --trace-gc-nvp lines of each round).
// A ratio within one run is the figure: absolute numbers move with the box.
//
//   node test/bench/ab-commits.mjs old=/path/to/checkout new=. [ROUNDS=3] [CLIENTS=1,8,16] [SECONDS=10]
//     [MODE=commands|timeline] [DEMO=<name>]
//
// MODE=timeline reads case timelines (GET /api/cases/:id/events, the clients taking the cases in turn) instead of
// writing commands.
// DEMO=<name>: every database gets the cases of that checkout's demo generator (each still imported by its own
// checkout), so that checkouts whose generators differ (a newer one writes more events a case) read the same cases.
//
// Each checkout must be built (`npm run build:server`) with its node_modules in place. Databases ehc_ab_<name> are
// made anew (and dropped at the end unless KEEP_DB=1); Redis keys under ehc-ab-<name>.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { ADMIN_URL, importDemoCases, median, REDIS_URL, ROOT } from './lib.mjs';
import { cpuWindow, postmasterPid } from './profiling.mjs';

const env = process.env;
const ROUNDS = Number(env.ROUNDS ?? 3);
const SECONDS = Number(env.SECONDS ?? 10);
const CLIENTS = (env.CLIENTS ?? '1,8,16').split(',').map(Number);
const MODE = env.MODE ?? 'commands';
const CASES = 3_000;
const args = process.argv.slice(2);
if (
  args[0] !== '--setup' &&
  (args.length < 2 ||
    args.some((a) => !/^[a-z0-9_]+=.+$/.test(a)) ||
    !(ROUNDS >= 1) ||
    !(SECONDS > 0) ||
    !['commands', 'timeline'].includes(MODE))
) {
  console.error(
    'usage: node test/bench/ab-commits.mjs <name>=<checkout> <name>=<checkout> … (names: a-z 0-9 _) [MODE=commands|timeline] [DEMO=<name>]',
  );
  process.exit(2);
}
const log = (...a) => console.error(`[ab ${new Date().toISOString().slice(11, 19)}]`, ...a);
const urlOf = (db) => Object.assign(new URL(ADMIN_URL), { pathname: `/${db}` }).toString();

// One checkout's database (`--setup <checkout> <db> [<demo checkout>]`, a process of its own so two builds never
// share one): that checkout's own migrations, demo users and importer, on a fresh database.
if (args[0] === '--setup') {
  const [root, db, demoRoot = root] = args.slice(1);
  const dist = (p) => join(root, 'dist', p);
  const admin = new pg.Client(ADMIN_URL);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${db}"`);
  await admin.end();
  const { createDataSource, migrate } = await import(dist('libs/persistence/src/index.js'));
  const { seedDemoUsers } = await import(dist('apps/api/src/auth/demo-users.js'));
  const { londonDateOf } = await import(dist('libs/platform/src/index.js'));
  const today = londonDateOf(new Date());
  const ds = createDataSource(urlOf(db), { poolSize: 8, applicationName: 'ehc-ab-seed' });
  await ds.initialize();
  await migrate(ds);
  await seedDemoUsers(ds);
  const imported = await importDemoCases(ds, { cases: CASES, today, root, demoRoot });
  // A newer importer may refuse some of an older generator's histories (DEMO=): say how many it took.
  const refused = imported.rejectedTotal ?? imported.rejected.length;
  log(`${db}: ${imported.accepted} of ${CASES} demo histories imported, ${refused} refused`);
  await ds.destroy();
  process.exit(0);
}

const checkouts = args.map((a, i) => {
  const [name, path] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
  return { name, root: resolve(path), port: 3991 + i, db: `ehc_ab_${name}` };
});
const demo = env.DEMO ? checkouts.find((c) => c.name === env.DEMO) : undefined;
if (env.DEMO && !demo) {
  console.error(`DEMO=${env.DEMO} names no checkout (${checkouts.map((c) => c.name).join(', ')})`);
  process.exit(2);
}
for (const c of checkouts) {
  // This script sets up every checkout (an older commit may not have it), loading that checkout's own build.
  execFileSync(
    process.execPath,
    [join(ROOT, 'test/bench/ab-commits.mjs'), '--setup', c.root, c.db, ...(demo ? [demo.root] : [])],
    { stdio: 'inherit' },
  );
  log(`${c.name}: ${c.db} set up${demo ? ` with ${demo.name}'s demo histories` : ''}`);
}
const admin = new pg.Client(ADMIN_URL);
await admin.connect();
const postmaster = await postmasterPid((q) => admin.query(q).then((r) => r.rows));
const today = new Date().toISOString().slice(0, 10);
const dir = mkdtempSync(join(tmpdir(), 'ehc-ab-'));
for (const c of checkouts) {
  // The api's stdout goes to a file: its ready line, and V8's line per garbage collection (--trace-gc-nvp), which
  // each round reads for its own window (gcOf).
  c.out = join(dir, `api-${c.name}.out`);
  const fd = openSync(c.out, 'w');
  c.proc = spawn(
    'taskset',
    ['-c', '0', process.execPath, '--trace-gc-nvp', join(c.root, 'test/bench/api-server.mjs')],
    {
      cwd: c.root,
      stdio: ['ignore', fd, 'inherit'],
      env: {
        ...env,
        DATABASE_URL: urlOf(c.db),
        REDIS_URL,
        REDIS_PREFIX: `ehc-ab-${c.name}`,
        PORT: String(c.port),
        LOG_LEVEL: 'warn',
      },
    },
  );
  closeSync(fd);
  await new Promise((ok, fail) => {
    const poll = setInterval(() => {
      if (readFileSync(c.out, 'utf8').includes('"ready":true')) {
        clearInterval(poll);
        ok();
      }
    }, 100);
    c.proc.on('exit', (code) => {
      clearInterval(poll);
      fail(new Error(`${c.name}: api exited ${code}`));
    });
  });
  const login = await fetch(`http://127.0.0.1:${c.port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' },
    body: JSON.stringify({ username: 'manager-north', password: 'demo-password-1' }),
  });
  c.cookie = login.headers
    .getSetCookie()
    .find((x) => x.startsWith('ehc_session='))
    .split(';')[0];
  c.pg = new pg.Client(urlOf(c.db));
  await c.pg.connect();
  // Each case's page read once, as the web app does before a command (the transitions section does the same).
  const ids = (await c.pg.query('SELECT id FROM ehc_case ORDER BY reference')).rows.map((r) => r.id);
  let next = 0;
  let bytes = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < ids.length) {
        const res = await fetch(`http://127.0.0.1:${c.port}/api/cases/${ids[next++]}`, {
          headers: { cookie: c.cookie, 'x-requested-with': 'XMLHttpRequest' },
        });
        bytes += (await res.arrayBuffer()).byteLength;
      }
    }),
  );
  c.ids = ids;
  const events = (await c.pg.query('SELECT count(*)::int AS n FROM case_event')).rows[0].n;
  log(
    `${c.name}: api ready, ${ids.length} case pages read (${Math.round(bytes / ids.length)} bytes a page; ${events} events)`,
  );
}
const rows = {};
let n = 0;
for (let round = 0; round < ROUNDS; round++)
  for (const clients of CLIENTS)
    for (const c of round % 2 ? [...checkouts].reverse() : checkouts) {
      const work =
        MODE === 'timeline'
          ? { mode: 'get', urls: c.ids.map((id) => `/api/cases/${id}/events`) }
          : {
              mode: 'transitions',
              cases: (
                await c.pg.query(
                  `SELECT id, version FROM ehc_case c WHERE NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.type IN ('RequestWithdrawn', 'MovedOutOfArea')) ORDER BY reference`,
                )
              ).rows,
            };
      const spec = join(dir, `spec-${n++}.json`);
      writeFileSync(
        spec,
        JSON.stringify({ port: c.port, cookie: c.cookie, today, warmupS: 2, clients, seconds: SECONDS, ...work }),
      );
      const w = cpuWindow({ api: c.proc.pid }, postmaster);
      const gcFrom = statSync(c.out).size;
      const out = execFileSync('taskset', [
        '-c',
        '1',
        process.execPath,
        join(ROOT, 'test/bench/http-client.mjs'),
        spec,
      ]).toString();
      const cpu = w.end();
      const r = JSON.parse(out.trim().split('\n').pop());
      const gc = gcOf(readFrom(c.out, gcFrom));
      const row = {
        perSecond: r.okPerSecond,
        p50: r.p50,
        p99: r.p99,
        apiUs: (cpu.api * 1000) / r.okTotal,
        postgresUs: (cpu.postgres * 1000) / r.okTotal,
        // Young-generation collections (scavenges) in the round: their pauses per 1,000 commands, the longest, and
        // what survived them per command (what the api's objects outliving a command cost the collector).
        scavengeMsPer1000: (gc.scavengeMs * 1000) / r.okTotal,
        maxGcPauseMs: gc.maxPauseMs,
        survivedKbPerCommand: gc.survivedBytes / 1024 / r.okTotal,
        load: Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]),
      };
      (rows[`${c.name} ${clients}`] ??= []).push(row);
      log(
        `${c.name}, ${clients} clients: ${JSON.stringify(row, (k, v) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v))}`,
      );
    }
const unit = MODE === 'timeline' ? 'read' : 'command';
console.log(
  `\n| checkout | clients | ${unit}s/s | p50 ms | p99 ms | api CPU µs/${unit} | PostgreSQL CPU µs/${unit} | scavenges ms/1,000 ${unit}s | longest GC pause ms | survived kB/${unit} |`,
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const clients of CLIENTS)
  for (const c of checkouts) {
    const rs = rows[`${c.name} ${clients}`];
    const m = (f, d = 0) => median(rs.map((r) => r[f])).toFixed(d);
    console.log(
      `| ${c.name} | ${clients} | ${m('perSecond')} | ${m('p50', 2)} | ${m('p99', 2)} | ${m('apiUs')} | ${m('postgresUs')} | ${m('scavengeMsPer1000', 1)} | ${m('maxGcPauseMs', 1)} | ${m('survivedKbPerCommand', 1)} |`,
    );
  }
console.log(
  `\n(median of ${ROUNDS} rounds of ${SECONDS} s each; load averages during the rounds ${Math.min(
    ...Object.values(rows)
      .flat()
      .map((r) => r.load),
  )}–${Math.max(
    ...Object.values(rows)
      .flat()
      .map((r) => r.load),
  )})`,
);
for (const c of checkouts) {
  c.proc.kill('SIGTERM');
  await c.pg.end();
  if (!env.KEEP_DB) await admin.query(`DROP DATABASE IF EXISTS "${c.db}" WITH (FORCE)`);
}
await admin.end();
process.exit(0);

/** A file's text from byte `offset` on (a round's window of the api's output, not the whole of it again). */
function readFrom(path, offset) {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.max(0, statSync(path).size - offset));
    readSync(fd, buf, 0, buf.length, offset);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** V8's --trace-gc-nvp lines in a window of the api's output: scavenges' total pause and survivors, longest pause. */
function gcOf(text) {
  let scavengeMs = 0;
  let survivedBytes = 0;
  let maxPauseMs = 0;
  for (const line of text.split('\n')) {
    const pause = Number(/ pause=([\d.]+)/.exec(line)?.[1] ?? NaN);
    if (Number.isNaN(pause)) continue;
    maxPauseMs = Math.max(maxPauseMs, pause);
    if (!/ gc=s /.test(line)) continue;
    scavengeMs += pause;
    survivedBytes += Number(/ new_space_survived=(\d+)/.exec(line)?.[1] ?? 0);
  }
  return { scavengeMs, survivedBytes, maxPauseMs };
}
