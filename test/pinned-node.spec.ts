// npm start on the pinned Node: scripts/pinned-node.mjs (imported first by scripts/start.mjs) re-runs a script started
// with an older Node on node_modules/node, the version package.json pins.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs script without type declarations
import { minimumNode, olderThan } from '../scripts/pinned-node.mjs';

const ROOT = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** An installed Node older than the project needs (Debian's /usr/bin/node on the project's machines), if any. */
function olderSystemNode(): string | undefined {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    try {
      const v = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
      if (olderThan(v, minimumNode(pkg.engines.node))) return candidate;
    } catch {
      /* not installed */
    }
  }
  return undefined;
}

describe('scripts/start.mjs runs on the pinned Node', () => {
  it("reads the minimum from package.json's engines and compares versions", () => {
    expect(minimumNode('>=24.15.0 <25')).toEqual([24, 15, 0]);
    expect(olderThan('v20.20.2', [24, 15, 0])).toBe(true);
    expect(olderThan('v24.14.9', [24, 15, 0])).toBe(true);
    expect(olderThan('v24.15.0', [24, 15, 0])).toBe(false);
    expect(olderThan('v24.21.0', [24, 15, 0])).toBe(false);
    expect(pkg.devDependencies.node).toMatch(/^\d+\.\d+\.\d+$/); // pinned exactly
  });

  const older = olderSystemNode();
  // Needs an older Node installed to start from; the machines this project runs its tests on have Debian's.
  (older ? it : it.skip)(
    `re-runs a script started with an older Node (${older ?? 'none installed'}) on node_modules/node`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'ehc-pinned-'));
      try {
        const script = join(dir, 'probe.mjs');
        writeFileSync(
          script,
          `import ${JSON.stringify(join(ROOT, 'scripts/pinned-node.mjs'))};\nconsole.log('running on', process.version);\n`,
        );
        const env = { ...process.env };
        delete env['EHC_PINNED_NODE'];
        const r = spawnSync(older!, [script], { encoding: 'utf8', env });
        expect(r.status).toBe(0);
        expect(r.stdout).toContain(`running on v${pkg.devDependencies.node}`);
        expect(r.stdout).toMatch(/re-running on the pinned Node/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
