import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@ehc/platform';
import type { Me } from '@ehc/contracts';
import { DomainError } from '../common/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import { dummyHash, verifyPassword } from './password.js';
import { LoginThrottle } from './login-throttle.js';
import { SessionService } from './session.service.js';
import { UserDirectory } from './user-directory.js';
import { clearFailedSignIns, countFailedSignIn, signInAccount } from '@ehc/persistence';
import { USERNAME } from './username.js';

/** Consecutive failures an account may have before its sign-in is slowed down. */
export const MAX_FAILED_ATTEMPTS = 5;
/** The first pause after MAX_FAILED_ATTEMPTS failures; it doubles with each further failure … */
export const FIRST_PAUSE_SECONDS = 5;
/** … up to this: an attacker can never keep an account (the admin's) closed for longer than this after their last try. */
export const MAX_PAUSE_SECONDS = 60;
/** A failure count left quiet this long starts afresh. */
export const FORGET_FAILURES_MINUTES = 15;

/**
 * The pause after `failures` consecutive failures of one account: none up to MAX_FAILED_ATTEMPTS, then 5, 10, 20, 40,
 * 60, 60 … seconds. Slowing down rather than locking: guessing one account (from any number of addresses) gets at
 * most one try a minute, while its owner, however persistent the attacker, waits at most a minute.
 */
export function pauseSeconds(failures: number): number {
  if (failures < MAX_FAILED_ATTEMPTS) return 0;
  return Math.min(MAX_PAUSE_SECONDS, FIRST_PAUSE_SECONDS * 2 ** (failures - MAX_FAILED_ATTEMPTS));
}

/**
 * One message for an unknown name, a wrong password, a disabled or a locked account, so the answer never tells an
 * attacker which usernames exist or which account they have locked. The audit trail records the real reason.
 */
export const SIGN_IN_FAILED =
  'Sign-in failed: check the username and password, or wait a minute if you tried several times';

export class TooManyAttempts extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      429,
      'TOO_MANY_ATTEMPTS',
      `Too many sign-in attempts from this address: wait ${retryAfterSeconds} seconds and try again`,
    );
  }
}

@Injectable()
export class LoginService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(LoginThrottle) private readonly throttle: LoginThrottle,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(UserDirectory) private readonly directory: UserDirectory,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async signIn(
    usernameInput: string,
    password: string,
    ip: string,
    userAgent: string | null,
  ): Promise<{ token: string; me: Me }> {
    const limit = await this.throttle.hit(ip);
    if (!limit.allowed) {
      await this.audit.record({
        user: null,
        action: 'auth.login-throttled',
        detail: { retryAfterSeconds: limit.retryAfterSeconds },
        ip,
      });
      throw new TooManyAttempts(limit.retryAfterSeconds);
    }
    const username = usernameInput.trim().toLowerCase();
    // A name that cannot be a username (control characters, quotes …) is simply unknown: same answer, no query.
    const account = USERNAME.test(username) ? await signInAccount(this.ds, username) : undefined;
    const failed = () => new DomainError(401, 'SIGN_IN_FAILED', SIGN_IN_FAILED);

    if (!account) {
      await verifyPassword(await dummyHash(), password); // same time as a real check
      // The attempted name is not recorded: people type their password into the username box.
      await this.audit.record({ user: null, action: 'auth.login-failed', detail: { reason: 'unknown-user' }, ip });
      throw failed();
    }
    const actor = { id: account.id, username: account.username, role: account.role };
    const now = this.clock.now();
    if (account.locked_until && account.locked_until > now) {
      // Paused (slow-down after repeated failures): the password is not even tried, so a guess made now is wasted.
      await verifyPassword(await dummyHash(), password);
      await this.audit.record({
        user: actor,
        action: 'auth.login-failed',
        detail: { reason: 'paused', pausedUntil: account.locked_until.toISOString() },
        ip,
      });
      throw failed();
    }
    const ok = await verifyPassword(account.password_hash, password);
    if (account.disabled) {
      await this.audit.record({ user: actor, action: 'auth.login-failed', detail: { reason: 'disabled' }, ip });
      throw failed();
    }
    if (!ok) {
      // Atomic, so parallel guesses cannot slip past the count. A count quiet for FORGET_FAILURES_MINUTES starts
      // afresh; from MAX_FAILED_ATTEMPTS on, each failure pauses the account's sign-in (pauseSeconds, in SQL).
      const after = await countFailedSignIn(this.ds, account.id, now, {
        maxFailedAttempts: MAX_FAILED_ATTEMPTS,
        firstPauseSeconds: FIRST_PAUSE_SECONDS,
        maxPauseSeconds: MAX_PAUSE_SECONDS,
        forgetFailuresMinutes: FORGET_FAILURES_MINUTES,
      });
      if (after && after.failed_attempts >= MAX_FAILED_ATTEMPTS) {
        await this.audit.record({
          user: actor,
          action: 'auth.slowed-down',
          detail: { failedAttempts: after.failed_attempts, pausedUntil: after.locked_until?.toISOString() ?? null },
          ip,
        });
      } else {
        await this.audit.record({
          user: actor,
          action: 'auth.login-failed',
          detail: { reason: 'wrong-password', failedAttempts: after?.failed_attempts ?? null },
          ip,
        });
      }
      throw failed();
    }
    // Success only if no parallel failure paused the account meanwhile.
    if (!(await clearFailedSignIns(this.ds, account.id, now))) {
      await this.audit.record({ user: actor, action: 'auth.login-failed', detail: { reason: 'paused' }, ip });
      throw failed();
    }
    const { token, sessionId } = await this.sessions.start(account.id, ip, userAgent);
    await this.audit.record({ user: actor, action: 'auth.login', detail: { session: sessionId.slice(0, 12) }, ip });
    const me = await this.directory.me(account.id);
    return { token, me: me! };
  }
}
