import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { signInAgain } from './api-interceptor';
import { FormDrafts } from './form-drafts';
import { Session } from './session';
import { SessionTimeout } from './session-timeout';

/**
 * The GOV.UK timeout warning: a modal dialog a few minutes before the session ends, with "Stay signed in" (which
 * renews the session) and "Sign out". Focus moves into the dialog and back to where it was when it closes; Escape
 * also keeps the person signed in. If the time runs out, what they had typed is kept and they are asked to sign
 * in again, then brought back to the same page with it.
 */
@Component({
  selector: 'cw-timeout-warning',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dialog class="cw-timeout-dialog" aria-labelledby="timeout-heading" aria-describedby="timeout-text" (cancel)="stay($event)">
      <h2 class="govuk-heading-m" id="timeout-heading" tabindex="-1">You’re about to be signed out</h2>
      <p class="govuk-body" id="timeout-text">For your security, we will sign you out in {{ left() }}. Anything you have typed will be kept.</p>
      <div class="govuk-button-group">
        <button type="button" class="govuk-button govuk-!-margin-bottom-0" (click)="stay()">Stay signed in</button>
        <a class="govuk-link" href="/sign-in" (click)="signOut($event)">Sign out</a>
      </div>
    </dialog>
  `,
})
export class TimeoutWarning {
  private readonly timeout = inject(SessionTimeout);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly http = inject(HttpClient);
  private readonly drafts = inject(FormDrafts);
  // The dialog by selector, not viewChild: signal queries would put their runtime in the initial JavaScript.
  private readonly host: HTMLElement = inject(ElementRef).nativeElement;
  private dialog(): HTMLDialogElement {
    return this.host.querySelector('dialog')!;
  }
  private returnFocus: HTMLElement | null = null;

  /** Whole minutes, rounded up ("2 minutes"); under a minute, "less than a minute" (no second-by-second noise). */
  protected readonly left = computed(() => {
    const ms = this.timeout.remaining() ?? 0;
    if (ms < 60_000) return 'less than a minute';
    const m = Math.ceil(ms / 60_000);
    return `${m} minute${m === 1 ? '' : 's'}`;
  });

  constructor() {
    effect(() => {
      const show = this.timeout.warning() && this.session.role() !== null;
      const d = this.dialog();
      if (show && !d.open) {
        this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        d.showModal();
        d.querySelector<HTMLElement>('#timeout-heading')?.focus();
      } else if (!show && d.open) {
        this.close();
      }
    });
    effect(() => {
      if (this.timeout.ended() && this.session.role() !== null) {
        if (this.dialog().open) this.close(false);
        signInAgain(this.router, this.session, this.timeout, this.drafts);
      }
    });
  }

  protected async stay(event?: Event): Promise<void> {
    event?.preventDefault();
    // Any signed-in request renews the session; the response's X-Session-Ends-At moves the countdown on.
    await firstValueFrom(this.http.get('/api/auth/me')).catch(() => undefined);
    this.close();
  }

  protected async signOut(event: Event): Promise<void> {
    event.preventDefault();
    this.close(false);
    this.drafts.discard();
    await this.session.signOut().catch(() => undefined);
    this.timeout.clear();
    await this.router.navigate(['/sign-in']);
  }

  private close(restoreFocus = true): void {
    const d = this.dialog();
    if (d.open) d.close();
    if (restoreFocus && this.returnFocus?.isConnected) this.returnFocus.focus();
    this.returnFocus = null;
  }
}
