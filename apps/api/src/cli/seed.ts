import { Readable } from 'node:stream';
import { addDays } from '@ehc/workflow';
import { demoHistory, importCases } from '@ehc/persistence';
import { openForCli } from './cli-support.js';
import { seedDemoUsers } from '../auth/demo-users.js';
import { DEMO_TEAMS } from '../auth/demo-teams.js';
import { demoDataRefusal } from '../auth/first-user.js';

/**
 * Run by npm start before the api and worker: migrations, demo users (one per role, printed), and on an
 * empty database a demo history imported through the importer. Demo data only — never in production.
 */
const refused = demoDataRefusal(process.env);
if (refused) {
  console.error(refused);
  process.exit(64);
}
const { config, ds, today } = await openForCli('seed');
const users = await seedDemoUsers(ds);
const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM ehc_case`);
if (n === 0 && process.env.DEMO_CASES !== 'none') {
  const perMonth = Number(process.env.DEMO_CASES_PER_MONTH ?? 90);
  const lines = [
    ...demoHistory({ from: addDays(today, -3 * 365), today, requestsPerMonth: perMonth, teams: DEMO_TEAMS }),
  ].map((l) => JSON.stringify(l));
  const t = Date.now();
  const s = await importCases(ds, Readable.from(lines), {
    actor: 'import',
    today,
    finalPlanDays: config.finalPlanDays,
    defaultTeam: 'north',
    onProgress: (p) => process.stderr.write(`\rloading demo cases: ${p.lines}/${lines.length}   `),
  });
  process.stderr.write('\n');
  console.log(
    `Loaded ${s.accepted} demo cases in ${((Date.now() - t) / 1000).toFixed(1)} s${s.rejected.length ? ` (${s.rejected.length} rejected: ${s.rejected[0].reason})` : ''}`,
  );
}
console.log('\nDemo sign-ins (demo only):');
for (const u of users)
  console.log(`  ${u.role.padEnd(13)} ${u.username.padEnd(14)} ${u.password}${u.team ? `  (${u.team})` : ''}`);
await ds.destroy();
