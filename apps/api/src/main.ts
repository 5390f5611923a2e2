import 'reflect-metadata';
import { loadConfigOrExit } from '@ehc/platform';
import { createDataSource, migrate } from '@ehc/persistence';
import { createApi } from './app.factory.js';

/** Runs the api on its own (npm start runs it through scripts/start.mjs, which also starts the worker). */
async function main() {
  const config = loadConfigOrExit();
  const ds = createDataSource(config.databaseUrl, { poolSize: 20, applicationName: 'ehc-api' });
  await ds.initialize();
  await migrate(ds);
  const app = await createApi({ config, dataSource: ds });
  await app.listen({ port: config.port, host: config.host });
  console.log(JSON.stringify({ level: 30, service: 'ehc-api', msg: `listening on ${config.publicUrl}` }));
}

await main();
