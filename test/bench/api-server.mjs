// The real api (same factory as production) on the bench database, listening on a fixed loopback port.
// Started by the benchmark in its own process; prints {"ready":true} once it listens.
import 'reflect-metadata';
import { dist } from './lib.mjs';

const { loadConfig } = await import(dist('libs/platform/src/index.js'));
const { createApi } = await import(dist('apps/api/src/app.factory.js'));

const config = loadConfig({ ...process.env, NODE_ENV: 'production', COOKIE_SECURE: 'false', HOST: '127.0.0.1' });
const app = await createApi({ config, webRoot: null });
await app.listen({ port: config.port, host: '127.0.0.1' });
console.log(JSON.stringify({ ready: true, port: config.port }));
process.on('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
