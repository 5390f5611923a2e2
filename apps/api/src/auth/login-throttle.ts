import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@ehc/platform';
import { countSignInAttempt, forgetSignInAttempts } from '@ehc/persistence';

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
    const attempts = await countSignInAttempt(this.ds, ip, new Date(windowStart));
    // The first attempt of a window clears windows older than an hour (no job needed to keep the table small).
    if (attempts === 1) await forgetSignInAttempts(this.ds, new Date(windowStart - 3_600_000));
    if (attempts <= LOGIN_ATTEMPTS_PER_MINUTE) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + 60_000 - now) / 1000)) };
  }
}
