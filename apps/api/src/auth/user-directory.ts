import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Me, TeamView, UserView } from '@ehc/contracts';
import { teamExists, teams, userById, usersOf, userWithTeamName, type Sql, type UserRow } from '@ehc/persistence';

export type { UserRow };

export const toUserView = (r: UserRow): UserView => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  teamId: r.team_id,
  disabled: r.disabled,
  ...(r.email !== undefined ? { email: r.email } : {}),
});

/** Read side of accounts and teams: who is who, for display and for the admin screens. */
@Injectable()
export class UserDirectory {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async me(userId: string): Promise<Me | null> {
    const r = await userWithTeamName(this.ds, userId);
    return r
      ? {
          id: r.id,
          username: r.username,
          displayName: r.display_name,
          role: r.role,
          teamId: r.team_id,
          teamName: r.team_name ?? null,
        }
      : null;
  }

  async user(userId: string, tx: Sql = this.ds, { withEmail = false } = {}): Promise<UserView | null> {
    const r = await userById(tx, userId, withEmail);
    return r ? toUserView(r) : null;
  }

  /** Users of one team, or everyone (teamId null); sorted by display name. */
  async users(teamId: string | null, { withEmail = false } = {}): Promise<UserView[]> {
    const rows = await usersOf(this.ds, teamId, withEmail);
    return rows.map(toUserView);
  }

  async teams(): Promise<TeamView[]> {
    return teams(this.ds);
  }

  async teamExists(teamId: string, tx: Sql = this.ds): Promise<boolean> {
    return teamExists(tx, teamId);
  }
}
