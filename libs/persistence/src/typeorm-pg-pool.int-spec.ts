import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { queryPrepared } from './sql.js';
import { pgPoolOf } from './typeorm-pg-pool.js';

// TypeORM's internals the persistence layer relies on: an initialised DataSource on PostgreSQL exposes its pg Pool
// as `driver.master`. If an upgrade moves it, this fails (and queryPrepared would silently lose its prepared statements).
describe("TypeORM's pg pool (typeorm-pg-pool.ts)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('pgpool');
  });
  afterAll(async () => db?.drop());

  it('is a pg Pool on an initialised DataSource', () => {
    const pool = pgPoolOf(db.dataSource);
    expect(pool).toBeInstanceOf(pg.Pool);
    expect(pool).toMatchObject({
      totalCount: expect.any(Number),
      idleCount: expect.any(Number),
      waitingCount: expect.any(Number),
    });
  });

  it('runs named prepared statements: the statement is prepared once per connection and reused', async () => {
    const text = 'SELECT $1::int + 1 AS n';
    expect(await queryPrepared(db.dataSource, 'typeorm-pg-pool-spec', text, [41])).toEqual([{ n: 42 }]);
    expect(await queryPrepared(db.dataSource, 'typeorm-pg-pool-spec', text, [1])).toEqual([{ n: 2 }]);
    const client = await (pgPoolOf(db.dataSource) as unknown as pg.Pool).connect();
    try {
      await client.query({ name: 'typeorm-pg-pool-spec', text, values: [0] });
      const prepared = await client.query(
        `SELECT count(*)::int AS c FROM pg_prepared_statements WHERE name = 'typeorm-pg-pool-spec'`,
      );
      expect(prepared.rows[0].c).toBe(1);
    } finally {
      client.release();
    }
  });

  it('is not used for anything but a DataSource (a transaction runs on its own query runner)', async () => {
    const runner = db.dataSource.createQueryRunner();
    try {
      expect(pgPoolOf(runner)).toBeUndefined();
      expect(await queryPrepared(runner, 'unused-name', 'SELECT 2 AS n', [])).toEqual([{ n: 2 }]);
    } finally {
      await runner.release();
    }
  });
});
