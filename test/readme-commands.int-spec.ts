import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

// Every command the README tells a reader to run must work on a clean clone. Four documented npm scripts once
// pointed at files that were never committed; this test names each script the README mentions, checks that
// package.json defines it and that the file it runs is in the repository, and runs the command-line tools
// (with --help, and `migrate` for real against this test's own database).
const root = resolve(import.meta.dirname, '..');
const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
const scripts: Record<string, string> = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).scripts;

const named = new Set<string>();
for (const m of readme.matchAll(/npm run(?: -s)? ([a-z][a-z0-9:-]*)/g)) named.add(m[1]);
for (const m of readme.matchAll(/npm (start|test)\b/g)) named.add(m[1]);

/** Tools that take --help and print a usage line without touching the database. */
const CLI_TOOLS = ['import', 'migrate', 'demo:generate', 'projections:rebuild'];

function npm(args: string[], env: Record<string, string> = {}) {
  return spawnSync('npm', args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    timeout: 240_000,
  });
}

describe('README commands exist and run', () => {
  it('the README names the command-line tools (so this test guards what readers are told)', () => {
    for (const t of CLI_TOOLS) expect(named).toContain(t);
  });

  it.each([...named].sort())('npm %s is defined in package.json, and the file it runs is committed', (name) => {
    expect(Object.keys(scripts)).toContain(name);
    for (const m of scripts[name].matchAll(/\bnode ([\w./-]+\.m?js)\b/g)) {
      expect({ script: name, file: m[1], exists: existsSync(resolve(root, m[1])) }).toEqual({
        script: name,
        file: m[1],
        exists: true,
      });
    }
  });

  it.each(CLI_TOOLS)(
    'npm run %s -- --help prints its usage and exits 0',
    (name) => {
      const r = npm(['run', '-s', name, '--', '--help']);
      expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
      expect(r.stdout).toMatch(/^Usage: npm run /m);
    },
    300_000,
  );

  describe('against a database of its own', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase('readme');
    });
    afterAll(async () => {
      await db.drop();
    });

    it('npm run migrate lists the applied migrations', () => {
      const r = npm(['run', '-s', 'migrate'], { DATABASE_URL: db.url });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^\d+ migrations applied:/m);
      expect(r.stdout).toContain('CaseEventLog1764000000000');
    }, 300_000);

    it('npm run demo:generate refuses a production database unless forced', () => {
      const r = npm(
        [
          'run',
          '-s',
          'demo:generate',
          '--',
          '--per-month',
          '1',
          '--years',
          '1',
          '--out',
          resolve(root, 'test-results/demo-refused.ndjson'),
        ],
        { DATABASE_URL: db.url, NODE_ENV: 'production' },
      );
      expect(r.status).toBe(64);
      expect(r.stderr).toMatch(/Refusing to import demo cases with NODE_ENV=production/);
    }, 300_000);
  });
});
