#!/usr/bin/env node
// npm test: every suite — server unit + integration (real PostgreSQL and Redis), web component tests, and
// browser tests (Debian Chromium) — then one closing line "N passed, N failed". Exits non-zero on any failure.
// Pass jest arguments after --, e.g. `npm test -- libs/workflow`; set SUITES=server,web,browser to choose.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
const extra = process.argv.slice(2);
const suites = (process.env.SUITES ?? 'server,web,browser').split(',');
mkdirSync('test-results', { recursive: true });
const jest = resolve('node_modules/jest/bin/jest.js');

const runs = [
  { name: 'server', config: 'jest.config.js', esm: true },
  { name: 'web', config: 'apps/web/jest.config.cjs', esm: false },
  { name: 'browser', config: 'test/browser/jest.config.js', esm: true },
].filter((r) => suites.includes(r.name) && existsSync(r.config));

let passed = 0,
  failed = 0,
  skipped = 0,
  broken = false;
for (const r of runs) {
  const out = `test-results/jest-${r.name}.json`;
  rmSync(out, { force: true });
  console.log(`\n=== ${r.name} tests (${r.config}) ===`);
  const env = {
    ...process.env,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, r.esm ? '--experimental-vm-modules' : ''].filter(Boolean).join(' '),
  };
  const res = spawnSync(
    process.execPath,
    [jest, '-c', r.config, '--forceExit', '--json', `--outputFile=${out}`, ...extra],
    { stdio: 'inherit', env },
  );
  if (!existsSync(out)) {
    // A crash before Jest could report (config error, setup failure) is a failure, never a silent pass.
    if (res.status !== 0) {
      console.error(`${r.name}: jest exited ${res.status} without results`);
      broken = true;
    }
    continue;
  }
  const j = JSON.parse(readFileSync(out, 'utf8'));
  passed += j.numPassedTests;
  failed += j.numFailedTests;
  skipped += j.numPendingTests + (j.numTodoTests ?? 0);
  if (j.numFailedTestSuites > 0 || res.status !== 0) broken = true;
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(broken || failed ? 1 : 0);
