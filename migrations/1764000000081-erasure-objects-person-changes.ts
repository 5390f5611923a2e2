import type { MigrationInterface, QueryRunner } from 'typeorm';
import { erasePersonalDataSql } from './1764000000080-retention-erasure.js';

/** Queues the object-store keys of the case's documents (letters' PDFs are documents too) before their rows go. */
export const QUEUE_OBJECTS = `          INSERT INTO document_object_erasure (object_key, person_id)
            SELECT object_key, p_person FROM case_document WHERE case_id = c AND object_key IS NOT NULL ON CONFLICT DO NOTHING;
`;
/** Changes of the child's details made from the person's record have no case: they go by the person. */
export const PERSON_CHANGES = `        DELETE FROM child_detail_change WHERE person_id = ANY(people);
        UPDATE retention_review SET erased_on = p_on WHERE person_id = p_person;
`;

/**
 * Erasure after object storage and person-page changes (docs/operations.md#retention-and-erasure):
 *
 * - Documents whose bytes are in the object store (DOCUMENT_STORAGE=s3, migration DocumentObjectStorage; a letter's PDF
 *   is such a document) lose their row in erase_personal_data, but a function in PostgreSQL cannot reach the bucket. So
 *   the function writes each such object's key into document_object_erasure, in the same transaction as it deletes the
 *   rows, and the worker's erasure job deletes the objects after that transaction commits, and only then the queue
 *   rows. A worker that dies midway leaves the keys queued; every run of the job drains the queue first. A key is a
 *   random id (nothing about the child); person_id only says whose erasure queued it.
 * - child_detail_change rows made from the person's record have no case (migration PersonDetailChange): the function
 *   now deletes every change of the person and of the records merged into it, not only those of their cases.
 * - retention_review.erased_on: the date the data was erased on (the function's p_on, as each case's
 *   personal_data_erased_on), for a person with no case as well (the subject access export says it).
 */
export class ErasureObjectsPersonChanges1764000000081 implements MigrationInterface {
  name = 'ErasureObjectsPersonChanges1764000000081';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document_object_erasure (
        object_key  text PRIMARY KEY,
        person_id   uuid NOT NULL REFERENCES person(id),
        queued_at   timestamptz NOT NULL DEFAULT now()
      );
      -- Only the erasure function queues keys; the worker reads and drains the queue.
      REVOKE INSERT, UPDATE ON document_object_erasure FROM ehc_app;
      ALTER TABLE retention_review ADD COLUMN erased_on date;
      UPDATE retention_review SET erased_on = (erased_at AT TIME ZONE 'Europe/London')::date WHERE status = 'erased';
      ${erasePersonalDataSql('CREATE OR REPLACE', { beforeDocuments: QUEUE_OBJECTS, beforePerson: PERSON_CHANGES })}
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ${erasePersonalDataSql('CREATE OR REPLACE')}
      ALTER TABLE retention_review DROP COLUMN erased_on;
      DROP TABLE document_object_erasure;
    `);
  }
}
