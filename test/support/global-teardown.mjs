// Drops every database this test run created (ehc_t_<runid>_*), even those of a file that crashed.
import pg from 'pg';

export default async function globalTeardown() {
  const run = process.env.TEST_RUN_ID;
  if (!run || process.env.TEST_KEEP_DATABASES) return;
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`ehc_t_${run}_%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
