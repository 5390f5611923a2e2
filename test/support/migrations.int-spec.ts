import { createTestDatabase, type TestDatabase } from './test-database.js';

describe('migrations: the case event log is append-only (docs/architecture.md invariant 1)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('migr');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('refuses UPDATE, DELETE and TRUNCATE on case_event, enforced by the database', async () => {
    const q = (sql: string, p?: unknown[]) => db.dataSource.query(sql, p);
    await q(`INSERT INTO team (id, name) VALUES ('t1', 'Team 1')`);
    await q(
      `INSERT INTO ehc_case (id, reference, team_id, child, version) VALUES ('00000000-0000-4000-8000-000000000001', 'R-1', 't1', '{"givenName":"Ann","familyName":"Test","dateOfBirth":"2015-01-01"}', 1)`,
    );
    await q(`INSERT INTO case_event (event_id, case_id, version, type, business_date, data, actor)
             VALUES ('00000000-0000-4000-8000-0000000000e1', '00000000-0000-4000-8000-000000000001', 1, 'RequestReceived', '2025-03-03', '{}', 'test')`);
    await expect(q(`UPDATE case_event SET business_date = '2025-03-04'`)).rejects.toThrow(/append-only/);
    await expect(q(`DELETE FROM case_event`)).rejects.toThrow(/append-only/);
    await expect(q(`TRUNCATE case_event CASCADE`)).rejects.toThrow(/append-only/);
    const rows = await q(`SELECT business_date::text AS d FROM case_event`);
    expect(rows).toEqual([{ d: '2025-03-03' }]);
  });

  it('refuses a second event with the same case version (optimistic lock) and the same event id (idempotency)', async () => {
    const q = (sql: string, p?: unknown[]) => db.dataSource.query(sql, p);
    await expect(
      q(`INSERT INTO case_event (event_id, case_id, version, type, business_date, data, actor)
             VALUES ('00000000-0000-4000-8000-0000000000e2', '00000000-0000-4000-8000-000000000001', 1, 'DecidedToAssess', '2025-03-10', '{}', 'test')`),
    ).rejects.toThrow(/duplicate key/);
    await expect(
      q(`INSERT INTO case_event (event_id, case_id, version, type, business_date, data, actor)
             VALUES ('00000000-0000-4000-8000-0000000000e1', '00000000-0000-4000-8000-000000000001', 2, 'DecidedToAssess', '2025-03-10', '{}', 'test')`),
    ).rejects.toThrow(/duplicate key/);
  });

  it('the covering event indexes keep the optimistic-lock constraint, and the newest migration reverts and re-applies', async () => {
    const q = (sql: string, p?: unknown[]) => db.dataSource.query(sql, p);
    const definitions = async () =>
      (await q(`SELECT indexdef FROM pg_indexes WHERE tablename = 'case_event' ORDER BY indexname`)).map(
        (r: { indexdef: string }) => r.indexdef.replace(/ ON public\./, ' ON '),
      );
    const migrated = await definitions();
    expect(migrated).toContain(
      'CREATE UNIQUE INDEX case_event_case_id_version_key ON case_event USING btree (case_id, version) INCLUDE (type, business_date, recorded_at)',
    );
    expect(migrated).toContain(
      'CREATE INDEX case_event_type_date ON case_event USING btree (type, business_date) INCLUDE (case_id, version)',
    );
    // Undo the later migrations (each must revert), then the covering indexes themselves.
    const applied = async () => (await q(`SELECT name FROM schema_migration ORDER BY id DESC LIMIT 1`))[0]?.name;
    while ((await applied()) !== 'CoveringEventIndexes1764000000004') await db.dataSource.undoLastMigration();
    await db.dataSource.undoLastMigration();
    expect(await definitions()).toContain(
      'CREATE UNIQUE INDEX case_event_case_id_version_key ON case_event USING btree (case_id, version)',
    );
    await db.dataSource.runMigrations();
    expect(await definitions()).toEqual(migrated);
  });
});
