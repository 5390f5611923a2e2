// In-process timing of the board's plan report and the SEN2 return on generated plans (test/bench/plan-data.mjs),
// for a CPU profile: node --cpu-prof test/bench/plan-profile.mjs [plans]. Reads no database. ONLY=report or ONLY=sen2
// times one of the two; DIST=<a copy of dist> times another build of the same code (an A/B on the same data).
import { createHash } from 'node:crypto';
import { dist } from './lib.mjs';
import { generatePlanCases, PLANS_BOARD_QUERY, PLANS_CENSUS, PLANS_TODAY as TODAY } from './plan-data.mjs';

const measures = process.env.DIST
  ? `${process.env.DIST}/libs/measures/src/index.js`
  : dist('libs/measures/src/index.js');
const { planReport, planRowsFromCaseRows, buildSen2Return } = await import(measures);
const n = Number(process.argv[2] ?? 98_000);
const sha1 = (x) => createHash('sha1').update(JSON.stringify(x)).digest('hex').slice(0, 12);
// CPU time beside the wall time: on a shared box the process's own CPU time moves less than its wall time
let t = performance.now();
let cpu = process.cpuUsage();
const lap = (label) => {
  const now = performance.now();
  const c = process.cpuUsage(cpu);
  console.log(`${label}: ${(now - t).toFixed(0)} ms (cpu ${((c.user + c.system) / 1000).toFixed(0)} ms)`);
  t = now;
  cpu = process.cpuUsage();
};
const rows = generatePlanCases(n, { today: TODAY });
lap(`generate ${n} plans, ${rows.length} events`);
const only = process.env.ONLY ?? 'report,sen2';
let report;
if (only.includes('report')) {
  const planRows = planRowsFromCaseRows(rows);
  lap('planRowsFromCaseRows');
  report = planReport(planRows, PLANS_BOARD_QUERY);
  lap(
    `planReport (settings ${report.settings.total}, reviews due ${report.reviews.due}, excluded ${report.settings.excluded.length}, sha1 ${sha1(report)})`,
  );
}
if (only.includes('sen2')) {
  const ret = buildSen2Return(rows, new Map(), PLANS_CENSUS);
  lap(`buildSen2Return (${ret.persons.length} persons, refused ${ret.refusedPlans.length}, sha1 ${sha1(ret)})`);
}
if (process.env.SHOW) console.log(JSON.stringify(report?.settings.excluded.slice(0, 3)));
