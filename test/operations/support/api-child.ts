// An api in its own process for the several-servers test: configured from the environment (PORT, DATABASE_URL,
// REDIS_URL, REDIS_PREFIX), run as production runs it (least-privilege role, the same factory), with a fixed "today"
// (API_TODAY) so the commands' dates do not race the workers' compressed clock.
import { FixedClock, loadConfig } from '@ehc/platform';
import { createAppDataSource } from '@ehc/persistence';
import { createApi } from '../../../apps/api/src/app.factory.js';

const config = loadConfig(process.env);
const ds = createAppDataSource(config, { poolSize: 5, applicationName: 'ehc-test-api-child' });
await ds.initialize();
const app = await createApi({
  config,
  dataSource: ds,
  webRoot: null,
  clock: new FixedClock(new Date(process.env.API_TODAY!)),
});
await app.listen({ port: config.port, host: '127.0.0.1' });
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
