import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '@ehc/platform';
import { APP_CONFIG } from '../../database/database.module.js';
import { notFound } from '../../common/domain-error.js';
import { Public } from '../roles.decorator.js';
import { setSessionCookie } from '../session-cookie.js';
import { OidcService, OidcSignInRefused } from './oidc.service.js';

/** Where the browser lands after a refused council sign-in: the sign-in page, with a reason code (no details). */
export const SIGN_IN_PAGE = '/sign-in';

@ApiTags('auth')
@Controller('auth')
export class OidcController {
  constructor(
    @Inject(OidcService) private readonly oidc: OidcService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('providers')
  @Public()
  @ApiOperation({
    summary: "How one may sign in: local accounts always; the council's identity provider when configured",
  })
  providers(): { local: true; oidc: { label: string; loginUrl: string } | null } {
    const o = this.oidc.settings;
    return { local: true, oidc: o ? { label: o.buttonLabel, loginUrl: '/api/auth/oidc/login' } : null };
  }

  @Get('oidc/login')
  @Public()
  @ApiOperation({ summary: 'Council sign-in: redirects to the identity provider (authorization code + PKCE)' })
  async login(@Res() reply: FastifyReply): Promise<void> {
    if (!this.oidc.settings) throw notFound('Council sign-in');
    let url: URL;
    try {
      url = await this.oidc.start();
    } catch {
      // The provider did not answer (discovery): back to the sign-in page, where the password form still works.
      void reply.status(302).header('location', `${SIGN_IN_PAGE}?error=oidc-failed`).send();
      return;
    }
    void reply.status(302).header('location', url.toString()).send();
  }

  @Get('oidc/callback')
  @Public()
  @ApiOperation({
    summary: 'Council sign-in: the identity provider returns here; sets the session cookie and goes to the app',
  })
  async callback(
    @Query() query: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!this.oidc.settings) throw notFound('Council sign-in');
    try {
      const { token } = await this.oidc.finish(query, req.ip, req.headers['user-agent'] ?? null);
      setSessionCookie(reply, token, this.config);
      void reply.status(302).header('location', '/').send();
    } catch (e) {
      if (!(e instanceof OidcSignInRefused)) throw e;
      const code = e.reason === 'no-role' || e.reason === 'no-team' ? 'oidc-no-access' : 'oidc-failed';
      void reply.status(302).header('location', `${SIGN_IN_PAGE}?error=${code}`).send();
    }
  }
}
