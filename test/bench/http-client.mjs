// Load generator: runs in its own process (pinned to another CPU than the api) and talks to the api over loopback
// with keep-alive connections, one per virtual client. Prints one JSON line with throughput and latency.
//
//   node http-client.mjs <spec.json>
//   spec: { port, cookie, clients, warmupS, seconds, mode: 'transitions' | 'get', cases?: [{id, version}], urls?: [] , today }
import http from 'node:http';
import { readFileSync } from 'node:fs';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const agent = new http.Agent({ keepAlive: true, maxSockets: spec.clients, maxFreeSockets: spec.clients });

function request(method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body ? JSON.stringify(body) : null;
    const req = http.request(
      {
        host: '127.0.0.1',
        port: spec.port,
        method,
        path,
        agent,
        headers: {
          cookie: spec.cookie,
          'x-requested-with': 'XMLHttpRequest',
          ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

const latencies = [];
const statuses = {};
let measuring = false;
let stop = false;
let okTotal = 0;
let conflicts = 0;

async function virtualClient(k) {
  const mine = spec.mode === 'transitions' ? spec.cases.filter((_, i) => i % spec.clients === k) : null;
  let i = 0;
  while (!stop) {
    const t = process.hrtime.bigint();
    let res;
    if (spec.mode === 'transitions') {
      const c = mine[i++ % mine.length];
      // Reassignment is allowed in every state of a case (docs/events.md); alternate so each event changes something.
      const caseworker = c.version % 2 ? 'cw-north-2' : 'cw-north-1';
      res = await request('POST', `/api/cases/${c.id}/events`, {
        expectedVersion: c.version,
        event: { type: 'CaseworkerAssigned', date: spec.today, caseworker },
      });
      if (res.status === 200) c.version = JSON.parse(res.body).version;
      else if (res.status === 409) {
        const b = JSON.parse(res.body);
        if (b.code === 'VERSION_CONFLICT') {
          c.version = b.currentVersion;
          conflicts++;
        }
      }
    } else {
      res = await request('GET', spec.urls[(k + spec.clients * i++) % spec.urls.length]);
    }
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (res.status >= 200 && res.status < 300) okTotal++;
    if (measuring) {
      latencies.push(ms);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
  }
}

const runs = Array.from({ length: spec.clients }, (_, k) => virtualClient(k));
await new Promise((r) => setTimeout(r, spec.warmupS * 1000));
measuring = true;
const t0 = process.hrtime.bigint();
await new Promise((r) => setTimeout(r, spec.seconds * 1000));
measuring = false;
const t1 = process.hrtime.bigint();
const elapsed = Number(t1 - t0) / 1e9;
stop = true;
await Promise.all(runs);
agent.destroy();

const s = latencies.sort((a, b) => a - b);
const pct = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
const ok = Object.entries(statuses)
  .filter(([k]) => k.startsWith('2'))
  .reduce((a, [, v]) => a + v, 0);
console.log(
  JSON.stringify({
    clients: spec.clients,
    seconds: elapsed,
    requests: s.length,
    ok,
    okPerSecond: ok / elapsed,
    statuses,
    conflicts,
    okTotal,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    max: s[s.length - 1],
    // The measured window on the monotonic clock (µs), which a CPU profile of the api reads too.
    windowUs: { fromUs: Number(t0 / 1000n), toUs: Number(t1 / 1000n) },
  }),
);
