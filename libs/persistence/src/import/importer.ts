import type { DataSource } from 'typeorm';
import { hash } from 'node:crypto';
import { checkHistory, type CaseEvent, type CaseView } from '@ehc/workflow';
import type { ImportSummary } from '@ehc/contracts';
import type { CommandContext } from '../case-commands.js';
import { appendDecidedEvents, type CommandAudit, type DecidedEvents } from '../batch-commands.js';
import { canonical } from '../case-events.codec.js';
import { loadStream } from '../event-store.js';
import { project } from '../projections.js';
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
   * API (no system-only event, no caseworker from outside the team), and each stored case gets its own audit row,
   * written by the statement that stores the case (AuditService.row).
   */
  asUser?: { audit: (caseId: string) => CommandAudit };
  onProgress?: (p: { lines: number; accepted: number; unchanged: number; rejected: number }) => void;
}

/**
 * A UUID (version-4 layout) made from a hash, so the same input always gives the same id. (The one-shot hash: an
 * import hashes every event, and a Hash object per call costs three times as much.)
 */
function hashUuid(input: string): string {
  const h = hash('sha256', input, 'hex');
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
  caseId: string;
  ids: string[];
  view: CaseView;
}

/**
 * Lines stored together in one statement (appendDecidedEvents, the write path of every command: each line a new case
 * with its whole history): a round trip per batch instead of one per line. Each line is still whole or absent: a line
 * whose case is already stored comes back stale and nothing of it is written, and a batch that fails for any other
 * reason (an event id taken) is stored again line by line, which explains every refusal exactly.
 */
export const IMPORT_BATCH_LINES = 100;

/** A rerunnable bulk load: losing the last few commits in a crash is repaired by importing again. */
const BULK = { synchronousCommit: false } as const;

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
    // parseImportLine validated these events (validateEventShape's clean copies): the replay need not again. An event
    // made afterwards (withRequestFacts, withProvenance) is a new object, validated by the replay.
    const shapeChecked = new Set<object>(parsed.line.events);
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
    const replay = checkHistory(line.events, { today: o.today, finalPlanDays: o.finalPlanDays, shapeChecked }, ids);
    if (!replay.ok)
      return {
        kind: 'rejected',
        reference: line.reference,
        reason: `events[${replay.index}] (${line.events[replay.index].type}): ${replay.error.message}`,
      };
    return { lineNo, line, team, caseId: caseId(team, line.reference), ids, view: replay.view };
  };

  /** A checked line as the write path takes it: a new case opened with its whole history, its projections and audit row. */
  const opening = (c: Checked): DecidedEvents => {
    const identity = { id: c.caseId, reference: c.line.reference, teamId: c.team, version: c.line.events.length };
    const { view, deadlines } = project(identity, c.line.events, o, c.view, c.ids);
    return {
      caseId: c.caseId,
      expectedVersion: 0,
      opens: { reference: c.line.reference, teamId: c.team, child: c.line.child },
      events: c.line.events.map((event, i) => ({ eventId: c.ids[i]!, event })),
      view,
      deadlines,
      // The events are the importing person's (the api), or 'import' for the command-line tool.
      actor: o.actor,
      audit: o.asUser?.audit(c.caseId),
    };
  };

  /**
   * One line alone, in its own statement (also the way back for a batch that failed): its case opened, or — when a
   * case with its id or reference is stored (stale) — the line compared with it (sameAsStored).
   */
  const alone = async (c: Checked, stale = false): Promise<Outcome> => {
    try {
      if (!stale) {
        const [out] = await appendDecidedEvents(ds, [opening(c)], BULK);
        if (out!.outcome === 'committed') return { kind: 'accepted' };
      }
      return await sameAsStored(ds, c.line, c.team, o);
    } catch (e) {
      // A case with this reference stored meanwhile by another import (its unique key): compare with it.
      if (!stale && isCaseTaken(e)) return sameAsStored(ds, c.line, c.team, o);
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
   * Stores a batch of checked lines in one statement. The lines naming a case already stored (stale), or a case or
   * event id that an earlier line of the batch names, go alone afterwards (a re-import: unchanged, appended or a
   * conflict, as sameAsStored says).
   */
  const flush = async (items: Checked[]) => {
    const seen = new Set<string>();
    const fresh: Checked[] = [];
    const later: { c: Checked; stale: boolean }[] = [];
    // An id derived from the line (idsOfLine) hashes its team and reference, which are checked already: two lines'
    // ids can clash only when a line gives its own (and a clash missed would only send the batch line by line).
    const givenIds = items.some((c) => c.line.eventIds.some((id) => id !== undefined));
    for (const c of items) {
      const keys = [c.caseId, `${c.team}/${c.line.reference}`, ...(givenIds ? c.ids : [])];
      if (keys.some((k) => seen.has(k))) {
        later.push({ c, stale: false });
        continue;
      }
      for (const k of keys) seen.add(k);
      fresh.push(c);
    }
    if (fresh.length) {
      try {
        const outs = await appendDecidedEvents(ds, fresh.map(opening), BULK);
        fresh.forEach((c, i) => {
          if (outs[i]!.outcome === 'committed') record(c.lineNo, { kind: 'accepted' });
          else later.push({ c, stale: true });
        });
      } catch {
        // Nothing of the batch was stored: each line again on its own, which explains any refusal.
        later.push(...fresh.map((c) => ({ c, stale: false })));
      }
    }
    for (const { c, stale } of later.sort((a, b) => a.c.lineNo - b.c.lineNo)) record(c.lineNo, await alone(c, stale));
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

/** A unique key of ehc_case taken by a case stored meanwhile (its id, or its reference in its team). */
const isCaseTaken = (e: unknown) =>
  (e as { code?: string })?.code === '23505' &&
  /ehc_case_(pkey|reference_key)/.test(String((e as { constraint?: string }).constraint ?? (e as Error).message));

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
    // The stored entries keep their ids: the new events (corrections among them) must name those.
    const storedIds = (
      await ds.query(`SELECT event_id::text FROM case_event WHERE case_id = $1 ORDER BY version`, [stored.id])
    ).map((r: { event_id: string }) => r.event_id);
    const ids = [...storedIds, ...idsOfLine(line, team).slice(a.length)];
    const check = checkHistory(line.events, { today: o.today, finalPlanDays: o.finalPlanDays }, ids);
    if (!check.ok)
      return {
        kind: 'rejected',
        reference: line.reference,
        reason: `events[${check.index}] (${line.events[check.index]!.type}): ${check.error.message}`,
      };
    const identity = { id: stored.id, reference: stored.reference, teamId: stored.teamId, version: line.events.length };
    const { view, deadlines } = project(identity, line.events, o, check.view, ids);
    // Appended at the stored version (the optimistic lock: a case that moved on meanwhile is stale, and a conflict).
    const [out] = await appendDecidedEvents(
      ds,
      [
        {
          caseId: stored.id,
          expectedVersion: stored.version,
          events: line.events.slice(a.length).map((event, i) => ({ eventId: ids[a.length + i]!, event })),
          view,
          deadlines,
          actor: o.actor,
          audit: o.asUser?.audit(stored.id),
        },
      ],
      BULK,
    );
    if (out!.outcome === 'committed') return { kind: 'accepted' };
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
