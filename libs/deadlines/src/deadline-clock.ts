// The deadline engine's clock. Every worker must agree on "now", and hosts drift, so the authority is the
// DATABASE clock (engineering-notes §4.2: BullMQ scores delays with the producer's clock and promotes with the
// worker's). Tests inject a compressed clock: database time mapped onto a virtual timeline that runs faster,
// so weeks of a case pass in seconds while the code path stays the production one.
import type { Sql } from '@ehc/persistence';

export abstract class DeadlineClock {
  /** Now, read from PostgreSQL (clock_timestamp(): the time after any lock wait, not the transaction start). */
  async now(sql: Sql): Promise<Date> {
    const rows = await sql.query(`SELECT clock_timestamp() AS now`);
    return this.fromDb(new Date(rows[0].now));
  }
  /** Maps a database timestamp onto this clock's timeline (identity in production). */
  abstract fromDb(t: Date): Date;
  /** Real milliseconds a timer must wait to cover `ms` of this clock's time. */
  abstract realMs(ms: number): number;
}

export class DatabaseClock extends DeadlineClock {
  fromDb(t: Date): Date {
    return t;
  }
  realMs(ms: number): number {
    return Math.max(0, Math.round(ms));
  }
}

/**
 * Virtual time = virtualStart + (dbTime − realStart) × factor. With factor 300,000 one real second is about
 * 3.5 days. For tests and demos only.
 */
export class CompressedClock extends DeadlineClock {
  constructor(readonly virtualStart: Date, readonly realStart: Date, readonly factor: number) {
    super();
    if (!(factor >= 1)) throw new Error('CompressedClock factor must be at least 1');
  }
  fromDb(t: Date): Date {
    return new Date(this.virtualStart.getTime() + (t.getTime() - this.realStart.getTime()) * this.factor);
  }
  realMs(ms: number): number {
    return Math.max(0, Math.ceil(ms / this.factor));
  }
}

/** A clock moved by hand (handler tests): ignores the database clock entirely. */
export class ManualClock extends DeadlineClock {
  constructor(private instant: Date) {
    super();
  }
  override async now(): Promise<Date> {
    return new Date(this.instant.getTime());
  }
  set(instant: Date | string): void {
    this.instant = new Date(instant);
  }
  fromDb(t: Date): Date {
    return t;
  }
  realMs(ms: number): number {
    return Math.max(0, Math.round(ms));
  }
}
