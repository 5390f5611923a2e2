import { createReadStream, existsSync } from 'node:fs';
import { importCases, ndjsonLines } from '@ehc/persistence';
import { helpOrContinue, openForCli } from './cli-support.js';

const USAGE = 'Usage: npm run import -- FILE.ndjson [--team TEAM]   (one case per line; see README "Import format")';
/** npm run import -- FILE [--team north]: imports an NDJSON history, showing progress on stderr. */
helpOrContinue(USAGE);
const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const teamIdx = args.indexOf('--team');
const team = teamIdx >= 0 ? args[teamIdx + 1] : 'north';
if (!file || !existsSync(file)) {
  console.error(USAGE);
  process.exit(64);
}
const { config, ds, today } = await openForCli('import');
const started = Date.now();
const summary = await importCases(ds, ndjsonLines(createReadStream(file)), {
  actor: 'import',
  today,
  finalPlanDays: config.finalPlanDays,
  defaultTeam: team,
  onProgress: (p) => {
    const s = (Date.now() - started) / 1000;
    process.stderr.write(
      `\r${p.lines} lines: ${p.accepted} accepted, ${p.unchanged} unchanged, ${p.rejected} rejected (${Math.round(p.lines / Math.max(s, 0.001))} lines/s)   `,
    );
  },
});
process.stderr.write('\n');
console.log(JSON.stringify(summary, null, 2));
await ds.destroy();
process.exit(summary.rejected.length ? 2 : 0);
