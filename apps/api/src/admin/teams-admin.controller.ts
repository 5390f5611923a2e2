import { Body, Controller, Get, Inject, Param, Patch, PipeTransform, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { TeamAdminView } from '@ehc/contracts';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { badRequest } from '../common/domain-error.js';
import { CreateTeamDto, RenameTeamDto, TEAM_ID, TEAM_ID_RULE } from './dto/team.dto.js';
import { TeamsAdminService } from './teams-admin.service.js';

const teamIdParam: PipeTransform<string, string> = {
  transform: (v) => {
    if (!TEAM_ID.test(v)) throw badRequest(`The team id in the URL is not valid: ${TEAM_ID_RULE}`);
    return v;
  },
};

@ApiTags('admin')
@Controller('admin/teams')
@Roles('admin')
export class TeamsAdminController {
  constructor(@Inject(TeamsAdminService) private readonly teams: TeamsAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Every team, with its number of active users and of cases' })
  list(): Promise<TeamAdminView[]> {
    return this.teams.list();
  }

  @Post()
  @ApiOperation({ summary: 'Add a team; 409 if the id or the name (whatever its case) is taken' })
  create(
    @CurrentUser() admin: SessionUser,
    @Body() dto: CreateTeamDto,
    @Req() req: FastifyRequest,
  ): Promise<TeamAdminView> {
    return this.teams.create(admin, dto, req.ip);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename a team (its id never changes); 409 if another team has the name' })
  rename(
    @CurrentUser() admin: SessionUser,
    @Param('id', teamIdParam) id: string,
    @Body() dto: RenameTeamDto,
    @Req() req: FastifyRequest,
  ): Promise<TeamAdminView> {
    return this.teams.rename(admin, id, dto, req.ip);
  }
}
