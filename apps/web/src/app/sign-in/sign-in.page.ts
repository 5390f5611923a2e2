import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormField, form, required, submit } from '@angular/forms/signals';
import { Router } from '@angular/router';
import { firstError, summaryOf } from '../core/form-errors';
import type { FieldError } from '../core/problem';
import { toProblem } from '../core/problem';
import { Session, homeFor } from '../core/session';
import { ErrorSummary } from '../design-system/error-summary';
import { CouncilSignIn } from './council-sign-in';
import { NotificationBanner } from '../design-system/notification-banner';

@Component({
  selector: 'cw-sign-in-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormField, ErrorSummary, CouncilSignIn, NotificationBanner],
  template: `
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <cw-error-summary [errors]="errors()" />
        @if (timedOut()) {
          <cw-notification-banner title="Important">
            <p class="govuk-notification-banner__heading">You were signed out because you had not done anything for a while.</p>
            <p class="govuk-body">Sign in again to go back to the page you were on. Anything you had typed there has been kept.</p>
          </cw-notification-banner>
        }
        <h1 class="govuk-heading-l">Sign in</h1>
        <form novalidate (submit)="signIn($event)">
          <div class="govuk-form-group" [class.govuk-form-group--error]="shown(f.username)">
            <label class="govuk-label" for="username">Username</label>
            @if (shown(f.username); as message) {
              <p class="govuk-error-message" id="username-error"><span class="govuk-visually-hidden">Error:</span> {{ message }}</p>
            }
            <input class="govuk-input govuk-!-width-one-half" [class.govuk-input--error]="shown(f.username)" id="username"
                   type="text" autocomplete="username" spellcheck="false" [formField]="f.username"
                   [attr.aria-describedby]="shown(f.username) ? 'username-error' : null">
          </div>
          <div class="govuk-form-group" [class.govuk-form-group--error]="shown(f.password)">
            <label class="govuk-label" for="password">Password</label>
            @if (shown(f.password); as message) {
              <p class="govuk-error-message" id="password-error"><span class="govuk-visually-hidden">Error:</span> {{ message }}</p>
            }
            <input class="govuk-input govuk-!-width-one-half" [class.govuk-input--error]="shown(f.password)" id="password"
                   type="password" autocomplete="current-password" [formField]="f.password"
                   [attr.aria-describedby]="shown(f.password) ? 'password-error' : null">
          </div>
          <button type="submit" class="govuk-button" [disabled]="busy()">Sign in</button>
        </form>
        <cw-council-sign-in />
      </div>
    </div>
  `,
})
export class SignInPage {
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  /** Query parameters: the page to go back to after signing in, and whether the session had timed out. */
  readonly returnUrl = input<string | undefined>();
  readonly timedOut = input<string | undefined>();

  protected readonly model = signal({ username: '', password: '' });
  protected readonly f = form(this.model, (p) => {
    required(p.username, { message: 'Enter your username' });
    required(p.password, { message: 'Enter your password' });
  });
  protected readonly errors = signal<FieldError[]>([]);
  protected readonly busy = signal(false);

  /** Inline errors appear once the user has tried to submit (GOV.UK validates on submit, not as you type). */
  protected shown(field: typeof this.f.username): string | null {
    return field().touched() ? firstError(field) : null;
  }

  protected async signIn(event: Event): Promise<void> {
    event.preventDefault();
    await submit(this.f, {
      action: async () => {
        this.busy.set(true);
        this.errors.set([]);
        try {
          const me = await this.session.signIn(this.model());
          await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()) ?? homeFor(me.role));
        } catch (err) {
          // Never say which of the two was wrong.
          const message =
            err instanceof HttpErrorResponse && (err.status === 401 || err.status === 400)
              ? 'Enter a correct username and password'
              : toProblem(err).message;
          this.errors.set([{ fieldId: 'username', message }]);
        } finally {
          this.busy.set(false);
        }
        return undefined;
      },
      onInvalid: () => {
        this.errors.set(
          summaryOf([
            ['username', this.f.username],
            ['password', this.f.password],
          ]),
        );
      },
    });
  }
}

/** Only a path inside this app (never another site, "//host", or the sign-in page itself). */
export function safeReturnUrl(url: string | undefined): string | null {
  if (!url || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\') || url.startsWith('/sign-in'))
    return null;
  return url;
}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default SignInPage;
