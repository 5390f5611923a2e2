import 'reflect-metadata';
import { loadConfigOrExit, untilReachable } from '@ehc/platform';
import { createDataSource, migrate } from '@ehc/persistence';
import { createApi } from './app.factory.js';

/** Runs the api on its own (npm start runs it through scripts/start.mjs, which also starts the worker). */
async function main() {
  const config = loadConfigOrExit();
  const ds = createDataSource(config.databaseUrl, { poolSize: config.databasePoolSize, applicationName: 'ehc-api' });
  // Started before PostgreSQL (a stack coming up together)? Wait for it, one log line a try, instead of crashing.
  await untilReachable('PostgreSQL', () => ds.initialize(), { service: 'ehc-api', tries: config.connectTries });
  await migrate(ds);
  const app = await createApi({ config, dataSource: ds });
  await app.listen({ port: config.port, host: config.host });
  console.log(JSON.stringify({ level: 30, service: 'ehc-api', msg: `listening on ${config.publicUrl}` }));
}

await main();
