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

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MINUTES = 15;

/**
 * One message for an unknown name, a wrong password, a disabled or a locked account, so the answer never tells an
 * attacker which usernames exist or which account they have locked. The audit trail records the real reason.
 */
export const SIGN_IN_FAILED = 'Sign-in failed: check the username and password, or wait 15 minutes if you tried several times';

export class TooManyAttempts extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'TOO_MANY_ATTEMPTS', `Too many sign-in attempts from this address: wait ${retryAfterSeconds} seconds and try again`);
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

  async signIn(usernameInput: string, password: string, ip: string, userAgent: string | null): Promise<{ token: string; me: Me }> {
    const limit = await this.throttle.hit(ip);
    if (!limit.allowed) {
      await this.audit.record({ user: null, action: 'auth.login-throttled', detail: { retryAfterSeconds: limit.retryAfterSeconds }, ip });
      throw new TooManyAttempts(limit.retryAfterSeconds);
    }
    const username = usernameInput.trim().toLowerCase();
    // A name that cannot be a username (control characters, quotes …) is simply unknown: same answer, no query.
    const [account]: (AccountRow | undefined)[] = USERNAME.test(username)
      ? await this.ds.query(`SELECT id, username, role, password_hash, disabled, locked_until FROM app_user WHERE username = $1`, [username])
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
      await verifyPassword(await dummyHash(), password);
      await this.audit.record({ user: actor, action: 'auth.login-failed', detail: { reason: 'locked', lockedUntil: account.locked_until.toISOString() }, ip });
      throw failed();
    }
    const ok = await verifyPassword(account.password_hash, password);
    if (account.disabled) {
      await this.audit.record({ user: actor, action: 'auth.login-failed', detail: { reason: 'disabled' }, ip });
      throw failed();
    }
    if (!ok) {
      // Atomic, so parallel guesses cannot slip past the count. A lock that has run out starts a fresh count.
      const [after] = rowsOf<{ failed_attempts: number; locked_until: Date | null }>(await this.ds.query(
        `UPDATE app_user SET
           failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN 1 ELSE failed_attempts + 1 END,
           locked_until = CASE
             WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN 1 ELSE failed_attempts + 1 END) >= $4 THEN $3
             WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN NULL
             ELSE locked_until END
         WHERE id = $1 RETURNING failed_attempts, locked_until`,
        [account.id, now, new Date(now.getTime() + LOCK_MINUTES * 60_000), MAX_FAILED_ATTEMPTS]));
      if (after && after.failed_attempts === MAX_FAILED_ATTEMPTS) {
        await this.audit.record({ user: actor, action: 'auth.lockout', detail: { failedAttempts: after.failed_attempts, lockedUntil: after.locked_until?.toISOString() ?? null }, ip });
      } else {
        await this.audit.record({ user: actor, action: 'auth.login-failed', detail: { reason: 'wrong-password', failedAttempts: after?.failed_attempts ?? null }, ip });
      }
      throw failed();
    }
    // Success only if no parallel failure locked the account meanwhile.
    const cleared = rowsOf(await this.ds.query(
      `UPDATE app_user SET failed_attempts = 0, locked_until = NULL
        WHERE id = $1 AND NOT disabled AND (locked_until IS NULL OR locked_until <= $2) RETURNING id`, [account.id, now]));
    if (!cleared.length) {
      await this.audit.record({ user: actor, action: 'auth.login-failed', detail: { reason: 'locked' }, ip });
      throw failed();
    }
    const { token, sessionId } = await this.sessions.start(account.id, ip, userAgent);
    await this.audit.record({ user: actor, action: 'auth.login', detail: { session: sessionId.slice(0, 12) }, ip });
    const me = await this.directory.me(account.id);
    return { token, me: me! };
  }
}
