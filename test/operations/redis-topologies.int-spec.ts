// The worker through a Sentinel-managed primary and through a Redis Cluster: real redis-server processes of this
// test's own (fixed ports below 32768), deadline jobs relayed into the right server, the worker ready.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { createDataSource } from '@ehc/persistence';
import { QueueName } from '@ehc/deadlines';
import { startWorker, type RunningWorker } from '../../apps/worker/src/worker.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { openCase, seedTeam, waitFor, workerConfig } from '../deadlines/support/fixtures.js';

const dirs: string[] = [];
const procs: ChildProcess[] = [];
function redisServer(port: number, args: string[] = []): ChildProcess {
  const dir = mkdtempSync(join(tmpdir(), `ehc-redis-${port}-`));
  dirs.push(dir);
  const p = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
      '--dir',
      dir,
      ...args,
    ],
    { stdio: 'ignore' },
  );
  procs.push(p);
  return p;
}
async function answers(port: number): Promise<void> {
  await waitFor(
    async () => spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG',
    10_000,
    `redis on ${port}`,
  );
}

let db: TestDatabase;
let worker: RunningWorker | undefined;
beforeAll(async () => {
  db = await createTestDatabase('redistopo');
  await seedTeam(db.dataSource);
});
afterEach(async () => {
  await worker?.close();
  worker = undefined;
});
afterAll(async () => {
  for (const p of procs) p.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await db?.drop();
});

describe('Redis topologies', () => {
  it('Sentinel: the worker finds the primary through the sentinel and its jobs land there', async () => {
    redisServer(26394);
    await answers(26394);
    const conf = join(mkdtempSync(join(tmpdir(), 'ehc-sentinel-')), 'sentinel.conf');
    dirs.push(join(conf, '..'));
    spawnSync('sh', [
      '-c',
      `printf 'port 26395\\nbind 127.0.0.1\\nsentinel monitor ehcprimary 127.0.0.1 26394 1\\n' > ${conf}`,
    ]);
    const s = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
    procs.push(s);
    await answers(26395);
    const prefix = 'ehc-sentinel-test';
    worker = await startWorker(workerConfig(db.url, 'redis-sentinel://127.0.0.1:26395/ehcprimary', prefix), {
      dataSource: createDataSource(db.url, { poolSize: 4 }),
      relayIntervalMs: 50,
    });
    await openCase(db.dataSource, {
      teamId: 't1',
      caseworker: 'cw-t1',
      d0: '2025-03-03',
      today: '2025-03-10',
      reference: 'SENT-1',
    });
    const primary = new Redis({ port: 26394, host: '127.0.0.1' });
    try {
      const q = new Queue(QueueName.Deadlines, { connection: primary, prefix });
      const delayed = await waitFor(
        async () => {
          const n = await q.getDelayedCount();
          return n > 0 && n;
        },
        15_000,
        'delayed jobs on the primary',
      );
      expect(delayed).toBeGreaterThan(0);
      await q.close();
    } finally {
      primary.disconnect();
    }
  }, 60_000);

  it('Cluster: with a {hash tag} prefix the worker relays its jobs into the cluster', async () => {
    const ports = [26400, 26401, 26402];
    // The cluster bus would default to port + 10000 (36400…), inside the ephemeral range where another test's outgoing
    // connection can hold it and the nodes never meet: give it fixed ports below 32768 too.
    for (const p of ports)
      redisServer(p, [
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${p}.conf`,
        '--cluster-port',
        String(p + 10),
      ]);
    for (const p of ports) await answers(p);
    const made = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'],
      { encoding: 'utf8' },
    );
    expect(made.status).toBe(0);
    // Every node must agree the cluster is up (slots assigned and gossiped) before a client can rely on it.
    await waitFor(
      async () =>
        ports.every((p) =>
          /cluster_state:ok/.test(
            spawnSync('redis-cli', ['-p', String(p), 'cluster', 'info'], { encoding: 'utf8' }).stdout,
          ),
        ),
      30_000,
      'cluster state ok on every node',
    );
    const prefix = '{ehc-cluster-test}';
    worker = await startWorker(workerConfig(db.url, 'redis-cluster://127.0.0.1:26400,127.0.0.1:26401', prefix), {
      dataSource: createDataSource(db.url, { poolSize: 4 }),
      relayIntervalMs: 50,
    });
    await openCase(db.dataSource, {
      teamId: 't1',
      caseworker: 'cw-t1',
      d0: '2025-03-03',
      today: '2025-03-10',
      reference: 'CLUS-1',
    });
    const cluster = new Cluster([{ host: '127.0.0.1', port: 26400 }]);
    try {
      const q = new Queue(QueueName.Deadlines, { connection: cluster, prefix });
      const delayed = await waitFor(
        async () => {
          const n = await q.getDelayedCount();
          return n > 0 && n;
        },
        40_000,
        'delayed jobs in the cluster',
      );
      expect(delayed).toBeGreaterThan(0);
      await q.close();
    } finally {
      cluster.disconnect();
    }
  }, 120_000);
});
