import { DataSource, EntityManager } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { startApi, type ApiHarness } from '../security/api-harness.js';

/** The api's database is wired through @nestjs/typeorm (docs/architecture.md "Persistence"): one DataSource, its module's. */
describe('database through @nestjs/typeorm', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('typeormmod');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('provides the one initialised DataSource under TypeORM module tokens, and closes it with the app', async () => {
    const ds = h.app.get(DataSource);
    expect(h.app.get(getDataSourceToken())).toBe(ds);
    // The EntityManager exists only when TypeOrmModule provides the data source.
    expect(h.app.get(EntityManager)).toBe(ds.manager);
    expect(ds.isInitialized).toBe(true);
    expect(await ds.query(`SELECT current_user AS u`)).toEqual([{ u: 'ehc_app' }]);
    await h.app.close();
    expect(ds.isInitialized).toBe(false);
  });
});
