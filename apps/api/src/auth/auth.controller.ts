import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Me } from '@ehc/contracts';
import type { AppConfig } from '@ehc/platform';
import { APP_CONFIG } from '../database/database.module.js';
import { notFound } from '../common/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import { ALL_ROLES, CurrentUser, Public, Roles } from './roles.decorator.js';
import type { SessionUser } from './session-user.js';
import { LoginDto } from './dto/login.dto.js';
import { LoginService, TooManyAttempts } from './login.service.js';
import { SessionService } from './session.service.js';
import { UserDirectory } from './user-directory.js';
import { clearSessionCookie, sessionTokenOf, setSessionCookie } from './session-cookie.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(LoginService) private readonly login: LoginService,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(UserDirectory) private readonly directory: UserDirectory,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in: sets the httpOnly session cookie; 401 with one message for every failure; 429 when rate-limited',
  })
  async signIn(
    @Body() dto: LoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Me> {
    try {
      const { token, me } = await this.login.signIn(
        dto.username,
        dto.password,
        req.ip,
        req.headers['user-agent'] ?? null,
      );
      setSessionCookie(reply, token, this.config);
      return me;
    } catch (e) {
      if (e instanceof TooManyAttempts) void reply.header('retry-after', String(e.retryAfterSeconds));
      throw e;
    }
  }

  /** Public so that signing out always works and always clears the cookie; the session row is revoked for good. */
  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Sign out: ends the session on the server (the old cookie no longer works) and clears the cookie',
  })
  async signOut(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const token = sessionTokenOf(req);
    const userId = token ? await this.sessions.revoke(token) : null;
    clearSessionCookie(reply, this.config);
    if (userId) {
      const u = await this.directory.user(userId);
      await this.audit.record({
        user: u && { id: u.id, username: u.username, role: u.role },
        action: 'auth.logout',
        ip: req.ip,
      });
    }
  }

  @Get('me')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Who I am: role and team' })
  async me(@CurrentUser() user: SessionUser): Promise<Me> {
    const me = await this.directory.me(user.id);
    if (!me) throw notFound('Your account');
    return me;
  }
}
