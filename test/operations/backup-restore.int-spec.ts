// The backup runbook's check (docs/backup-restore.md): a pg_dump restored into a fresh database gives the same event
// log and the same board measure; a restore that lost or gained anything is caught.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import { demoHistory, importCases } from '@ehc/persistence';
import { addDays } from '@ehc/workflow';
import { restoreCheck } from '../../apps/api/src/cli/restore-check.js';
import { seedDemoUsers } from '../../apps/api/src/auth/demo-users.js';
import { DEMO_TEAMS } from '../../apps/api/src/auth/demo-teams.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const today = '2025-06-30';
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('backup');
  await seedDemoUsers(db.dataSource);
  const lines = [...demoHistory({ from: addDays(today, -500), today, requestsPerMonth: 8, teams: DEMO_TEAMS })].map(
    (l) => JSON.stringify(l),
  );
  const s = await importCases(db.dataSource, Readable.from(lines), {
    actor: 'import',
    today,
    finalPlanDays: 140,
    defaultTeam: 'north',
  });
  expect(s.accepted).toBeGreaterThan(100);
}, 120_000);
afterAll(async () => {
  await db?.drop();
});

describe('backup and restore', () => {
  it('a pg_dump restored into a new database has the same events and the same board measure, and the copy is dropped', async () => {
    const r = await restoreCheck({ sourceUrl: db.url, today, workDir: mkdtempSync(join(tmpdir(), 'ehc-bk-')) });
    expect(r.differences).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.restored.events).toBeGreaterThan(500);
    expect((r.restored.measure as { report: { headline?: unknown } }).report).toBeTruthy();
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const left = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [r.restoredDatabase]);
    await c.end();
    expect(left.rowCount).toBe(0);
  }, 120_000);

  it('catches a restore that differs (an event the live database does not have)', async () => {
    const r = await restoreCheck({
      sourceUrl: db.url,
      today,
      workDir: mkdtempSync(join(tmpdir(), 'ehc-bk-')),
      afterRestore: async (url) => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        const [{ id, version }] = (await c.query(`SELECT id, version FROM ehc_case ORDER BY reference LIMIT 1`)).rows;
        await c.query(
          `INSERT INTO case_event (event_id, case_id, version, type, business_date, data, actor)
                       VALUES (gen_random_uuid(), $1, $2, 'CaseworkerAssigned', '2025-06-01', '{"caseworker":"cw-north-1"}', 'test')`,
          [id, version + 1],
        );
        await c.end();
      },
    });
    expect(r.ok).toBe(false);
    expect(r.differences[0]).toMatch(/^case events: \d+ live, \d+ restored$/);
  }, 120_000);

  it('npm run backup:verify says the restore is verified, exit 0', () => {
    const res = spawnSync('npm', ['run', '-s', 'backup:verify'], {
      cwd: resolve(import.meta.dirname, '../..'),
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: db.url },
      timeout: 240_000,
    });
    expect(res.stderr).not.toMatch(/differs|failed|Error/);
    expect(res.stdout).toMatch(
      /^Restore verified in [\d.]+ s: \d+ events of \d+ cases, the newest recorded .+; the board measure is identical\.$/m,
    );
    expect(res.status).toBe(0);
  }, 300_000);
});
