import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FixedClock, loadConfig, type AppConfig } from '@ehc/platform';
import { createApi } from '../../apps/api/src/app.factory.js';
import { seedDemoUsers, DEMO_PASSWORD } from '../../apps/api/src/auth/demo-users.js';
import { createAppDataSource } from '@ehc/persistence';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '../support/test-database.js';

/** The header every state-changing request of the web app carries (CSRF defence). */
export const XHR = { 'x-requested-with': 'XMLHttpRequest' } as const;

export type InjectOptions = Parameters<NestFastifyApplication['inject']>[0] & object;

export interface ApiHarness {
  app: NestFastifyApplication;
  db: TestDatabase;
  clock: FixedClock;
  config: AppConfig;
  /** A fresh client address per call unless given, so the per-address sign-in limit never couples tests. */
  login(username: string, password?: string, ip?: string): Promise<string>;
  /** Runs SQL against the test database. */
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

let ipCounter = 0;
export const nextIp = (): string => {
  ipCounter += 1;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
};

/** The `ehc_session=…` pair of a Set-Cookie header, ready for a Cookie header. */
export function sessionCookieOf(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const c = all.find((s) => s.startsWith('ehc_session='));
  if (!c) throw new Error(`no session cookie in ${JSON.stringify(all)}`);
  return c.split(';')[0];
}

/**
 * The real api (same factory as production) on a fresh migrated database with the demo accounts, a fixed clock,
 * and its own Redis prefix.
 */
export async function startApi(label: string, env: Record<string, string> = {}): Promise<ApiHarness> {
  const db = await createTestDatabase(label);
  const clock = new FixedClock(new Date('2025-03-03T09:00:00Z'));
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: testRedisPrefix(label),
    ...env,
  });
  await seedDemoUsers(db.dataSource);
  // The api runs as production runs it: as the least-privilege role ehc_app (the test's own SQL stays the owner's).
  const appDs = createAppDataSource(config, { poolSize: 10, applicationName: 'ehc-test-api' });
  await appDs.initialize();
  const app = await createApi({ config, dataSource: appDs, webRoot: null, clock });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    db,
    clock,
    config,
    async login(username, password = DEMO_PASSWORD, ip = nextIp()) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: XHR,
        payload: { username, password },
        remoteAddress: ip,
      });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      return sessionCookieOf(res.headers['set-cookie']);
    },
    sql: (text, params) => db.dataSource.query(text, params),
    async close() {
      await app.close();
      if (appDs.isInitialized) await appDs.destroy();
      await db.drop();
    },
  };
}
