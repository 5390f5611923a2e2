// The importer's profiled pass (docs/benchmarks.md#profiles-what-stands-in-the-way): importCases on NDJSON lines from a
// file into a bench database, in a process of its own that importer.mjs starts with --cpu-prof after its measured
// points. Stops feeding lines after capS, like the measured run; prints one JSON line with the window it imported in
// (the monotonic clock, µs, which the profile reads too).
//   node --cpu-prof --cpu-prof-dir=<dir> import-pass.mjs '<{"url","file","capS","today"}>'
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { dist } from './lib.mjs';

const spec = JSON.parse(process.argv[2]);
const { createDataSource, importCases } = await import(dist('libs/persistence/src/index.js'));
const lines = [];
for await (const l of createInterface({ input: createReadStream(spec.file) })) if (l) lines.push(l);
const ds = createDataSource(spec.url, { poolSize: 6, applicationName: 'ehc-bench-import-profiled' });
await ds.initialize();
let fed = 0;
const t0 = process.hrtime.bigint();
async function* source() {
  for (const l of lines) {
    if (Number(process.hrtime.bigint() - t0) / 1e9 > spec.capS) return;
    fed++;
    yield l;
  }
}
const summary = await importCases(ds, source(), {
  actor: 'import',
  today: spec.today,
  finalPlanDays: 140,
  defaultTeam: 'north',
  concurrency: 4,
});
const t1 = process.hrtime.bigint();
await ds.destroy();
console.log(
  JSON.stringify({
    lines: fed,
    accepted: summary.accepted,
    seconds: Number(t1 - t0) / 1e9,
    windowUs: { fromUs: Number(t0 / 1000n), toUs: Number(t1 / 1000n) },
  }),
);
