import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { addDays } from '@ehc/workflow';
import { demoHistory, importCases } from '@ehc/persistence';
import { helpOrContinue, openForCli, refuseInProduction } from './cli-support.js';
import { DEMO_TEAMS } from '../auth/demo-teams.js';
import { seedDemoUsers } from '../auth/demo-users.js';

/**
 * npm run demo:generate [-- --out FILE] [--no-import] [--per-month N] [--years N]
 * Writes a realistic multi-year history (3 teams, 12 caseworkers, ~46% on time) and imports it.
 */
helpOrContinue(
  [
    'Usage: npm run demo:generate [-- --out FILE] [--no-import] [--per-month N] [--years N] [--force]',
    '  Writes a made-up multi-year history (default .data/demo-cases.ndjson) and imports it unless --no-import.',
    '  Refused with NODE_ENV=production unless --force.',
  ].join('\n'),
);
const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const out = opt('--out', '.data/demo-cases.ndjson');
const perMonth = Number(opt('--per-month', '90'));
const years = Number(opt('--years', '3'));
if (!args.includes('--no-import')) refuseInProduction('import demo cases');
const { config, ds, today } = await openForCli('demo');
const lines = [
  ...demoHistory({
    from: addDays(today, -Math.round(years * 365.25)),
    today,
    requestsPerMonth: perMonth,
    teams: DEMO_TEAMS,
  }),
].map((l) => JSON.stringify(l));
mkdirSync(dirname(out), { recursive: true });
await new Promise<void>((res, rej) => {
  const w = createWriteStream(out);
  w.on('error', rej);
  w.end(lines.join('\n') + '\n', res);
});
console.error(`wrote ${lines.length} cases to ${out}`);
if (!args.includes('--no-import')) {
  // The demo cases belong to the demo teams and caseworkers: make sure they exist (idempotent).
  await seedDemoUsers(ds);
  const summary = await importCases(ds, Readable.from(lines), {
    actor: 'import',
    today,
    finalPlanDays: config.finalPlanDays,
    defaultTeam: 'north',
    onProgress: (p) => process.stderr.write(`\rimported ${p.lines}/${lines.length}   `),
  });
  process.stderr.write('\n');
  console.log(
    JSON.stringify({
      accepted: summary.accepted,
      unchanged: summary.unchanged,
      rejected: summary.rejected.length,
      firstRejected: summary.rejected.slice(0, 5),
    }),
  );
}
await ds.destroy();
