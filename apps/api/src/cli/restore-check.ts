import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { timelinessCasesFromSql, timelinessFromSql, type SqlQuery } from '@ehc/persistence';
import { addDays } from '@ehc/workflow';

/** What is compared between the live database and its restored copy: the record itself and the board's measure. */
export interface RestoreFingerprint {
  events: number;
  cases: number;
  lastRecordedAt: string | null;
  /** The board's report (figures, bands, causes, series) and drill-down rows, for all teams together. */
  measure: unknown;
}

/** Reads a database's fingerprint with one client (read-only; the measure in its own session settings). */
export async function fingerprint(url: string, today: string): Promise<RestoreFingerprint> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await c.query('SET LOCAL jit = off');
    const q: SqlQuery = async (sql, params) => (await c.query(sql, params)).rows;
    const [{ events, cases, last }] = await q(
      `SELECT (SELECT count(*) FROM case_event)::int AS events, (SELECT count(*) FROM ehc_case)::int AS cases,
              (SELECT max(recorded_at) FROM case_event)::text AS last`,
      [],
    );
    const query = { from: addDays(today, -3 * 365), to: today, today };
    const measure = { report: await timelinessFromSql(q, query), cases: await timelinessCasesFromSql(q, query) };
    await c.query('COMMIT');
    return { events, cases, lastRecordedAt: last, measure };
  } finally {
    await c.end();
  }
}

export interface RestoreCheckResult {
  ok: boolean;
  differences: string[];
  source: RestoreFingerprint;
  restored: RestoreFingerprint;
}

export function compareFingerprints(source: RestoreFingerprint, restored: RestoreFingerprint): RestoreCheckResult {
  const differences: string[] = [];
  if (source.events !== restored.events)
    differences.push(`case events: ${source.events} live, ${restored.events} restored`);
  if (source.cases !== restored.cases) differences.push(`cases: ${source.cases} live, ${restored.cases} restored`);
  if (source.lastRecordedAt !== restored.lastRecordedAt)
    differences.push(`last event recorded: ${source.lastRecordedAt} live, ${restored.lastRecordedAt} restored`);
  if (JSON.stringify(source.measure) !== JSON.stringify(restored.measure))
    differences.push('the board measure (figures, bands or drill-down) differs');
  return { ok: differences.length === 0, differences, source, restored };
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} could not run (${r.error.message}); install the PostgreSQL client tools`);
  if (r.status !== 0)
    throw new Error(`${cmd} failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
}

/**
 * Dumps `sourceUrl` with pg_dump (or takes an existing custom-format dump), restores it into a new database on the
 * same server, and compares the two: the event log's size and newest entry, and the board's measure computed on each.
 * The scratch database is dropped afterwards unless `keep`.
 */
export async function restoreCheck(o: {
  sourceUrl: string;
  today: string;
  dumpFile?: string;
  workDir: string;
  keep?: boolean;
  /** Called after the restore, before comparing (tests use it to prove a difference is caught). */
  afterRestore?: (restoredUrl: string) => Promise<void>;
}): Promise<RestoreCheckResult & { restoredDatabase: string }> {
  const dump = o.dumpFile ?? `${o.workDir}/ehc-${randomBytes(4).toString('hex')}.dump`;
  if (!o.dumpFile) run('pg_dump', ['--format=custom', '--no-owner', `--file=${dump}`, `--dbname=${o.sourceUrl}`]);
  const name = `ehc_restore_check_${randomBytes(4).toString('hex')}`;
  const admin = new URL(o.sourceUrl);
  admin.pathname = '/postgres';
  const restored = new URL(o.sourceUrl);
  restored.pathname = `/${name}`;
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE "${name}"`);
    try {
      run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${restored.toString()}`, dump]);
      await o.afterRestore?.(restored.toString());
      const result = compareFingerprints(
        await fingerprint(o.sourceUrl, o.today),
        await fingerprint(restored.toString(), o.today),
      );
      return { ...result, restoredDatabase: name };
    } finally {
      if (!o.keep) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  } finally {
    await c.end();
  }
}
