import { helpOrContinue, openForCli } from './cli-support.js';

/**
 * npm run migrate: applies every migration not yet applied to DATABASE_URL and lists what the database now has.
 * The api, the worker and the other commands migrate at start too; this is for an operator who wants it done
 * (and seen) before a release starts.
 */
helpOrContinue(
  [
    'Usage: npm run migrate',
    '  Applies pending migrations (migrations/) to the database at DATABASE_URL and lists the applied ones.',
  ].join('\n'),
);
const { ds } = await openForCli('migrate');
const rows: { name: string }[] = await ds.query('SELECT name FROM schema_migration ORDER BY id');
console.log(`${rows.length} migrations applied:`);
for (const r of rows) console.log(`  ${r.name}`);
await ds.destroy();
