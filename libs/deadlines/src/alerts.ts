// Raising an alert: one row per (case, deadline, generation, alert key), addressed to the case's caseworker
// and the managers of its team, and announced with NOTIFY so every api process can push it to open browsers.
import type { Sql } from '@ehc/persistence';
import type { AlertKey, AlertKind } from './alert-schedule.js';

/** PostgreSQL NOTIFY channel; the payload carries ids only. */
export const ALERT_CHANNEL = 'ehc_alert';

export interface AlertNotice { id: string; teamId: string; recipients: string[] }

export interface NewAlert {
  caseId: string;
  teamId: string;
  caseworker: string | null;
  deadlineId: string;
  deadlineKind: string;
  generation: number;
  key: AlertKey;
  kind: AlertKind;
  daysBefore: number | null;
  due: string;
  excepted: boolean;
  intendedAt: Date;
  raisedAt: Date;
}

/** The caseworker (case_summary.caseworker = app_user.username) and the team's managers, if active. */
export async function alertRecipients(sql: Sql, teamId: string, caseworker: string | null): Promise<string[]> {
  const rows = await sql.query(
    `SELECT id FROM app_user
      WHERE NOT disabled AND ((username = $2) OR (role = 'team-manager' AND team_id = $1))
      ORDER BY id`, [teamId, caseworker]);
  return rows.map((r: { id: string }) => r.id);
}

/**
 * Inserts the alert unless this (case, deadline, generation, key) was already raised. Returns the new id, or
 * null when it already existed (the job ran before). Must run in the caller's transaction: NOTIFY is
 * delivered on commit, so listeners never hear of an alert that was rolled back.
 */
export async function insertAlert(sql: Sql, a: NewAlert): Promise<string | null> {
  const recipients = await alertRecipients(sql, a.teamId, a.caseworker);
  const lateBy = Math.max(0, a.raisedAt.getTime() - a.intendedAt.getTime());
  const rows = await sql.query(
    `INSERT INTO alert (case_id, team_id, deadline_id, deadline_kind, generation, alert_key, kind, days_before, due, excepted,
                        intended_at, raised_at, late_by_ms, recipient_user_ids)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, $10, $11, $12, $13, $14::uuid[])
     ON CONFLICT (case_id, deadline_id, generation, alert_key) DO NOTHING
     RETURNING id`,
    [a.caseId, a.teamId, a.deadlineId, a.deadlineKind, a.generation, a.key, a.kind, a.daysBefore, a.due, a.excepted,
      a.intendedAt.toISOString(), a.raisedAt.toISOString(), lateBy, recipients]);
  const id: string | undefined = rows[0]?.id;
  if (!id) return null;
  const notice: AlertNotice = { id, teamId: a.teamId, recipients };
  await sql.query(`SELECT pg_notify($1, $2)`, [ALERT_CHANNEL, JSON.stringify(notice)]);
  return id;
}
