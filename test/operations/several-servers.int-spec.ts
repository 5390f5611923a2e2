// Several servers (docs/operations.md): two api processes and two worker processes, each a separate OS process run
// from source, against one PostgreSQL database and one Redis prefix. Commands go through either api and optimistic
// concurrency holds across them; an alert's live stream reaches the browser through whichever api it is connected
// to; and with two workers sweeping the same deadlines — one of them SIGKILLed midway — every alert and every
// DeadlineMissed is still raised exactly once.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import { addDays } from '@ehc/workflow';
import { QueueName } from '@ehc/deadlines';
import { seedDemoUsers, DEMO_PASSWORD } from '../../apps/api/src/auth/demo-users.js';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '../support/test-database.js';
import { dbNow, flushPrefix, spawnTsChild, spawnWorkerChild, waitFor } from '../deadlines/support/fixtures.js';
import { expectEveryAlertAndMissOnce, waitForEveryAlertAndMiss } from '../deadlines/support/fault-run.js';

// Fixed ports below 32768 (outside Linux's ephemeral range), this test's own.
const API_PORTS = [14941, 14942] as const;
const WORKER_PORTS = [14943, 14944] as const;
const CASES = 16; // 8 opened through each api
const TODAY = '2025-03-27'; // the apis' "today"; the workers' compressed clock starts here too
// 1 real second = 2 virtual days: the decision-to-assess deadlines (6 weeks after requests of 2025-03-03 … 03-10)
// fall due 2025-04-14 … 04-21, their warnings from 2025-03-31: the alerts arrive over about 13 real seconds.
const CLOCK_FACTOR = 172_800;

let db: TestDatabase;
const prefix = testRedisPrefix('multi');
const children: ChildProcess[] = [];
const baseEnv = () => ({
  ...process.env,
  NODE_ENV: 'test',
  LOG_LEVEL: 'error',
  DATABASE_URL: db.url,
  REDIS_URL: testRedisUrl(),
  REDIS_PREFIX: prefix,
});
const caseIds: string[] = [];
const cookies: string[] = []; // cw-north-1's session on api A, then on api B
let startupMs = 0; // how long a process took to start from source here: the workers' clock waits that long

async function call(api: 0 | 1, method: 'GET' | 'POST', url: string, body?: unknown, cookie = cookies[api]) {
  const res = await fetch(`http://127.0.0.1:${API_PORTS[api]}${url}`, {
    method,
    headers: {
      'x-requested-with': 'XMLHttpRequest',
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(cookie ? { cookie } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, res };
}

/** An EventSource as the browser's: GET /api/alerts/stream on one api; collects the ids of `event: alert` messages. */
function openAlertStream(
  api: 0 | 1,
  cookie: string,
): Promise<{ alerts: { id: string; caseId: string }[]; close(): void }> {
  return new Promise((resolve, reject) => {
    const alerts: { id: string; caseId: string }[] = [];
    const req = http.get(
      {
        host: '127.0.0.1',
        port: API_PORTS[api],
        path: '/api/alerts/stream',
        headers: { cookie, accept: 'text/event-stream' },
      },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`alert stream answered ${res.statusCode}`));
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (message.startsWith(': connected')) resolve({ alerts, close: () => req.destroy() });
            const data = message.split('\n').find((l) => l.startsWith('data: '));
            if (message.startsWith('event: alert') && data) {
              const a = JSON.parse(data.slice(6));
              alerts.push({ id: a.id, caseId: a.caseId });
            }
          }
        });
      },
    );
    req.on('error', reject);
  });
}

const count = async (sql: string, params?: unknown[]) => (await db.dataSource.query(sql, params))[0].n as number;

beforeAll(async () => {
  db = await createTestDatabase('multi');
  await seedDemoUsers(db.dataSource);
  // Two apis, side by side, started from source like production's main.ts (same factory, least-privilege role).
  const spawning = Date.now();
  children.push(
    ...(await Promise.all(
      API_PORTS.map((port) =>
        spawnTsChild(new URL('./support/api-child.ts', import.meta.url).pathname, {
          ...baseEnv(),
          PORT: String(port),
          API_TODAY: `${TODAY}T09:00:00Z`,
        }),
      ),
    )),
  );
  startupMs = Date.now() - spawning;
  for (const api of [0, 1] as const) {
    const login = await call(api, 'POST', '/api/auth/login', { username: 'cw-north-1', password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    cookies[api] = login.res.headers
      .getSetCookie()
      .find((c) => c.startsWith('ehc_session='))!
      .split(';')[0];
  }
}, 120_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await Promise.all(
    children.map((c) =>
      c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : undefined,
    ),
  );
  await flushPrefix(testRedisUrl(), prefix);
  await db?.drop();
});

it('commands go through either api, and the same expectedVersion sent to both is applied once and refused once (409)', async () => {
  for (let i = 0; i < CASES; i++) {
    const api = (i % 2) as 0 | 1;
    const open = await call(api, 'POST', '/api/cases', {
      teamId: 'north',
      child: { givenName: 'Test', familyName: 'Child', dateOfBirth: '2015-03-02' },
      request: { date: addDays('2025-03-03', i % 8), source: 'parent' },
    });
    expect(open.status).toBe(201);
    caseIds.push(open.body.id);
    // The case opened on one api is read and changed through the other.
    const other = (1 - api) as 0 | 1;
    const seen = await call(other, 'GET', `/api/cases/${open.body.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.version).toBe(open.body.version);
  }
  const [first] = caseIds;
  const { body: before } = await call(1, 'GET', `/api/cases/${first}`);
  const ask = (api: 0 | 1, requestId: string) =>
    call(api, 'POST', `/api/cases/${first}/events`, {
      expectedVersion: before.version,
      eventId: randomUUID(),
      event: { type: 'InformationRequested', date: TODAY, requestId, from: 'head-teacher' },
    });
  const race = await Promise.all([ask(0, 'head-a'), ask(1, 'head-b')]);
  expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
  // Then alternating: the next command, through the api that lost the race, at the version the winner made.
  const loser = race.findIndex((r) => r.status === 409) as 0 | 1;
  const next = await call(loser, 'POST', `/api/cases/${first}/events`, {
    expectedVersion: before.version + 1,
    event: { type: 'InformationRequested', date: TODAY, requestId: 'head-c', from: 'early-years-provider' },
  });
  expect(next.status).toBe(200);
  expect(next.body.version).toBe(before.version + 2);
  expect(
    await count(`SELECT count(*)::int AS n FROM case_event WHERE case_id = $1 AND type = 'InformationRequested'`, [
      first,
    ]),
  ).toBe(2);
}, 60_000);

it('two workers, one SIGKILLed midway: every alert exactly once, and the stream on api B delivers those of cases opened on api A', async () => {
  expect(caseIds).toHaveLength(CASES);
  // cw-north-1 holds every case; their browser is connected to api B only.
  const stream = await openAlertStream(1, cookies[1]!);

  // The compressed clock starts ahead by about as long as the apis took to start (the workers compile as much), so
  // on a slow machine too both workers are up before the first warnings fall due and the kill lands mid-run.
  const realStart = new Date((await dbNow(db.dataSource)).getTime() + Math.min(Math.max(3000, startupMs), 20_000));
  const workerEnv = (port: number) => ({
    ...baseEnv(),
    SWEEP_EVERY_SECONDS: '1',
    WORKER_HTTP_PORT: String(port),
    VIRTUAL_START: `${TODAY}T00:00:00Z`,
    REAL_START: realStart.toISOString(),
    CLOCK_FACTOR: String(CLOCK_FACTOR),
  });
  const [doomed, survivor] = await Promise.all(WORKER_PORTS.map((port) => spawnWorkerChild(workerEnv(port))));
  children.push(doomed!, survivor!);
  for (const port of WORKER_PORTS) expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
  // Both are consumers of the one deadline queue (BullMQ names each worker connection; CLIENT LIST shows them).
  const queue = new Queue(QueueName.Deadlines, { connection: { url: testRedisUrl() }, prefix });
  const consumers = async () => new Set((await queue.getWorkers()).map((w) => w.addr)).size;
  await waitFor(async () => (await consumers()) >= 2, 15_000, 'two workers consuming the deadline queue');

  // Midway — the 14-day warnings are out, the 7-day ones being raised — one worker dies without a goodbye.
  const alerts = () => count(`SELECT count(*)::int AS n FROM alert WHERE deadline_id = 'decision-to-assess'`);
  await waitFor(async () => (await alerts()) >= CASES + 2, 45_000, 'the 7-day warnings to begin');
  const gone = new Promise((r) => doomed!.once('exit', r));
  doomed!.kill('SIGKILL');
  await gone;
  const atKill = await alerts();
  expect(atKill).toBeLessThan(CASES * 3); // the kill landed mid-run
  await expect(fetch(`http://127.0.0.1:${WORKER_PORTS[0]}/health/live`)).rejects.toThrow();
  await waitFor(async () => (await consumers()) === 1, 15_000, 'the killed worker to drop out of the queue');
  await queue.close();

  await waitForEveryAlertAndMiss(db, CASES, 'every alert and miss from the surviving worker');
  await expectEveryAlertAndMissOnce(db, CASES);

  // The live stream on api B carried every alert, once each — including those of the cases opened on api A.
  const rows: { id: string; case_id: string }[] = await db.dataSource.query(`SELECT id, case_id FROM alert`);
  await waitFor(async () => stream.alerts.length >= rows.length, 15_000, 'the stream to deliver every alert');
  stream.close();
  expect(stream.alerts.map((a) => a.id).sort()).toEqual(rows.map((r) => r.id).sort());
  const openedOnA = new Set(caseIds.filter((_, i) => i % 2 === 0));
  expect(stream.alerts.filter((a) => openedOnA.has(a.caseId)).length).toBe((CASES / 2) * 3);
  console.log(
    `several servers: ${rows.length} alerts, ${atKill} before the kill; processes started in ${startupMs} ms`,
  );
}, 90_000);
