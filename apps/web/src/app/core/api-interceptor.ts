import { HttpErrorResponse, HttpResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, tap, throwError } from 'rxjs';
import { FormDrafts } from './form-drafts';
import { Session } from './session';
import { SessionTimeout } from './session-timeout';

/**
 * Every API call carries `X-Requested-With`: the server refuses writes without it (a cross-site form
 * cannot set it, so it is our CSRF defence alongside the SameSite session cookie).
 * Each signed-in response says when the session ends (the timeout warning counts down to it).
 * A 401 anywhere means the session is over: keep what was typed on the page, forget the user and go to the
 * sign-in page, which brings the person back here afterwards.
 */
export const apiInterceptor: HttpInterceptorFn = (req, next) => {
  const session = inject(Session);
  const router = inject(Router);
  const timeout = inject(SessionTimeout);
  const drafts = inject(FormDrafts);
  const isAuthProbe = req.url.startsWith('/api/auth/');
  return next(req.clone({ setHeaders: { 'X-Requested-With': 'XMLHttpRequest' } })).pipe(
    tap((event) => {
      if (event instanceof HttpResponse) timeout.noteEndsAt(event.headers.get('X-Session-Ends-At'));
    }),
    catchError((err: unknown) => {
      if (err instanceof HttpErrorResponse && err.status === 401 && !isAuthProbe) {
        signInAgain(router, session, timeout, drafts);
      }
      return throwError(() => err);
    }),
  );
};

/** The session has ended: keep the page's input, then ask the person to sign in and come back to this page. */
export function signInAgain(router: Router, session: Session, timeout: SessionTimeout, drafts: FormDrafts): void {
  const returnUrl = router.url;
  if (returnUrl.startsWith('/sign-in')) return;
  const me = session.me();
  if (me) drafts.capture(returnUrl, me.id);
  session.expired();
  timeout.clear();
  void router.navigate(['/sign-in'], { queryParams: { returnUrl, timedOut: 1 } });
}
