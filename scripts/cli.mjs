// Runs one of the server's command-line tools (apps/api/src/cli/<name>.ts, compiled into dist/) after building
// the server when its build is missing or older than the sources, with the same DATABASE_URL default as npm start.
// The npm scripts `import`, `migrate`, `demo:generate` and `projections:rebuild` are thin files that call this.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist', '.angular', 'assets'].includes(e.name)) continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds the server if stale, then runs dist/apps/api/src/cli/<name>.js with this process's arguments. */
export function runCli(name) {
  const target = join(root, 'dist/apps/api/src/cli', `${name}.js`);
  const sources = Math.max(
    ...['apps/api/src', 'apps/worker/src', 'libs', 'migrations'].map((d) => newest(join(root, d))),
  );
  if (!existsSync(target) || statSync(target).mtimeMs < sources) {
    console.error(`[${name}] building the server…`);
    const b = spawnSync('npm', ['run', '-s', 'build:server'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (b.status !== 0) {
      console.error(`[${name}] the server build failed`);
      process.exit(1);
    }
  }
  const env = { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ehc' };
  const r = spawnSync(process.execPath, [target, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
  process.exit(r.status ?? 1);
}
