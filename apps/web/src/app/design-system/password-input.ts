import { ChangeDetectionStrategy, Component, computed, input, model, output, signal } from '@angular/core';
import type { FormValueControl } from '@angular/forms/signals';

/**
 * GOV.UK password input: a password box with a "Show" button, so the person typing a new password can check it.
 * The toggle is Angular's, not GOV.UK's script (which would need loading); like GOV.UK's it says what it does
 * ("Show password") and announces the change politely. Works with Signal Forms (`[formField]`); the input's id is
 * `inputId`, where error summary links point.
 */
@Component({
  selector: 'cw-password-input',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="govuk-form-group govuk-password-input" [class.govuk-form-group--error]="error()">
      <label class="govuk-label" [class.govuk-label--s]="boldLabel()" [for]="inputId()">{{ label() }}</label>
      @if (hint()) { <div class="govuk-hint" [id]="inputId() + '-hint'">{{ hint() }}</div> }
      @if (error()) {
        <p class="govuk-error-message" [id]="inputId() + '-error'"><span class="govuk-visually-hidden">Error:</span> {{ error() }}</p>
      }
      <div class="govuk-input__wrapper govuk-password-input__wrapper">
        <input class="govuk-input govuk-password-input__input" [class.govuk-input--error]="error()" [id]="inputId()" [name]="inputId()"
               [type]="visible() ? 'text' : 'password'" spellcheck="false" autocapitalize="none" autocomplete="new-password"
               [attr.aria-describedby]="describedBy()" [value]="value()" (input)="value.set($any($event.target).value)" (blur)="touch.emit()">
        <button type="button" class="govuk-button govuk-button--secondary govuk-password-input__toggle"
                [attr.aria-controls]="inputId()" [attr.aria-label]="visible() ? 'Hide password' : 'Show password'"
                (click)="toggle()">{{ visible() ? 'Hide' : 'Show' }}</button>
      </div>
      <div class="govuk-password-input__sr-status govuk-visually-hidden" aria-live="polite">{{ status() }}</div>
    </div>
  `,
})
export class PasswordInput implements FormValueControl<string> {
  readonly value = model('');
  readonly touch = output<void>();
  readonly inputId = input.required<string>();
  readonly label = input.required<string>();
  readonly hint = input<string | null>(null);
  readonly error = input<string | null>(null);
  /** A bold label, for a password box that is the only question of a small form. */
  readonly boldLabel = input(false);

  protected readonly visible = signal(false);
  private readonly toggled = signal(false);
  /** Nothing is announced until the button is first used. */
  protected readonly status = computed(() =>
    !this.toggled() ? '' : this.visible() ? 'Your password is visible' : 'Your password is hidden',
  );

  protected toggle(): void {
    this.toggled.set(true);
    this.visible.update((v) => !v);
  }

  /** Signal Forms calls this when the field is reset (e.g. after the form was sent): hide the password again. */
  reset(): void {
    this.visible.set(false);
    this.toggled.set(false);
  }

  protected describedBy(): string | null {
    const ids = [this.hint() ? `${this.inputId()}-hint` : '', this.error() ? `${this.inputId()}-error` : ''].filter(
      Boolean,
    );
    return ids.length ? ids.join(' ') : null;
  }
}
