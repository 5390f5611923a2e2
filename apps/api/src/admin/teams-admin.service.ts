import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  inTransaction,
  insertTeam,
  renameTeam,
  teamForAdmin,
  teamNameForUpdate,
  teamsForAdmin,
  type Sql,
} from '@ehc/persistence';
import type { TeamAdminView } from '@ehc/contracts';
import { AuditService } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/session-user.js';
import { DomainError, notFound } from '../common/domain-error.js';
import type { CreateTeamDto, RenameTeamDto } from './dto/team.dto.js';
import { teamCalled, tidyTeamName } from './team-names.js';

const actorOf = (u: SessionUser) => ({ id: u.id, username: u.username, role: u.role });

/**
 * The council's teams (docs/operations.md#teams): an admin lists, adds and renames them. A team's id never changes
 * (users, cases and the council sign-in's team map refer to it); its name may. Ids and names are unique, names
 * whatever their case and spacing; a duplicate is refused with 409 naming the field. Every change is audited.
 */
@Injectable()
export class TeamsAdminService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  list(db: Sql = this.ds): Promise<TeamAdminView[]> {
    return teamsForAdmin(db);
  }

  private async one(db: Sql, id: string): Promise<TeamAdminView> {
    const t = await teamForAdmin(db, id);
    if (!t) throw notFound(`The team ${id}`);
    return t;
  }

  private async refuseTakenName(tx: Sql, name: string, exceptId: string | null): Promise<void> {
    const other = await teamCalled(tx, name, exceptId);
    if (other) {
      throw new DomainError(
        409,
        'TEAM_NAME_TAKEN',
        `Another team (${other}) is already called ${name}: choose another name`,
        { errors: [{ field: 'name', message: `another team (${other}) is already called ${name}` }] },
      );
    }
  }

  async create(admin: SessionUser, dto: CreateTeamDto, ip: string): Promise<TeamAdminView> {
    const name = tidyTeamName(dto.name);
    return inTransaction(this.ds, async (tx) => {
      await this.refuseTakenName(tx, name, null);
      if (!(await insertTeam(tx, dto.id, name))) {
        throw new DomainError(
          409,
          'TEAM_ID_TAKEN',
          `There is already a team with the id ${dto.id}: choose another id`,
          { errors: [{ field: 'id', message: `there is already a team with the id ${dto.id}` }] },
        );
      }
      await this.audit.record({
        tx,
        user: actorOf(admin),
        action: 'admin.team.create',
        detail: { teamId: dto.id, teamName: name },
        ip,
      });
      return this.one(tx, dto.id);
    });
  }

  async rename(admin: SessionUser, id: string, dto: RenameTeamDto, ip: string): Promise<TeamAdminView> {
    const name = tidyTeamName(dto.name);
    return inTransaction(this.ds, async (tx) => {
      const before = await teamNameForUpdate(tx, id);
      if (before === undefined) throw notFound(`The team ${id}`);
      await this.refuseTakenName(tx, name, id);
      await renameTeam(tx, id, name);
      await this.audit.record({
        tx,
        user: actorOf(admin),
        action: 'admin.team.rename',
        detail: { teamId: id, from: before, to: name },
        ip,
      });
      return this.one(tx, id);
    });
  }
}
