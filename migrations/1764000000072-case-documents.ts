import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents of a case (advice reports, exception evidence, the draft and final plan, letters), stored in PostgreSQL
 * as chunked rows of at most 256 KiB, so an upload or a download streams chunk by chunk and never holds a whole
 * file in memory. A document may name the case event it evidences (an AdviceReceived its report, an
 * ExceptionRecorded its evidence). Documents are kept, not edited: a new version is a new document.
 */
export class CaseDocuments1764000000072 implements MigrationInterface {
  name = 'CaseDocuments1764000000072';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_document (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id      uuid NOT NULL REFERENCES ehc_case(id),
        kind         text NOT NULL CHECK (kind IN ('advice-report', 'exception-evidence', 'draft-plan', 'final-plan', 'letter', 'other')),
        title        text NOT NULL,
        media_type   text NOT NULL,               -- from the content's own signature, never the file name
        size_bytes   bigint NOT NULL,
        sha256       text NOT NULL,
        event_id     uuid REFERENCES case_event(event_id),   -- the event it evidences
        storage      text NOT NULL DEFAULT 'postgres',
        uploaded_by  text NOT NULL,
        uploaded_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX case_document_case ON case_document (case_id, uploaded_at DESC);
      CREATE INDEX case_document_event ON case_document (event_id) WHERE event_id IS NOT NULL;

      CREATE TABLE case_document_chunk (
        document_id  uuid NOT NULL REFERENCES case_document(id),
        seq          integer NOT NULL,
        data         bytea NOT NULL,
        PRIMARY KEY (document_id, seq)
      );
      -- Chunks are already compressed formats (PDF, images, zipped Word): do not spend CPU trying again.
      ALTER TABLE case_document_chunk ALTER COLUMN data SET STORAGE EXTERNAL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_document_chunk; DROP TABLE case_document;`);
  }
}
