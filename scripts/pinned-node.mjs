// Imported first by scripts/start.mjs: when started with a Node older than package.json's engines allow, re-run the
// same command on the pinned Node that `npm ci` installs (the `node` development dependency, node_modules/node) and
// exit with its status. `npm start` already puts node_modules/.bin first on PATH; this covers `node scripts/start.mjs`
// run with an older system Node.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** The lowest major.minor.patch package.json's engines.node allows (">=24.15.0 <25" → [24, 15, 0]). */
export function minimumNode(engines) {
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(engines ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
}

/** Whether `version` ("v20.20.2") is older than `min`. */
export function olderThan(version, min) {
  const v = version.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((v[i] ?? 0) !== min[i]) return (v[i] ?? 0) < min[i];
  return false;
}

const engines = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines?.node;
const pinned = join(root, 'node_modules', 'node', 'bin', 'node');
if (olderThan(process.version, minimumNode(engines)) && !process.env.EHC_PINNED_NODE) {
  if (!existsSync(pinned)) {
    console.error(
      `[start] Node ${process.version} is too old (package.json needs ${engines}) and the pinned Node is not installed: run \`npm ci\` first.`,
    );
    process.exit(1);
  }
  console.log(
    `[start] Node ${process.version} is older than this project needs (${engines}): re-running on the pinned Node (node_modules/node).`,
  );
  const child = spawn(pinned, process.argv.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, EHC_PINNED_NODE: '1' },
  });
  // Ctrl-C reaches the child from the terminal; this process only waits for it and passes on other signals.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
    process.on(sig, () => {
      if (sig !== 'SIGINT') child.kill(sig);
    });
  const code = await new Promise((res) => child.on('exit', (c, s) => res(c ?? (s ? 128 : 1))));
  process.exit(code);
}
