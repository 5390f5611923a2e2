import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@ehc/platform';
import type { Me, Role } from '@ehc/contracts';
import { DomainError } from '../common/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import { dummyHash, verifyPassword } from './password.js';
import { LoginThrottle } from './login-throttle.js';
import { SessionService } from './session.service.js';
import { UserDirectory } from './user-directory.js';
import { rowsOf } from './rows.js';
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

interface AccountRow {
  id: string;
  username: string;
  role: Role;
  password_hash: string;
  disabled: boolean;
  locked_until: Date | null;
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
    const [account]: (AccountRow | undefined)[] = USERNAME.test(username)
      ? await this.ds.query(
          `SELECT id, username, role, password_hash, disabled, locked_until FROM app_user WHERE username = $1`,
          [username],
        )
      : [];
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
      const [after] = rowsOf<{ failed_attempts: number; locked_until: Date | null }>(
        await this.ds.query(
          `WITH n AS (
           SELECT CASE WHEN locked_until IS NOT NULL AND locked_until <= $2::timestamptz - make_interval(mins => $5::int)
                       THEN 1 ELSE failed_attempts + 1 END AS failures
             FROM app_user WHERE id = $1 FOR UPDATE
         )
         UPDATE app_user SET
           failed_attempts = n.failures,
           locked_until = CASE WHEN n.failures >= $3::int
             THEN $2::timestamptz + make_interval(secs => least($4::int, $6::int * power(2, n.failures - $3::int)))
             ELSE locked_until END
         FROM n WHERE id = $1 RETURNING failed_attempts, locked_until`,
          [account.id, now, MAX_FAILED_ATTEMPTS, MAX_PAUSE_SECONDS, FORGET_FAILURES_MINUTES, FIRST_PAUSE_SECONDS],
        ),
      );
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
    const cleared = rowsOf(
      await this.ds.query(
        `UPDATE app_user SET failed_attempts = 0, locked_until = NULL
        WHERE id = $1 AND NOT disabled AND (locked_until IS NULL OR locked_until <= $2) RETURNING id`,
        [account.id, now],
      ),
    );
    if (!cleared.length) {
      await this.audit.record({ user: actor, action: 'auth.login-failed', detail: { reason: 'paused' }, ip });
      throw failed();
    }
    const { token, sessionId } = await this.sessions.start(account.id, ip, userAgent);
    await this.audit.record({ user: actor, action: 'auth.login', detail: { session: sessionId.slice(0, 12) }, ip });
    const me = await this.directory.me(account.id);
    return { token, me: me! };
  }
}
