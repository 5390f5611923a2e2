import {
  applyDecorators,
  createParamDecorator,
  Injectable,
  SetMetadata,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { catchError, concatMap, from, throwError, type Observable } from 'rxjs';
import type { CallerCheck, CheckedSession } from '@ehc/persistence';
import { DomainError } from '../common/domain-error.js';
import type { SessionUser } from './session-user.js';

export const SESSION_IN_STATEMENT_KEY = 'ehc:session-in-statement';
export const CALLER_SESSION = Symbol('ehc:caller-session');
/** On every signed-in response: when the session ends unless used again (ISO instant). */
export const SESSION_ENDS_HEADER = 'x-session-ends-at';

/**
 * The session guard's own refusal (401: no live session; 403: the role may not): the same answer whether the guard gave
 * it before the handler or a CallerSession's confirmation gave it later. The audit interceptor does not record it as
 * a refusal of the handler's action: it never reached the action (a 403 has its own access.denied row).
 */
export class SessionRefused extends DomainError {}

type CallerRequest = { user?: SessionUser; [CALLER_SESSION]?: CallerSession };

/**
 * The session of a request to a handler marked @SessionCheckedByStatement(). Either verified (the guard authenticated
 * it, as for every other handler), or a claim (SessionService.claimOf: the user this process last saw on the session),
 * which only the handler's one command statement may use, passing `check` to it: that statement writes only if the
 * session is still live and still that user, role and team, and then `checkedByStatement` marks it verified. Every
 * other way out of the request first verifies it (`confirm`, the same authentication and role check as the guard,
 * with the same 401/403): the handler before anything else it does, the SessionConfirmInterceptor on an error (a
 * 400 of a pipe, say) or on a result that was not verified. So a signed-out, disabled, expired or re-roled session
 * never gets more than a 401/403, and nothing is written for it.
 */
export class CallerSession {
  private verified: boolean;

  constructor(
    private readonly req: CallerRequest,
    private readonly reply: FastifyReply,
    /** The claim's check, or null when the guard authenticated the session already. */
    private readonly claimCheck: CallerCheck | null,
    /** The guard's authentication and role check: sets req.user, or throws SessionRefused. */
    private readonly authenticate: () => Promise<SessionUser>,
    private readonly endsAt: (s: CheckedSession) => string,
  ) {
    this.verified = !claimCheck;
  }

  /** The user: verified, or the claim's (checked by the command statement it is used in). */
  get user(): SessionUser {
    return this.req.user!;
  }

  get isVerified(): boolean {
    return this.verified;
  }

  /** What the command statement must check (CommandPreconditions.caller); undefined once verified. */
  get check(): CallerCheck | undefined {
    return this.verified ? undefined : (this.claimCheck ?? undefined);
  }

  /** The verified user: authenticates the session now unless it is verified already (401/403 as the guard). */
  async confirm(): Promise<SessionUser> {
    if (!this.verified) {
      await this.authenticate();
      this.verified = true;
    }
    return this.req.user!;
  }

  /** The command statement found the session live and the claim true (and read its timers). */
  checkedByStatement(s: CheckedSession): void {
    this.verified = true;
    void this.reply.header(SESSION_ENDS_HEADER, this.endsAt(s));
  }
}

/** The request's CallerSession (on a handler marked @SessionCheckedByStatement()). */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): CallerSession => {
  const c = ctx.switchToHttp().getRequest<CallerRequest>()[CALLER_SESSION];
  if (!c) throw new Error('Caller used on an endpoint without @SessionCheckedByStatement()');
  return c;
});

/** Whether this request's user is only claimed so far (@CurrentUser refuses to hand it out). */
export const unverifiedCaller = (req: object): boolean => {
  const c = (req as CallerRequest)[CALLER_SESSION];
  return !!c && !c.isVerified;
};

/** Verifies a claimed session before any answer leaves, but the one its command statement verified (CallerSession). */
@Injectable()
export class SessionConfirmInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const caller = ctx.switchToHttp().getRequest<CallerRequest>()[CALLER_SESSION];
    if (!caller) return next.handle();
    return next.handle().pipe(
      concatMap((result) => (caller.isVerified ? [result] : from(caller.confirm().then(() => result)))),
      catchError((err: unknown) =>
        caller.isVerified || err instanceof SessionRefused
          ? throwError(() => err)
          : from(caller.confirm()).pipe(concatMap(() => throwError(() => err))),
      ),
    );
  }
}

/**
 * The handler's one command statement checks the session itself (CommandPreconditions.caller), so a request from a
 * session this process knows costs one statement, not two. The handler takes @Caller() instead of @CurrentUser()
 * and must pass `caller.check` to its statement, or `confirm()` first.
 */
export const SessionCheckedByStatement = () =>
  applyDecorators(SetMetadata(SESSION_IN_STATEMENT_KEY, true), UseInterceptors(SessionConfirmInterceptor));
