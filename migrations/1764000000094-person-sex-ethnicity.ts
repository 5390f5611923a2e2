import type { MigrationInterface, QueryRunner } from 'typeorm';
import { erasePersonalDataSql } from './1764000000080-retention-erasure.js';
import { PERSON_CHANGES, QUEUE_OBJECTS } from './1764000000081-erasure-objects-person-changes.js';

/**
 * SEN2 module 1 asks for the child's sex and ethnicity (docs/sen2.md#module-1-person): the person record keeps them as
 * DfE's codes (sex M, F, U; ethnicity a main CBDS code such as WBRI). Ethnicity is special category data (UK GDPR art.
 * 9): erasure (docs/operations.md#retention-and-erasure) clears both with the rest of the person's details, so
 * erase_personal_data is made again with them.
 */
const SEX_AND_ETHNICITY = `        UPDATE person SET sex = NULL, ethnicity = NULL WHERE id = ANY(people);
`;

export class PersonSexEthnicity1764000000094 implements MigrationInterface {
  name = 'PersonSexEthnicity1764000000094';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE person ADD COLUMN sex text CHECK (sex IN ('M', 'F', 'U')),
                         ADD COLUMN ethnicity text CHECK (ethnicity ~ '^[A-Z]{4}$');
      ${erasePersonalDataSql('CREATE OR REPLACE', {
        beforeDocuments: QUEUE_OBJECTS,
        beforePerson: PERSON_CHANGES + SEX_AND_ETHNICITY,
      })}
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ${erasePersonalDataSql('CREATE OR REPLACE', { beforeDocuments: QUEUE_OBJECTS, beforePerson: PERSON_CHANGES })}
      ALTER TABLE person DROP COLUMN ethnicity, DROP COLUMN sex;
    `);
  }
}
