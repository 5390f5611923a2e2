import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@ehc/platform';
import type { Sql } from '@ehc/persistence';
import type { Role, UserView } from '@ehc/contracts';
import { DomainError, badRequest, notFound } from '../common/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import { hashPassword } from '../auth/password.js';
import { SessionService } from '../auth/session.service.js';
import { UserDirectory, type UserRow } from '../auth/user-directory.js';
import type { SessionUser } from '../auth/session-user.js';
import type { CreateUserDto, UpdateUserDto } from './dto/user-admin.dto.js';

/** Caseworkers and managers work on a team's cases, so they must belong to one. */
const NEEDS_TEAM: Role[] = ['caseworker', 'team-manager'];

/** Addresses compare case-insensitively in practice; store them trimmed and lower-case. */
const normaliseEmail = (e: string | null | undefined): string | null => (e ? e.trim().toLowerCase() : null);

const actorOf = (u: SessionUser) => ({ id: u.id, username: u.username, role: u.role });

@Injectable()
export class UserAdminService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(UserDirectory) private readonly directory: UserDirectory,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async create(admin: SessionUser, dto: CreateUserDto, ip: string): Promise<UserView> {
    const teamId = dto.teamId ?? null;
    await this.checkTeam(dto.role, teamId);
    const passwordHash = await hashPassword(dto.password);
    return this.ds.transaction(async (tx) => {
      const rows: UserRow[] = await tx.query(
        `INSERT INTO app_user (username, display_name, role, team_id, password_hash, created_at, email) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (username) DO NOTHING
         RETURNING id, username, display_name, role, team_id, disabled`,
        [dto.username, dto.displayName, dto.role, teamId, passwordHash, this.clock.now(), normaliseEmail(dto.email)],
      );
      if (!rows.length)
        throw new DomainError(409, 'USERNAME_TAKEN', `The username ${dto.username} is already taken: choose another`);
      const u = rows[0];
      await this.audit.record({
        tx,
        user: actorOf(admin),
        action: 'admin.user.create',
        detail: { userId: u.id, username: u.username, role: u.role, teamId, email: dto.email ? true : false },
        ip,
      });
      return (await this.directory.user(u.id, tx, { withEmail: true }))!;
    });
  }

  async update(admin: SessionUser, id: string, dto: UpdateUserDto, ip: string): Promise<UserView> {
    const fields = (['displayName', 'role', 'teamId', 'disabled', 'password', 'unlock', 'email'] as const).filter(
      (f) => dto[f] !== undefined,
    );
    if (!fields.length)
      throw badRequest(
        'Nothing to change: send one or more of displayName, role, teamId, disabled, password, unlock, email',
      );
    const passwordHash = dto.password !== undefined ? await hashPassword(dto.password) : null;
    return this.ds.transaction(async (tx) => {
      const [before]: UserRow[] = await tx.query(
        `SELECT id, username, display_name, role, team_id, disabled, email FROM app_user WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!before) throw notFound('The user');
      const role = dto.role ?? before.role;
      const teamId = dto.teamId !== undefined ? dto.teamId : before.team_id;
      const disabled = dto.disabled ?? before.disabled;
      const email = dto.email !== undefined ? normaliseEmail(dto.email) : (before.email ?? null);
      await this.checkTeam(role, teamId, tx);
      if (before.role === 'admin' && !before.disabled && (role !== 'admin' || disabled)) {
        // Serialise admin changes so two admins cannot demote each other at the same moment.
        await tx.query(`SELECT pg_advisory_xact_lock(724002)`);
        const [{ n }] = await tx.query(
          `SELECT count(*)::int AS n FROM app_user WHERE role = 'admin' AND NOT disabled AND id <> $1`,
          [id],
        );
        if (n === 0)
          throw new DomainError(409, 'LAST_ADMIN', 'This is the only active admin: make another user an admin first');
      }
      await tx.query(
        `UPDATE app_user SET display_name = $2, role = $3, team_id = $4, disabled = $5,
                password_hash = COALESCE($6, password_hash),
                failed_attempts = CASE WHEN $7 THEN 0 ELSE failed_attempts END,
                locked_until = CASE WHEN $7 THEN NULL ELSE locked_until END,
                email = $8
          WHERE id = $1`,
        [
          id,
          dto.displayName ?? before.display_name,
          role,
          teamId,
          disabled,
          passwordHash,
          passwordHash !== null || dto.unlock === true,
          email,
        ],
      );
      // A disabled account or a reset password must not leave a session running somewhere.
      if ((disabled && !before.disabled) || passwordHash) await this.sessions.revokeAllOf(id, tx);
      const changes: Record<string, unknown> = {};
      if (dto.displayName !== undefined && dto.displayName !== before.display_name) changes.displayName = true;
      if (role !== before.role) changes.role = { from: before.role, to: role };
      if (teamId !== before.team_id) changes.teamId = { from: before.team_id, to: teamId };
      if (disabled !== before.disabled) changes.disabled = { from: before.disabled, to: disabled };
      if (passwordHash) changes.passwordReset = true;
      if (dto.unlock) changes.unlocked = true;
      if (email !== (before.email ?? null)) changes.email = true; // that it changed, not the address
      await this.audit.record({
        tx,
        user: actorOf(admin),
        action: 'admin.user.update',
        detail: { userId: id, username: before.username, changes },
        ip,
      });
      return (await this.directory.user(id, tx, { withEmail: true }))!;
    });
  }

  private async checkTeam(role: Role, teamId: string | null, tx: Sql = this.ds): Promise<void> {
    if (NEEDS_TEAM.includes(role) && !teamId) {
      throw badRequest(`A ${role} must belong to a team: give teamId`, [
        { field: 'teamId', message: `required for the ${role} role` },
      ]);
    }
    if (teamId && !(await this.directory.teamExists(teamId, tx))) {
      throw badRequest(`There is no team ${teamId}`, [
        { field: 'teamId', message: 'must be the id of an existing team (GET /api/teams)' },
      ]);
    }
  }
}
