import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  inTransaction,
  insertSentLetter,
  letterSource,
  letterTemplates,
  noticeRecipientFacts,
  sentLetter,
  sentLetters,
  updateLetterTemplate,
  type Sql,
} from '@ehc/persistence';
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
    return letterTemplates(this.ds);
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
    const updated = await inTransaction(this.ds, async (tx) => {
      if (!(await updateLetterTemplate(tx, notice, { title: t.title.trim(), body: t.body, updatedBy: user.username })))
        return false;
      await this.audit.record({ user, action: 'letter-template.update', detail: { notice }, tx });
      return true;
    });
    if (!updated) throw notFound('The template');
    return (await this.templates()).find((x) => x.notice === notice)!;
  }

  async list(user: SessionUser, caseId: string): Promise<SentLetter[]> {
    await assertCaseVisible(this.ds, user, caseId);
    return sentLetters(this.ds, caseId);
  }

  /** The letter's text and where it comes from, checked against the law; a refusal names the missing decision. */
  private async compose(db: Sql, user: SessionUser, caseId: string, notice: NoticeKind, sentOn: string) {
    const today = this.clock.today();
    if (sentOn > today)
      throw new DomainError(422, 'DATE_IN_FUTURE', `sentOn must be today (${today}) or earlier`, {
        errors: [{ field: 'sentOn', message: `sentOn must be today (${today}) or earlier` }],
      });
    await assertCaseVisible(db, user, caseId);
    const eventType = NOTICE_EVENT[notice];
    const row = await letterSource(db, caseId, eventType, notice);
    if (!row?.decision) {
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
        const letterId = await insertSentLetter(tx, {
          caseId,
          notice,
          sentOn,
          eventId: l.eventId,
          documentId,
          templateVersion: l.templateVersion,
          recordedBy: user.username,
        });
        await this.audit.record({
          user,
          action: 'case.letter-send',
          caseId,
          detail: { letterId, notice, sentOn, documentId },
          tx,
        });
        return letterId;
      },
    );
    return (await sentLetter(this.ds, id))!;
  }

  /** NoticeSent {notice, sentTo: the decision-maker (regs 63-64), appealInformation for an appealable decision}. */
  private async recordNotice(user: SessionUser, caseId: string, notice: NoticeKind, sentOn: string): Promise<void> {
    const c = await noticeRecipientFacts(this.ds, caseId);
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
