import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** The PersonRecord migration moves each case's child into a person; cases of one child (UPN + DOB) share one. */
describe('person record migration: existing children become people', () => {
  let db: TestDatabase;
  const q = (sql: string, p?: unknown[]) => db.dataSource.query(sql, p);
  beforeAll(async () => {
    db = await createTestDatabase('permig');
    while (Number((await q(`SELECT max(timestamp) AS t FROM schema_migration`))[0].t) >= 1764000000070)
      await db.dataSource.undoLastMigration();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('one person per child, cases of the same UPN and date of birth linked to one person, and new cases get a person by trigger', async () => {
    await q(`INSERT INTO team (id, name) VALUES ('t1', 'Team 1')`);
    const add = (id: string, ref: string, child: object) =>
      q(`INSERT INTO ehc_case (id, reference, team_id, child, version) VALUES ($1, $2, 't1', $3, 1)`, [
        id,
        ref,
        JSON.stringify(child),
      ]);
    await add('00000000-0000-4000-8000-000000000001', 'R-1', {
      givenName: 'Ann',
      familyName: 'Lee',
      dateOfBirth: '2015-01-01',
      upn: 'A123456789012',
      postcode: 'cv34 4rl',
    });
    await add('00000000-0000-4000-8000-000000000002', 'R-2', {
      givenName: 'Anne',
      familyName: 'Lee',
      dateOfBirth: '2015-01-01',
      upn: 'a123456789012',
    });
    await add('00000000-0000-4000-8000-000000000003', 'R-3', {
      givenName: 'Ann',
      familyName: 'Lee',
      dateOfBirth: '2015-01-01',
      school: 'Castle Primary',
    });
    await db.dataSource.runMigrations();

    const cases = await q(`SELECT reference, person_id FROM ehc_case ORDER BY reference`);
    expect(cases[0].person_id).toBe('00000000-0000-4000-8000-000000000001');
    expect(cases[1].person_id).toBe(cases[0].person_id); // same UPN and date of birth: the same child
    expect(cases[2].person_id).toBe('00000000-0000-4000-8000-000000000003'); // no UPN: its own record (a merge may join them)
    const people = await q(`SELECT given_name, upn, postcode, school_name FROM person ORDER BY id`);
    expect(people).toEqual([
      { given_name: 'Ann', upn: 'A123456789012', postcode: 'CV34 4RL', school_name: null },
      { given_name: 'Ann', upn: null, postcode: null, school_name: 'Castle Primary' },
    ]);
    await add('00000000-0000-4000-8000-000000000004', 'R-4', {
      givenName: 'Bo',
      familyName: 'Kim',
      dateOfBirth: '2016-02-02',
    });
    const [made] = await q(
      `SELECT p.given_name, p.date_of_birth::text AS dob FROM ehc_case c JOIN person p ON p.id = c.person_id WHERE c.reference = 'R-4'`,
    );
    expect(made).toEqual({ given_name: 'Bo', dob: '2016-02-02' });
    // A case with no child recorded still opens, with an empty person.
    await add('00000000-0000-4000-8000-000000000005', 'R-5', {});
    const [blank] = await q(
      `SELECT p.given_name, p.date_of_birth FROM ehc_case c JOIN person p ON p.id = c.person_id WHERE c.reference = 'R-5'`,
    );
    expect(blank).toEqual({ given_name: '', date_of_birth: null });
  });
});
