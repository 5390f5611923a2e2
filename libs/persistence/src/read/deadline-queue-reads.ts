import { createHash } from 'node:crypto';
import { addDays } from '@ehc/workflow';
import { CASE_HAS_WORK_SQL, DEADLINE_IS_WORK_SQL, OPEN_DEADLINE_STATUSES_SQL } from '../projections.js';
import { queryPrepared, type Sql } from '../sql.js';
import { keysetAfter, keysetOrderBy, keysetPage, type KeysetOrder } from './keyset.js';
import type { ReadAudit } from '../read-audit.js';

// The manager's deadline queue: every open deadline of a team (pending, or missed/excepted and still not met) on its
// open cases and its maintained plans (DEADLINE_IS_WORK_SQL: an annual review is due on a case closed as an assessment),
// earliest due first, keyset-paged on (due, case_id, deadline_id) over the partial index case_deadline_open_due; the
// counts of its buckets, and the team's caseloads. Typed rows; the api turns them into its shapes.

/** Which open deadlines: the team's, narrowed by caseworker and by the provider holding them up. */
export interface DeadlineQueueFilter {
  teamId: string;
  caseworker?: string;
  provider?: string;
}

/** A page of the queue: a due-date range (a bucket), and a cursor or an offset (a page number). */
export interface DeadlineQueuePageQuery extends DeadlineQueueFilter {
  due?: { before: string } | { from: string; to: string };
  cursor?: string;
  offset?: number;
  limit: number;
}

export interface DeadlineQueueRow {
  case_id: string;
  deadline_id: string;
  kind: string;
  due: string;
  status: string;
  provider: string | null;
  reference: string;
  caseworker: string | null;
  stage: string;
  display_name: string | null;
  given: string | null;
  family: string | null;
  /** The providers of the case's outstanding advice requests, comma separated. */
  outstanding: string | null;
}

export interface QueueBucketCounts {
  overdue: number;
  within7: number;
  within14: number;
  later: number;
}

/** A caseworker's caseload in the team: open assessments, plans maintained, and how many of those have overdue work. */
export interface CaseloadRow {
  caseworker: string | null;
  display_name: string | null;
  open_cases: number;
  maintained_plans: number;
  overdue_cases: number;
}

const QUEUE_ORDER: KeysetOrder<DeadlineQueueRow> = {
  columns: [
    { sql: 'd.due', cast: 'date', shape: /^\d{4}-\d{2}-\d{2}$/ },
    { sql: 'd.case_id', cast: 'uuid', shape: /^[0-9a-f-]{36}$/ },
    { sql: 'd.deadline_id' },
  ],
  keyOf: (r) => [r.due, r.case_id, r.deadline_id],
};

/**
 * Prepared-statement names by statement text: one per shape of the query (which filters are used, with or without the
 * audit row; a few dozen at most), hashed once rather than on every page.
 */
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `ehc_queue_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** The conditions of a filter, its parameters pushed onto `p` ($1 = the team). */
function filterWhere(f: DeadlineQueueFilter, p: unknown[]): string[] {
  p.push(f.teamId);
  const where = [
    `d.met_on IS NULL`,
    `d.status IN (${OPEN_DEADLINE_STATUSES_SQL})`,
    `s.team_id = $${p.length}`,
    DEADLINE_IS_WORK_SQL,
  ];
  if (f.caseworker) {
    p.push(f.caseworker);
    where.push(`s.caseworker = $${p.length}`);
  }
  if (f.provider) {
    p.push(f.provider);
    // The provider holding it up: the advice deadline's own provider, or an outstanding advice request of the case.
    where.push(`(d.provider = $${p.length} OR EXISTS (SELECT 1 FROM case_deadline x WHERE x.case_id = d.case_id AND x.kind = 'advice'
             AND x.met_on IS NULL AND x.status IN (${OPEN_DEADLINE_STATUSES_SQL}) AND x.provider = $${p.length}))`);
  }
  return where;
}

/** The queue as the manager sees it: a page, the counts of the buckets and the team's caseloads. */
export interface DeadlineQueueView {
  rows: DeadlineQueueRow[];
  nextCursor: string | null;
  counts: QueueBucketCounts;
  caseloads: CaseloadRow[];
}

/**
 * A page of the queue, with the counts of its buckets under the same caseworker/provider filter as of `today` (overdue;
 * due within 7 days; within 8 to 14; later: whole queue, never just the page) and each caseworker's caseload in the
 * team (open assessments, plans maintained, and how many of those have an overdue deadline that is work): one statement, one round trip, one snapshot, so the counts always agree with the page.
 * With `audit`, the audit row is written by the same statement (one commit).
 */
export async function deadlineQueueView(
  sql: Sql,
  q: DeadlineQueuePageQuery,
  today: string,
  audit?: ReadAudit,
): Promise<DeadlineQueueView> {
  const p: unknown[] = [];
  const filter = filterWhere(q, p);
  const where = [...filter];
  if (q.due && 'before' in q.due) {
    p.push(q.due.before);
    where.push(`d.due < $${p.length}::date`);
  } else if (q.due) {
    p.push(q.due.from, q.due.to);
    where.push(`d.due BETWEEN $${p.length - 1}::date AND $${p.length}::date`);
  }
  if (q.cursor) where.push(keysetAfter(QUEUE_ORDER, q.cursor, p));
  p.push(q.limit + 1, q.offset ?? 0);
  const [limitParam, offsetParam] = [p.length - 1, p.length];
  p.push(today, addDays(today, 7), addDays(today, 14));
  const [t, w7, w14] = [p.length - 2, p.length - 1, p.length];
  const audited = audit?.(p.length + 1);
  if (audited) p.push(...audited.params);
  const text = `WITH ${audited ? `${audited.sql},\n` : ''}page AS (
       SELECT d.case_id, d.deadline_id, d.kind, d.due::text AS due, d.status, d.provider,
              s.reference, s.caseworker, s.stage, u.display_name,
              c.child->>'givenName' AS given, c.child->>'familyName' AS family,
              (SELECT string_agg(DISTINCT x.provider, ', ' ORDER BY x.provider) FROM case_deadline x
                WHERE x.case_id = d.case_id AND x.kind = 'advice' AND x.met_on IS NULL AND x.status IN (${OPEN_DEADLINE_STATUSES_SQL})) AS outstanding
         FROM case_deadline d
         JOIN case_summary s ON s.case_id = d.case_id
         JOIN ehc_case c ON c.id = d.case_id
         LEFT JOIN app_user u ON u.username = s.caseworker
        WHERE ${where.join(' AND ')}
        ORDER BY ${keysetOrderBy(QUEUE_ORDER)}
        LIMIT $${limitParam} OFFSET $${offsetParam}),
     overdue AS (
       -- the team's cases with an overdue deadline that is work: a range of the open deadlines' partial index by due
       -- date, not a probe of every case's deadlines
       SELECT DISTINCT d.case_id FROM case_deadline d JOIN case_summary s ON s.case_id = d.case_id
        WHERE d.met_on IS NULL AND d.status IN (${OPEN_DEADLINE_STATUSES_SQL}) AND d.due < $${t}::date
          AND s.team_id = $1 AND ${DEADLINE_IS_WORK_SQL}),
     loads AS (
       SELECT s.caseworker, u.display_name, count(*) FILTER (WHERE NOT s.closed)::int AS open_cases,
              count(*) FILTER (WHERE s.closed)::int AS maintained_plans, count(o.case_id)::int AS overdue_cases
         FROM case_summary s LEFT JOIN app_user u ON u.username = s.caseworker
         LEFT JOIN overdue o ON o.case_id = s.case_id
        WHERE s.team_id = $1 AND ${CASE_HAS_WORK_SQL}
        GROUP BY s.caseworker, u.display_name)
SELECT (SELECT coalesce(json_agg(page ORDER BY page.due, page.case_id, page.deadline_id), '[]') FROM page) AS rows,
       (SELECT json_build_object(
                 'overdue', count(*) FILTER (WHERE d.due < $${t}::date),
                 'within7', count(*) FILTER (WHERE d.due BETWEEN $${t}::date AND $${w7}::date),
                 'within14', count(*) FILTER (WHERE d.due > $${w7}::date AND d.due <= $${w14}::date),
                 'later', count(*) FILTER (WHERE d.due > $${w14}::date))
          FROM case_deadline d JOIN case_summary s ON s.case_id = d.case_id
         WHERE ${filter.join(' AND ')}) AS counts,
       (SELECT coalesce(json_agg(loads ORDER BY loads.open_cases + loads.maintained_plans DESC, loads.caseworker NULLS LAST), '[]')
          FROM loads) AS caseloads`;
  const [r]: { rows: DeadlineQueueRow[]; counts: QueueBucketCounts; caseloads: CaseloadRow[] }[] = await queryPrepared(
    sql,
    statementName(text),
    text,
    p,
  );
  const { page, nextCursor } = keysetPage(QUEUE_ORDER, r!.rows, q.limit);
  return { rows: page, nextCursor, counts: r!.counts, caseloads: r!.caseloads };
}

/** An open deadline of one caseworker's cases (their "My work"). */
export interface WorkRow {
  case_id: string;
  deadline_id: string;
  kind: string;
  due: string;
  status: string;
  provider: string | null;
  reference: string;
  stage: string;
  given: string | null;
  family: string | null;
}

/** Every open deadline of the open cases and maintained plans (DEADLINE_IS_WORK_SQL) assigned to `username` in `teamId` due by `dueBy` (overdue included), soonest first. */
export async function caseworkerWork(sql: Sql, username: string, teamId: string, dueBy: string): Promise<WorkRow[]> {
  return queryPrepared(
    sql,
    'ehc_caseworker_work',
    `SELECT d.case_id, d.deadline_id, d.kind, d.due::text AS due, d.status, d.provider, s.reference, s.stage,
            c.child->>'givenName' AS given, c.child->>'familyName' AS family
       FROM case_summary s
       JOIN case_deadline d ON d.case_id = s.case_id
       JOIN ehc_case c ON c.id = s.case_id
      WHERE s.caseworker = $1 AND s.team_id = $2 AND ${DEADLINE_IS_WORK_SQL}
        AND d.met_on IS NULL AND d.status IN (${OPEN_DEADLINE_STATUSES_SQL}) AND d.due <= $3::date
      ORDER BY d.due, s.reference, d.deadline_id
      LIMIT 500`,
    [username, teamId, dueBy],
  );
}
