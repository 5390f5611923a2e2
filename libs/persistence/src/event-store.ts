import { foldCase, foldMore, TIME_LIMIT_DAYS, type CaseEvent, type CaseState } from '@ehc/workflow';
import { queryPrepared, type Sql } from './sql.js';
import { fromRow, idsOf, type EventRow } from './case-events.codec.js';
import { deadlineRowsKey, type CaseIdentity } from './projections.js';
import type { CaseStateCache } from './case-state-cache.js';
import type { StoredDeadline, StoredDeadlines } from './batch-commands.js';
import type { ReadAudit } from './read-audit.js';

/** The expected version is stale: somebody else appended first. The client reloads and decides again. */
export class VersionConflict extends Error {
  constructor(readonly currentVersion: number) {
    super(`The case has changed since you loaded it (it is now at version ${currentVersion}); reload it and try again`);
  }
}

export interface CaseStream extends CaseIdentity {
  child: Record<string, unknown>;
  /** Set once the retention policy's erasure ran (migration RetentionErasure): the child's details are gone. */
  personalDataErasedOn?: string | null;
  /**
   * The log, corrections included (CaseState.history is the history as corrected). From loadCase and a command:
   * the folded state's entries (CaseState.entries, shared with it: never to be changed).
   */
  events: readonly CaseEvent[];
}

export async function loadStream(sql: Sql, caseId: string, forUpdate = false): Promise<CaseStream | null> {
  const cases = await sql.query(
    `SELECT id, reference, team_id, child, version FROM ehc_case WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [caseId],
  );
  if (!cases.length) return null;
  const rows = await sql.query(
    `SELECT event_id::text, type, business_date::text AS business_date, data FROM case_event WHERE case_id = $1 ORDER BY version`,
    [caseId],
  );
  const c = cases[0];
  return {
    id: c.id,
    reference: c.reference,
    teamId: c.team_id,
    child: c.child,
    version: c.version,
    events: rows.map(fromRow),
  };
}

/** A user named on a case page: the case's caseworker, or someone a command names. */
export interface CasePerson {
  username: string;
  displayName: string;
  teamId: string | null;
  role: string;
  disabled: boolean;
}

export interface LoadedCase {
  stream: CaseStream;
  /** The statechart folded over stream.events (from the cache, extended, or replayed). */
  state: CaseState;
  /** Asked with `eventId`: the stored event that has that id (on any case), or null. Undefined when not asked. */
  prior?: { caseId: string; event: CaseEvent } | null;
  /** The caseworker of the case summary and the `username` asked for, by username (absent: no such user). */
  people: Map<string, CasePerson>;
}

export interface LoadCaseOptions {
  cache?: CaseStateCache;
  finalPlanDays?: number;
  /** Also look up the stored event with this id (a command's idempotency check, in the same round trip). */
  eventId?: string;
  /** Also look up this user (a command that names a caseworker). */
  username?: string;
  /** Only a case of this team is returned (another team's is "not found": null, nothing read of it). */
  visibleTo?: string;
  /**
   * With `visibleTo`: an audit row written by the read's own statement, only when the case is visible (docs/architecture.md
   * invariant 9). Given the number of its first parameter and the name of the CTE it depends on, it returns the
   * `audited AS (INSERT …)` CTE and its parameters (AuditService.cte in the api); `addToDetail` is the jsonb of the
   * version read, for the row's detail.
   */
  audit?: ReadAudit;
  /**
   * Also read the case's deadline rows and its row's xmin, in the same snapshot, and keep them in the cache with the
   * fold (StoredDeadlines): the case page, after which a caseworker's command that leaves the deadlines as they are
   * need not read or write them (appendDecidedEvents).
   */
  storedDeadlines?: boolean;
}

// One round trip: the case row, the events after the version the cache holds (all of them when it holds none), the
// stored event with the command's id, and the people named. $2 = the version already held. With $5, only a case of
// that team (and the read's audit row, written by the same statement when the case is visible).
const LOAD_CASE_COLUMNS = `
SELECT c.id, c.reference, c.team_id, c.child, c.version, c.personal_data_erased_on IS NOT NULL AS erased, c.personal_data_erased_on::text AS erased_on,
       CASE WHEN c.version > $2 THEN (
         SELECT json_agg(json_build_object('event_id', e.event_id, 'type', e.type, 'business_date', e.business_date::text, 'data', e.data) ORDER BY e.version)
           FROM case_event e WHERE e.case_id = c.id AND e.version > $2) END AS events,
       (SELECT json_build_object('case_id', p.case_id, 'type', p.type, 'business_date', p.business_date::text, 'data', p.data)
          FROM case_event p WHERE p.event_id = $3::uuid) AS prior,
       (SELECT json_agg(json_build_object('username', u.username, 'displayName', u.display_name, 'teamId', u.team_id, 'role', u.role, 'disabled', u.disabled))
          FROM app_user u WHERE u.username IN ((SELECT s.caseworker FROM case_summary s WHERE s.case_id = c.id), $4::text)) AS people`;
// With LoadCaseOptions.storedDeadlines: the case row's xmin and its deadline rows, as one snapshot has them (every
// writer of deadline rows updates the case row first, so the two agree: StoredDeadlines).
const STORED_DEADLINE_COLUMNS = `,
       c.xmin::text AS xmin,
       (SELECT coalesce(json_agg(json_build_object('id', d.deadline_id, 'due', d.due::text, 'status', d.status,
                                                   'metOn', d.met_on::text, 'from', d.from_date::text,
                                                   'exceptionIds', d.exception_ids)), '[]')
          FROM case_deadline d WHERE d.case_id = c.id) AS stored_deadlines`;
const loadCaseSql = (deadlines: boolean) => `${LOAD_CASE_COLUMNS}${deadlines ? STORED_DEADLINE_COLUMNS : ''}
  FROM ehc_case c WHERE c.id = $1`;
const loadVisibleCaseSql = (deadlines: boolean) => `${LOAD_CASE_COLUMNS}${deadlines ? STORED_DEADLINE_COLUMNS : ''}
  FROM ehc_case c WHERE c.id = $1 AND c.team_id = $5::text`;

/** The load statement, its prepared-statement name and its parameters after the first four. */
function loadStatement(o: LoadCaseOptions): { name: string; text: string; params: unknown[] } {
  const d = !!o.storedDeadlines;
  const named = (name: string) => (d ? `${name}_deadlines` : name);
  if (o.visibleTo === undefined) return { name: named('ehc_load_case'), text: loadCaseSql(d), params: [] };
  if (!o.audit) return { name: named('ehc_load_visible_case'), text: loadVisibleCaseSql(d), params: [o.visibleTo] };
  const audited = o.audit(6, 'visible', `jsonb_build_object('version', visible.version)`);
  return {
    name: named('ehc_load_visible_case_audited'),
    text: `WITH visible AS (SELECT c.id, c.version FROM ehc_case c WHERE c.id = $1::uuid AND c.team_id = $5::text), ${audited.sql}${loadVisibleCaseSql(d)}`,
    params: [o.visibleTo, ...audited.params],
  };
}

/**
 * Loads a case with its folded statechart state in one round trip. With a cache, only the events stored after the
 * cached version are read and folded (none when the case has not changed); the state at the version read is cached.
 */
export async function loadCase(sql: Sql, caseId: string, o: LoadCaseOptions = {}): Promise<LoadedCase | null> {
  const finalPlanDays = o.finalPlanDays ?? TIME_LIMIT_DAYS.finalPlanDefault;
  let held = o.cache?.peek(caseId);
  if (held && held.state.finalPlanDays !== finalPlanDays) held = undefined;
  const st = loadStatement(o);
  const rows = await queryPrepared(sql, st.name, st.text, [
    caseId,
    held?.version ?? 0,
    o.eventId ?? null,
    o.username ?? null,
    ...st.params,
  ]);
  if (!rows.length) return null;
  const c = rows[0];
  const stored: EventRow[] = c.events ?? [];
  let state: CaseState;
  // Erasure rewrote the free text of this case's events in place (migration RetentionErasure): a fold cached before
  // it may still hold that text, so an erased case is always folded from what is stored now (below), and never cached.
  if (held && !c.erased && c.version === held.version) {
    o.cache!.stats.hits++;
    state = held.state;
  } else if (held && !c.erased && c.version > held.version && stored.length === c.version - held.version) {
    o.cache!.stats.extended++;
    state = foldMore(held.state, stored.map(fromRow), idsOf(stored));
  } else {
    if (o.cache) o.cache.stats.misses++;
    let all = stored;
    if (held) {
      // The stored version is behind the cached one (a restored database) or events are missing: start again.
      o.cache!.forget(caseId);
      all = await sql.query(
        `SELECT event_id::text, type, business_date::text AS business_date, data FROM case_event WHERE case_id = $1 ORDER BY version`,
        [caseId],
      );
    }
    if (all.length !== c.version)
      throw new Error(`case ${caseId} is at version ${c.version} but has ${all.length} events`);
    state = foldCase(all.map(fromRow), { finalPlanDays }, idsOf(all));
  }
  if (o.cache && state.eventCount > 0 && !c.erased) {
    const storedDeadlines: StoredDeadlines | undefined = o.storedDeadlines
      ? { xmin: c.xmin, rows: deadlineRowsKey(c.stored_deadlines as StoredDeadline[]) }
      : undefined;
    o.cache.put(caseId, { version: c.version, state, ...(storedDeadlines ? { storedDeadlines } : {}) });
  }
  const people = new Map<string, CasePerson>(((c.people ?? []) as CasePerson[]).map((p) => [p.username, p]));
  return {
    stream: {
      id: c.id,
      reference: c.reference,
      teamId: c.team_id,
      child: c.child,
      version: c.version,
      events: state.entries,
      personalDataErasedOn: c.erased_on,
    },
    state,
    prior: o.eventId === undefined ? undefined : c.prior ? { caseId: c.prior.case_id, event: fromRow(c.prior) } : null,
    people,
  };
}
