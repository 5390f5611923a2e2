// Raising an alert: one row per (case, deadline, generation, alert key), addressed to the case's caseworker
// and the managers of its team, and announced with NOTIFY so every api process can push it to open browsers.
import { queryPrepared, type Sql } from '@ehc/persistence';
import type { AlertKey, AlertKind } from './alert-schedule.js';

/** PostgreSQL NOTIFY channel; the payload carries ids only. */
export const ALERT_CHANNEL = 'ehc_alert';

export interface AlertNotice {
  id: string;
  teamId: string;
  recipients: string[];
}

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

/** The deadline row must still be in one of these states (and, when given, at this generation) for the alert to be raised. */
export interface AlertCondition {
  statuses: readonly string[];
  generation?: number;
}

// One statement for any number of alerts: their recipients (the case's caseworker, case_summary.caseworker =
// app_user.username, and the team's managers, if active), the inserts and a NOTIFY for each (in the statement's own
// transaction, so they are delivered on commit and only then; one commit for the lot).
// The commit does not wait for its WAL flush (synchronous_commit off for this transaction only): an alert is a notice
// derived from the deadline and the history, not a statutory record (the DeadlineMissed event, committed durably
// before it, is). If a database crash loses the last alerts, the sweeper finds their deadlines un-alerted and their
// jobs finished, and runs them again (sweeper.ts), so each alert still arrives once, flagged with its true lateness.
// An alert is not inserted when
//   - this (case, deadline, generation, key) was raised before (alert_once; a job run twice, even at once),
//   - a miss of this deadline on this due date was already alerted under another generation,
//   - the deadline has moved on since the handler read it (no longer in one of `statuses`, or not at `at_generation`
//     when one is given: met, re-projected…).
const INSERT_ALERTS = `WITH no_flush_wait AS (
    SELECT set_config('synchronous_commit', 'off', true) AS setting
  ), wanted AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(case_id uuid, team_id text, caseworker text, deadline_id text, deadline_kind text,
           generation int, alert_key text, kind text, days_before int, due date, excepted boolean, intended_at timestamptz,
           raised_at timestamptz, late_by_ms bigint, statuses text[], at_generation int)
  ), inserted AS (
    INSERT INTO alert (case_id, team_id, deadline_id, deadline_kind, generation, alert_key, kind, days_before, due, excepted,
                       intended_at, raised_at, late_by_ms, recipient_user_ids, closed_at, closed_reason, closed_on)
    SELECT x.case_id, x.team_id, x.deadline_id, x.deadline_kind, x.generation, x.alert_key, x.kind, x.days_before, x.due, x.excepted,
           x.intended_at, x.raised_at, x.late_by_ms,
           (SELECT coalesce(array_agg(u.id ORDER BY u.id), '{}') FROM app_user u
             WHERE NOT u.disabled AND (u.username = x.caseworker OR (u.role = 'team-manager' AND u.team_id = x.team_id))),
           -- A miss raised after the work was already done late, or already excepted, is born closed, saying which
           -- (as projections.ts closes one raised before).
           CASE WHEN x.kind = 'missed' AND (done.met_on IS NOT NULL OR done.status = 'excepted') THEN x.raised_at END,
           CASE WHEN x.kind = 'missed' AND done.status = 'excepted' THEN 'excepted' WHEN x.kind = 'missed' AND done.met_on IS NOT NULL THEN 'done-late' END,
           CASE WHEN x.kind = 'missed' THEN done.met_on END
      FROM wanted x CROSS JOIN no_flush_wait
      LEFT JOIN LATERAL (SELECT d.met_on, d.status FROM case_deadline d WHERE d.case_id = x.case_id AND d.deadline_id = x.deadline_id) done ON true
     WHERE EXISTS (SELECT 1 FROM case_deadline d
                    WHERE d.case_id = x.case_id AND d.deadline_id = x.deadline_id AND d.due = x.due
                      AND d.status = ANY(x.statuses) AND (x.at_generation IS NULL OR d.generation = x.at_generation))
       AND NOT (x.alert_key = 'due' AND EXISTS (SELECT 1 FROM alert a WHERE a.case_id = x.case_id AND a.deadline_id = x.deadline_id
                                                                     AND a.alert_key = 'due' AND a.due = x.due))
    ON CONFLICT (case_id, deadline_id, generation, alert_key) DO NOTHING
    RETURNING id, case_id, deadline_id, generation, alert_key, team_id, recipient_user_ids
  )
SELECT i.id, i.case_id, i.deadline_id, i.generation, i.alert_key,
       pg_notify($2::text, json_build_object('id', i.id, 'teamId', i.team_id, 'recipients', i.recipient_user_ids)::text) AS notified
  FROM inserted i`;

const alertOnce = (caseId: string, deadlineId: string, generation: number, key: string) =>
  `${caseId.toLowerCase()} ${deadlineId} ${generation} ${key}`;

/**
 * Inserts each alert unless this (case, deadline, generation, key) was already raised, or its miss was already
 * alerted for the same due date, or the deadline no longer satisfies its condition. Answers, in order, the new id or
 * null (also for the second of two equal alerts in one call). One statement and round trip.
 */
export async function insertAlerts(
  sql: Sql,
  alerts: readonly (NewAlert & { condition: AlertCondition })[],
): Promise<(string | null)[]> {
  const rows = await queryPrepared(sql, 'ehc_insert_alerts', INSERT_ALERTS, [
    JSON.stringify(
      alerts.map((a) => ({
        case_id: a.caseId,
        team_id: a.teamId,
        caseworker: a.caseworker,
        deadline_id: a.deadlineId,
        deadline_kind: a.deadlineKind,
        generation: a.generation,
        alert_key: a.key,
        kind: a.kind,
        days_before: a.daysBefore,
        due: a.due,
        excepted: a.excepted,
        intended_at: a.intendedAt.toISOString(),
        raised_at: a.raisedAt.toISOString(),
        late_by_ms: Math.max(0, a.raisedAt.getTime() - a.intendedAt.getTime()),
        statuses: a.condition.statuses,
        at_generation: a.condition.generation ?? null,
      })),
    ),
    ALERT_CHANNEL,
  ]);
  const ids = new Map<string, string>(
    rows.map((r: any) => [alertOnce(r.case_id, r.deadline_id, r.generation, r.alert_key), r.id as string]),
  );
  return alerts.map((a) => {
    const k = alertOnce(a.caseId, a.deadlineId, a.generation, a.key);
    const id = ids.get(k) ?? null;
    ids.delete(k); // a second equal alert in the same call was not inserted
    return id;
  });
}

/** insertAlerts for one alert. */
export async function insertAlert(sql: Sql, a: NewAlert, condition: AlertCondition): Promise<string | null> {
  return (await insertAlerts(sql, [{ ...a, condition }]))[0]!;
}
