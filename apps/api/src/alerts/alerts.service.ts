import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AlertView } from '@ehc/contracts';
import { alertMessage } from '@ehc/deadlines';
import { alertsFor, markAlertRead, markAllAlertsRead, type AlertViewer } from '@ehc/persistence';
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

  /** Who reads: the user, and for a team manager their whole team. */
  private viewer(user: SessionUser): AlertViewer {
    return { userId: user.id, teamId: user.role === 'team-manager' && user.teamId ? user.teamId : null };
  }

  private async query(
    user: SessionUser,
    f: { unreadOnly?: boolean; id?: string },
    limit: number,
  ): Promise<AlertViewWithLateness[]> {
    const rows = await alertsFor(this.ds, this.viewer(user), f, limit);
    return rows.map((r) => {
      const lateByMs = Number(r.late_by_ms);
      return {
        id: r.id,
        caseId: r.case_id,
        reference: r.reference,
        // Only the case's own team ever sees an alert (alertsFor), and they see the child on the case page too.
        childName: r.given || r.family ? `${r.given ?? ''} ${r.family ?? ''}`.trim() : null,
        deadlineId: r.deadline_id,
        kind: r.kind,
        deadlineKind: r.deadline_kind,
        due: r.due,
        daysBefore: r.days_before,
        lateByDays: Math.floor(lateByMs / DAY_MS),
        lateByMs,
        raisedAt: new Date(r.raised_at).toISOString(),
        readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
        closed: r.closed_reason
          ? {
              reason: r.closed_reason as NonNullable<AlertView['closed']>['reason'],
              on: r.closed_on ?? null,
              text: closedText(r.closed_reason, r.closed_on),
            }
          : null,
        message: alertMessage({
          reference: r.reference,
          kind: r.kind,
          deadlineKind: r.deadline_kind,
          due: r.due,
          daysBefore: r.days_before,
          excepted: r.excepted,
          lateByMs,
        }),
      };
    });
  }

  /** Mine (and my team's, for a manager): unread first, then newest first. */
  list(user: SessionUser, unreadOnly: boolean): Promise<AlertViewWithLateness[]> {
    return this.query(user, { unreadOnly }, 200);
  }

  async one(user: SessionUser, id: string): Promise<AlertViewWithLateness | undefined> {
    return (await this.query(user, { id }, 1))[0];
  }

  /** Marks every alert I can see read (for me only); answers how many were unread. One statement. */
  async ackAll(user: SessionUser, at: Date): Promise<{ marked: number }> {
    return { marked: await markAllAlertsRead(this.ds, this.viewer(user), at) };
  }

  async ack(user: SessionUser, id: string, at: Date): Promise<AlertViewWithLateness> {
    if (!(await this.one(user, id))) throw notFound('The alert');
    await markAlertRead(this.ds, id, user.id, at);
    return (await this.one(user, id))!;
  }
}

/** Why a missed-deadline alert no longer needs acting on, in words (the breach itself stays on the case's record). */
export function closedText(reason: string, on: string | null): string {
  switch (reason) {
    case 'done-late':
      return `Closed: the work was done late${on ? ` on ${on}` : ''}. The missed deadline stays on the record.`;
    case 'excepted':
      return 'Closed: an exception recorded on the case covers the missed deadline.';
    case 'corrected-met':
      return 'Closed: a correction to the record shows the deadline was met.';
    default:
      return 'Closed: after a correction to the record this deadline no longer applies.';
  }
}
