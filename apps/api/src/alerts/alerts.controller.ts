import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { Clock, type AppConfig } from '@ehc/platform';
import { APP_CONFIG } from '../database/database.module.js';
import { SessionService } from '../auth/session.service.js';
import { sessionTokenOf } from '../auth/session-cookie.js';
import { Inject } from '@nestjs/common';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { badRequest } from '../common/domain-error.js';
import type { SessionUser } from '../auth/session-user.js';
import { AlertsService, type AlertViewWithLateness } from './alerts.service.js';
import { AlertStream } from './alert-stream.service.js';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class AlertListQueryDto {
  @IsOptional() @Transform(toBool) @IsBoolean({ message: 'unread must be true or false' }) unread?: boolean;
}

const uuid = new ParseUUIDPipe({ exceptionFactory: () => badRequest('The alert id in the URL must be a UUID') });

/** Heartbeat comments keep proxies from closing an idle stream. */
export const SSE_HEARTBEAT_MS = 15_000;

@ApiTags('alerts')
@Controller('alerts')
@Roles('caseworker', 'team-manager')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly stream: AlertStream,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'My deadline alerts (a manager also sees the team’s): unread first, newest first' })
  list(@CurrentUser() user: SessionUser, @Query() q: AlertListQueryDto): Promise<AlertViewWithLateness[]> {
    return this.alerts.list(user, q.unread === true);
  }

  @Get('stream')
  @ApiOperation({ summary: 'Server-sent events: each new alert for me as `event: alert` with an AlertView' })
  async sse(@CurrentUser() user: SessionUser, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let open = true;
    // The stream lives as long as the session that opened it, as the same user in the same role and team: it is
    // re-checked before every alert and every sessionRecheckSeconds, and the stream closes (with a last
    // `event: session-ended`) after sign-out, a disabled account, a role or team change, or the idle/absolute limit.
    const token = sessionTokenOf(req);
    const stillMine = async () => {
      const now = token ? await this.sessions.stillLive(token).catch(() => null) : null;
      return !!now && now.id === user.id && now.role === user.role && now.teamId === user.teamId;
    };
    let queue = Promise.resolve();
    const unsubscribe = await this.stream.subscribe(user, (a) => {
      queue = queue.then(async () => {
        if (!open) return;
        if (!(await stillMine())) return end(true);
        if (open) raw.write(`event: alert\nid: ${a.id}\ndata: ${JSON.stringify(a)}\n\n`);
      });
    });
    raw.write(': connected\n\n');
    const heartbeat = setInterval(() => {
      if (open) raw.write(': heartbeat\n\n');
    }, SSE_HEARTBEAT_MS);
    const recheck = setInterval(() => {
      queue = queue.then(async () => {
        if (open && !(await stillMine())) end(true);
      });
    }, this.config.sessionRecheckSeconds * 1000);
    const end = (sessionEnded: boolean) => {
      if (!open) return;
      open = false;
      clearInterval(heartbeat);
      clearInterval(recheck);
      unsubscribe();
      if (sessionEnded) raw.write('event: session-ended\ndata: {}\n\n');
      raw.end();
    };
    const close = () => end(false);
    req.raw.on('close', close);
    raw.on('close', close);
  }

  @Post('ack-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark every alert I can see read (for me only); answers `{marked}`, how many were unread' })
  ackAll(@CurrentUser() user: SessionUser): Promise<{ marked: number }> {
    return this.alerts.ackAll(user, this.clock.now());
  }

  @Post(':id/ack')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark an alert read (for me only)' })
  ack(@CurrentUser() user: SessionUser, @Param('id', uuid) id: string): Promise<AlertViewWithLateness> {
    return this.alerts.ack(user, id, this.clock.now());
  }
}
