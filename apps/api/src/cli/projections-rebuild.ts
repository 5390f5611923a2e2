import { rebuildProjections } from '@ehc/persistence';
import { helpOrContinue, openForCli } from './cli-support.js';

/** npm run projections:rebuild [-- --from-scratch]: recomputes case summaries and deadlines from case_event. */
helpOrContinue(
  [
    'Usage: npm run projections:rebuild [-- --from-scratch]',
    '  Recomputes every case summary, deadline and measure fact (case_facts) row from the event log (the log itself is never changed).',
  ].join('\n'),
);
const fromScratch = process.argv.includes('--from-scratch');
const { config, ds, today } = await openForCli('rebuild');
const t = Date.now();
const r = await rebuildProjections(ds, {
  today,
  finalPlanDays: config.finalPlanDays,
  fromScratch,
  onProgress: (d, n) => process.stderr.write(`\r${d}/${n} cases`),
});
process.stderr.write('\n');
console.log(
  `rebuilt projections of ${r.cases} cases in ${((Date.now() - t) / 1000).toFixed(1)} s${fromScratch ? ' (from scratch)' : ''}`,
);
await ds.destroy();
