// A worker in its own process for the fault test: configured from the environment, compressed clock.
import { loadConfig } from '@ehc/platform';
import { CompressedClock } from '@ehc/deadlines';
import { startWorker } from '../../../apps/worker/src/worker.js';

const clock = new CompressedClock(
  new Date(process.env.VIRTUAL_START!),
  new Date(process.env.REAL_START!),
  Number(process.env.CLOCK_FACTOR),
);
const worker = await startWorker(loadConfig(process.env), { clock, concurrency: 20, relayIntervalMs: 50 });
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void worker.close().then(() => process.exit(0));
});
