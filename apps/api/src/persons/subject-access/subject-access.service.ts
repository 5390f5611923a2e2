import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { Clock, type AppConfig } from '@ehc/platform';
import {
  exportAudit,
  exportCaseDeadlines,
  exportCaseDetailChanges,
  exportCaseDocuments,
  exportCaseEvents,
  exportCaseLetters,
  exportCaseNotes,
  exportCases,
  exportContacts,
  exportMergedRecords,
  exportPerson,
  exportPersonDetailChanges,
  fromRow,
  inTransaction,
  personErasedOn,
  subjectAccessSnapshot,
  userDisplayName,
  type ExportCaseRow,
  type Sql,
} from '@ehc/persistence';
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
      await subjectAccessSnapshot(tx);
      const person = await exportPerson(tx, personId);
      const mergedRecords = await exportMergedRecords(tx, personId);
      const contacts = await exportContacts(tx, personId);
      const caseRows = await exportCases(tx, personId);
      const cases: ExportedCase[] = [];
      for (const c of caseRows) cases.push(await this.oneCase(tx, c, cases.length + 1));
      const personIds = [personId, ...mergedRecords.map((m: { id: string }) => m.id)];
      const audit: ExportedAuditEntry[] = (
        await exportAudit(
          tx,
          cases.map((c) => c.id),
          personIds,
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
      const myName = await userDisplayName(tx, user.id);
      const personDetailChanges = (await exportPersonDetailChanges(tx, personIds)).map((x: any) => ({
        ...x,
        changedAt: iso(x.changedAt),
      }));
      // Erased under the retention policy: the details are gone, so only the record's id and dates are given, never blanks as if they were data.
      const erasedOn = await personErasedOn(tx, personId);
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
        generatedBy: { username: user.username, displayName: myName },
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

  private async oneCase(tx: Sql, c: ExportCaseRow, n: number): Promise<ExportedCase> {
    const events = await exportCaseEvents(tx, c.id);
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
    const deadlines = (await exportCaseDeadlines(tx, c.id)).map((d: any) => ({
      ...d,
      label: DEADLINE_LABELS[d.kind] ?? d.kind,
    }));
    const notes = (await exportCaseNotes(tx, c.id)).map((x: any) => ({ ...x, recordedAt: iso(x.recordedAt) }));
    const documents: ExportedDocument[] = (await exportCaseDocuments(tx, c.id)).map((d: any, i: number) => ({
      ...d,
      uploadedAt: iso(d.uploadedAt),
      file: `documents/${String(n).padStart(2, '0')}-${safeName(c.reference)}/${String(i + 1).padStart(3, '0')}-${safeName(d.title)}.${extensionOf(d.mediaType)}`,
    }));
    const letters = (await exportCaseLetters(tx, c.id)).map((l: any) => ({ ...l, recordedAt: iso(l.recordedAt) }));
    const childDetailChanges = (await exportCaseDetailChanges(tx, c.id)).map((x: any) => ({
      ...x,
      changedAt: iso(x.changedAt),
    }));
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
