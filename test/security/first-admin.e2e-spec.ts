import { FixedClock, loadConfig } from '@ehc/platform';
import { createAppDataSource } from '@ehc/persistence';
import type { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApi } from '../../apps/api/src/app.factory.js';
import { DEMO_PASSWORD } from '../../apps/api/src/auth/demo-users.js';
import {
  createAccount,
  demoDataRefusal,
  parseAccountArgs,
  passwordFromStdin,
} from '../../apps/api/src/auth/first-user.js';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '../support/test-database.js';
import { XHR, nextIp } from './api-harness.js';

/**
 * Production starts with no users (no demo account with its public password); the first admin
 * comes from `npm run admin:create`, the password on standard input.
 */
describe('production starts empty; the first admin comes from admin:create', () => {
  let db: TestDatabase;
  let appDs: DataSource;
  let app: NestFastifyApplication;
  const password = 'a long council passphrase';

  beforeAll(async () => {
    db = await createTestDatabase('firstadmin');
    const config = loadConfig({
      ...process.env,
      NODE_ENV: 'production',
      COOKIE_SECURE: 'false',
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: testRedisPrefix('firstadmin'),
    });
    appDs = createAppDataSource(config, { poolSize: 4 });
    await appDs.initialize();
    app = await createApi({
      config,
      dataSource: appDs,
      webRoot: null,
      clock: new FixedClock(new Date('2025-03-03T09:00:00Z')),
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await app?.close();
    if (appDs?.isInitialized) await appDs.destroy();
    await db?.drop();
  });

  const login = (username: string, pw: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: XHR,
      payload: { username, password: pw },
      remoteAddress: nextIp(),
    });

  it('a fresh database has no accounts: the demo admin cannot sign in', async () => {
    expect(await db.dataSource.query(`SELECT username FROM app_user`)).toEqual([]);
    expect((await login('admin', DEMO_PASSWORD)).statusCode).toBe(401);
  });

  it('creates the first admin (and a team with its manager); they sign in with the password given on stdin', async () => {
    const args = parseAccountArgs(['--username', 'Jo.Admin', '--display-name', 'Jo Admin']);
    expect(args).toEqual({ username: 'jo.admin', displayName: 'Jo Admin', role: 'admin', team: null, teamName: null });
    await createAccount(db.dataSource, args, passwordFromStdin(`${password}\n`), new Date('2025-03-03T09:00:00Z'));
    const res = await login('jo.admin', password);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username: 'jo.admin', role: 'admin' });
    const manager = parseAccountArgs([
      '--username',
      'mgr',
      '--role',
      'team-manager',
      '--team',
      'west',
      '--team-name',
      'West team',
    ]);
    await createAccount(db.dataSource, manager, password, new Date());
    expect(await db.dataSource.query(`SELECT role, team_id FROM app_user WHERE username = 'mgr'`)).toEqual([
      { role: 'team-manager', team_id: 'west' },
    ]);
    expect(
      (await db.dataSource.query(`SELECT detail FROM audit_event WHERE action = 'admin.user.create'`)).map(
        (r: any) => r.detail.username,
      ),
    ).toEqual(['jo.admin', 'mgr']);
    await expect(createAccount(db.dataSource, args, password, new Date())).rejects.toThrow(/already taken/);
    // A second team may not take the first one's name (docs/operations.md#teams), whatever its case; nothing is written.
    const clash = parseAccountArgs([
      '--username',
      'mgr2',
      '--role',
      'team-manager',
      '--team',
      'west2',
      '--team-name',
      'WEST  team',
    ]);
    await expect(createAccount(db.dataSource, clash, password, new Date())).rejects.toThrow(
      /team west is already called WEST team/,
    );
    expect(
      await db.dataSource.query(
        `SELECT id FROM team WHERE id = 'west2' UNION ALL SELECT id::text FROM app_user WHERE username = 'mgr2'`,
      ),
    ).toEqual([]);
  });

  it.each([
    [[], /--username must be/],
    [['--username', 'x y'], /--username must be/],
    [['--username', 'sam', '--role', 'root'], /--role must be one of/],
    [['--username', 'sam', '--role', 'caseworker'], /needs --team/],
    [['--username', 'sam', '--password', 'oops'], /unknown option --password/],
  ])('refuses the arguments %j', (argv, message) => {
    expect(() => parseAccountArgs(argv as string[])).toThrow(message);
  });

  it('refuses a short password, or several lines', () => {
    expect(() => passwordFromStdin('short\n')).toThrow(/12 to 256 characters/);
    expect(() => passwordFromStdin('a long enough one\nand another\n')).toThrow(/one line/);
  });

  it('the demo seed refuses NODE_ENV=production unless DEMO_DATA=force', () => {
    expect(demoDataRefusal({ NODE_ENV: 'production' })).toMatch(/not loaded when NODE_ENV=production/);
    expect(demoDataRefusal({ NODE_ENV: 'production', DEMO_DATA: 'force' })).toBeNull();
    expect(demoDataRefusal({ NODE_ENV: 'development' })).toBeNull();
  });
  // docker-compose.yml's production settings (no demo seed, no API docs) are checked by test/docker-compose.spec.ts.
});
