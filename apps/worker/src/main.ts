import 'reflect-metadata';
import { loadConfigOrExit } from '@ehc/platform';
import { createAppDataSource, createDataSource, migrate } from '@ehc/persistence';
import { RedisPolicyError } from '@ehc/deadlines';
import { startWorker } from './worker.js';
import { DEFAULT_CONCURRENCY, workerPoolSize } from './deadline-engine.service.js';

/** Runs the deadline worker as its own process: node dist/apps/worker/src/main.js */
async function main() {
  const config = loadConfigOrExit();
  // Migrations as the schema owner; then the worker runs as the least-privilege role (docs/security.md).
  const owner = createDataSource(config.databaseUrl, { poolSize: 2, applicationName: 'ehc-worker-migrate' });
  await owner.initialize();
  await migrate(owner);
  await owner.destroy();
  const ds = createAppDataSource(config, { poolSize: workerPoolSize(DEFAULT_CONCURRENCY), applicationName: 'ehc-worker' });
  await ds.initialize();
  let worker;
  try {
    worker = await startWorker(config, { dataSource: ds });
  } catch (e) {
    if (e instanceof RedisPolicyError) {
      console.error(`Redis configuration error: ${e.message}`);
      await ds.destroy();
      process.exit(78);
    }
    throw e;
  }
  console.log(JSON.stringify({ level: 30, service: 'ehc-worker', msg: 'worker started', pid: process.pid }));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(JSON.stringify({ level: 30, service: 'ehc-worker', msg: `${signal}: finishing jobs in flight, then exiting` }));
    worker.close().then(() => process.exit(0), (err) => {
      console.error(err);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

await main();
