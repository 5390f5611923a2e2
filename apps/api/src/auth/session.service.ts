import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hash, randomBytes } from 'node:crypto';
import { Clock, type AppConfig } from '@ehc/platform';
import {
  authenticateSession,
  insertSession,
  liveSession,
  revokeSession,
  revokeSessionsOf,
  type CallerCheck,
  type CheckedSession,
  type Sql,
} from '@ehc/persistence';
import type { Role } from '@ehc/contracts';
import { APP_CONFIG } from '../database/database.module.js';
import type { SessionUser } from './session-user.js';

/**
 * The database keeps only the token's hash: a copy of the table cannot be replayed as a session. One-shot hash (no
 * Hash object): this runs on every request, and building the object was most of its cost in the api's profile.
 */
export const sessionIdOf = (token: string): string => hash('sha256', token, 'hex');

/**
 * What a session claims to be, from this process's last authenticate() of it: never proof. A command statement checks
 * it itself (CommandPreconditions.caller: the session still live and still this user, role and team), in place of a
 * session statement of its own before it; anything else first authenticates (CallerSession).
 */
export interface SessionClaim {
  user: SessionUser;
  check: CallerCheck;
}

interface KnownSession {
  user: SessionUser;
  /** last_seen_at as the database has it after authenticate() (refreshed or not), and expires_at; epoch ms. */
  lastSeenAt: number;
  expiresAt: number;
}

/** How many sessions' claims this process remembers (the oldest is forgotten first: it then authenticates again). */
const KNOWN_SESSIONS_MAX = 10_000;
/**
 * A claim is offered only while the session's idle timer is younger than this. authenticate() refreshes the timer
 * once it is a minute old, and a command statement never writes the session: so a session in steady use goes through
 * authenticate() at least once a minute and the idle limit keeps counting from its real last use.
 */
const CLAIM_FRESH_MS = 50_000;

/**
 * Server-side sessions in PostgreSQL. Every request re-reads the session and the account, so sign-out, a disabled
 * account, a password reset or a role change take effect on the very next request, on every api replica: by its own
 * statement (authenticate), or, for a case command, inside the command's statement (claimOf).
 */
@Injectable()
export class SessionService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private readonly known = new Map<string, KnownSession>();

  /** When a session ends unless used again: idle from its last-seen time, or its absolute limit, whichever is sooner. */
  endsAt(s: CheckedSession): string {
    return new Date(
      Math.min(s.lastSeenAt.getTime() + this.config.sessionIdleMinutes * 60_000, s.expiresAt.getTime()),
    ).toISOString();
  }

  /**
   * The user this session had when this process last authenticated it, with the check a command statement makes of
   * it; null when unknown here, or when the idle timer would need refreshing (then the caller authenticates).
   */
  claimOf(token: string): SessionClaim | null {
    const sessionId = sessionIdOf(token);
    const k = this.known.get(sessionId);
    if (!k) return null;
    const now = this.clock.now();
    if (now.getTime() - k.lastSeenAt >= CLAIM_FRESH_MS || now.getTime() >= k.expiresAt) return null;
    const u = k.user;
    return {
      user: u,
      check: {
        sessionId,
        userId: u.id,
        username: u.username,
        role: u.role as Role,
        teamId: u.teamId,
        now,
        idleSince: new Date(now.getTime() - this.config.sessionIdleMinutes * 60_000),
      },
    };
  }

  private remember(id: string, k: KnownSession | null): void {
    this.known.delete(id);
    if (!k) return;
    this.known.set(id, k);
    if (this.known.size > KNOWN_SESSIONS_MAX) this.known.delete(this.known.keys().next().value!);
  }

  /** Starts a session; returns the token for the cookie (never stored). */
  async start(
    userId: string,
    ip: string | null,
    userAgent: string | null,
    tx: Sql = this.ds,
  ): Promise<{ token: string; sessionId: string }> {
    const token = randomBytes(32).toString('base64url');
    const id = sessionIdOf(token);
    const now = this.clock.now();
    const expires = new Date(now.getTime() + this.config.sessionAbsoluteHours * 3_600_000);
    await insertSession(tx, {
      id,
      userId,
      at: now,
      expiresAt: expires,
      ip,
      userAgent: userAgent ? userAgent.slice(0, 256) : null,
    });
    return { token, sessionId: id };
  }

  /**
   * The user of a live session, touching its idle timer; null when the token is unknown, revoked, idle longer than
   * sessionIdleMinutes, older than sessionAbsoluteHours, or the account is disabled.
   */
  async authenticate(token: string): Promise<SessionUser | null> {
    const now = this.clock.now();
    const idleSince = new Date(now.getTime() - this.config.sessionIdleMinutes * 60_000);
    // The idle timer is refreshed at most once a minute: a read-only request then costs no durable write
    // (a statement that changes no row commits without a WAL flush), and a 30-minute idle limit loses nothing.
    const touchBefore = new Date(now.getTime() - 60_000);
    const id = sessionIdOf(token);
    const u = await authenticateSession(this.ds, id, now, idleSince, touchBefore);
    if (!u) {
      this.remember(id, null);
      return null;
    }
    // When the session will end if nothing else happens: idle from the (possibly just refreshed) last-seen time, or
    // the absolute limit, whichever is sooner. The web app warns before it (the GOV.UK timeout warning).
    const lastSeen = new Date(u.last_seen_at) < touchBefore ? now : new Date(u.last_seen_at);
    const expiresAt = new Date(u.expires_at);
    const user: SessionUser = {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      role: u.role as Role,
      teamId: u.team_id,
      sessionId: u.session_id,
    };
    this.remember(id, { user, lastSeenAt: lastSeen.getTime(), expiresAt: expiresAt.getTime() });
    return { ...user, sessionEndsAt: this.endsAt({ lastSeenAt: lastSeen, expiresAt }) };
  }

  /**
   * The user of a live session, like authenticate() but without touching the idle timer: for a long-lived
   * connection (the alert stream) re-checking its session, which must not keep the session alive by itself.
   */
  async stillLive(token: string): Promise<SessionUser | null> {
    const now = this.clock.now();
    const idleSince = new Date(now.getTime() - this.config.sessionIdleMinutes * 60_000);
    const u = await liveSession(this.ds, sessionIdOf(token), now, idleSince);
    return u
      ? {
          id: u.id,
          username: u.username,
          displayName: u.display_name,
          role: u.role as Role,
          teamId: u.team_id,
          sessionId: u.session_id,
        }
      : null;
  }

  /** Ends one session for good; returns its user id when it was live. */
  async revoke(token: string): Promise<string | null> {
    this.remember(sessionIdOf(token), null);
    return revokeSession(this.ds, sessionIdOf(token), this.clock.now());
  }

  /** Ends every session of a user (account disabled, password reset). */
  async revokeAllOf(userId: string, tx: Sql = this.ds): Promise<void> {
    // Not needed for safety (a claim is checked by the statement that uses it), only so the next request asks the database.
    for (const [id, k] of this.known) if (k.user.id === userId) this.known.delete(id);
    await revokeSessionsOf(tx, userId, this.clock.now());
  }
}
