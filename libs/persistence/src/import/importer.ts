import type { DataSource, QueryRunner } from 'typeorm';
import { createHash } from 'node:crypto';
import type { CaseEvent } from '@ehc/workflow';
import type { ImportSummary } from '@ehc/contracts';
import { checkHistory, createCaseWithHistory, type CommandContext } from '../case-commands.js';
import { ReferenceTaken } from '../command-errors.js';
import { inTransaction } from '../transaction.js';
import { canonical } from '../case-events.codec.js';
import { insertEvents, loadStream } from '../event-store.js';
import { writeProjections } from '../projections.js';
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
const eventId = (team: string, reference: string, index: number, e: CaseEvent) => hashUuid(`${team}\u0000${reference}\u0000${index}\u0000${canonical(e)}`);
const caseId = (team: string, reference: string) => hashUuid(`case\u0000${team}\u0000${reference}`);

type Outcome = { kind: 'accepted' } | { kind: 'unchanged' } | { kind: 'rejected'; reference: string | null; reason: string };

/**
 * Imports NDJSON (one case per line). Each line is replayed through the statechart event by event; a line
 * the law or the statechart rejects is reported with its number, reference and reason and nothing of it is
 * stored; the other lines are stored, each in its own transaction. An identical re-import changes nothing;
 * the same reference with different events is reported as a conflict.
 */
/** At most this many rejections are listed in the answer (all are counted): a bad file gives a readable report. */
export const MAX_LISTED_REJECTIONS = 1000;

export async function importCases(ds: DataSource, lines: AsyncIterable<string | LineTooLong>, o: ImportOptions): Promise<ImportSummary> {
  const teams = new Set<string>((await ds.query(`SELECT id FROM team`)).map((r: { id: string }) => r.id));
  const summary: ImportSummary = { accepted: 0, unchanged: 0, rejected: [] };
  let rejectedCount = 0;
  const concurrency = o.concurrency ?? 4;
  const inflight = new Set<Promise<void>>();
  let n = 0;
  const report = () => o.onProgress?.({ lines: n, accepted: summary.accepted, unchanged: summary.unchanged, rejected: rejectedCount });

  const people = new Map<string, Promise<Set<string>>>();
  const assignable = (team: string) => {
    if (!people.has(team)) people.set(team, assignableUsernames(ds, team));
    return people.get(team)!;
  };

  const one = async (text: string): Promise<Outcome> => {
    const parsed = parseImportLine(text);
    if (!parsed.ok) return { kind: 'rejected', reference: parsed.reference, reason: parsed.reason };
    const facts = withRequestFacts(parsed.line); // s36(1), s24, regs 63-64; reg 6(1)(g)
    if (!facts.ok) return { kind: 'rejected', reference: parsed.line.reference, reason: facts.reason };
    const line = withProvenance(facts.line);
    const team = line.team ?? o.defaultTeam;
    if (!teams.has(team)) return { kind: 'rejected', reference: line.reference, reason: `team ${team} does not exist; known teams: ${[...teams].join(', ')}` };
    if (o.restrictToTeam && team !== o.restrictToTeam) return { kind: 'rejected', reference: line.reference, reason: `you can import only cases of your own team (${o.restrictToTeam})` };
    if (o.asUser) {
      const refused = refusedForUser(line, team, await assignable(team));
      if (refused) return { kind: 'rejected', reference: line.reference, reason: refused };
    }
    const check = checkHistory(line.events, o, idsOfLine(line, team));
    if (!check.ok) return { kind: 'rejected', reference: line.reference, reason: `events[${check.index}] (${line.events[check.index].type}): ${check.error.message}` };
    try {
      await store(ds, line, team, o);
      return { kind: 'accepted' };
    } catch (e) {
      if (e instanceof ReferenceTaken) return sameAsStored(ds, line, team, o);
      throw e;
    }
  };

  const record = (lineNo: number, out: Outcome) => {
    if (out.kind === 'accepted') summary.accepted++;
    else if (out.kind === 'unchanged') summary.unchanged++;
    else if (++rejectedCount <= MAX_LISTED_REJECTIONS) summary.rejected.push({ line: lineNo, reference: out.reference, reason: out.reason });
    if ((summary.accepted + summary.unchanged + rejectedCount) % 1000 === 0) report();
  };

  for await (const text of lines) {
    n++;
    if (text instanceof LineTooLong) {
      record(n, { kind: 'rejected', reference: null, reason: text.reason });
      continue;
    }
    if (!text.trim()) continue;
    const lineNo = n;
    const p: Promise<void> = one(text)
      .then((out) => record(lineNo, out), (e) => record(lineNo, { kind: 'rejected', reference: null, reason: `could not be stored: ${(e as Error).message}` }))
      .finally(() => inflight.delete(p));
    inflight.add(p);
    if (inflight.size >= concurrency) await Promise.race(inflight);
  }
  await Promise.all(inflight);
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
  return { ...line, events: [...line.events, { type: 'HistoryMigrated', date: last, mode: 'summary', source: line.source }] };
}

async function store(ds: DataSource, line: ImportLine, team: string, o: ImportOptions): Promise<void> {
  await inTransaction(ds, async (tx) => {
    // A rerunnable bulk load: losing the last few commits in a crash is repaired by importing again.
    await tx.query(`SET LOCAL synchronous_commit = off`);
    const id = caseId(team, line.reference);
    // The events are the importing person's (the api), or 'import' for the command-line tool.
    await createCaseWithHistory(tx, {
      id, reference: line.reference, teamId: team, child: line.child,
      events: line.events.map((event, i) => ({ eventId: idsOfLine(line, team)[i]!, event })),
    }, o);
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
  const rows = await ds.query(`SELECT id, child FROM ehc_case WHERE team_id = $1 AND reference = $2`, [team, line.reference]);
  const stored = rows.length ? await loadStream(ds, rows[0].id) : null;
  const a = stored?.events.map(canonical) ?? [];
  const b = line.events.map(canonical);
  const prefix = !!stored && a.length <= b.length && a.every((x, i) => x === b[i]);
  if (prefix && a.length === b.length) {
    const differs = childFieldsDiffering(rows[0].child ?? {}, line.child);
    if (differs.length) {
      return { kind: 'rejected', reference: line.reference, reason: `conflict: the case with this reference has the same events but a different ${differs.map((f) => `child.${f}`).join(', ')}; nothing was changed` };
    }
    return { kind: 'unchanged' };
  }
  if (prefix && stored) {
    const lineIds = idsOfLine(line, team);
    const appended = await inTransaction(ds, async (tx): Promise<Outcome | null> => {
      const locked = await tx.query(`SELECT 1 FROM ehc_case WHERE id = $1 AND version = $2 FOR UPDATE`, [stored.id, stored.version]);
      if (!locked.length) return null;
      // The stored entries keep their ids: the new events (corrections among them) must name those.
      const storedIds = (await tx.query(`SELECT event_id::text FROM case_event WHERE case_id = $1 ORDER BY version`, [stored.id])).map((r: { event_id: string }) => r.event_id);
      const ids = [...storedIds, ...lineIds.slice(a.length)];
      const check = checkHistory(line.events, o, ids);
      if (!check.ok) return { kind: 'rejected', reference: line.reference, reason: `events[${check.index}] (${line.events[check.index]!.type}): ${check.error.message}` };
      const more = line.events.slice(a.length).map((event, i) => ({ eventId: ids[a.length + i]!, event }));
      await insertEvents(tx, stored.id, stored.version, more, o.actor);
      await tx.query(`UPDATE ehc_case SET version = $2 WHERE id = $1`, [stored.id, line.events.length]);
      await writeProjections(tx, { id: stored.id, reference: stored.reference, teamId: stored.teamId, version: line.events.length }, line.events, o, undefined, ids);
      await o.asUser?.audit(tx, stored.id);
      return { kind: 'accepted' };
    });
    if (appended) return appended;
  }
  return { kind: 'rejected', reference: line.reference, reason: 'conflict: a case with this reference already exists with different events; nothing was changed' };
}

/** The child fields whose values differ (absent and empty count as the same). */
export function childFieldsDiffering(stored: Record<string, unknown>, given: Record<string, unknown>): string[] {
  const norm = (v: unknown) => (v === undefined || v === null || v === '' ? '' : String(v));
  return [...new Set([...Object.keys(stored), ...Object.keys(given)])].filter((k) => norm(stored[k]) !== norm(given[k])).sort();
}
