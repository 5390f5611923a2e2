// The daily e-mail digest: each user's unread alerts raised since their last digest, by SMTP, one message per
// user per day (alert_digest's primary key makes a re-run send nothing twice). Links point at the case page by
// id; the text names case references and deadlines, never a child.
import type { DataSource } from 'typeorm';
import type { Transporter } from 'nodemailer';
import { londonDateOf } from '@ehc/platform';
import { inTransaction } from '@ehc/persistence';
import { alertMessage } from './alert-messages.js';

export interface DigestDeps {
  ds: DataSource;
  transport: Transporter;
  from: string;
  publicUrl: string;
}

export interface DigestResult {
  sent: number;
  skipped: number;
}

export async function sendDigests(deps: DigestDeps, now: Date): Promise<DigestResult> {
  const today = londonDateOf(now);
  const users = await deps.ds.query(
    `SELECT u.id, u.email FROM app_user u
      WHERE NOT u.disabled AND u.email IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM alert_digest g WHERE g.user_id = u.id AND g.sent_on = $1::date)
        AND EXISTS (SELECT 1 FROM alert a WHERE a.recipient_user_ids @> ARRAY[u.id])`,
    [today],
  );
  const result: DigestResult = { sent: 0, skipped: 0 };
  for (const u of users) {
    const sent = await inTransaction(deps.ds, async (tx) => {
      // Claim today's digest first: a second digest job blocks here and then finds the row, so it sends nothing.
      const claimed = await tx.query(
        `INSERT INTO alert_digest (user_id, sent_on, sent_at, alert_ids) VALUES ($1, $2::date, $3, '{}')
         ON CONFLICT DO NOTHING RETURNING user_id`,
        [u.id, today, now.toISOString()],
      );
      if (!claimed.length) return false;
      const alerts = await tx.query(
        `SELECT a.id, a.case_id, a.kind, a.deadline_kind, a.due::text AS due, a.days_before, a.excepted, a.late_by_ms, c.reference
           FROM alert a JOIN ehc_case c ON c.id = a.case_id
          WHERE a.recipient_user_ids @> ARRAY[$1::uuid]
            AND NOT EXISTS (SELECT 1 FROM alert_read r WHERE r.alert_id = a.id AND r.user_id = $1)
            AND a.raised_at > coalesce((SELECT max(g.sent_at) FROM alert_digest g WHERE g.user_id = $1 AND g.sent_on < $2::date), '-infinity')
          ORDER BY (a.kind = 'missed') DESC, a.due, c.reference
          LIMIT 500`,
        [u.id, today],
      );
      if (!alerts.length) {
        await tx.query(`DELETE FROM alert_digest WHERE user_id = $1 AND sent_on = $2::date`, [u.id, today]);
        return false;
      }
      const lines = alerts.map(
        (a: any) =>
          `- ${alertMessage({
            reference: a.reference,
            kind: a.kind,
            deadlineKind: a.deadline_kind,
            due: a.due,
            daysBefore: a.days_before,
            excepted: a.excepted,
            lateByMs: Number(a.late_by_ms),
          })}\n  ${deps.publicUrl.replace(/\/$/, '')}/cases/${a.case_id}`,
      );
      await deps.transport.sendMail({
        from: deps.from,
        to: u.email,
        subject: `EHC deadlines: ${alerts.length} unread alert${alerts.length === 1 ? '' : 's'} (${today})`,
        text: `Unread deadline alerts for your cases:\n\n${lines.join('\n')}\n\nOpen the alerts page to mark them read.\n`,
      });
      await tx.query(`UPDATE alert_digest SET alert_ids = $3::uuid[] WHERE user_id = $1 AND sent_on = $2::date`, [
        u.id,
        today,
        alerts.map((a: any) => a.id),
      ]);
      return true;
    });
    if (sent) result.sent++;
    else result.skipped++;
  }
  return result;
}
