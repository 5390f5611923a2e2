import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { Session } from './session';

/**
 * Every API call carries `X-Requested-With`: the server refuses writes without it (a cross-site form
 * cannot set it, so it is our CSRF defence alongside the SameSite session cookie).
 * A 401 anywhere means the session is over: forget the user and go to the sign-in page.
 */
export const apiInterceptor: HttpInterceptorFn = (req, next) => {
  const session = inject(Session);
  const router = inject(Router);
  const isAuthProbe = req.url.startsWith('/api/auth/');
  return next(req.clone({ setHeaders: { 'X-Requested-With': 'XMLHttpRequest' } })).pipe(
    catchError((err: unknown) => {
      if (err instanceof HttpErrorResponse && err.status === 401 && !isAuthProbe) {
        session.expired();
        void router.navigate(['/sign-in']);
      }
      return throwError(() => err);
    }),
  );
};
