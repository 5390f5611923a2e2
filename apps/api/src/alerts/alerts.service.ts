import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AlertView } from '@ehc/contracts';
import { alertMessage } from '@ehc/deadlines';
import { notFound } from '../common/domain-error.js';
import type { SessionUser } from '../auth/session-user.js';

/** An alert as served, plus its lateness to the millisecond (the contract's lateByDays rounds down). */
export type AlertViewWithLateness = AlertView & { lateByMs: number };

const DAY_MS = 86_400_000;

/**
 * Alerts a user may see: those addressed to them, and for a team manager every alert of their team. Read state
 * is per user, so a manager reading a team alert leaves it unread for the caseworker.
 */
@Injectable()
export class AlertsService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  private visible(user: SessionUser, p: unknown[]): string {
    p.push(user.id, user.role === 'team-manager' && user.teamId ? user.teamId : null);
    return `(a.recipient_user_ids @> ARRAY[$${p.length - 1}::uuid] OR a.team_id = $${p.length})`;
  }

  private async query(user: SessionUser, extra: string, params: unknown[], limit: number): Promise<AlertViewWithLateness[]> {
    const p: unknown[] = [...params];
    const vis = this.visible(user, p);
    const rows = await this.ds.query(
      `SELECT a.id, a.case_id, a.deadline_id, a.deadline_kind, a.kind, a.due::text AS due, a.days_before, a.excepted,
              a.late_by_ms, a.raised_at, c.reference, r.read_at, a.closed_reason, a.closed_on::text AS closed_on
         FROM alert a
         JOIN ehc_case c ON c.id = a.case_id
         LEFT JOIN alert_read r ON r.alert_id = a.id AND r.user_id = $${p.length - 1}::uuid
        WHERE ${vis} ${extra}
        ORDER BY (r.read_at IS NOT NULL), a.raised_at DESC, a.id
        LIMIT ${limit}`, p);
    return rows.map((r: any) => {
      const lateByMs = Number(r.late_by_ms);
      return {
        id: r.id, caseId: r.case_id, reference: r.reference, deadlineId: r.deadline_id, kind: r.kind, deadlineKind: r.deadline_kind,
        due: r.due, daysBefore: r.days_before, lateByDays: Math.floor(lateByMs / DAY_MS), lateByMs,
        raisedAt: new Date(r.raised_at).toISOString(), readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
        closed: r.closed_reason ? { reason: r.closed_reason, on: r.closed_on ?? null, text: closedText(r.closed_reason, r.closed_on) } : null,
        message: alertMessage({ reference: r.reference, kind: r.kind, deadlineKind: r.deadline_kind, due: r.due, daysBefore: r.days_before, excepted: r.excepted, lateByMs }),
      };
    });
  }

  /** Mine (and my team's, for a manager): unread first, then newest first. */
  list(user: SessionUser, unreadOnly: boolean): Promise<AlertViewWithLateness[]> {
    return this.query(user, unreadOnly ? 'AND r.read_at IS NULL' : '', [], 200);
  }

  async one(user: SessionUser, id: string): Promise<AlertViewWithLateness | undefined> {
    return (await this.query(user, `AND a.id = $1::uuid`, [id], 1))[0];
  }

  async ack(user: SessionUser, id: string, at: Date): Promise<AlertViewWithLateness> {
    if (!(await this.one(user, id))) throw notFound('The alert');
    await this.ds.query(`INSERT INTO alert_read (alert_id, user_id, read_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [id, user.id, at.toISOString()]);
    return (await this.one(user, id))!;
  }
}

/** Why a missed-deadline alert no longer needs acting on, in words (the breach itself stays on the case's record). */
export function closedText(reason: string, on: string | null): string {
  switch (reason) {
    case 'done-late': return `Closed: the work was done late${on ? ` on ${on}` : ''}. The missed deadline stays on the record.`;
    case 'excepted': return 'Closed: an exception recorded on the case covers the missed deadline.';
    case 'corrected-met': return 'Closed: a correction to the record shows the deadline was met.';
    default: return 'Closed: after a correction to the record this deadline no longer applies.';
  }
}
