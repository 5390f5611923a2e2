// The worker side of the deadline-alert benchmark (test/bench/alerts.mjs), in its own process pinned to one CPU.
//   node alerts-worker.mjs engine '<spec>'  the production deadline worker (startWorker: outbox relay, BullMQ worker,
//                                           handler, sweeper), on the bench database and Redis, with the clock the
//                                           spec gives (a CompressedClock for firing tests, the database clock else).
//   node alerts-worker.mjs bullmq '<spec>'  the reference: bare BullMQ on the same Redis — a Queue, and a Worker whose
//                                           processor does nothing but note when it was called.
// Commands and answers travel over the IPC channel; stdout carries only the worker's own logs.
import 'reflect-metadata';
import { dist } from './lib.mjs';

const mode = process.argv[2];
const spec = JSON.parse(process.argv[3] ?? '{}');
const nowMs = () => performance.timeOrigin + performance.now();
const reply = (m) => process.send(m);
const handlers = {};
process.on('message', (m) => {
  Promise.resolve(handlers[m.cmd](m)).then(
    (r) => reply({ id: m.id, ok: true, ...r }),
    (e) => reply({ id: m.id, ok: false, error: e.stack ?? String(e) }),
  );
});
process.on('disconnect', () => process.exit(0));

if (mode === 'engine') {
  // Round trips the worker sends while the harness watches (`counts`): PostgreSQL statements (every pg query goes
  // through Client.prototype.query) and Redis commands (ioredis sendCommand; a pipeline's or a script's commands each
  // count once). Counted in this process only, a counter per call.
  const calls = { pg: 0, redis: 0 };
  const { default: pgLib } = await import('pg');
  const pgQuery = pgLib.Client.prototype.query;
  // With BENCH_ALERTS_STATEMENTS=1 also each named statement's count and wall time (send to answer), by name.
  const byName = process.env.BENCH_ALERTS_STATEMENTS === '1' ? {} : null;
  pgLib.Client.prototype.query = function (...args) {
    calls.pg++;
    const name = byName && args[0] && typeof args[0] === 'object' ? (args[0].name ?? 'unnamed') : null;
    if (!name) return pgQuery.apply(this, args);
    const t0 = performance.now();
    const s = (byName[name] ??= { n: 0, ms: 0 });
    s.n++;
    const done = () => (s.ms += performance.now() - t0);
    const cb = args.findIndex((a) => typeof a === 'function'); // pg-pool passes a callback
    if (cb >= 0) {
      const f = args[cb];
      args[cb] = (...r) => (done(), f(...r));
    }
    const r = pgQuery.apply(this, args);
    if (cb < 0 && r && typeof r.then === 'function') r.then(done, () => undefined);
    return r;
  };
  const { Redis } = await import('ioredis');
  const sendCommand = Redis.prototype.sendCommand;
  Redis.prototype.sendCommand = function (...args) {
    calls.redis++;
    return sendCommand.apply(this, args);
  };
  handlers.counts = () => ({ ...calls, ...(byName ? { byName: structuredClone(byName) } : {}) });
  const { startWorker } = await import(dist('apps/worker/src/worker.js'));
  const { loadConfig } = await import(dist('libs/platform/src/index.js'));
  const { CompressedClock, DatabaseClock } = await import(dist('libs/deadlines/src/index.js'));
  const clock = spec.clock
    ? new CompressedClock(new Date(spec.clock.virtualStart), new Date(spec.clock.realStart), spec.clock.factor)
    : new DatabaseClock();
  const config = loadConfig({ ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', SWEEP_EVERY_SECONDS: '3600' });
  // The sweep scheduler is re-created by the worker after a flush; here it must not come back in the middle of a
  // timed rebuild, so the check interval is longer than the run. Everything else is the production default.
  const worker = await startWorker(config, { clock, concurrency: spec.concurrency, schedulerCheckMs: 1e9 });
  handlers.sweep = async () => {
    const t = nowMs();
    const result = await worker.engine.sweepNow();
    return { ms: nowMs() - t, result };
  };
  handlers.close = async () => {
    const cpu = process.cpuUsage();
    await worker.close();
    setImmediate(() => process.exit(0));
    return { cpuMs: (cpu.user + cpu.system) / 1000 };
  };
  reply({ ready: true });
} else if (mode === 'bullmq') {
  const { Queue, Worker } = await import('bullmq');
  const connection = { url: spec.redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue(spec.queue, { connection, prefix: spec.prefix });
  queue.on('error', (e) => console.error('reference queue error', e.message));
  await queue.waitUntilReady();
  const processed = [];
  let worker;
  if (spec.concurrency) {
    worker = new Worker(
      spec.queue,
      async (job) => {
        processed.push({ at: nowMs(), due: job.data.dueAt });
      },
      { connection, prefix: spec.prefix, concurrency: spec.concurrency },
    );
    worker.on('error', (e) => console.error('reference worker error', e.message));
    await worker.waitUntilReady();
  }
  // The same payload and job id shape as a deadline job (ids only); `dueAt`, when given, lets the processor measure
  // lateness (the rebuild and memory reference leave it out, so the payload is exactly a deadline job's).
  const job = (i, dueAt, delay) => {
    const caseId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const data = {
      caseId,
      deadlineId: ['final-plan', 'advice-ep', 'advice-health'][i % 3],
      generation: 1,
      alert: ['warn14', 'warn7', 'due'][i % 3],
    };
    if (dueAt !== undefined) data.dueAt = dueAt;
    return { name: 'DeadlineAlert', data, opts: { jobId: `dl-${caseId}-${data.deadlineId}-g1-${data.alert}`, delay } };
  };
  // Delayed jobs due at the given instants, added the way the outbox relay adds them (addBulk of 500, delay from now).
  handlers.schedule = async ({ dues }) => {
    processed.length = 0;
    const now = nowMs();
    const jobs = dues.map((d, i) => job(i, d, Math.max(0, Math.round(d - now))));
    for (let i = 0; i < jobs.length; i += 500) await queue.addBulk(jobs.slice(i, i + 500));
    return { scheduled: jobs.length };
  };
  handlers.wait = async ({ n, timeoutMs }) => {
    const until = Date.now() + timeoutMs;
    while (processed.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    return { processed: processed.slice() };
  };
  // The reference rebuild: n far-future delayed jobs through addBulk, `batch` per call, one call at a time.
  handlers.addBulk = async ({ n, batch }) => {
    const day = 86_400_000;
    const t = nowMs();
    for (let i = 0; i < n; i += batch) {
      const jobs = [];
      for (let k = i; k < Math.min(n, i + batch); k++) jobs.push(job(k, undefined, (30 + (k % 300)) * day));
      await queue.addBulk(jobs);
    }
    return { ms: nowMs() - t };
  };
  handlers.close = async () => {
    await worker?.close();
    await queue.close();
    setImmediate(() => process.exit(0));
    return {};
  };
  reply({ ready: true });
} else {
  throw new Error(`alerts-worker.mjs: unknown mode ${mode}`);
}
