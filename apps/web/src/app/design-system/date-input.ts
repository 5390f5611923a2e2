import { ChangeDetectionStrategy, Component, input, model } from '@angular/core';
import type { FormValueControl } from '@angular/forms/signals';
import type { DateParts } from '../core/dates';

/**
 * GOV.UK date input (day, month, year in a fieldset). Works with Signal Forms (`[formField]`) as a custom
 * value control, or on its own with `[(value)]`. The first box has id `{idPrefix}-day`, which is where
 * error summary links point.
 */
@Component({
  selector: 'cw-date-input',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="govuk-form-group" [class.govuk-form-group--error]="error()">
      <fieldset class="govuk-fieldset" role="group" [attr.aria-describedby]="describedBy()">
        <legend class="govuk-fieldset__legend" [class.govuk-fieldset__legend--m]="large()" [class.govuk-fieldset__legend--s]="!large()">
          {{ legend() }}
        </legend>
        @if (hint()) { <div class="govuk-hint" [id]="idPrefix() + '-hint'">{{ hint() }}</div> }
        @if (error()) {
          <p class="govuk-error-message" [id]="idPrefix() + '-error'"><span class="govuk-visually-hidden">Error:</span> {{ error() }}</p>
        }
        <div class="govuk-date-input" [id]="idPrefix()">
          @for (part of parts; track part.key) {
            <div class="govuk-date-input__item">
              <div class="govuk-form-group">
                <label class="govuk-label govuk-date-input__label" [for]="idPrefix() + '-' + part.key">{{ part.label }}</label>
                <input class="govuk-input govuk-date-input__input" [class]="part.width" [class.govuk-input--error]="error()"
                       [id]="idPrefix() + '-' + part.key" [name]="idPrefix() + '-' + part.key" type="text" inputmode="numeric"
                       [attr.autocomplete]="autocomplete() ? autocomplete() + '-' + part.key : null"
                       [value]="value()[part.key]" (input)="update(part.key, $event)" (blur)="touched.set(true)">
              </div>
            </div>
          }
        </div>
      </fieldset>
    </div>
  `,
})
export class DateInput implements FormValueControl<DateParts> {
  readonly value = model<DateParts>({ day: '', month: '', year: '' });
  readonly touched = model(false);
  readonly idPrefix = input.required<string>();
  readonly legend = input.required<string>();
  readonly hint = input<string | null>(null);
  readonly error = input<string | null>(null);
  readonly large = input(false);
  /** e.g. "bday" for a date of birth, so browsers can fill it in. */
  readonly autocomplete = input<string | null>(null);

  protected readonly parts = [
    { key: 'day', label: 'Day', width: 'govuk-input--width-2' },
    { key: 'month', label: 'Month', width: 'govuk-input--width-2' },
    { key: 'year', label: 'Year', width: 'govuk-input--width-4' },
  ] as const;

  protected describedBy(): string | null {
    const ids = [this.hint() ? `${this.idPrefix()}-hint` : '', this.error() ? `${this.idPrefix()}-error` : ''].filter(
      Boolean,
    );
    return ids.length ? ids.join(' ') : null;
  }

  protected update(key: keyof DateParts, event: Event): void {
    const text = (event.target as HTMLInputElement).value;
    this.value.update((v) => ({ ...v, [key]: text }));
  }
}
