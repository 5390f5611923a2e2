import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import type { Role } from '@ehc/contracts';
import { Session, homeFor } from './session';

/** Lets the route open only for the given roles; others go to their own home, strangers to sign in. */
export function allowRoles(...roles: Role[]): CanActivateFn {
  return async (_route, state) => {
    const router = inject(Router);
    const me = await inject(Session)
      .load()
      .catch(() => null);
    // Signed out: sign in, then come back to the page asked for.
    if (!me) return router.createUrlTree(['/sign-in'], { queryParams: { returnUrl: state.url } });
    return roles.includes(me.role) ? true : router.parseUrl(homeFor(me.role));
  };
}

/** The empty path sends each role to its default home. */
export const roleHome: CanActivateFn = async () => {
  const router = inject(Router);
  const me = await inject(Session)
    .load()
    .catch(() => null);
  return router.parseUrl(me ? homeFor(me.role) : '/sign-in');
};
