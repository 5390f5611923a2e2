import { createServer, type Server } from 'node:http';
import type { DataSource } from 'typeorm';
import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { checkDependencies, createMetrics, createRedisClient, type AppConfig } from '@ehc/platform';
import { purgeExpiredSessions, sampleOperations } from '@ehc/persistence';
import { QueueName } from '@ehc/deadlines';

export interface WorkerOperations {
  /** The port the health/metrics server listens on (0 when none was asked for). */
  port: number;
  /** Runs one purge of dead sessions now (also run on a timer). */
  purgeSessions(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The worker's own operational surface: GET /health/live, /health/ready (PostgreSQL AND Redis required: without
 * either it cannot raise an alert) and /metrics on WORKER_HTTP_PORT, plus the periodic purge of dead sessions.
 */
export async function startWorkerOperations(
  config: AppConfig,
  ds: DataSource,
  logger: Logger,
): Promise<WorkerOperations> {
  const redis = createRedisClient(config.redisTopology, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  });
  redis.on('error', () => undefined);
  await redis.connect().catch(() => undefined);
  let queue: Queue | null = null;
  const metrics = createMetrics('ehc-worker', async () => {
    const sample = await sampleOperations(ds);
    if (redis.status !== 'ready') return sample;
    queue ??= new Queue(QueueName.Deadlines, { connection: redis, prefix: config.redisPrefix });
    return { ...sample, jobs: await queue.getJobCounts('waiting', 'delayed', 'active', 'failed') };
  });

  const purgeSessions = async () => {
    const n = await purgeExpiredSessions(ds, config.sessionIdleMinutes);
    if (n) logger.info({ sessions: n }, 'deleted expired sessions');
    return n;
  };
  const timer = setInterval(() => {
    purgeSessions().catch((e) => logger.warn({ err: (e as Error).message }, 'session purge failed'));
  }, config.sessionPurgeEveryMinutes * 60_000);
  timer.unref();

  let server: Server | null = null;
  let port = 0;
  if (config.workerHttpPort > 0) {
    server = createServer((req, res) => {
      const send = (status: number, type: string, body: string) => {
        res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(body);
      };
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET') return send(405, 'text/plain', 'GET only');
      if (path === '/health/live') return send(200, 'application/json', JSON.stringify({ status: 'ok' }));
      if (path === '/health/ready') {
        void checkDependencies({ database: () => ds.query('SELECT 1'), redis: () => redis.ping() }, [
          'database',
          'redis',
        ]).then((r) => send(r.status === 'down' ? 503 : 200, 'application/json', JSON.stringify(r)));
        return;
      }
      if (path === '/metrics') {
        if (config.metricsToken && req.headers.authorization !== `Bearer ${config.metricsToken}`)
          return send(401, 'text/plain', 'Send Authorization: Bearer <METRICS_TOKEN>');
        void metrics.registry.metrics().then(
          (body) => send(200, metrics.registry.contentType, body),
          () => send(500, 'text/plain', 'metrics failed'),
        );
        return;
      }
      send(404, 'text/plain', 'not found');
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(config.workerHttpPort, config.host, () => resolve());
    });
    port = config.workerHttpPort;
  }
  return {
    port,
    purgeSessions,
    async close() {
      clearInterval(timer);
      if (server) await new Promise<void>((r) => server!.close(() => r()));
      await queue?.close().catch(() => undefined);
      redis.disconnect();
    },
  };
}
