import { loadConfigOrExit, SystemClock, type AppConfig } from '@ehc/platform';
import { createDataSource, migrate } from '@ehc/persistence';
import type { DataSource } from 'typeorm';

/** Config + migrated database for a command-line tool; one readable line on a config error. */
export async function openForCli(name: string): Promise<{ config: AppConfig; ds: DataSource; today: string }> {
  const config = loadConfigOrExit();
  const ds = createDataSource(config.databaseUrl, { poolSize: 8, applicationName: `ehc-${name}` });
  try {
    await ds.initialize();
  } catch (e) {
    console.error(`Cannot reach PostgreSQL at DATABASE_URL (${(e as Error).message}). Start it, or run npm start, which starts one.`);
    process.exit(69);
  }
  await migrate(ds);
  return { config, ds, today: new SystemClock().today() };
}
