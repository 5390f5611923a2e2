import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { Clock, type AppConfig } from '@ehc/platform';
import { fromRow, inTransaction, type Sql } from '@ehc/persistence';
import { replay } from '@ehc/workflow';
import { DEADLINE_LABELS, STAGE_LABELS } from '@ehc/contracts';
import { APP_CONFIG } from '../../database/database.module.js';
import { AuditService } from '../../audit/audit.service.js';
import type { SessionUser } from '../../auth/session-user.js';
import { DomainError } from '../../common/domain-error.js';
import { extensionOf } from '../../casework/document-types.js';
import { timelineEntries } from '../../cases/timeline-entries.js';
import { PersonsService } from '../persons.service.js';
import { DocumentsService } from '../../casework/documents.service.js';
import { PERSON_COLUMNS } from '../person-sql.js';
import {
  SUBJECT_ACCESS_FORMAT,
  SUBJECT_ACCESS_VERSION,
  type ExportedAuditEntry,
  type ExportedCase,
  type ExportedDocument,
  type SubjectAccessExport,
} from './subject-access-export.js';
import { subjectAccessHtml } from './subject-access-html.js';
import { subjectAccessZip } from './subject-access-zip.js';

const iso = (v: unknown): string => new Date(v as string).toISOString();
/** A file name from a title: letters, digits, spaces, dots, hyphens; never a path. */
const safeName = (title: string) =>
  title
    .replace(/[^\p{L}\p{N} ._-]/gu, '_')
    .replace(/^\.+/, '_')
    .slice(0, 80)
    .trim() || 'document';

/**
 * A subject access export (UK GDPR art. 15): everything the council holds here about one child — the person record,
 * the family and professionals, every case with its history, notes, documents (the files too) and letters, and who
 * looked at or changed them — as one zip (export.json, export.html, documents/). docs/subject-access.md.
 *
 * Everything but the files is read in one REPEATABLE READ transaction, so the parts agree with each other; the
 * files are streamed afterwards from where each is stored, PostgreSQL chunk by chunk or the object store (the documents'
 * one read path, DocumentsService.bytes; documents are never changed once stored). The export is audited
 * before the first byte leaves: a `person.export` row and a `case.export` row per case, ids only.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(PersonsService) private readonly persons: PersonsService,
    @Inject(DocumentsService) private readonly documents: DocumentsService,
  ) {}

  async export(
    user: SessionUser,
    personId: string,
    ip: string | null,
  ): Promise<{ filename: string; stream: Readable; exported: SubjectAccessExport }> {
    try {
      await this.persons.visible(user, personId);
    } catch (e) {
      const status = e instanceof DomainError ? e.statusCode : 500;
      if (status < 500)
        await this.audit.record({
          user,
          action: 'person.export-refused',
          detail: { personId, status, code: (e as DomainError).code },
          ip,
        });
      throw e;
    }
    const exported = await this.collect(user, personId);
    await inTransaction(this.ds, async (tx) => {
      const documents = exported.cases.reduce((n, c) => n + c.documents.length, 0);
      await this.audit.record({
        user,
        action: 'person.export',
        detail: { personId, caseIds: exported.cases.map((c) => c.id), documents, version: SUBJECT_ACCESS_VERSION },
        ip,
        tx,
      });
      for (const c of exported.cases)
        await this.audit.record({ user, action: 'case.export', caseId: c.id, detail: { personId }, ip, tx });
    });
    const files = exported.cases.flatMap((c) => c.documents.map((d) => ({ id: d.id, path: d.file })));
    const stream = subjectAccessZip(
      (id) => this.documents.bytes(id),
      [
        { path: 'export.json', text: JSON.stringify(exported, null, 2) },
        { path: 'export.html', text: subjectAccessHtml(exported) },
      ],
      files,
    );
    return { filename: `subject-access-${personId.slice(0, 8)}-${this.clock.today()}.zip`, stream, exported };
  }

  private async collect(user: SessionUser, personId: string): Promise<SubjectAccessExport> {
    return inTransaction(this.ds, async (tx) => {
      await tx.query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`);
      const [person] = await tx.query(
        `SELECT ${PERSON_COLUMNS('p')}, p.created_by_team AS "createdByTeam", p.created_at AS "createdAt", p.updated_at AS "updatedAt" FROM person p WHERE p.id = $1`,
        [personId],
      );
      const mergedRecords = await tx.query(
        `SELECT ${PERSON_COLUMNS('p')}, p.created_at AS "createdAt", p.updated_at AS "updatedAt" FROM person p WHERE p.merged_into = $1 ORDER BY p.created_at`,
        [personId],
      );
      const contacts = await tx.query(
        `SELECT id, kind, name, relationship, parental_responsibility AS "parentalResponsibility", organisation, phone, email, address,
                preferred_contact AS "preferredContact", created_by AS "createdBy", created_at AS "createdAt"
           FROM person_contact WHERE person_id = $1 ORDER BY kind DESC, created_at`,
        [personId],
      );
      const caseRows = await tx.query(
        `SELECT c.id, c.reference, c.team_id, t.name AS team_name, c.child, c.personal_data_erased_on::text AS erased_on, c.created_at, s.stage, s.closed, s.received_on::text AS received_on,
                s.final_issued_on::text AS final_issued_on, s.caseworker
           FROM ehc_case c JOIN team t ON t.id = c.team_id LEFT JOIN case_summary s ON s.case_id = c.id
          WHERE c.person_id = $1 ORDER BY s.received_on, c.reference`,
        [personId],
      );
      const cases: ExportedCase[] = [];
      for (const c of caseRows) cases.push(await this.oneCase(tx, c, cases.length + 1));
      const personIds = [personId, ...mergedRecords.map((m: { id: string }) => m.id)];
      const audit: ExportedAuditEntry[] = (
        await tx.query(
          `SELECT a.at, a.username, u.display_name, a.role, a.action, c.reference, a.detail
           FROM audit_event a LEFT JOIN app_user u ON u.id = a.user_id LEFT JOIN ehc_case c ON c.id = a.case_id
          WHERE a.case_id = ANY($1::uuid[]) OR (a.detail ? 'personId' AND a.detail->>'personId' = ANY($2::text[]))
          ORDER BY a.at, a.id`,
          [cases.map((c) => c.id), personIds],
        )
      ).map((a: any) => ({
        at: iso(a.at),
        username: a.username,
        displayName: a.display_name,
        role: a.role,
        action: a.action,
        caseReference: a.reference,
        detail: a.detail,
      }));
      const [me] = await tx.query(`SELECT display_name FROM app_user WHERE id = $1`, [user.id]);
      const personDetailChanges = (
        await tx.query(
          `SELECT ch.changed_at AS "changedAt", u.username, u.display_name AS "displayName", ch.fields, ch.previous, ch.reason
           FROM child_detail_change ch LEFT JOIN app_user u ON u.id = ch.user_id WHERE ch.person_id = ANY($1::uuid[]) AND ch.case_id IS NULL ORDER BY ch.changed_at`,
          [personIds],
        )
      ).map((x: any) => ({ ...x, changedAt: iso(x.changedAt) }));
      // Erased under the retention policy: the details are gone, so only the record's id and dates are given, never blanks as if they were data.
      const [erasure] = await tx.query(
        `SELECT erased_on::text AS "erasedOn" FROM retention_review WHERE person_id = $1 AND status = 'erased'`,
        [personId],
      );
      const erasedOn: string | null = erasure?.erasedOn ?? null;
      const record = (r: any) =>
        erasedOn
          ? {
              id: r.id,
              ...(r.createdByTeam !== undefined ? { createdByTeam: r.createdByTeam } : {}),
              createdAt: iso(r.createdAt),
              updatedAt: iso(r.updatedAt),
            }
          : { ...r, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) };
      return {
        format: SUBJECT_ACCESS_FORMAT,
        version: SUBJECT_ACCESS_VERSION,
        generatedAt: this.clock.now().toISOString(),
        generatedBy: { username: user.username, displayName: me?.display_name ?? null },
        personalDataErasedOn: erasedOn,
        person: record(person),
        mergedRecords: mergedRecords.map(record),
        personDetailChanges,
        contacts: contacts.map((x: any) => ({ ...x, createdAt: iso(x.createdAt) })),
        cases,
        audit,
      };
    });
  }

  private async oneCase(tx: Sql, c: any, n: number): Promise<ExportedCase> {
    const events = await tx.query(
      `SELECT e.event_id::text, e.version, e.type, e.business_date::text AS date, e.recorded_at, e.actor, e.data, u.display_name
         FROM case_event e LEFT JOIN app_user u ON u.id::text = e.actor WHERE e.case_id = $1 ORDER BY e.version`,
      [c.id],
    );
    const timeline = timelineEntries(
      events.map((r: any) => ({
        eventId: r.event_id,
        version: r.version,
        type: r.type,
        date: r.date,
        recordedAt: iso(r.recorded_at),
        actor: r.actor,
        actorName: r.display_name ?? (r.actor === 'system' ? 'System' : r.actor === 'import' ? 'Import' : null),
        data: r.data,
      })),
    ).map(({ correctable: _c, current: _u, fields: _f, ...entry }) => entry);
    const view = events.length
      ? replay(
          events.map((r: any) => fromRow({ type: r.type, business_date: r.date, data: r.data })),
          { finalPlanDays: this.config.finalPlanDays },
          events.map((r: any) => r.event_id as string),
        )
      : null;
    const deadlines = (
      await tx.query(
        `SELECT deadline_id AS "deadlineId", kind, due::text AS due, from_date::text AS "fromDate", regulation, statutory, status, met_on::text AS "metOn",
              provider, exception_ids AS "exceptionIds"
         FROM case_deadline WHERE case_id = $1 ORDER BY due, deadline_id`,
        [c.id],
      )
    ).map((d: any) => ({ ...d, label: DEADLINE_LABELS[d.kind] ?? d.kind }));
    const notes = (
      await tx.query(
        `SELECT n.id, n.kind, n.occurred_on::text AS "occurredOn", n.with_whom AS "withWhom", n.summary, n.corrects, n.author,
              u.display_name AS "authorName", n.recorded_at AS "recordedAt"
         FROM case_note n LEFT JOIN app_user u ON u.username = n.author WHERE n.case_id = $1 ORDER BY n.occurred_on, n.recorded_at`,
        [c.id],
      )
    ).map((x: any) => ({ ...x, recordedAt: iso(x.recordedAt) }));
    const documents: ExportedDocument[] = (
      await tx.query(
        `SELECT d.id, d.kind, d.title, d.media_type AS "mediaType", d.size_bytes::float AS "sizeBytes", d.sha256, d.event_id AS "eventId",
              d.uploaded_by AS "uploadedBy", u.display_name AS "uploadedByName", d.uploaded_at AS "uploadedAt"
         FROM case_document d LEFT JOIN app_user u ON u.username = d.uploaded_by WHERE d.case_id = $1 ORDER BY d.uploaded_at, d.id`,
        [c.id],
      )
    ).map((d: any, i: number) => ({
      ...d,
      uploadedAt: iso(d.uploadedAt),
      file: `documents/${String(n).padStart(2, '0')}-${safeName(c.reference)}/${String(i + 1).padStart(3, '0')}-${safeName(d.title)}.${extensionOf(d.mediaType)}`,
    }));
    const letters = (
      await tx.query(
        `SELECT l.id, l.notice, l.sent_on::text AS "sentOn", l.event_id AS "eventId", l.document_id AS "documentId", l.template_version AS "templateVersion",
              l.recorded_by AS "recordedBy", l.recorded_at AS "recordedAt"
         FROM case_letter l WHERE l.case_id = $1 ORDER BY l.sent_on, l.recorded_at`,
        [c.id],
      )
    ).map((l: any) => ({ ...l, recordedAt: iso(l.recordedAt) }));
    const childDetailChanges = (
      await tx.query(
        `SELECT ch.changed_at AS "changedAt", u.username, u.display_name AS "displayName", ch.fields, ch.previous, ch.reason
         FROM child_detail_change ch LEFT JOIN app_user u ON u.id = ch.user_id WHERE ch.case_id = $1 ORDER BY ch.changed_at`,
        [c.id],
      )
    ).map((x: any) => ({ ...x, changedAt: iso(x.changedAt) }));
    return {
      id: c.id,
      reference: c.reference,
      team: { id: c.team_id, name: c.team_name },
      openedAt: iso(c.created_at),
      summary: {
        stage: c.stage,
        stageLabel: STAGE_LABELS[c.stage] ?? c.stage,
        closed: c.closed,
        receivedOn: c.received_on,
        finalIssuedOn: c.final_issued_on,
        caseworker: c.caseworker,
      },
      childOnCase: c.child,
      personalDataErasedOn: c.erased_on,
      childDetailChanges,
      timeline,
      exceptions: (view?.exceptions ?? []).map((x) => ({ ...x })),
      deadlines,
      notes,
      documents,
      letters,
    };
  }
}
