import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@ehc/platform';

/** Sign-in attempts allowed from one client address per clock minute. */
export const LOGIN_ATTEMPTS_PER_MINUTE = 20;

/**
 * Rate limit of sign-in per client address, counted in PostgreSQL (one upsert): shared by every api replica,
 * survives a restart, and uses the Clock like every other time check. It caps password guessing across many
 * accounts (the per-account lock-out caps guessing one account) and the CPU spent hashing.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Counts one attempt; when over the limit, says how many seconds until the next window. */
  async hit(ip: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
    const now = this.clock.now().getTime();
    const windowStart = Math.floor(now / 60_000) * 60_000;
    const [row]: { attempts: number }[] = await this.ds.query(
      `INSERT INTO login_throttle (ip, window_start, attempts) VALUES ($1, $2, 1)
       ON CONFLICT (ip, window_start) DO UPDATE SET attempts = login_throttle.attempts + 1
       RETURNING attempts`,
      [ip, new Date(windowStart)],
    );
    // The first attempt of a window clears windows older than an hour (no job needed to keep the table small).
    if (row.attempts === 1)
      await this.ds.query(`DELETE FROM login_throttle WHERE window_start < $1`, [new Date(windowStart - 3_600_000)]);
    if (row.attempts <= LOGIN_ATTEMPTS_PER_MINUTE) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + 60_000 - now) / 1000)) };
  }
}
