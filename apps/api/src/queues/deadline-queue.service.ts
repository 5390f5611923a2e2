import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createHash } from 'node:crypto';
import { DEADLINE_IS_WORK_SQL, OPEN_DEADLINE_STATUSES_SQL, queryPrepared } from '@ehc/persistence';
import { addDays, daysBetween } from '@ehc/workflow';
import { Clock } from '@ehc/platform';
import { DEADLINE_LABELS, STAGE_LABELS, type CaseloadCount, type DeadlineQueueItem, type DeadlineQueuePage, type QueueCounts } from '@ehc/contracts';
import { DomainError } from '../common/domain-error.js';
import type { SessionUser } from '../auth/session-user.js';
import type { DeadlineQueueQueryDto } from './deadline-queue.query.js';
import { AuditService } from '../audit/audit.service.js';
import type { PendingAudit } from '../audit/audited.decorator.js';

type Bucket = DeadlineQueueItem['bucket'];

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
export function bucketOf(daysLeft: number): Bucket {
  return daysLeft < 0 ? 'overdue' : daysLeft <= 7 ? 'within-7' : daysLeft <= 14 ? 'within-14' : 'later';
}

/**
 * The manager's queue: every open deadline of the team (pending, or missed/excepted and still not met: a
 * final plan 3 weeks late is still work to do) on its open cases and its maintained plans (DEADLINE_IS_WORK_SQL: an
 * annual review is due on a case closed as an assessment), earliest due first, so overdue comes first, then due within
 * 7 and 14 days. Keyset-paged on (due, case_id, deadline_id) over the partial index case_deadline_open_due.
 */
@Injectable()
export class DeadlineQueueService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** The page; with `audit`, the audit row is written by the page's own statement (one round trip, one commit). */
  async list(user: SessionUser, q: DeadlineQueueQueryDto, audit?: PendingAudit): Promise<DeadlineQueuePage> {
    if (!user.teamId) throw new DomainError(403, 'FORBIDDEN', 'You are not in a team, so you have no deadline queue');
    if (q.page && q.cursor) {
      throw new DomainError(400, 'INVALID_REQUEST', 'Give either page or cursor, not both', { errors: [{ field: 'page', message: 'not allowed with cursor' }] });
    }
    const today = this.clock.today();
    const limit = q.limit ?? 50;
    const p: unknown[] = [user.teamId];
    const where = [`d.met_on IS NULL`, `d.status IN (${OPEN_DEADLINE_STATUSES_SQL})`, `s.team_id = $1`, DEADLINE_IS_WORK_SQL];
    const add = (sql: string, ...v: unknown[]) => {
      let out = sql;
      for (const x of v) { p.push(x); out = out.replace('?', `$${p.length}`); }
      where.push(out);
    };
    if (q.caseworker) add('s.caseworker = ?', q.caseworker);
    if (q.provider) {
      // The provider holding it up: the advice deadline's own provider, or an outstanding advice request of the case.
      add(`(d.provider = ? OR EXISTS (SELECT 1 FROM case_deadline x WHERE x.case_id = d.case_id AND x.kind = 'advice'
             AND x.met_on IS NULL AND x.status IN (${OPEN_DEADLINE_STATUSES_SQL}) AND x.provider = ?))`, q.provider, q.provider);
    }
    // The counts cover the whole queue under the caseworker/provider filters (every bucket, so each can be offered as
    // a filter with its true size), read while the page is read; they never depend on which page is shown.
    const countWhere = [...where], countParams = [...p];
    if (q.bucket === 'overdue') add('d.due < ?::date', today);
    if (q.bucket === 'within-7') add('d.due BETWEEN ?::date AND ?::date', today, addDays(today, 7));
    if (q.bucket === 'within-14') add('d.due BETWEEN ?::date AND ?::date', addDays(today, 8), addDays(today, 14));
    if (q.cursor) {
      let cur: [string, string, string];
      try {
        cur = JSON.parse(Buffer.from(q.cursor, 'base64url').toString('utf8'));
        if (!Array.isArray(cur) || cur.length !== 3 || cur.some((x) => typeof x !== 'string') || !/^\d{4}-\d{2}-\d{2}$/.test(cur[0]) || !/^[0-9a-f-]{36}$/.test(cur[1])) throw new Error();
      } catch {
        throw new DomainError(400, 'INVALID_REQUEST', 'cursor must be the nextCursor value of the previous page', { errors: [{ field: 'cursor', message: 'not a cursor from this queue' }] });
      }
      add('(d.due, d.case_id, d.deadline_id) > (?::date, ?::uuid, ?)', ...cur);
    }
    p.push(limit + 1);
    const limitParam = p.length;
    p.push(q.page ? (q.page - 1) * limit : 0);
    const offsetParam = p.length;
    const audited = audit ? this.audit.cte(audit.record, p.length + 1) : undefined;
    if (audited) p.push(...audited.params);
    const text = `${audited ? `WITH ${audited.sql}\n` : ''}SELECT d.case_id, d.deadline_id, d.kind, d.due::text AS due, d.status, d.provider,
              s.reference, s.caseworker, s.stage, u.display_name,
              c.child->>'givenName' AS given, c.child->>'familyName' AS family,
              (SELECT string_agg(DISTINCT x.provider, ', ' ORDER BY x.provider) FROM case_deadline x
                WHERE x.case_id = d.case_id AND x.kind = 'advice' AND x.met_on IS NULL AND x.status IN (${OPEN_DEADLINE_STATUSES_SQL})) AS outstanding
         FROM case_deadline d
         JOIN case_summary s ON s.case_id = d.case_id
         JOIN ehc_case c ON c.id = d.case_id
         LEFT JOIN app_user u ON u.username = s.caseworker
        WHERE ${where.join(' AND ')}
        ORDER BY d.due, d.case_id, d.deadline_id
        LIMIT $${limitParam} OFFSET $${offsetParam}`;
    const [rows, counts, caseloads] = await Promise.all([
      queryPrepared(this.ds, statementName(text), text, p), this.counts(countWhere, countParams, today), this.caseloads(user.teamId, today),
    ]);
    if (audit) audit.written = true;
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const total = q.bucket === 'overdue' ? counts.overdue : q.bucket === 'within-7' ? counts.within7 : q.bucket === 'within-14' ? counts.within14
      : counts.overdue + counts.within7 + counts.within14 + counts.later;
    return {
      counts: { ...counts, total },
      page: q.cursor ? null : (q.page ?? 1),
      pageCount: Math.max(1, Math.ceil(total / limit)),
      caseloads,
      items: page.map((r: any): DeadlineQueueItem => {
        const daysLeft = daysBetween(today, r.due);
        return {
          caseId: r.case_id, reference: r.reference, childName: r.given || r.family ? `${r.given ?? ''} ${r.family ?? ''}`.trim() : null,
          caseworker: r.caseworker, caseworkerName: r.display_name ?? null, stage: r.stage, stageLabel: STAGE_LABELS[r.stage] ?? r.stage,
          deadlineId: r.deadline_id, kind: r.kind, label: DEADLINE_LABELS[r.kind] ?? r.kind, due: r.due, daysLeft, bucket: bucketOf(daysLeft),
          provider: r.provider ?? r.outstanding ?? null, status: r.status,
        };
      }),
      nextCursor: more && last ? Buffer.from(JSON.stringify([last.due, last.case_id, last.deadline_id])).toString('base64url') : null,
    };
  }

  /** How many of the filtered queue's open deadlines fall in each bucket (one statement, no child data read). */
  private async counts(where: string[], params: unknown[], today: string): Promise<Omit<QueueCounts, 'total'>> {
    params.push(today, addDays(today, 7), addDays(today, 14));
    const [t, w7, w14] = [params.length - 2, params.length - 1, params.length];
    const [r] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE d.due < $${t}::date)::int AS overdue,
              count(*) FILTER (WHERE d.due BETWEEN $${t}::date AND $${w7}::date)::int AS within7,
              count(*) FILTER (WHERE d.due > $${w7}::date AND d.due <= $${w14}::date)::int AS within14,
              count(*) FILTER (WHERE d.due > $${w14}::date)::int AS later
         FROM case_deadline d JOIN case_summary s ON s.case_id = d.case_id
        WHERE ${where.join(' AND ')}`, params);
    return { overdue: r.overdue, within7: r.within7, within14: r.within14, later: r.later };
  }

  /** Each caseworker's open cases in the team (whole caseloads, whatever the queue's filters), most first. */
  private async caseloads(teamId: string, today: string): Promise<CaseloadCount[]> {
    const rows = await this.ds.query(
      `SELECT s.caseworker, u.display_name, count(*)::int AS open_cases,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM case_deadline d WHERE d.case_id = s.case_id AND d.met_on IS NULL
                                               AND d.status IN ('pending', 'missed', 'excepted') AND d.due < $2::date))::int AS overdue_cases
         FROM case_summary s LEFT JOIN app_user u ON u.username = s.caseworker
        WHERE s.team_id = $1 AND NOT s.closed
        GROUP BY s.caseworker, u.display_name
        ORDER BY count(*) DESC, s.caseworker NULLS LAST`, [teamId, today]);
    return rows.map((r: any) => ({ caseworker: r.caseworker, caseworkerName: r.display_name ?? null, openCases: r.open_cases, overdueCases: r.overdue_cases }));
  }
}
