import type { DataSource, QueryRunner } from 'typeorm';
import { createHash } from 'node:crypto';
import { checkHistory as checkWorkflowHistory, type CaseEvent, type CaseView } from '@ehc/workflow';
import type { ImportSummary } from '@ehc/contracts';
import { checkHistory, createCaseWithHistory, type CommandContext } from '../case-commands.js';
import { ReferenceTaken } from '../command-errors.js';
import { inTransaction } from '../transaction.js';
import { canonical, toRow } from '../case-events.codec.js';
import { insertEvents, loadStream } from '../event-store.js';
import { projectionCtes, project, projectionValues, PROJECTION_RECORD, writeProjections } from '../projections.js';
import { queryPrepared } from '../sql.js';
import { caseFactsWriteCtes } from '../measures/case-facts.sql.js';
import { parseImportLine, type ImportLine } from './import-line.js';
import { withRequestFacts } from './request-facts.js';
import { assignableUsernames, refusedForUser } from './import-guards.js';
import { LineTooLong } from './ndjson-lines.js';

export interface ImportOptions extends CommandContext {
  /** Team for lines that name none; lines naming another team are rejected when restrictToTeam is set. */
  defaultTeam: string;
  restrictToTeam?: string | null;
  concurrency?: number;
  /**
   * The import is a signed-in person's (the api): a line may hold only what they could record through the events
   * API (no system-only event, no caseworker from outside the team), and each stored case gets its own audit row.
   */
  asUser?: { audit: (tx: QueryRunner, caseId: string) => Promise<void> };
  onProgress?: (p: { lines: number; accepted: number; unchanged: number; rejected: number }) => void;
}

/** A UUID (version-4 layout) made from a hash, so the same input always gives the same id. */
function hashUuid(input: string): string {
  const h = createHash('sha256').update(input).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Deterministic event ids: re-importing the same line yields the same ids, so nothing can be stored twice. References
 * are unique per team, so the team is part of every id (two teams' case X never collide, nor reveal each other).
 */
const eventId = (team: string, reference: string, index: number, e: CaseEvent) =>
  hashUuid(`${team}\u0000${reference}\u0000${index}\u0000${canonical(e)}`);
const caseId = (team: string, reference: string) => hashUuid(`case\u0000${team}\u0000${reference}`);

type Outcome =
  { kind: 'accepted' } | { kind: 'unchanged' } | { kind: 'rejected'; reference: string | null; reason: string };

/** A line that passed every check, waiting to be stored with the others of its batch. */
interface Checked {
  lineNo: number;
  line: ImportLine;
  team: string;
  ids: string[];
  view: CaseView;
}

/**
 * Lines stored together in one transaction and one statement (BATCH_STORE): a round trip per batch instead of seven
 * per line. Each line is still whole or absent: a batch that fails for any reason (a reference stored meanwhile, an
 * event id taken) is stored again line by line, each in its own transaction, which explains every refusal exactly
 * as before.
 */
export const IMPORT_BATCH_LINES = 100;

// $1 the cases (one jsonb record each, with their projections), $2 their events, $3 the actor. The cases are new
// (the importer checked that no line of the batch names a stored reference or id), so their projections have no
// stored rows to compare with; projectionCtes writes them exactly as writeProjections does for one case.
const BATCH_STORE = `WITH items AS (
    SELECT x.* FROM jsonb_to_recordset($1::jsonb) AS x(case_id uuid, reference text, team_id text, child jsonb, version int, ${PROJECTION_RECORD})
  ), opened AS (
    INSERT INTO ehc_case (id, reference, team_id, child, version)
    SELECT x.case_id, x.reference, x.team_id, x.child, x.version FROM items x
    RETURNING id
  ), appended AS (
    INSERT INTO case_event (event_id, case_id, version, type, business_date, data, actor)
    SELECT e.event_id, e.case_id, e.version, e.type, e.date::date, e.data, $3::text
      FROM jsonb_to_recordset($2::jsonb) AS e(event_id uuid, case_id uuid, version int, type text, date text, data jsonb)
    RETURNING case_id, event_id, version, type, business_date, data
  ), ${caseFactsWriteCtes('appended')}, written AS (
    SELECT x.case_id, x.version, x.reference, x.team_id, x.caseworker, x.stage, x.closed, x.received_on, x.final_issued_on,
           x.next_deadline_id, x.next_deadline_kind, x.next_due, x.flags, x.deadlines
      FROM items x JOIN opened o ON o.id = x.case_id
  ), ${projectionCtes('written', '(SELECT array_agg(o.id) FROM opened o)::uuid[]')}
SELECT (SELECT count(*) FROM opened)::int AS opened`;

/**
 * Imports NDJSON (one case per line). Each line is replayed through the statechart event by event; a line
 * the law or the statechart rejects is reported with its number, reference and reason and nothing of it is
 * stored; the other lines are stored whole, in batches (IMPORT_BATCH_LINES). An identical re-import changes nothing;
 * the same reference with different events is reported as a conflict.
 */
/** At most this many rejections are listed in the answer (all are counted): a bad file gives a readable report. */
export const MAX_LISTED_REJECTIONS = 1000;

export async function importCases(
  ds: DataSource,
  lines: AsyncIterable<string | LineTooLong>,
  o: ImportOptions,
): Promise<ImportSummary> {
  const teams = new Set<string>((await ds.query(`SELECT id FROM team`)).map((r: { id: string }) => r.id));
  const summary: ImportSummary = { accepted: 0, unchanged: 0, rejected: [] };
  let rejectedCount = 0;
  const concurrency = o.concurrency ?? 4;
  let n = 0;
  const report = () =>
    o.onProgress?.({ lines: n, accepted: summary.accepted, unchanged: summary.unchanged, rejected: rejectedCount });

  const people = new Map<string, Promise<Set<string>>>();
  const assignable = (team: string) => {
    if (!people.has(team)) people.set(team, assignableUsernames(ds, team));
    return people.get(team)!;
  };

  /** The checks of one line (parse, law, team, statechart replay): a refusal, or the line ready to be stored. */
  const check = async (text: string, lineNo: number): Promise<Outcome | Checked> => {
    const parsed = parseImportLine(text);
    if (!parsed.ok) return { kind: 'rejected', reference: parsed.reference, reason: parsed.reason };
    const facts = withRequestFacts(parsed.line); // s36(1), s24, regs 63-64; reg 6(1)(g)
    if (!facts.ok) return { kind: 'rejected', reference: parsed.line.reference, reason: facts.reason };
    const line = withProvenance(facts.line);
    const team = line.team ?? o.defaultTeam;
    if (!teams.has(team))
      return {
        kind: 'rejected',
        reference: line.reference,
        reason: `team ${team} does not exist; known teams: ${[...teams].join(', ')}`,
      };
    if (o.restrictToTeam && team !== o.restrictToTeam)
      return {
        kind: 'rejected',
        reference: line.reference,
        reason: `you can import only cases of your own team (${o.restrictToTeam})`,
      };
    if (o.asUser) {
      const refused = refusedForUser(line, team, await assignable(team));
      if (refused) return { kind: 'rejected', reference: line.reference, reason: refused };
    }
    const ids = idsOfLine(line, team);
    // The replay's view of the case is its projection's too (project() folds again only a history with corrections).
    const replay = checkWorkflowHistory(line.events, { today: o.today, finalPlanDays: o.finalPlanDays }, ids);
    if (!replay.ok)
      return {
        kind: 'rejected',
        reference: line.reference,
        reason: `events[${replay.index}] (${line.events[replay.index].type}): ${replay.error.message}`,
      };
    return { lineNo, line, team, ids, view: replay.view };
  };

  /** One line alone, in its own transaction (also the way back for a batch that failed). */
  const alone = async (c: Checked): Promise<Outcome> => {
    try {
      await store(ds, c.line, c.team, c.ids, o);
      return { kind: 'accepted' };
    } catch (e) {
      if (e instanceof ReferenceTaken) return sameAsStored(ds, c.line, c.team, o);
      return { kind: 'rejected', reference: null, reason: `could not be stored: ${(e as Error).message}` };
    }
  };

  const record = (lineNo: number, out: Outcome) => {
    if (out.kind === 'accepted') summary.accepted++;
    else if (out.kind === 'unchanged') summary.unchanged++;
    else if (++rejectedCount <= MAX_LISTED_REJECTIONS)
      summary.rejected.push({ line: lineNo, reference: out.reference, reason: out.reason });
    if ((summary.accepted + summary.unchanged + rejectedCount) % 1000 === 0) report();
  };

  /**
   * Stores a batch of checked lines. The lines naming a case already stored, or a case or event id that an earlier
   * line of the batch names, go alone afterwards (a re-import: unchanged, appended or a conflict, as sameAsStored says).
   */
  const flush = async (items: Checked[]) => {
    const known = new Set<number>(
      (
        await queryPrepared(
          ds,
          'ehc_import_known',
          `SELECT q.i::int FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS q(id, team, reference, i)
        WHERE EXISTS (SELECT 1 FROM ehc_case c WHERE c.id = q.id)
           OR EXISTS (SELECT 1 FROM ehc_case c WHERE c.team_id = q.team AND c.reference = q.reference)`,
          [
            items.map((c) => caseId(c.team, c.line.reference)),
            items.map((c) => c.team),
            items.map((c) => c.line.reference),
          ],
        )
      ).map((r: { i: number }) => r.i - 1),
    );
    const seen = new Set<string>();
    const fresh: Checked[] = [];
    const later: Checked[] = [];
    items.forEach((c, i) => {
      const keys = [caseId(c.team, c.line.reference), `${c.team}/${c.line.reference}`, ...c.ids];
      if (known.has(i) || keys.some((k) => seen.has(k))) {
        later.push(c);
        return;
      }
      for (const k of keys) seen.add(k);
      fresh.push(c);
    });
    if (fresh.length) {
      try {
        await storeBatch(ds, fresh, o);
        for (const c of fresh) record(c.lineNo, { kind: 'accepted' });
      } catch {
        // Nothing of the batch was stored: each line again on its own, which explains any refusal.
        later.unshift(...fresh);
      }
    }
    for (const c of later.sort((a, b) => a.lineNo - b.lineNo)) record(c.lineNo, await alone(c));
  };

  let batch: Checked[] = [];
  const batches = new Set<Promise<void>>();
  const flushNow = async (): Promise<void> => {
    if (!batch.length) return;
    const items = batch;
    batch = [];
    const p: Promise<void> = flush(items)
      .catch((e) => {
        for (const c of items)
          record(c.lineNo, {
            kind: 'rejected',
            reference: null,
            reason: `could not be stored: ${(e as Error).message}`,
          });
      })
      .finally(() => batches.delete(p));
    batches.add(p);
    // One batch in the database while the next lines are parsed and replayed.
    while (batches.size >= Math.max(1, Math.min(concurrency, 2))) await Promise.race(batches);
  };

  const checking = new Set<Promise<void>>();
  for await (const text of lines) {
    n++;
    if (text instanceof LineTooLong) {
      record(n, { kind: 'rejected', reference: null, reason: text.reason });
      continue;
    }
    if (!text.trim()) continue;
    const lineNo = n;
    const p: Promise<void> = check(text, lineNo)
      .then(
        (out) => {
          if ('kind' in out) record(lineNo, out);
          else batch.push(out);
        },
        (e) =>
          record(lineNo, { kind: 'rejected', reference: null, reason: `could not be stored: ${(e as Error).message}` }),
      )
      .finally(() => checking.delete(p));
    checking.add(p);
    if (checking.size >= concurrency) await Promise.race(checking);
    if (batch.length >= IMPORT_BATCH_LINES) await flushNow();
  }
  await Promise.all(checking);
  await flushNow();
  await Promise.all(batches);
  // A large load leaves the planner without statistics (row estimates of 1 → nested loops over thousands of
  // rows); refresh them rather than wait for autovacuum.
  if (summary.accepted >= 500) await ds.query(`ANALYZE ehc_case, case_event, case_summary, case_deadline`);
  summary.rejected.sort((a, b) => a.line - b.line);
  if (rejectedCount > summary.rejected.length) summary.rejectedTotal = rejectedCount;
  report();
  return summary;
}

/**
 * A summary line's history is closed by HistoryMigrated (its provenance: mode and source system), dated on the
 * summary's last date, so the log itself says which events were migrated and which are live casework. The
 * statechart then checks the summary for what its data allows (checkSummary in @ehc/workflow).
 */
function withProvenance(line: ImportLine): ImportLine {
  if (line.mode !== 'summary') return line;
  const last = line.events.map((e) => e.date).reduce((a, b) => (a > b ? a : b));
  return {
    ...line,
    events: [...line.events, { type: 'HistoryMigrated', date: last, mode: 'summary', source: line.source }],
  };
}

/** Opens the cases of a batch (none of them stored yet) with their events and projections, in one transaction. */
async function storeBatch(ds: DataSource, items: Checked[], o: ImportOptions): Promise<void> {
  const cases = items.map(({ line, team, ids, view: replayed }) => {
    const id = caseId(team, line.reference);
    const identity = { id, reference: line.reference, teamId: team, version: line.events.length };
    const { view, deadlines } = project(identity, line.events, o, replayed, ids);
    return {
      case_id: id,
      reference: line.reference,
      team_id: team,
      child: line.child,
      version: line.events.length,
      ...projectionValues(view, deadlines),
    };
  });
  const events = items.flatMap(({ line, team, ids }) => {
    const id = caseId(team, line.reference);
    return line.events.map((event, i) => {
      const r = toRow(event);
      return { event_id: ids[i], case_id: id, version: i + 1, type: r.type, date: r.date, data: r.data };
    });
  });
  await inTransaction(ds, async (tx) => {
    // A rerunnable bulk load: losing the last few commits in a crash is repaired by importing again.
    await tx.query(`SET LOCAL synchronous_commit = off`);
    await queryPrepared(tx, 'ehc_import_batch', BATCH_STORE, [JSON.stringify(cases), JSON.stringify(events), o.actor]);
    // Each case's audit row commits with it.
    if (o.asUser) for (const c of cases) await o.asUser.audit(tx, c.case_id);
  });
}

async function store(ds: DataSource, line: ImportLine, team: string, ids: string[], o: ImportOptions): Promise<void> {
  await inTransaction(ds, async (tx) => {
    // A rerunnable bulk load: losing the last few commits in a crash is repaired by importing again.
    await tx.query(`SET LOCAL synchronous_commit = off`);
    const id = caseId(team, line.reference);
    // The events are the importing person's (the api), or 'import' for the command-line tool.
    await createCaseWithHistory(
      tx,
      {
        id,
        reference: line.reference,
        teamId: team,
        child: line.child,
        events: line.events.map((event, i) => ({ eventId: ids[i]!, event })),
      },
      o,
    );
    // Its audit row commits with the case.
    await o.asUser?.audit(tx, id);
  });
}

/** Each event's id: its own `eventId` when the line gives one, else derived from the team, line and position (the same on every import). */
function idsOfLine(line: ImportLine, team: string): string[] {
  return line.events.map((event, i) => line.eventIds[i] ?? eventId(team, line.reference, i, event));
}

/**
 * The reference is already stored in this team. The same events and child: unchanged. The same events with other
 * child details: a conflict naming the fields (never their values). The stored events followed by more (a line
 * re-exported with its corrections or later steps appended): the new events are appended at the stored version, with
 * the case's projections and its audit row, in one transaction (the whole line was checked through the statechart
 * first). Anything else: a conflict.
 */
async function sameAsStored(ds: DataSource, line: ImportLine, team: string, o: ImportOptions): Promise<Outcome> {
  const rows = await ds.query(`SELECT id, child FROM ehc_case WHERE team_id = $1 AND reference = $2`, [
    team,
    line.reference,
  ]);
  const stored = rows.length ? await loadStream(ds, rows[0].id) : null;
  const a = stored?.events.map(canonical) ?? [];
  const b = line.events.map(canonical);
  const prefix = !!stored && a.length <= b.length && a.every((x, i) => x === b[i]);
  if (prefix && a.length === b.length) {
    const differs = childFieldsDiffering(rows[0].child ?? {}, line.child);
    if (differs.length) {
      return {
        kind: 'rejected',
        reference: line.reference,
        reason: `conflict: the case with this reference has the same events but a different ${differs.map((f) => `child.${f}`).join(', ')}; nothing was changed`,
      };
    }
    return { kind: 'unchanged' };
  }
  if (prefix && stored) {
    const lineIds = idsOfLine(line, team);
    const appended = await inTransaction(ds, async (tx): Promise<Outcome | null> => {
      const locked = await tx.query(`SELECT 1 FROM ehc_case WHERE id = $1 AND version = $2 FOR UPDATE`, [
        stored.id,
        stored.version,
      ]);
      if (!locked.length) return null;
      // The stored entries keep their ids: the new events (corrections among them) must name those.
      const storedIds = (
        await tx.query(`SELECT event_id::text FROM case_event WHERE case_id = $1 ORDER BY version`, [stored.id])
      ).map((r: { event_id: string }) => r.event_id);
      const ids = [...storedIds, ...lineIds.slice(a.length)];
      const check = checkHistory(line.events, o, ids);
      if (!check.ok)
        return {
          kind: 'rejected',
          reference: line.reference,
          reason: `events[${check.index}] (${line.events[check.index]!.type}): ${check.error.message}`,
        };
      const more = line.events.slice(a.length).map((event, i) => ({ eventId: ids[a.length + i]!, event }));
      await insertEvents(tx, stored.id, stored.version, more, o.actor);
      await tx.query(`UPDATE ehc_case SET version = $2 WHERE id = $1`, [stored.id, line.events.length]);
      await writeProjections(
        tx,
        { id: stored.id, reference: stored.reference, teamId: stored.teamId, version: line.events.length },
        line.events,
        o,
        undefined,
        ids,
      );
      await o.asUser?.audit(tx, stored.id);
      return { kind: 'accepted' };
    });
    if (appended) return appended;
  }
  return {
    kind: 'rejected',
    reference: line.reference,
    reason: 'conflict: a case with this reference already exists with different events; nothing was changed',
  };
}

/** The child fields whose values differ (absent and empty count as the same). */
export function childFieldsDiffering(stored: Record<string, unknown>, given: Record<string, unknown>): string[] {
  const norm = (v: unknown) => (v === undefined || v === null || v === '' ? '' : String(v));
  return [...new Set([...Object.keys(stored), ...Object.keys(given)])]
    .filter((k) => norm(stored[k]) !== norm(given[k]))
    .sort();
}
