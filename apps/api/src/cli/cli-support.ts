import { loadConfigOrExit, SystemClock, type AppConfig } from '@ehc/platform';
import { createDataSource, migrate } from '@ehc/persistence';
import type { DataSource } from 'typeorm';

/** `--help` (or `-h`): prints the usage and exits 0 before anything touches the database or the configuration. */
export function helpOrContinue(usage: string): void {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
}

/** Demo data never goes into a production database unless the operator insists (--force). */
export function refuseInProduction(what: string): void {
  if (process.env.NODE_ENV === 'production' && !process.argv.includes('--force')) {
    console.error(
      `Refusing to ${what} with NODE_ENV=production: demo data must not reach a council's database. Add --force to do it anyway.`,
    );
    process.exit(64);
  }
}

/** Config + migrated database for a command-line tool; one readable line on a config error. */
export async function openForCli(name: string): Promise<{ config: AppConfig; ds: DataSource; today: string }> {
  const config = loadConfigOrExit();
  const ds = createDataSource(config.databaseUrl, { poolSize: 8, applicationName: `ehc-${name}` });
  try {
    await ds.initialize();
  } catch (e) {
    console.error(
      `Cannot reach PostgreSQL at DATABASE_URL (${(e as Error).message}). Start it, or run npm start, which starts one.`,
    );
    process.exit(69);
  }
  await migrate(ds);
  return { config, ds, today: new SystemClock().today() };
}
