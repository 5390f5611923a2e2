import { ChangeDetectionStrategy, Component, input, model } from '@angular/core';

/** GOV.UK text input (or textarea) with its label, hint and error message, bound with `[(value)]`. */
@Component({
  selector: 'cw-text-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="govuk-form-group" [class.govuk-form-group--error]="error()">
      <label class="govuk-label" [class.govuk-label--s]="bold()" [for]="fieldId()">{{ label() }}</label>
      @if (hint()) { <div class="govuk-hint" [id]="fieldId() + '-hint'">{{ hint() }}</div> }
      @if (error()) { <p class="govuk-error-message" [id]="fieldId() + '-error'"><span class="govuk-visually-hidden">Error:</span> {{ error() }}</p> }
      @if (rows()) {
        <textarea class="govuk-textarea" [class.govuk-textarea--error]="error()" [id]="fieldId()" [name]="fieldId()" [rows]="rows()"
                  [attr.aria-describedby]="describedBy()" [value]="value()" (input)="value.set($any($event.target).value)"></textarea>
      } @else {
        <input class="govuk-input" [class]="width()" [class.govuk-input--error]="error()" [id]="fieldId()" [name]="fieldId()" [type]="type()"
               spellcheck="false" [attr.autocomplete]="autocomplete()" [attr.aria-describedby]="describedBy()"
               [value]="value()" (input)="value.set($any($event.target).value)">
      }
    </div>
  `,
})
export class TextField {
  readonly value = model('');
  readonly fieldId = input.required<string>();
  readonly label = input.required<string>();
  readonly hint = input<string | null>(null);
  readonly error = input<string | null>(null);
  readonly width = input('');
  readonly type = input('text');
  readonly autocomplete = input<string | null>('off');
  readonly bold = input(false);
  /** A textarea of this many rows instead of a one-line input. */
  readonly rows = input(0);

  protected describedBy(): string | null {
    const ids = [this.hint() ? `${this.fieldId()}-hint` : '', this.error() ? `${this.fieldId()}-error` : ''].filter(
      Boolean,
    );
    return ids.length ? ids.join(' ') : null;
  }
}
