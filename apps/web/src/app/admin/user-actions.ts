import { HttpClient } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import { FormField, type FieldTree, form, submit, validate } from '@angular/forms/signals';
import type { UserView } from '@ehc/contracts';
import { firstValueFrom } from 'rxjs';
import { firstError } from '../core/form-errors';
import { type FieldError, toProblem } from '../core/problem';
import { Session } from '../core/session';
import { PasswordInput } from '../design-system/password-input';
import { type SummaryRow, SummaryList } from '../design-system/summary-list';
import { checkOptionalEmail, checkPassword, problemFields, roleLabel, rule } from './user-rules';

/** What a PATCH /api/admin/users/:id may change here. */
export interface UserChange {
  email?: string | null;
  disabled?: boolean;
  password?: string;
  unlock?: boolean;
}

/** A change the server accepted: the user as it is now, and the sentence for the success banner. */
export interface UserChanged {
  user: UserView;
  message: string;
}

type Confirming = 'remove-email' | 'password' | 'disable' | null;

/** The ids the error summary links to, by the api's field names. */
const FIELD_IDS: Record<string, string> = { email: 'manage-email', password: 'manage-password' };

/**
 * One user's account actions, each a small form of its own: change or remove the e-mail address, reset the password,
 * unlock, disable or enable. The ones that lock someone out or lose something (disable, reset, remove the address)
 * ask again with a warning and a second button, as GOV.UK services do, instead of a browser dialog.
 */
@Component({
  selector: 'cw-user-actions',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormField, PasswordInput, SummaryList],
  template: `
    <div class="govuk-!-margin-bottom-9" id="manage-user">
      <h3 class="govuk-heading-s" id="manage-user-heading" tabindex="-1">Manage {{ user().displayName }}</h3>
      <cw-summary-list [rows]="facts()" />

      <h4 class="govuk-heading-s">E-mail address</h4>
      <form novalidate (submit)="saveEmail($event)">
        <div class="govuk-form-group" [class.govuk-form-group--error]="shown(ef.email)">
          <label class="govuk-label" for="manage-email">{{ user().email ? 'New e-mail address' : 'E-mail address' }}</label>
          <div class="govuk-hint" id="manage-email-hint">Where the daily digest of deadline alerts is sent</div>
          @if (shown(ef.email); as m) { <p class="govuk-error-message" id="manage-email-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
          <input class="govuk-input" [class.govuk-input--error]="shown(ef.email)" id="manage-email" type="email"
                 autocomplete="off" spellcheck="false" [formField]="ef.email"
                 [attr.aria-describedby]="shown(ef.email) ? 'manage-email-hint manage-email-error' : 'manage-email-hint'">
        </div>
        @if (confirming() === 'remove-email') {
          <div class="govuk-!-margin-bottom-6" id="confirm-remove-email" tabindex="-1">
            <div class="govuk-warning-text">
              <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>
                {{ user().displayName }} will no longer get the daily digest of deadline alerts by e-mail.</strong>
            </div>
            <div class="govuk-button-group">
              <button type="button" class="govuk-button govuk-button--warning" [disabled]="busy()" (click)="removeEmail()">Yes, remove the e-mail address</button>
              <button type="button" class="govuk-button govuk-button--secondary" (click)="cancel('remove-email-button')">Cancel</button>
            </div>
          </div>
        } @else {
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button" [disabled]="busy()">Save e-mail address</button>
            @if (user().email) {
              <button type="button" class="govuk-button govuk-button--secondary" id="remove-email-button" (click)="ask('remove-email')">Remove e-mail address</button>
            }
          </div>
        }
      </form>

      <h4 class="govuk-heading-s">Reset password</h4>
      <form novalidate (submit)="askPassword($event)">
        <cw-password-input inputId="manage-password" label="New password" [hint]="passwordHint()" [formField]="pf.password" [error]="shown(pf.password)" />
        @if (confirming() === 'password') {
          <div class="govuk-!-margin-bottom-6" id="confirm-password" tabindex="-1">
            <div class="govuk-warning-text">
              <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>
                {{ isMe() ? 'This signs you out everywhere, here too: sign in again with the new password.'
                          : 'This signs ' + user().displayName + ' out everywhere at once. They need the new password to sign in again.' }}</strong>
            </div>
            <div class="govuk-button-group">
              <button type="button" class="govuk-button govuk-button--warning" [disabled]="busy()" (click)="resetPassword()">Yes, reset the password</button>
              <button type="button" class="govuk-button govuk-button--secondary" (click)="cancel('reset-password-button')">Cancel</button>
            </div>
          </div>
        } @else {
          <button type="submit" class="govuk-button govuk-button--secondary" id="reset-password-button" [disabled]="busy()">Reset password</button>
        }
      </form>

      <h4 class="govuk-heading-s">Unlock account</h4>
      <p class="govuk-body">After 5 wrong passwords in a row an account is locked for a while. Unlocking lets {{ user().displayName }} sign in
        again now, with the same password.</p>
      <button type="button" class="govuk-button govuk-button--secondary" [disabled]="busy()" (click)="unlock()">Unlock account</button>

      @if (user().disabled) {
        <h4 class="govuk-heading-s">Enable account</h4>
        <p class="govuk-body">{{ user().displayName }} cannot sign in while the account is disabled.</p>
        <button type="button" class="govuk-button" id="enable-button" [disabled]="busy()" (click)="setDisabled(false)">Enable account</button>
      } @else {
        <h4 class="govuk-heading-s">Disable account</h4>
        <p class="govuk-body">A disabled account cannot sign in. Its cases and history stay as they are.</p>
        @if (confirming() === 'disable') {
          <div id="confirm-disable" tabindex="-1">
            <div class="govuk-warning-text">
              <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>
                {{ isMe() ? 'This is your own account: you will be signed out at once and will not be able to sign in again.'
                          : user().displayName + ' will be signed out at once and will not be able to sign in until the account is enabled again.' }}</strong>
            </div>
            <div class="govuk-button-group">
              <button type="button" class="govuk-button govuk-button--warning" [disabled]="busy()" (click)="setDisabled(true)">Yes, disable the account</button>
              <button type="button" class="govuk-button govuk-button--secondary" (click)="cancel('disable-button')">Cancel</button>
            </div>
          </div>
        } @else {
          <button type="button" class="govuk-button govuk-button--warning" id="disable-button" (click)="ask('disable')">Disable account</button>
        }
      }

      <p class="govuk-body"><a class="govuk-link" href="#users-table" (click)="close($event)">Back to the list of users</a></p>
    </div>
  `,
})
export class UserActions {
  private readonly http = inject(HttpClient);
  private readonly injector = inject(Injector);
  private readonly session = inject(Session);

  readonly user = input.required<UserView>();
  readonly teamName = input<string | null>(null);
  /** The server accepted a change. */
  readonly changed = output<UserChanged>();
  /** Lines for the page's error summary ([] clears it). */
  readonly problem = output<FieldError[]>();
  readonly closed = output<void>();

  protected readonly busy = signal(false);
  protected readonly confirming = signal<Confirming>(null);
  protected readonly isMe = computed(() => this.session.me()?.id === this.user().id);

  protected readonly emailModel = linkedSignal(() => ({ email: this.user().email ?? '' }));
  protected readonly ef = form(this.emailModel, (p) => {
    validate(p.email, ({ value }) =>
      value().trim() ? undefined : { kind: 'required', message: 'Enter an e-mail address' },
    );
    validate(p.email, rule(checkOptionalEmail));
  });
  protected readonly passwordModel = signal({ password: '' });
  protected readonly pf = form(this.passwordModel, (p) => validate(p.password, rule(checkPassword)));

  protected readonly passwordHint = computed(
    () =>
      `At least 12 characters: a passphrase of several words is best. Resetting it signs ${this.isMe() ? 'you' : this.user().displayName} out and clears a lock-out.`,
  );

  protected readonly facts = computed<SummaryRow[]>(() => {
    const u = this.user();
    return [
      { key: 'Username', value: u.username },
      { key: 'Role', value: roleLabel(u.role) },
      { key: 'Team', value: this.teamName() ?? u.teamId ?? 'No team' },
      { key: 'E-mail address', value: u.email ?? 'None' },
      { key: 'Status', value: u.disabled ? 'Disabled' : 'Active' },
    ];
  });

  constructor() {
    // The panel replaces nothing the admin was on: start it at its heading, as a new page would (WCAG 2.4.3).
    this.focusAfterRender('manage-user-heading');
  }

  protected shown(field: FieldTree<unknown>): string | null {
    return field().touched() ? firstError(field) : null;
  }

  protected ask(what: Exclude<Confirming, null>): void {
    this.problem.emit([]);
    this.confirming.set(what);
    // The button just pressed is gone: move to the warning, so it is read before the second button.
    this.focusAfterRender(`confirm-${what}`);
  }

  protected cancel(returnTo: string): void {
    this.confirming.set(null);
    this.focusAfterRender(returnTo);
  }

  protected close(event: Event): void {
    event.preventDefault();
    this.closed.emit();
  }

  protected async saveEmail(event: Event): Promise<void> {
    event.preventDefault();
    this.confirming.set(null);
    this.problem.emit([]);
    await submit(this.ef, {
      action: async () => {
        const r = await this.patch(
          { email: this.emailModel().email.trim() },
          (u) => `E-mail address of ${u.displayName} changed to ${u.email}`,
        );
        if (r.ok) this.ef().reset();
        return this.onto(this.ef, r.fields);
      },
      onInvalid: () => this.problem.emit(this.summary('manage-email', this.ef.email)),
    });
  }

  protected async removeEmail(): Promise<void> {
    const r = await this.patch(
      { email: null },
      (u) => `E-mail address of ${u.displayName} removed: they will no longer get the alert digest`,
    );
    if (r.ok) this.ef().reset();
  }

  protected async askPassword(event: Event): Promise<void> {
    event.preventDefault();
    this.problem.emit([]);
    await submit(this.pf, {
      action: async () => {
        this.ask('password');
        return undefined;
      },
      onInvalid: () => {
        this.confirming.set(null);
        this.problem.emit(this.summary('manage-password', this.pf.password));
      },
    });
  }

  protected async resetPassword(): Promise<void> {
    await submit(this.pf, {
      action: async () => {
        const r = await this.patch(
          { password: this.passwordModel().password },
          (u) =>
            `Password of ${u.displayName} reset: they have been signed out, and sign in again with the new password`,
        );
        if (r.ok) this.pf().reset({ password: '' });
        return this.onto(this.pf, r.fields);
      },
      onInvalid: () => this.problem.emit(this.summary('manage-password', this.pf.password)),
    });
  }

  protected async unlock(): Promise<void> {
    this.confirming.set(null);
    await this.patch({ unlock: true }, (u) => `Account of ${u.displayName} unlocked: they can sign in again now`);
  }

  protected async setDisabled(disabled: boolean): Promise<void> {
    await this.patch({ disabled }, (u) =>
      disabled
        ? `Account of ${u.displayName} disabled: they have been signed out and cannot sign in`
        : `Account of ${u.displayName} enabled: they can sign in again`,
    );
  }

  /** Sends one change. On failure the page's summary gets every problem; the field errors are returned for the form. */
  private async patch(
    change: UserChange,
    message: (u: UserView) => string,
  ): Promise<{ ok: boolean; fields: { field: string; message: string }[] }> {
    this.busy.set(true);
    this.problem.emit([]);
    try {
      const user = await firstValueFrom(
        this.http.patch<UserView>(`/api/admin/users/${encodeURIComponent(this.user().id)}`, change),
      );
      this.confirming.set(null);
      this.changed.emit({ user, message: message(user) });
      return { ok: true, fields: [] };
    } catch (err) {
      const p = toProblem(err);
      const fields = problemFields(p);
      this.confirming.set(null);
      this.problem.emit(
        fields.length
          ? fields.map((e) => ({ fieldId: FIELD_IDS[e.field] ?? '', message: e.message }))
          : [{ fieldId: '', message: p.message }],
      );
      return { ok: false, fields };
    } finally {
      this.busy.set(false);
    }
  }

  /** Server field errors as Signal Forms submission errors on the form's own fields (one per field), shown inline. */
  private onto<T extends object>(f: FieldTree<T>, fields: { field: string; message: string }[]) {
    const seen = new Set<string>();
    return fields.flatMap((e) => {
      const target = (f as unknown as Record<string, FieldTree<unknown> | undefined>)[e.field];
      if (!target || seen.has(e.field)) return [];
      seen.add(e.field);
      return [{ kind: 'server', message: e.message, fieldTree: target }];
    });
  }

  private summary(fieldId: string, field: FieldTree<unknown>): FieldError[] {
    const message = firstError(field);
    return message ? [{ fieldId, message }] : [];
  }

  private focusAfterRender(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
