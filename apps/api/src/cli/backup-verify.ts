import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemClock, loadConfigOrExit } from '@ehc/platform';
import { helpOrContinue } from './cli-support.js';
import { restoreCheck } from './restore-check.js';

/** npm run backup:verify [-- --dump FILE] [--keep]: proves a backup restores to the same record and the same measure. */
helpOrContinue(
  [
    'Usage: npm run backup:verify [-- --dump FILE.dump] [--keep]',
    '  Dumps DATABASE_URL with pg_dump (or takes FILE.dump, a pg_dump --format=custom file), restores it into a new',
    '  database on the same server, and checks that the event log and the board measure are the same in both.',
    '  The restored copy is dropped afterwards unless --keep. Exit 0 when identical, 1 when not. See docs/backup-restore.md.',
  ].join('\n'),
);
const args = process.argv.slice(2);
const dumpAt = args.indexOf('--dump');
const config = loadConfigOrExit();
const work = mkdtempSync(join(tmpdir(), 'ehc-backup-'));
const started = Date.now();
try {
  const r = await restoreCheck({
    sourceUrl: config.databaseUrl,
    today: new SystemClock().today(),
    workDir: work,
    dumpFile: dumpAt >= 0 ? args[dumpAt + 1] : undefined,
    keep: args.includes('--keep'),
  });
  const s = ((Date.now() - started) / 1000).toFixed(1);
  if (r.ok) {
    console.log(
      `Restore verified in ${s} s: ${r.restored.events} events of ${r.restored.cases} cases, the newest recorded ${r.restored.lastRecordedAt}; the board measure is identical.${args.includes('--keep') ? ` Restored copy kept as ${r.restoredDatabase}.` : ''}`,
    );
  } else {
    console.error(`Restore differs from the live database:\n  ${r.differences.join('\n  ')}`);
    process.exitCode = 1;
  }
} catch (e) {
  console.error(`Restore check failed: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
