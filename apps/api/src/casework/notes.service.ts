import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  caseNotes,
  inTransaction,
  insertCaseNote,
  noteToCorrect,
  searchCaseNotes,
  type CaseNoteRow,
} from '@ehc/persistence';
import { Clock } from '@ehc/platform';
import type { CaseNote } from '@ehc/contracts';
import { AuditService } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/session-user.js';
import { DomainError } from '../common/domain-error.js';
import { assertCaseVisible } from './case-access.js';
import type { NoteDto } from './dto/note.dto.js';

const clean = (rows: CaseNoteRow[]) =>
  rows.map(
    (r) =>
      Object.fromEntries(
        Object.entries(r).filter(([k, v]) => v !== null || k === 'correctedBy' || k === 'authorName'),
      ) as unknown as CaseNote,
  );

/** Case notes and the contact log: append-only, corrected by newer notes, audited, searchable within the case. */
@Injectable()
export class NotesService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(user: SessionUser, caseId: string): Promise<CaseNote[]> {
    await assertCaseVisible(this.ds, user, caseId);
    return clean(await caseNotes(this.ds, caseId));
  }

  async add(user: SessionUser, caseId: string, dto: NoteDto): Promise<CaseNote> {
    const today = this.clock.today();
    if (dto.occurredOn > today) {
      throw new DomainError(422, 'DATE_IN_FUTURE', `occurredOn must be today (${today}) or earlier`, {
        errors: [{ field: 'occurredOn', message: `occurredOn must be today (${today}) or earlier` }],
      });
    }
    const id = await inTransaction(this.ds, async (tx) => {
      await assertCaseVisible(tx, user, caseId);
      if (dto.corrects) {
        // Lock the note corrected, so two corrections of it cannot both pass this check.
        const earlier = await noteToCorrect(tx, caseId, dto.corrects);
        if (!earlier)
          throw new DomainError(422, 'UNKNOWN_REFERENCE', 'corrects must be the id of an earlier note of this case', {
            errors: [{ field: 'corrects', message: 'no note of this case has that id' }],
          });
        if (earlier.corrected)
          throw new DomainError(
            409,
            'ALREADY_CORRECTED',
            'That note has already been corrected: correct the newest version instead',
            { errors: [{ field: 'corrects', message: 'correct the newest version of the note' }] },
          );
      }
      const noteId = await insertCaseNote(tx, {
        caseId,
        kind: dto.kind,
        occurredOn: dto.occurredOn,
        withWhom: dto.withWhom?.trim() || null,
        summary: dto.summary.trim(),
        corrects: dto.corrects ?? null,
        author: user.username,
      });
      await this.audit.record({
        user,
        action: dto.corrects ? 'case.note-correct' : 'case.note-add',
        caseId,
        detail: { noteId, kind: dto.kind, corrects: dto.corrects ?? null },
        tx,
      });
      return noteId;
    }); // two corrections of one note at once: the unique index decides (ALREADY_CORRECTED, common/persistence-errors.ts)
    return (await this.list(user, caseId)).find((n) => n.id === id)!;
  }

  /** Words anywhere in who or the summary (English stemming), or the text as typed (a name, a part of a word). */
  async search(user: SessionUser, caseId: string, text: string): Promise<CaseNote[]> {
    await assertCaseVisible(this.ds, user, caseId);
    return clean(await searchCaseNotes(this.ds, caseId, text));
  }
}
