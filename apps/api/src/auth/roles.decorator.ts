import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@ehc/contracts';
import type { SessionUser } from './session-user.js';
import { unverifiedCaller } from './caller-session.js';

export const ROLES_KEY = 'ehc:roles';
export const PUBLIC_KEY = 'ehc:public';

/** Every role: for endpoints any signed-in user may call (their own profile, the team list). */
export const ALL_ROLES: readonly Role[] = ['caseworker', 'team-manager', 'board', 'admin'];

/** Which roles may call this endpoint. Deny by default: an endpoint without @Roles or @Public is refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** No sign-in needed (health, sign-in itself). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): SessionUser => {
  const req = ctx.switchToHttp().getRequest<{ user?: SessionUser }>();
  if (!req.user) throw new Error('CurrentUser used on an endpoint without authentication');
  // A claimed session (@SessionCheckedByStatement) is not a signed-in user until verified: take @Caller() there.
  if (unverifiedCaller(req)) throw new Error('CurrentUser used on a session not yet verified: use @Caller()');
  return req.user;
});
