import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Me, Role, TeamView, UserView } from '@ehc/contracts';
import type { Sql } from '@ehc/persistence';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  team_id: string | null;
  disabled: boolean;
  email?: string | null;
}

export const toUserView = (r: UserRow): UserView => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  teamId: r.team_id,
  disabled: r.disabled,
  ...(r.email !== undefined ? { email: r.email } : {}),
});

const USER_COLUMNS = 'u.id, u.username, u.display_name, u.role, u.team_id, u.disabled';
/** Staff e-mail addresses are for admins (and the digest) only: team lists show names, not addresses. */
const ADMIN_COLUMNS = `${USER_COLUMNS}, u.email`;

/** Read side of accounts and teams: who is who, for display and for the admin screens. */
@Injectable()
export class UserDirectory {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async me(userId: string): Promise<Me | null> {
    const [r] = await this.ds.query(
      `SELECT ${USER_COLUMNS}, t.name AS team_name FROM app_user u LEFT JOIN team t ON t.id = u.team_id WHERE u.id = $1`,
      [userId],
    );
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
    const [r] = await tx.query(`SELECT ${withEmail ? ADMIN_COLUMNS : USER_COLUMNS} FROM app_user u WHERE u.id = $1`, [
      userId,
    ]);
    return r ? toUserView(r) : null;
  }

  /** Users of one team, or everyone (teamId null); sorted by display name. */
  async users(teamId: string | null, { withEmail = false } = {}): Promise<UserView[]> {
    const columns = withEmail ? ADMIN_COLUMNS : USER_COLUMNS;
    const rows: UserRow[] = teamId
      ? await this.ds.query(
          `SELECT ${columns} FROM app_user u WHERE u.team_id = $1 ORDER BY u.display_name, u.username`,
          [teamId],
        )
      : await this.ds.query(`SELECT ${columns} FROM app_user u ORDER BY u.display_name, u.username`);
    return rows.map(toUserView);
  }

  async teams(): Promise<TeamView[]> {
    return this.ds.query(`SELECT id, name FROM team ORDER BY name, id`);
  }

  async teamExists(teamId: string, tx: Sql = this.ds): Promise<boolean> {
    return (await tx.query(`SELECT 1 FROM team WHERE id = $1`, [teamId])).length > 0;
  }
}
