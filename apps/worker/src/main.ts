import 'reflect-metadata';
import { loadConfigOrExit } from '@ehc/platform';
import { createDataSource, migrate } from '@ehc/persistence';
import { RedisPolicyError } from '@ehc/deadlines';
import { startWorker } from './worker.js';
import { DEFAULT_CONCURRENCY, workerPoolSize } from './deadline-engine.service.js';

/** Runs the deadline worker as its own process: node dist/apps/worker/src/main.js */
async function main() {
  const config = loadConfigOrExit();
  const ds = createDataSource(config.databaseUrl, { poolSize: workerPoolSize(DEFAULT_CONCURRENCY), applicationName: 'ehc-worker' });
  await ds.initialize();
  await migrate(ds);
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
