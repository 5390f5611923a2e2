// The deadline engine's clock. Every worker must agree on "now", and hosts drift, so the authority is the
// DATABASE clock (docs/architecture.md#deadline-jobs: BullMQ scores delays with the producer's clock and promotes with the
// worker's). Tests inject a compressed clock: database time mapped onto a virtual timeline that runs faster,
// so weeks of a case pass in seconds while the code path stays the production one.
import type { Sql } from '@ehc/persistence';

/**
 * A reading of the database clock that keeps time afterwards, for scheduling timers: BullMQ scores a delayed job
 * "producer's Date.now() + delay" at the moment it is added, so a delay must be computed from that moment, not from
 * when a batch began (every job would fire late by however long the batch took), nor from when a query's answer was
 * read (a busy event loop can sit on an answer for milliseconds).
 */
export interface ClockReading {
  now(): Date;
}

export abstract class DeadlineClock {
  /** Now, read from PostgreSQL (clock_timestamp(): the time after any lock wait, not the transaction start). */
  async now(sql: Sql): Promise<Date> {
    const rows = await sql.query(`SELECT clock_timestamp() AS now`);
    return this.fromDbNow(new Date(rows[0].now));
  }
  /** A running reading of this clock (one query), for work that schedules timers over a while. */
  async reading(sql: Sql): Promise<ClockReading> {
    const sentAt = Date.now();
    const rows = await sql.query(`SELECT clock_timestamp() AS now`);
    return this.readingAt(new Date(rows[0].now), sentAt);
  }
  /**
   * A running reading from a clock_timestamp() the caller selected in a query of its own (saves a round trip), sent
   * at host time `sentAt` and answered at `receivedAt`. The database read its clock at some host instant in between,
   * so its offset from the host clock lies in [dbNow − receivedAt, dbNow − sentAt]. Hosts kept in step (NTP) give 0:
   * the reading then runs on the host clock, exactly as BullMQ does; a larger skew is corrected to within the round trip.
   */
  readingAt(dbNow: Date, sentAt: number, receivedAt = Date.now()): ClockReading {
    const offset = Math.min(Math.max(0, dbNow.getTime() - receivedAt), dbNow.getTime() - sentAt);
    return { now: () => this.fromDbNow(new Date(Date.now() + offset)) };
  }
  /** This clock's "now" for a database clock_timestamp() (fromDb, unless the clock ignores the database). */
  fromDbNow(dbNow: Date): Date {
    return this.fromDb(dbNow);
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
  constructor(
    readonly virtualStart: Date,
    readonly realStart: Date,
    readonly factor: number,
  ) {
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
  override async reading(): Promise<ClockReading> {
    return { now: () => new Date(this.instant.getTime()) };
  }
  override fromDbNow(): Date {
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
