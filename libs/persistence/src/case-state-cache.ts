import type { CaseState } from '@ehc/workflow';
import type { StoredDeadlines } from './batch-commands.js';

/**
 * A case's stored history up to `version`, folded through the statechart. The log itself is the state's
 * (`state.entries`): the stored rows are not kept beside it, one copy of each event per case, not two (what a command
 * keeps here outlives young-generation collections: docs/benchmarks.md "Garbage collection").
 */
export interface CachedCase {
  readonly version: number;
  readonly state: CaseState;
  /**
   * The case's deadline rows as this process's last command on it wrote them (kept with the version that command
   * committed): the next command that leaves them as they are need not read or write them (appendDecidedEvents). A
   * hint, never trusted alone: the statement checks the case row is still the one that write left.
   */
  readonly storedDeadlines?: StoredDeadlines;
}

/**
 * In-process cache of folded cases, so a case page or a command starts from the statechart state instead of
 * replaying the whole stream (and reads only the events it has not seen).
 *
 * Why it cannot serve a stale case, even with several api processes writing: an entry is only ever "the case at
 * version v", and the events 1..v of a case never change (case_event is append-only, versions are gapless and only
 * grow). Callers always read the case's current version from the database first and use an entry only for exactly
 * that version, or extend an older one with the events stored after it; the database's version check stays the
 * authority for every write. (The one rewrite of stored events, erasure's redaction of free text, marks the case
 * erased, and loadCase never serves nor keeps an erased case from here: docs/operations.md#retention-and-erasure.) A command puts its result here only after its transaction committed.
 *
 * One entry per case (the newest version seen), least recently used evicted first. Sized for the open cases of a
 * large council (≈ 1,100–1,500 open assessments, docs/benchmarks.md#scale) with room to spare; an entry of a
 * 15–40 event case takes a few kB (the XState snapshot's context holds the events; the log shares them).
 * Per process and per database: a restore of the database to an older copy needs an api restart.
 */
export class CaseStateCache {
  private readonly entries = new Map<string, CachedCase>();
  /**
   * Loads that found the version read / an older version to extend / nothing usable; commands written straight
   * from a cached state without reading the case (executeCachedCommand).
   */
  readonly stats = { hits: 0, extended: 0, misses: 0, direct: 0 };

  constructor(readonly capacity = 5_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive whole number');
  }

  get size(): number {
    return this.entries.size;
  }

  /** The newest entry kept for a case, whatever its version (the caller compares it with the stored version). */
  peek(caseId: string): CachedCase | undefined {
    const e = this.entries.get(caseId);
    if (e) {
      // Most recently used goes last.
      this.entries.delete(caseId);
      this.entries.set(caseId, e);
    }
    return e;
  }

  /** Keeps a case at a version; an older version never replaces a newer one (two requests racing in one process). */
  put(caseId: string, entry: CachedCase): void {
    if (entry.state.eventCount !== entry.version) {
      throw new Error(
        `case state cache: version ${entry.version} does not match a state of ${entry.state.eventCount} events`,
      );
    }
    const old = this.entries.get(caseId);
    if (old && old.version > entry.version) return;
    // A read of the version a command of ours wrote (the page read after it) knows no less of its deadline rows.
    if (old?.storedDeadlines && old.version === entry.version && !entry.storedDeadlines)
      entry = { ...entry, storedDeadlines: old.storedDeadlines };
    this.entries.delete(caseId);
    this.entries.set(caseId, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Forgets a case (its stored version went backwards: a restored database). */
  forget(caseId: string): void {
    this.entries.delete(caseId);
  }

  clear(): void {
    this.entries.clear();
  }
}
