// The alert row as the two statements that raise alerts write it: the deadline worker's insertAlerts (warnings, and a
// miss whose event was already recorded) and the append of a DeadlineMissed command, which raises the miss's alert in
// its own statement (appendDecidedEvents, DecidedEvent.alert). One column list, one recipient rule, one NOTIFY payload.

/** PostgreSQL NOTIFY channel of a new alert; the payload carries ids only (alertNotice). */
export const ALERT_CHANNEL = 'ehc_alert';

/** An alert as a statement inserts it (one jsonb record each, ALERT_RECORD). */
export interface AlertRowValues {
  caseId: string;
  teamId: string;
  caseworker: string | null;
  deadlineId: string;
  deadlineKind: string;
  generation: number;
  key: string;
  kind: string;
  daysBefore: number | null;
  due: string;
  excepted: boolean;
  intendedAt: Date;
  raisedAt: Date;
}

/** The jsonb record of one alert (after the statement's own columns). */
export const ALERT_RECORD = `case_id uuid, team_id text, caseworker text, deadline_id text, deadline_kind text,
           generation int, alert_key text, kind text, days_before int, due date, excepted boolean, intended_at timestamptz,
           raised_at timestamptz, late_by_ms bigint`;

export function alertRecord(a: AlertRowValues) {
  return {
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
  };
}

export const ALERT_INSERT = `INSERT INTO alert (case_id, team_id, deadline_id, deadline_kind, generation, alert_key, kind, days_before, due, excepted,
                       intended_at, raised_at, late_by_ms, recipient_user_ids, closed_at, closed_reason, closed_on)`;

/**
 * The values of ALERT_INSERT from an ALERT_RECORD row `x`, and `metOn` / `excepted`: the deadline's met date and
 * whether it is excepted once the alert is raised. Recipients: the case's caseworker (case_summary.caseworker =
 * app_user.username) and the team's managers, if active. A miss raised after the work was already done late, or
 * already excepted, is born closed, saying which (as projections.ts closes one raised before).
 */
export const alertValues = (x: string, metOn: string, excepted: string) =>
  `${x}.case_id, ${x}.team_id, ${x}.deadline_id, ${x}.deadline_kind, ${x}.generation, ${x}.alert_key, ${x}.kind, ${x}.days_before,
           ${x}.due, ${x}.excepted, ${x}.intended_at, ${x}.raised_at, ${x}.late_by_ms,
           (SELECT coalesce(array_agg(u.id ORDER BY u.id), '{}') FROM app_user u
             WHERE NOT u.disabled AND (u.username = ${x}.caseworker OR (u.role = 'team-manager' AND u.team_id = ${x}.team_id))),
           CASE WHEN ${x}.kind = 'missed' AND (${metOn} IS NOT NULL OR ${excepted}) THEN ${x}.raised_at END,
           CASE WHEN ${x}.kind = 'missed' AND ${excepted} THEN 'excepted' WHEN ${x}.kind = 'missed' AND ${metOn} IS NOT NULL THEN 'done-late' END,
           CASE WHEN ${x}.kind = 'missed' THEN ${metOn} END`;

/** A miss is alerted once per due date, whatever the generation it was raised under (`x`: an ALERT_RECORD row). */
export const missNotYetAlerted = (x: string) =>
  `NOT (${x}.alert_key = 'due' AND EXISTS (SELECT 1 FROM alert p WHERE p.case_id = ${x}.case_id AND p.deadline_id = ${x}.deadline_id
                                                                 AND p.alert_key = 'due' AND p.due = ${x}.due))`;

export const ALERT_ONCE = 'ON CONFLICT (case_id, deadline_id, generation, alert_key) DO NOTHING';

/** pg_notify of an inserted alert row `i` (RETURNING id, team_id, recipient_user_ids), on `channel` (a parameter). */
export const alertNotify = (i: string, channel: string) =>
  `pg_notify(${channel}, json_build_object('id', ${i}.id, 'teamId', ${i}.team_id, 'recipients', ${i}.recipient_user_ids)::text)`;
