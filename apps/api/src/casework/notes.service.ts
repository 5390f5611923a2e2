import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inTransaction } from '@ehc/persistence';
import { Clock } from '@ehc/platform';
import type { CaseNote } from '@ehc/contracts';
import { AuditService } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/session-user.js';
import { DomainError } from '../common/domain-error.js';
import { assertCaseVisible } from './case-access.js';
import type { NoteDto } from './dto/note.dto.js';

const NOTE_COLUMNS = `n.id, n.kind, n.occurred_on::text AS "occurredOn", n.with_whom AS "withWhom", n.summary, n.corrects, n.author,
  u.display_name AS "authorName", n.recorded_at AS "recordedAt", (SELECT c.id FROM case_note c WHERE c.corrects = n.id) AS "correctedBy"`;

const clean = (rows: Record<string, unknown>[]) =>
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
    return clean(
      await this.ds.query(
        `SELECT ${NOTE_COLUMNS} FROM case_note n LEFT JOIN app_user u ON u.username = n.author WHERE n.case_id = $1
        ORDER BY n.occurred_on DESC, n.recorded_at DESC`,
        [caseId],
      ),
    );
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
        const [earlier] = await tx.query(
          `SELECT id, (SELECT 1 FROM case_note c WHERE c.corrects = n.id) AS corrected FROM case_note n WHERE n.id = $1 AND n.case_id = $2 FOR SHARE`,
          [dto.corrects, caseId],
        );
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
      const [row] = await tx.query(
        `INSERT INTO case_note (case_id, kind, occurred_on, with_whom, summary, corrects, author) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          caseId,
          dto.kind,
          dto.occurredOn,
          dto.withWhom?.trim() || null,
          dto.summary.trim(),
          dto.corrects ?? null,
          user.username,
        ],
      );
      await this.audit.record({
        user,
        action: dto.corrects ? 'case.note-correct' : 'case.note-add',
        caseId,
        detail: { noteId: row.id, kind: dto.kind, corrects: dto.corrects ?? null },
        tx,
      });
      return row.id as string;
    }); // two corrections of one note at once: the unique index decides (ALREADY_CORRECTED, common/persistence-errors.ts)
    return (await this.list(user, caseId)).find((n) => n.id === id)!;
  }

  /** Words anywhere in who or the summary (English stemming), or the text as typed (a name, a part of a word). */
  async search(user: SessionUser, caseId: string, text: string): Promise<CaseNote[]> {
    await assertCaseVisible(this.ds, user, caseId);
    const like = `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return clean(
      await this.ds.query(
        `SELECT ${NOTE_COLUMNS} FROM case_note n LEFT JOIN app_user u ON u.username = n.author
        WHERE n.case_id = $1 AND (n.search @@ websearch_to_tsquery('english', $2) OR n.summary ILIKE $3 OR n.with_whom ILIKE $3)
        ORDER BY n.occurred_on DESC, n.recorded_at DESC`,
        [caseId, text.trim(), like],
      ),
    );
  }
}
