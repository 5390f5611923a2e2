import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
// Shared set-up for the deadline engine's integration tests: a team with a caseworker and a manager, cases
// opened through the real command path (so the outbox is written exactly as in production), and Redis helpers.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Redis } from 'ioredis';
import { createCaseWithHistory, inTransaction } from '@ehc/persistence';
import { loadConfig, type AppConfig } from '@ehc/platform';
import type { CaseEvent } from '@ehc/workflow';

export async function seedTeam(
  ds: DataSource,
  teamId = 't1',
): Promise<{ caseworkerId: string; managerId: string; otherId: string }> {
  await ds.query(`INSERT INTO team (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [teamId, `Team ${teamId}`]);
  const ins = async (username: string, role: string, team: string | null) =>
    (
      await ds.query(
        `INSERT INTO app_user (username, display_name, role, team_id, password_hash, email)
                     VALUES ($1, $2, $3, $4, 'not-a-hash', $5) RETURNING id`,
        [username, username.toUpperCase(), role, team, `${username}@example.test`],
      )
    )[0].id as string;
  const caseworkerId = await ins(`cw-${teamId}`, 'caseworker', teamId);
  const managerId = await ins(`mgr-${teamId}`, 'team-manager', teamId);
  const otherId = await ins(`cw2-${teamId}`, 'caseworker', teamId);
  return { caseworkerId, managerId, otherId };
}

export async function openCase(
  ds: DataSource,
  o: {
    teamId: string;
    caseworker: string;
    d0: string;
    today: string;
    reference?: string;
    more?: CaseEvent[];
    school?: string;
  },
): Promise<string> {
  const id = randomUUID();
  const events: CaseEvent[] = [
    { type: 'RequestReceived', date: o.d0, source: 'parent' } as CaseEvent,
    { type: 'CaseworkerAssigned', date: o.d0, caseworker: o.caseworker } as CaseEvent,
    ...(o.more ?? []),
  ];
  await inTransaction(ds, (tx) =>
    createCaseWithHistory(
      tx,
      {
        id,
        reference: o.reference ?? `EHC-T-${id.slice(0, 8).toUpperCase()}`,
        teamId: o.teamId,
        child: {
          givenName: 'Secret',
          familyName: 'Childname',
          dateOfBirth: '2015-01-01',
          ...(o.school ? { school: o.school } : {}),
        },
        events: events.map((event) => ({ eventId: randomUUID(), event })),
      },
      { actor: 'test', today: o.today },
    ),
  );
  return id;
}

export function workerConfig(
  databaseUrl: string,
  redisUrl: string,
  prefix: string,
  env: Record<string, string> = {},
): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    SWEEP_EVERY_SECONDS: '1',
    LOG_LEVEL: 'error',
    ...env,
  });
}

/** Deletes every key of one prefix (never the whole Redis: other tests and the demo share it). */
export async function flushPrefix(redisUrl: string, prefix: string): Promise<number> {
  const r = new Redis(redisUrl);
  let n = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) n += await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
  return n;
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until)
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function dbNow(ds: DataSource): Promise<Date> {
  return new Date((await ds.query(`SELECT clock_timestamp() AS now`))[0].now);
}

/**
 * A worker in a process of its own (support/worker-child.ts: config from `env`, compressed clock), resolved when it is
 * ready; the fault tests kill it with SIGKILL like a crashed one.
 */
export function spawnWorkerChild(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  return spawnTsChild(path.resolve('test/deadlines/support/worker-child.ts'), env);
}

/**
 * Runs a TypeScript file in a process of its own, straight from source (support/register-ts.mjs: SWC, the @ehc/*
 * aliases), resolved when it writes `ready` to stdout; rejected if it exits before that.
 */
export async function spawnTsChild(file: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const support = path.resolve('test/deadlines/support');
  const child = spawn(process.execPath, ['--import', path.join(support, 'register-ts.mjs'), file], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${path.basename(file)} exited early with ${code}`)));
  });
  return child;
}
