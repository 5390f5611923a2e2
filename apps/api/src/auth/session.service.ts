import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hash, randomBytes } from 'node:crypto';
import { Clock, type AppConfig } from '@ehc/platform';
import { insertSession, queryPrepared, revokeSession, revokeSessionsOf, type Sql } from '@ehc/persistence';
import type { Role } from '@ehc/contracts';
import { APP_CONFIG } from '../database/database.module.js';
import type { SessionUser } from './session-user.js';

/**
 * The database keeps only the token's hash: a copy of the table cannot be replayed as a session. One-shot hash (no
 * Hash object): this runs on every request, and building the object was most of its cost in the api's profile.
 */
export const sessionIdOf = (token: string): string => hash('sha256', token, 'hex');

/**
 * Server-side sessions in PostgreSQL. Every request re-reads the session and the account, so sign-out, a disabled
 * account, a password reset or a role change take effect on the very next request, on every api replica.
 */
@Injectable()
export class SessionService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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
    const rows: {
      id: string;
      username: string;
      display_name: string;
      role: Role;
      team_id: string | null;
      session_id: string;
      last_seen_at: Date;
      expires_at: Date;
    }[] = await queryPrepared(
      this.ds,
      'ehc_authenticate_ends',
      `WITH live AS (
         SELECT s.id AS session_id, s.last_seen_at, s.expires_at, u.id, u.username, u.display_name, u.role, u.team_id
           FROM user_session s JOIN app_user u ON u.id = s.user_id
          WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND s.last_seen_at > $3 AND NOT u.disabled
       ), touch AS (
         UPDATE user_session SET last_seen_at = $2 FROM live
          WHERE user_session.id = live.session_id AND live.last_seen_at < $4
       )
       SELECT id, username, display_name, role, team_id, session_id, last_seen_at, expires_at FROM live`,
      [sessionIdOf(token), now, idleSince, touchBefore],
    );
    const u = rows[0];
    if (!u) return null;
    // When the session will end if nothing else happens: idle from the (possibly just refreshed) last-seen time, or
    // the absolute limit, whichever is sooner. The web app warns before it (the GOV.UK timeout warning).
    const lastSeen = new Date(u.last_seen_at) < touchBefore ? now : new Date(u.last_seen_at);
    const endsAt = Math.min(
      lastSeen.getTime() + this.config.sessionIdleMinutes * 60_000,
      new Date(u.expires_at).getTime(),
    );
    return {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      role: u.role,
      teamId: u.team_id,
      sessionId: u.session_id,
      sessionEndsAt: new Date(endsAt).toISOString(),
    };
  }

  /**
   * The user of a live session, like authenticate() but without touching the idle timer: for a long-lived
   * connection (the alert stream) re-checking its session, which must not keep the session alive by itself.
   */
  async stillLive(token: string): Promise<SessionUser | null> {
    const now = this.clock.now();
    const idleSince = new Date(now.getTime() - this.config.sessionIdleMinutes * 60_000);
    const rows: {
      id: string;
      username: string;
      display_name: string;
      role: Role;
      team_id: string | null;
      session_id: string;
    }[] = await queryPrepared(
      this.ds,
      'ehc_session_still_live',
      `SELECT u.id, u.username, u.display_name, u.role, u.team_id, s.id AS session_id
         FROM user_session s JOIN app_user u ON u.id = s.user_id
        WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND s.last_seen_at > $3 AND NOT u.disabled`,
      [sessionIdOf(token), now, idleSince],
    );
    const u = rows[0];
    return u
      ? {
          id: u.id,
          username: u.username,
          displayName: u.display_name,
          role: u.role,
          teamId: u.team_id,
          sessionId: u.session_id,
        }
      : null;
  }

  /** Ends one session for good; returns its user id when it was live. */
  async revoke(token: string): Promise<string | null> {
    return revokeSession(this.ds, sessionIdOf(token), this.clock.now());
  }

  /** Ends every session of a user (account disabled, password reset). */
  async revokeAllOf(userId: string, tx: Sql = this.ds): Promise<void> {
    await revokeSessionsOf(tx, userId, this.clock.now());
  }
}
