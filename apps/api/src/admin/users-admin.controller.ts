import { Body, Controller, Inject, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { UserView } from '@ehc/contracts';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { CreateUserDto, UpdateUserDto } from './dto/user-admin.dto.js';
import { UserAdminService } from './user-admin.service.js';
import { uuidParam } from './closures.controller.js';

@ApiTags('admin')
@Controller('admin/users')
@Roles('admin')
export class UsersAdminController {
  constructor(@Inject(UserAdminService) private readonly users: UserAdminService) {}

  @Post()
  @ApiOperation({ summary: 'Create a local account (password at least 12 characters); 409 if the username is taken' })
  create(@CurrentUser() admin: SessionUser, @Body() dto: CreateUserDto, @Req() req: FastifyRequest): Promise<UserView> {
    return this.users.create(admin, dto, req.ip);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change role, team, display name; disable; reset the password (ends their sessions); unlock',
  })
  update(
    @CurrentUser() admin: SessionUser,
    @Param('id', uuidParam('user')) id: string,
    @Body() dto: UpdateUserDto,
    @Req() req: FastifyRequest,
  ): Promise<UserView> {
    return this.users.update(admin, id, dto, req.ip);
  }
}
