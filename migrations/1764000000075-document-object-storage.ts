import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents' bytes may live in an S3-compatible object store (docs/casework.md#documents). The metadata row stays
 * here and says where its bytes are: `storage` 'postgres' (the case_document_chunk rows) or 's3' with the object's
 * key — a random id that carries nothing about the child. Documents stored before a switch keep their storage and
 * are read from where they are.
 */
export class DocumentObjectStorage1764000000075 implements MigrationInterface {
  name = 'DocumentObjectStorage1764000000075';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE case_document ADD COLUMN object_key text;
      ALTER TABLE case_document ADD CONSTRAINT case_document_storage_kind CHECK (storage IN ('postgres', 's3'));
      ALTER TABLE case_document ADD CONSTRAINT case_document_object_key CHECK ((storage = 's3') = (object_key IS NOT NULL));
      CREATE UNIQUE INDEX case_document_object_key_unique ON case_document (object_key) WHERE object_key IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX case_document_object_key_unique;
      ALTER TABLE case_document DROP CONSTRAINT case_document_object_key, DROP CONSTRAINT case_document_storage_kind, DROP COLUMN object_key;
    `);
  }
}
