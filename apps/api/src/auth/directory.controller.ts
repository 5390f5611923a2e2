import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TeamView, UserView } from '@ehc/contracts';
import { DomainError } from '../common/domain-error.js';
import { ALL_ROLES, CurrentUser, Roles } from './roles.decorator.js';
import type { SessionUser } from './session-user.js';
import { UsersQueryDto } from './dto/login.dto.js';
import { UserDirectory } from './user-directory.js';

@ApiTags('directory')
@Controller()
export class DirectoryController {
  constructor(@Inject(UserDirectory) private readonly directory: UserDirectory) {}

  @Get('teams')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Every team (id and name)' })
  teams(): Promise<TeamView[]> {
    return this.directory.teams();
  }

  /** Caseworkers and managers see their own team (display names, assignment); admins see everyone. */
  @Get('users')
  @Roles('caseworker', 'team-manager', 'admin')
  @ApiOperation({ summary: 'Users of my team (admin: of any team, or all)' })
  users(@CurrentUser() user: SessionUser, @Query() q: UsersQueryDto): Promise<UserView[]> {
    if (user.role === 'admin') return this.directory.users(q.team ?? null, { withEmail: true });
    if (!user.teamId) return Promise.resolve([]);
    if (q.team && q.team !== user.teamId) {
      throw new DomainError(403, 'FORBIDDEN', `You can list only your own team's users (${user.teamId})`);
    }
    return this.directory.users(user.teamId);
  }
}
