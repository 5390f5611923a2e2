import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { APP_DB_ROLE, createAppDataSource } from '@ehc/persistence';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The api and worker run as ehc_app, which may read and append to the two logs but never rewrite
 * them, nor switch off or get round their append-only triggers. Shown both ways the app can reach the role:
 * SET ROLE on the owner's connection (a developer's machine), and a login role granted ehc_app (DATABASE_APP_URL).
 */
describe('the runtime database role is least-privilege', () => {
  let db: TestDatabase;
  const pools: DataSource[] = [];
  const caseId = '00000000-0000-4000-8000-0000000000c1';

  beforeAll(async () => {
    db = await createTestDatabase('leastpriv');
    await db.dataSource.query(`INSERT INTO team (id, name) VALUES ('north', 'North')`);
    await db.dataSource.query(
      `INSERT INTO ehc_case (id, reference, team_id, child, version) VALUES ($1, 'LP-1', 'north', '{}', 1)`,
      [caseId],
    );
    await db.dataSource.query(
      `INSERT INTO case_event (event_id, case_id, version, type, business_date, data, actor) VALUES ($1, $2, 1, 'RequestReceived', '2025-03-03', '{"source":"parent"}', 'test')`,
      [randomUUID(), caseId],
    );
    // A login role for the DATABASE_APP_URL way, as a council's DBA would make it (no superuser, member of ehc_app).
    await db.dataSource.query(
      `DO $$ BEGIN CREATE ROLE ehc_app_login_test LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
    );
    await db.dataSource.query(`GRANT ${APP_DB_ROLE} TO ehc_app_login_test`);
  });
  afterAll(async () => {
    for (const p of pools) if (p.isInitialized) await p.destroy();
    await db?.drop();
  });

  const open = async (databaseAppUrl: string | null) => {
    const ds = createAppDataSource(
      { databaseUrl: db.url, databaseAppUrl },
      { poolSize: 1, applicationName: 'ehc-test-leastpriv' },
    );
    await ds.initialize();
    pools.push(ds);
    return ds;
  };
  const loginUrl = () => {
    const u = new URL(db.url);
    u.username = 'ehc_app_login_test';
    u.password = '';
    return u.toString();
  };

  describe.each([
    ['SET ROLE ehc_app', () => open(null)],
    ['a login role granted ehc_app', () => open(loginUrl())],
  ])('via %s', (_how, connect) => {
    let app: DataSource;
    beforeAll(async () => {
      app = await connect();
    });

    it('is not a superuser and does not own the logs', async () => {
      const [r] = await app.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`);
      expect(r.rolsuper).toBe(false);
      const owners = await app.query(
        `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname IN ('case_event', 'audit_event')`,
      );
      expect(owners.map((o: { owner: string }) => o.owner)).not.toContain(APP_DB_ROLE);
    });

    it('reads and appends to both logs', async () => {
      await app.query(`INSERT INTO audit_event (at, action) VALUES (now(), 'test.append')`);
      expect(
        (await app.query(`SELECT count(*)::int AS n FROM case_event WHERE case_id = $1`, [caseId]))[0].n,
      ).toBeGreaterThanOrEqual(1);
      expect((await app.query(`SELECT count(*)::int AS n FROM audit_event`))[0].n).toBeGreaterThanOrEqual(1);
    });

    it.each([
      ['UPDATE case_event', `UPDATE case_event SET actor = 'x'`],
      ['DELETE FROM case_event', `DELETE FROM case_event`],
      ['TRUNCATE case_event', `TRUNCATE case_event CASCADE`],
      ['UPDATE audit_event', `UPDATE audit_event SET action = 'x'`],
      ['DELETE FROM audit_event', `DELETE FROM audit_event`],
      ['TRUNCATE audit_event', `TRUNCATE audit_event`],
    ])('cannot %s (permission denied, not just the trigger)', async (_name, sql) => {
      await expect(app.query(sql)).rejects.toMatchObject({ code: '42501' });
    });

    it.each([
      ['disable the case_event triggers', `ALTER TABLE case_event DISABLE TRIGGER ALL`],
      ['disable the audit_event triggers', `ALTER TABLE audit_event DISABLE TRIGGER ALL`],
      ['bypass triggers with session_replication_role', `SET session_replication_role = replica`],
      ['drop the append-only trigger function', `DROP FUNCTION audit_event_is_append_only() CASCADE`],
    ])('cannot %s', async (_name, sql) => {
      await expect(app.query(sql)).rejects.toMatchObject({ code: '42501' });
    });

    it('leaves both logs as they were', async () => {
      expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM case_event WHERE actor = 'x'`))[0].n).toBe(0);
      expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'x'`))[0].n).toBe(0);
    });
  });

  it('the login role cannot leave ehc_app for anything stronger', async () => {
    const app = await open(loginUrl());
    await app.query(`RESET ROLE`);
    await expect(app.query(`UPDATE case_event SET actor = 'x'`)).rejects.toMatchObject({ code: '42501' });
    await expect(app.query(`SET ROLE postgres`)).rejects.toMatchObject({ code: '42501' });
  });
});
