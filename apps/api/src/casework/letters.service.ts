import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inTransaction } from '@ehc/persistence';
import { addDays } from '@ehc/workflow';
import { Clock, type AppConfig } from '@ehc/platform';
import type { LetterTemplate, NoticeKind, SentLetter } from '@ehc/contracts';
import { APP_CONFIG } from '../database/database.module.js';
import { AuditService } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/session-user.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { assertCaseVisible } from './case-access.js';
import { DocumentsService } from './documents.service.js';
import {
  fillTemplate,
  letterPdf,
  longDate,
  PLACEHOLDERS,
  unknownPlaceholders,
  type LetterValues,
} from './letter-pdf.js';
import { missingContent, NOTICE_EVENT } from './letter-rules.js';
import { CasesService } from '../cases/cases.service.js';
import type { AppendEventDto } from '../cases/dto/commands.dto.js';
import { decisionMakerOn } from '@ehc/workflow';
import { createHash } from 'node:crypto';

/** Decisions the family can appeal: their notice carries the right of appeal and mediation (the templates must say it). */
const APPEALABLE = new Set<NoticeKind>(['decision-not-to-assess', 'decision-not-to-issue', 'final-plan']);

/** A version-4-shaped UUID derived from the letter, so a retried send records its notice once. */
function noticeEventId(caseId: string, notice: string, sentOn: string): string {
  const h = createHash('sha256').update(`notice|${caseId}|${notice}|${sentOn}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type Runner = Pick<DataSource, 'query'>;
const SENT_COLUMNS = `id, notice, sent_on::text AS "sentOn", document_id AS "documentId", recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

/** Statutory letters from the council's templates, as PDF; sending one records the notice on the case with its date. */
@Injectable()
export class LettersService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(DocumentsService) private readonly documents: DocumentsService,
    @Inject(CasesService) private readonly cases: CasesService,
  ) {}

  templates(): Promise<LetterTemplate[]> {
    return this.ds.query(
      `SELECT notice, title, body, updated_at AS "updatedAt", updated_by AS "updatedBy" FROM letter_template ORDER BY notice`,
    );
  }

  /** A council rewords a template; refused (422, naming each element) if it would leave out what the law requires. */
  async updateTemplate(
    user: SessionUser,
    notice: NoticeKind,
    t: { title: string; body: string },
  ): Promise<LetterTemplate> {
    const unknown = unknownPlaceholders(`${t.title}\n${t.body}`);
    if (unknown.length) {
      throw new DomainError(
        422,
        'TEMPLATE_INVALID',
        `Unknown placeholder(s) ${unknown.map((u) => `{{${u}}}`).join(', ')}; allowed: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
        { errors: [{ field: 'body', message: `unknown placeholder(s): ${unknown.join(', ')}` }] },
      );
    }
    const missing = missingContent(notice, t.body);
    if (missing.length) {
      throw new DomainError(422, 'TEMPLATE_INCOMPLETE', `The ${notice} notice must still say: ${missing.join('; ')}`, {
        errors: missing.map((m) => ({ field: 'body', message: `the letter must say ${m}` })),
      });
    }
    const rows = await inTransaction(this.ds, async (tx) => {
      const r = await tx.query(
        `UPDATE letter_template SET title = $2, body = $3, version = version + 1, updated_at = now(), updated_by = $4 WHERE notice = $1 RETURNING version`,
        [notice, t.title.trim(), t.body, user.username],
      );
      await this.audit.record({ user, action: 'letter-template.update', detail: { notice }, tx });
      return r;
    });
    if (!rows) throw notFound('The template');
    return (await this.templates()).find((x) => x.notice === notice)!;
  }

  async list(user: SessionUser, caseId: string): Promise<SentLetter[]> {
    await assertCaseVisible(this.ds, user, caseId);
    return this.ds.query(
      `SELECT ${SENT_COLUMNS} FROM case_letter WHERE case_id = $1 ORDER BY sent_on DESC, recorded_at DESC`,
      [caseId],
    );
  }

  /** The letter's text and where it comes from, checked against the law; a refusal names the missing decision. */
  private async compose(db: Runner, user: SessionUser, caseId: string, notice: NoticeKind, sentOn: string) {
    const today = this.clock.today();
    if (sentOn > today)
      throw new DomainError(422, 'DATE_IN_FUTURE', `sentOn must be today (${today}) or earlier`, {
        errors: [{ field: 'sentOn', message: `sentOn must be today (${today}) or earlier` }],
      });
    await assertCaseVisible(db, user, caseId);
    const eventType = NOTICE_EVENT[notice];
    const [row] = await db.query(
      `
      SELECT c.reference, c.child, s.caseworker, u.display_name AS caseworker_name,
             (SELECT business_date::text FROM case_event WHERE case_id = c.id AND type = 'RequestReceived' ORDER BY version LIMIT 1) AS request_date,
             (SELECT json_build_object('eventId', event_id, 'date', business_date::text, 'data', data) FROM case_event
               WHERE case_id = c.id AND type = $2 ORDER BY version DESC LIMIT 1) AS decision,
             (SELECT name FROM person_contact pc WHERE pc.person_id = c.person_id AND pc.kind = 'parent-carer'
               ORDER BY pc.parental_responsibility DESC NULLS LAST, pc.created_at LIMIT 1) AS recipient,
             t.title, t.body, t.version
        FROM ehc_case c JOIN case_summary s ON s.case_id = c.id LEFT JOIN app_user u ON u.username = s.caseworker
        JOIN letter_template t ON t.notice = $3
       WHERE c.id = $1`,
      [caseId, eventType, notice],
    );
    if (!row.decision) {
      throw new DomainError(
        409,
        'NOTICE_NOT_DUE',
        `A ${notice} letter gives notice of ${eventType}, which is not recorded on this case yet`,
        { allowed: [] },
      );
    }
    if (sentOn < row.decision.date) {
      throw new DomainError(
        422,
        'DATE_ORDER',
        `sentOn must be on or after the decision it gives notice of (${row.decision.date})`,
        { errors: [{ field: 'sentOn', message: `sentOn must be on or after ${row.decision.date}` }] },
      );
    }
    const child = row.child ?? {};
    const values: LetterValues = {
      recipient: row.recipient ?? 'Parent or carer',
      childName: `${child.givenName ?? ''} ${child.familyName ?? ''}`.trim(),
      dateOfBirth: child.dateOfBirth ? longDate(child.dateOfBirth) : 'not known',
      reference: row.reference,
      requestDate: longDate(row.request_date),
      decisionDate: longDate(row.decision.date),
      reasons: typeof row.decision.data?.reasons === 'string' ? row.decision.data.reasons : '',
      // reg 13(1)(a): 15 days beginning with the day the draft is served: the last day is service + 14.
      representationsBy: longDate(addDays(row.decision.date, 14)),
      finalPlanDue: longDate(addDays(row.request_date, this.config.finalPlanDays)),
      caseworker: row.caseworker_name ?? 'the SEND assessment team',
      letterDate: longDate(sentOn),
    };
    const title = fillTemplate(row.title, values);
    const body = fillTemplate(row.body, values);
    const missing = missingContent(notice, body);
    if (missing.length)
      throw new DomainError(
        422,
        'TEMPLATE_INCOMPLETE',
        `The ${notice} template must say: ${missing.join('; ')}; ask an administrator to correct it`,
      );
    return { title, body, eventId: row.decision.eventId as string, templateVersion: row.version as number };
  }

  /** The letter as it would be sent, without recording anything (the view is audited). */
  async preview(user: SessionUser, caseId: string, notice: NoticeKind, sentOn: string): Promise<Buffer> {
    const l = await this.compose(this.ds, user, caseId, notice, sentOn);
    await this.audit.record({ user, action: 'case.letter-preview', caseId, detail: { notice } });
    return letterPdf(l.title, l.body, sentOn);
  }

  /**
   * Sends (records) a letter: the notice on the case as a NoticeSent event, then the PDF kept as a case document linked
   * to its decision, with the letter's row and its audit row. The event goes first, through the case's own command
   * path, so the law decides whether the notice can be recorded now; its id is derived from the case, the notice and
   * the day, so sending again after a failure records the notice once.
   */
  async send(user: SessionUser, caseId: string, notice: NoticeKind, sentOn: string): Promise<SentLetter> {
    // Composed once: visibility, the decision on the case and a lawful template are checked before anything is
    // recorded; the NoticeSent event recorded next changes none of what the letter says or which decision it answers.
    const l = await this.compose(this.ds, user, caseId, notice, sentOn);
    await this.recordNotice(user, caseId, notice, sentOn);
    const pdf = await letterPdf(l.title, l.body, sentOn);
    const id = await this.documents.storeGenerated(
      user,
      caseId,
      { kind: 'letter', title: `${l.title} (${longDate(sentOn)})`, mediaType: 'application/pdf', eventId: l.eventId },
      pdf,
      async (tx, documentId) => {
        const [row] = await tx.query(
          `INSERT INTO case_letter (case_id, notice, sent_on, event_id, document_id, template_version, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [caseId, notice, sentOn, l.eventId, documentId, l.templateVersion, user.username],
        );
        await this.audit.record({
          user,
          action: 'case.letter-send',
          caseId,
          detail: { letterId: row.id, notice, sentOn, documentId },
          tx,
        });
        return row.id as string;
      },
    );
    const [sent] = await this.ds.query(`SELECT ${SENT_COLUMNS} FROM case_letter WHERE id = $1`, [id]);
    return sent;
  }

  /** NoticeSent {notice, sentTo: the decision-maker (regs 63-64), appealInformation for an appealable decision}. */
  private async recordNotice(user: SessionUser, caseId: string, notice: NoticeKind, sentOn: string): Promise<void> {
    const [c] = await this.ds.query(
      `SELECT c.version, c.child->>'dateOfBirth' AS dob,
              (SELECT e.data->>'parentActsAs' FROM case_event e WHERE e.case_id = c.id AND e.type = 'RequestReceived' ORDER BY e.version LIMIT 1) AS acts
         FROM ehc_case c WHERE c.id = $1`,
      [caseId],
    );
    if (!c) throw notFound('The case');
    const sentTo = c.dob ? decisionMakerOn(c.dob, sentOn, c.acts ?? undefined) : 'parent';
    const event = {
      type: 'NoticeSent',
      date: sentOn,
      notice,
      sentTo,
      ...(APPEALABLE.has(notice) ? { appealInformation: 'included' } : {}),
    };
    await this.cases.append(user, caseId, {
      expectedVersion: c.version,
      eventId: noticeEventId(caseId, notice, sentOn),
      event,
    } as AppendEventDto);
  }
}
