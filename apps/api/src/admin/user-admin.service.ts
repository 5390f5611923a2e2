import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@ehc/platform';
import { insertAccount, otherActiveAdmins, updateAccount, userForUpdate, type Sql } from '@ehc/persistence';
import type { Role, UserView } from '@ehc/contracts';
import { DomainError, badRequest, notFound } from '../common/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import { hashPassword } from '../auth/password.js';
import { SessionService } from '../auth/session.service.js';
import { UserDirectory } from '../auth/user-directory.js';
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
      const u = await insertAccount(tx, {
        username: dto.username,
        displayName: dto.displayName,
        role: dto.role,
        teamId,
        passwordHash,
        createdAt: this.clock.now(),
        email: normaliseEmail(dto.email),
      });
      if (!u)
        throw new DomainError(409, 'USERNAME_TAKEN', `The username ${dto.username} is already taken: choose another`);
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
      const before = await userForUpdate(tx, id);
      if (!before) throw notFound('The user');
      const role = dto.role ?? before.role;
      const teamId = dto.teamId !== undefined ? dto.teamId : before.team_id;
      const disabled = dto.disabled ?? before.disabled;
      const email = dto.email !== undefined ? normaliseEmail(dto.email) : (before.email ?? null);
      await this.checkTeam(role, teamId, tx);
      if (before.role === 'admin' && !before.disabled && (role !== 'admin' || disabled)) {
        if ((await otherActiveAdmins(tx, id)) === 0)
          throw new DomainError(409, 'LAST_ADMIN', 'This is the only active admin: make another user an admin first');
      }
      await updateAccount(tx, id, {
        displayName: dto.displayName ?? before.display_name,
        role,
        teamId,
        disabled,
        passwordHash,
        unlock: passwordHash !== null || dto.unlock === true,
        email,
      });
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
