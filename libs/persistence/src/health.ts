import type { Sql } from './sql.js';

/** Answers when the database answers a trivial statement (the health checks). */
export async function pingDatabase(sql: Sql): Promise<void> {
  await sql.query('SELECT 1');
}

/** Starts listening on a notification channel (a plain identifier) on this connection. */
export async function listenOn(sql: Sql, channel: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  await sql.query(`LISTEN ${channel}`);
}
