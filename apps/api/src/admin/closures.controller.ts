import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { ClosurePeriodView } from '@ehc/contracts';
import { badRequest } from '../common/domain-error.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { ClosureQueryDto, CreateClosureDto } from './dto/closure.dto.js';
import { ClosuresService } from './closures.service.js';

export const uuidParam = (what: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => badRequest(`The ${what} id in the URL must be a UUID`) });

/** Read by caseworkers and managers when the deadline engine proposes a school-closure exception. */
@ApiTags('closures')
@Controller('closures')
export class ClosuresController {
  constructor(@Inject(ClosuresService) private readonly closures: ClosuresService) {}

  @Get()
  @Roles('caseworker', 'team-manager', 'admin')
  @ApiOperation({ summary: 'School closure periods (LA-wide and per setting)' })
  list(@Query() q: ClosureQueryDto): Promise<ClosurePeriodView[]> {
    return this.closures.list(q);
  }
}

@ApiTags('admin')
@Controller('admin/closures')
@Roles('admin')
export class ClosuresAdminController {
  constructor(@Inject(ClosuresService) private readonly closures: ClosuresService) {}

  @Get()
  @ApiOperation({ summary: 'School closure calendars' })
  list(@Query() q: ClosureQueryDto): Promise<ClosurePeriodView[]> {
    return this.closures.list(q);
  }

  @Post()
  @ApiOperation({ summary: 'Add a closure period; reopensOn must be after closedFrom' })
  create(
    @CurrentUser() user: SessionUser,
    @Body() dto: CreateClosureDto,
    @Req() req: FastifyRequest,
  ): Promise<ClosurePeriodView> {
    return this.closures.create(user, dto, req.ip);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a closure period (exceptions already recorded on cases keep their own dates)' })
  remove(
    @CurrentUser() user: SessionUser,
    @Param('id', uuidParam('closure')) id: string,
    @Req() req: FastifyRequest,
  ): Promise<void> {
    return this.closures.remove(user, id, req.ip);
  }
}
