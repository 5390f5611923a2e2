import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '@ehc/contracts';
import { DomainError } from '../common/domain-error.js';
import { AuditService, isUuid } from '../audit/audit.service.js';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator.js';
import { SessionService } from './session.service.js';
import { sessionTokenOf } from './session-cookie.js';
import type { SessionUser } from './session-user.js';
import {
  CALLER_SESSION,
  CallerSession,
  SESSION_ENDS_HEADER,
  SESSION_IN_STATEMENT_KEY,
  SessionRefused,
} from './caller-session.js';

export { SESSION_ENDS_HEADER };

type GuardedRequest = FastifyRequest & { user?: SessionUser; [CALLER_SESSION]?: CallerSession };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_HEADER_VALUE = 'XMLHttpRequest';
/**
 * The one gate in front of every endpoint (registered as APP_GUARD), deny by default:
 * 1. a state-changing request must carry `X-Requested-With: XMLHttpRequest`: a cross-site form or image cannot set
 *    it, and a cross-site fetch that sets it needs a CORS pre-flight we never grant (with SameSite=Strict cookies);
 * 2. @Public() endpoints pass;
 * 3. everything else needs a live session (401 otherwise) and a role listed by @Roles() (403 otherwise);
 *    an endpoint with no @Roles() at all is refused to everyone, so a forgotten rule fails closed.
 * On a handler marked @SessionCheckedByStatement() (a case command), a session this process knows and whose role the
 * handler allows is checked by the command's own statement instead of one here (CallerSession); the answer to a
 * session that is no longer live, or no longer that user or role, stays this guard's 401/403.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return false;
    const req = ctx.switchToHttp().getRequest<GuardedRequest>();
    if (!SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== CSRF_HEADER_VALUE) {
      throw new DomainError(
        403,
        'CSRF_HEADER_MISSING',
        `A ${req.method} request must carry the header X-Requested-With: XMLHttpRequest (the web app sends it)`,
      );
    }
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const token = sessionTokenOf(req);
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const admit = () => this.admit(req, reply, token, roles);
    if (token && this.reflector.get<boolean | undefined>(SESSION_IN_STATEMENT_KEY, ctx.getHandler())) {
      const claim = this.sessions.claimOf(token);
      const endsAt = this.sessions.endsAt.bind(this.sessions);
      if (claim && roles?.includes(claim.user.role)) {
        req.user = claim.user;
        req[CALLER_SESSION] = new CallerSession(req, reply, claim.check, admit, endsAt);
        return true;
      }
      await admit();
      req[CALLER_SESSION] = new CallerSession(req, reply, null, admit, endsAt);
      return true;
    }
    await admit();
    return true;
  }

  /** Authenticates the session and checks the role: sets req.user, or throws the 401/403 (SessionRefused). */
  private async admit(
    req: GuardedRequest,
    reply: FastifyReply,
    token: string | null,
    roles: Role[] | undefined,
  ): Promise<SessionUser> {
    const user = token ? await this.sessions.authenticate(token) : null;
    if (!user) {
      req.user = undefined;
      throw new SessionRefused(
        401,
        'UNAUTHENTICATED',
        'You are not signed in, or your session has ended: sign in again',
      );
    }
    req.user = user;
    // The web app shows the GOV.UK timeout warning from this (the session cookie is httpOnly, so it cannot look).
    if (user.sessionEndsAt) void reply.header(SESSION_ENDS_HEADER, user.sessionEndsAt);

    if (!roles?.length || !roles.includes(user.role)) {
      const route = req.routeOptions?.url ?? null;
      const id = (req.params as Record<string, unknown> | undefined)?.id;
      await this.audit.record({
        user,
        action: 'access.denied',
        caseId: route?.startsWith('/api/cases/:id') && isUuid(id) ? id : null,
        // A person's record is named by its id too (a refused subject access export says whose it was).
        detail: {
          method: req.method,
          route,
          ...(route?.startsWith('/api/persons/:id') && isUuid(id) ? { personId: id } : {}),
        },
        ip: req.ip,
      });
      throw new SessionRefused(
        403,
        'FORBIDDEN',
        roles?.length
          ? `Your role (${user.role}) may not do this; it is open to: ${roles.join(', ')}`
          : 'This endpoint has no access rule, so it is closed to everyone',
      );
    }
    return user;
  }
}
