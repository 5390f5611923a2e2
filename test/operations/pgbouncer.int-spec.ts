// PostgreSQL through PgBouncer in transaction mode (Debian's pgbouncer, this test's own on a fixed port below 32768):
// server connections are shared between clients per transaction, so a statement prepared on one is unknown on the
// next. DATABASE_PREPARED_STATEMENTS=false sends the hot-path statements unnamed, and then every one of them works.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { execFileSync } from 'node:child_process';
import { createDataSource, queryPrepared } from '@ehc/persistence';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const PORT = 16432;
let db: TestDatabase;
let bouncer: ChildProcess | undefined;
let dir: string;

const open = (port: number) =>
  new Promise<boolean>((r) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      r(true);
    });
    s.once('error', () => r(false));
  });

beforeAll(async () => {
  db = await createTestDatabase('pgbouncer');
  dir = mkdtempSync(join(tmpdir(), 'ehc-pgbouncer-'));
  chmodSync(dir, 0o755);
  const postgresUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(dir, postgresUid, postgresUid);
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=127.0.0.1 port=5432 user=postgres`,
      '[pgbouncer]',
      `listen_addr = 127.0.0.1`,
      `listen_port = ${PORT}`,
      `unix_socket_dir =`,
      'auth_type = any',
      'pool_mode = transaction',
      'default_pool_size = 3',
      'max_client_conn = 50',
      'ignore_startup_parameters = extra_float_digits,options',
      `logfile = ${join(dir, 'pgbouncer.log')}`,
    ].join('\n'),
  );
  // PgBouncer will not run as root: -u switches to the postgres user.
  bouncer = spawn('pgbouncer', ['-u', 'postgres', join(dir, 'pgbouncer.ini')], { stdio: 'ignore' });
  for (let i = 0; i < 50 && !(await open(PORT)); i++) await new Promise((r) => setTimeout(r, 100));
});
afterAll(async () => {
  bouncer?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  await db?.drop();
});

async function run(prepared: boolean): Promise<{ ok: number; failed: string[] }> {
  const url = new URL(db.url);
  url.port = String(PORT);
  const ds = createDataSource(url.toString(), { poolSize: 8, preparedStatements: prepared });
  await ds.initialize();
  const failed: string[] = [];
  let ok = 0;
  try {
    await Promise.all(
      Array.from({ length: 400 }, async (_, i) => {
        try {
          const rows = await queryPrepared(ds, 'ehc_pgbouncer_probe', 'SELECT $1::int + 1 AS n', [i]);
          if (rows[0].n === i + 1) ok++;
        } catch (e) {
          failed.push((e as Error).message);
        }
      }),
    );
  } finally {
    await ds.destroy();
  }
  return { ok, failed };
}

describe('PgBouncer in transaction mode', () => {
  it('named prepared statements break behind it (why the setting exists)', async () => {
    const r = await run(true);
    expect(r.failed.length).toBeGreaterThan(0);
    expect(r.failed[0]).toMatch(/prepared statement .* (does not exist|already exists)/);
  });

  it('with DATABASE_PREPARED_STATEMENTS=false every hot-path statement works', async () => {
    const r = await run(false);
    expect(r.failed).toEqual([]);
    expect(r.ok).toBe(400);
  });
});
