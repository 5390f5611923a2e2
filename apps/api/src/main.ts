import 'reflect-metadata';
import { loadConfigOrExit, untilReachable } from '@ehc/platform';
import { createAppDataSource, createDataSource, migrate } from '@ehc/persistence';
import { createApi } from './app.factory.js';

/** Runs the api on its own (npm start runs it through scripts/start.mjs, which also starts the worker). */
async function main() {
  const config = loadConfigOrExit();
  // Started before PostgreSQL (a stack coming up together)? Wait for it, one log line a try, instead of crashing.
  // Migrations as the schema owner; then the api runs as the least-privilege role (docs/security.md).
  const owner = createDataSource(config.databaseUrl, { poolSize: 2, applicationName: 'ehc-api-migrate' });
  await untilReachable('PostgreSQL', () => owner.initialize(), { service: 'ehc-api', tries: config.connectTries });
  await migrate(owner);
  await owner.destroy();
  const ds = createAppDataSource(config, { poolSize: config.databasePoolSize, applicationName: 'ehc-api' });
  await ds.initialize();
  const app = await createApi({ config, dataSource: ds });
  await app.listen({ port: config.port, host: config.host });
  console.log(JSON.stringify({ level: 30, service: 'ehc-api', msg: `listening on ${config.publicUrl}` }));
}

await main();
