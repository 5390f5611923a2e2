// Browser tests' global setup: the integration setup (PostgreSQL, Redis, this run's id), then the web app
// built into dist/web/browser when it is missing or older than its sources (the api serves that build).
// The api itself runs from source through SWC, like every other e2e test, so it never lags behind.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import integrationSetup from '../../support/global-setup.mjs';

const root = resolve(import.meta.dirname, '../../..');

/** Newest modification time of any file under the given paths. */
function newest(paths) {
  let t = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== 'node_modules' && e !== '.angular') walk(join(p, e));
    } else t = Math.max(t, s.mtimeMs);
  };
  paths.forEach((p) => walk(resolve(root, p)));
  return t;
}

function build(script) {
  const res = spawnSync('npm', ['run', '-s', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (res.status !== 0) throw new Error(`npm run ${script} failed (exit ${res.status}):\n${res.stdout}\n${res.stderr}`);
}

export default async function globalSetup() {
  await integrationSetup();
  const index = resolve(root, 'dist/web/browser/index.html');
  const sources = newest(['apps/web/src', 'apps/web/angular.json', 'apps/web/scripts', 'libs/contracts/src']);
  if (!existsSync(index) || statSync(index).mtimeMs < sources) {
    process.stderr.write('browser tests: building the web app (dist/web/browser is missing or stale)\n');
    build('build:web');
  }
}
