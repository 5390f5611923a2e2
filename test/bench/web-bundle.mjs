#!/usr/bin/env node
// Web app benchmark: (1) initial JavaScript of the production build against a fresh `ng new` baseline built by
// the same installed Angular CLI (in a temp dir outside the repo, no network); (2) in Debian's Chromium, the time
// from a sort (or filter) on the caseload to the re-rendered table, for one caseworker with 10,000 open cases served
// by the real api with server-side paging. Prints one JSON line at the end (stdout; progress goes to stderr):
//   { baselineInitialKb, baselineInitialGzipKb, appInitialKb, appInitialGzipKb, ratio, gzipRatio, goalRatio, withinGoal,
//     lazyRoutes, eagerRoutes, lazyChunks, appInitialFiles,
//     caseload: { rows, pageSize, sortMedianMs: { Received, Reference, 'Next deadline' }, sortAllMs, filterOverdueMedianMs } }
// (caseload only without BENCH_NO_BROWSER). kB = 1000 bytes; "initial" = the module scripts and modulepreloads of index.html.
//   node test/bench/web-bundle.mjs            (builds the web app and the server first)
//   SKIP_BUILD=1 node test/bench/web-bundle.mjs    BENCH_ROWS=2000 for a quicker run; BENCH_NO_BROWSER=1 for (1) only
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import pg from 'pg';

const ROOT = resolve(import.meta.dirname, '../..');
const NG = join(ROOT, 'node_modules/@angular/cli/bin/ng.js');
const ROWS = Number(process.env.BENCH_ROWS ?? 10000);
const PORT = Number(process.env.BENCH_WEB_PORT ?? 3912);
const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = (m) => process.stderr.write(`${m}\n`);
// Goal G11 (docs/benchmarks.md#goals): the app's initial JavaScript at most 1.5 times a fresh `ng new` app's, raw bytes.
const GOAL_RATIO = 1.5;

function run(cmd, args, cwd) {
  const env = { ...process.env, NODE_OPTIONS: '', NG_CLI_ANALYTICS: 'false', NG_FORCE_TTY: 'false', CI: '1' };
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed: ${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The initial JavaScript of a built app: the module scripts and modulepreloads its index.html loads. */
function initialJs(browserDir) {
  const html = readFileSync(join(browserDir, 'index.html'), 'utf8');
  const files = new Set([
    ...[...html.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)].map((m) => m[1]),
  ]);
  let raw = 0,
    gz = 0;
  for (const f of files) {
    const buf = readFileSync(join(browserDir, f.replace(/^\//, '')));
    raw += buf.length;
    gz += gzipSync(buf, { level: 9 }).length;
  }
  const all = readdirSync(browserDir).filter((f) => f.endsWith('.js'));
  // kB = 1000 bytes, as the Angular CLI reports sizes.
  return { files: [...files], rawKb: raw / 1000, gzipKb: gz / 1000, lazyChunks: all.length - files.size };
}

const kb = (n) => Math.round(n * 10) / 10;

function bundles() {
  if (!process.env.SKIP_BUILD) {
    log('building the web app (npm run build:web)…');
    run('npm', ['run', '-s', 'build:web'], ROOT);
  }
  const app = initialJs(join(ROOT, 'dist/web/browser'));

  const tmp = mkdtempSync(join(tmpdir(), 'ehc-ng-baseline-'));
  try {
    log(`ng new baseline in ${tmp} (no install, no network)…`);
    // A fresh `ng new` with the CLI's defaults — routing included, as every new Angular app has it (the schematic's
    // default is routing: true). Only what needs a network or a prompt is turned off: install, git, SSR, AI config.
    run(
      process.execPath,
      [
        NG,
        'new',
        'baseline',
        '--defaults',
        '--skip-install',
        '--skip-git',
        '--style=css',
        '--ssr=false',
        '--ai-config=none',
      ],
      tmp,
    );
    const dir = join(tmp, 'baseline');
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    log('ng build baseline…');
    run(process.execPath, [NG, 'build'], dir);
    const out = existsSync(join(dir, 'dist/baseline/browser'))
      ? join(dir, 'dist/baseline/browser')
      : join(dir, 'dist/baseline');
    const base = initialJs(out);
    const routes = readFileSync(join(ROOT, 'apps/web/src/app/app.routes.ts'), 'utf8');
    const lazyRoutes = (routes.match(/load(Component|Children)\s*:/g) ?? []).length;
    // Routes that show a page eagerly (a `component:`); the others only redirect (from a guard).
    const eagerRoutes = (routes.match(/\bcomponent\s*:/g) ?? []).length;
    const result = {
      baselineInitialKb: kb(base.rawKb),
      baselineInitialGzipKb: kb(base.gzipKb),
      appInitialKb: kb(app.rawKb),
      appInitialGzipKb: kb(app.gzipKb),
      ratio: Math.round((app.rawKb / base.rawKb) * 100) / 100,
      gzipRatio: Math.round((app.gzipKb / base.gzipKb) * 100) / 100,
      goalRatio: GOAL_RATIO,
      withinGoal: app.rawKb / base.rawKb <= GOAL_RATIO,
      lazyRoutes,
      eagerRoutes,
      lazyChunks: app.lazyChunks,
      appInitialFiles: app.files.length,
    };
    log(
      `initial JS: app ${result.appInitialKb} kB (${result.appInitialGzipKb} kB gzip) in ${app.files.join(', ')}; ` +
        `ng new baseline ${result.baselineInitialKb} kB (${result.baselineInitialGzipKb} kB gzip); ratio ${result.ratio} (goal ≤ ${GOAL_RATIO})`,
    );
    return result;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function admin(sql) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)]);
};

/** One caseworker with ROWS open cases (requests over the last 300 days, some decided), through the importer. */
function* openCases(today, addDays) {
  for (let i = 0; i < ROWS; i++) {
    const received = addDays(today, -(i % 300));
    const events = [
      { type: 'RequestReceived', date: received, source: 'parent' },
      { type: 'CaseworkerAssigned', date: received, caseworker: 'cw-north-1' },
    ];
    if (i % 300 > 42 && i % 3 !== 0) events.push({ type: 'DecidedToAssess', date: addDays(received, 30 + (i % 12)) });
    yield JSON.stringify({
      reference: `BENCH-${String(i).padStart(5, '0')}`,
      team: 'north',
      child: { givenName: 'Bench', familyName: `Case${i}`, dateOfBirth: '2015-01-01' },
      events,
    });
  }
}

async function sortTiming() {
  if (!process.env.SKIP_BUILD) {
    log('building the server (npm run build:server)…');
    run('npm', ['run', '-s', 'build:server'], ROOT);
  }
  const d = (p) => join(ROOT, 'dist', p);
  const { loadConfig, londonDateOf, SystemClock } = await import(d('libs/platform/src/index.js'));
  const { createDataSource, migrate, importCases } = await import(d('libs/persistence/src/index.js'));
  const { addDays } = await import(d('libs/workflow/src/index.js'));
  const { createApi } = await import(d('apps/api/src/app.factory.js'));
  const { seedDemoUsers, DEMO_PASSWORD } = await import(d('apps/api/src/auth/demo-users.js'));
  const { chromium } = await import('playwright-core');

  const name = 'ehc_bench_webcaseload';
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${name}"`);
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const ds = createDataSource(u.toString(), { poolSize: 10, applicationName: 'ehc-bench-web' });
  await ds.initialize();
  let app, ctx, profile;
  try {
    await migrate(ds);
    await seedDemoUsers(ds);
    const today = londonDateOf(new Date());
    const config = loadConfig({
      ...process.env,
      NODE_ENV: 'production',
      COOKIE_SECURE: 'false',
      DATABASE_URL: u.toString(),
      REDIS_URL,
      REDIS_PREFIX: 'ehc-bench-web',
      LOG_LEVEL: 'warn',
    });
    log(`importing ${ROWS} open cases for cw-north-1…`);
    const s = await importCases(ds, Readable.from([...openCases(today, addDays)]), {
      actor: 'import',
      today,
      finalPlanDays: config.finalPlanDays,
      defaultTeam: 'north',
    });
    if (s.accepted !== ROWS) throw new Error(`imported ${s.accepted} of ${ROWS}: ${s.rejected[0]?.reason}`);
    await ds.query('ANALYZE');

    app = await createApi({ config, dataSource: ds, webRoot: d('web/browser'), clock: new SystemClock() });
    await app.listen({ port: PORT, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${PORT}`;
    profile = mkdtempSync(join(tmpdir(), 'ehc-chrome-'));
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
    });
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await page.goto(`${base}/sign-in`, { waitUntil: 'networkidle' });
    await page.getByLabel('Username').fill('cw-north-1');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/caseload`);
    await page.locator('main table tbody tr').first().waitFor();
    const shown = await page.locator('#caseload-status').innerText();

    // In the page: click a sort header, then wait (per animation frame) until that column is the sorted one and
    // the rows have been re-rendered, and one more frame for the paint. Returns milliseconds.
    const sortOnce = (label) =>
      page.evaluate(async (label) => {
        const header = () => [...document.querySelectorAll('main th')].find((th) => th.textContent.trim() === label);
        const firstRow = () => document.querySelector('main table tbody tr')?.textContent ?? null;
        const before = firstRow();
        const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
        const t0 = performance.now();
        header().querySelector('button').click();
        for (;;) {
          await frame();
          const h = header();
          if (h?.getAttribute('aria-sort') === 'ascending' && firstRow() && firstRow() !== before) break;
          if (performance.now() - t0 > 30000) throw new Error(`sort by ${label} did not re-render`);
        }
        await frame();
        return performance.now() - t0;
      }, label);
    const sorts = { Received: [], Reference: [], 'Next deadline': [] };
    for (let round = 0; round < 5; round++)
      for (const label of Object.keys(sorts)) sorts[label].push(await sortOnce(label));

    // Filter: tick "Overdue", apply, until the rows shown are the overdue ones.
    const filters = [];
    for (let round = 0; round < 5; round++) {
      await page.goto(`${base}/caseload`, { waitUntil: 'networkidle' });
      await page.locator('main table tbody tr').first().waitFor();
      filters.push(
        await page.evaluate(async () => {
          const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
          const status = document.querySelector('#caseload-status');
          // The status line says "Loading cases…" while the server answers, then "Showing …" again.
          let sawLoading = false;
          const watch = new MutationObserver(() => {
            if (status.textContent.includes('Loading')) sawLoading = true;
          });
          watch.observe(status, { childList: true, characterData: true, subtree: true });
          document.querySelector('#filter-overdue').click();
          const t0 = performance.now();
          document.querySelector('main form button[type=submit]').click();
          for (;;) {
            await frame();
            if (
              sawLoading &&
              location.search.includes('overdue=true') &&
              status.textContent.includes('Showing') &&
              document.querySelector('main table tbody tr')
            )
              break;
            if (performance.now() - t0 > 30000) throw new Error('filter did not re-render');
          }
          watch.disconnect();
          await frame();
          return performance.now() - t0;
        }),
      );
    }
    return {
      rows: ROWS,
      pageSize: Number(/Showing (\d+)/.exec(shown)?.[1] ?? 0),
      sortMedianMs: Object.fromEntries(Object.entries(sorts).map(([k, v]) => [k, median(v)])),
      sortAllMs: median(Object.values(sorts).flat()),
      filterOverdueMedianMs: median(filters),
    };
  } finally {
    await ctx?.close().catch(() => undefined);
    if (profile) rmSync(profile, { recursive: true, force: true });
    await app?.close().catch(() => undefined);
    if (ds.isInitialized) await ds.destroy();
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

const result = bundles();
if (!process.env.BENCH_NO_BROWSER) result.caseload = await sortTiming();
console.log(JSON.stringify(result));
process.exit(0);
