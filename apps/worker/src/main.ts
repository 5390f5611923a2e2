import 'reflect-metadata';
import { loadConfigOrExit, untilReachable } from '@ehc/platform';
import { createAppDataSource, createDataSource, migrate } from '@ehc/persistence';
import { RedisPolicyError } from '@ehc/deadlines';
import { startWorker } from './worker.js';
import { workerPoolSize } from './deadline-engine.service.js';

/** Runs the deadline worker as its own process: node dist/apps/worker/src/main.js */
async function main() {
  const config = loadConfigOrExit();
  // Started before PostgreSQL or Redis? Wait for them, one log line a try, instead of crashing with a stack trace.
  // Migrations as the schema owner; then the worker runs as the least-privilege role (docs/security.md).
  const owner = createDataSource(config.databaseUrl, { poolSize: 2, applicationName: 'ehc-worker-migrate' });
  await untilReachable('PostgreSQL', () => owner.initialize(), { service: 'ehc-worker', tries: config.connectTries });
  await migrate(owner);
  await owner.destroy();
  const ds = createAppDataSource(config, {
    poolSize: workerPoolSize(config.workerConcurrency),
    applicationName: 'ehc-worker',
  });
  await ds.initialize();
  let worker;
  try {
    worker = await untilReachable(
      'Redis',
      () => startWorker(config, { dataSource: ds, concurrency: config.workerConcurrency }),
      { service: 'ehc-worker', tries: config.connectTries, giveUpOn: (e) => e instanceof RedisPolicyError },
    );
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
    console.log(
      JSON.stringify({ level: 30, service: 'ehc-worker', msg: `${signal}: finishing jobs in flight, then exiting` }),
    );
    worker.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

await main();
