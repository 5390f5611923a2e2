import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

export interface SummaryRow {
  key: string;
  value: string;
  /** Optional "Change" action: the id of the field to return to, and the hidden words saying what changes. */
  change?: { fieldId: string; hiddenText: string };
}

/** A check-your-answers row whose "Change" link goes back to `fieldId`. */
export function changeRow(key: string, value: string, fieldId: string): SummaryRow {
  return { key, value, change: { fieldId, hiddenText: key.toLowerCase() } };
}

/** GOV.UK summary list (check-your-answers and case facts). "Change" asks the page to go back to a field. */
@Component({
  selector: 'cw-summary-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dl class="govuk-summary-list">
      @for (row of rows(); track row.key) {
        <div class="govuk-summary-list__row" [class.govuk-summary-list__row--no-actions]="!row.change">
          <dt class="govuk-summary-list__key">{{ row.key }}</dt>
          <dd class="govuk-summary-list__value">{{ row.value || 'Not given' }}</dd>
          @if (row.change; as change) {
            <dd class="govuk-summary-list__actions">
              <a class="govuk-link" [attr.href]="'#' + change.fieldId" (click)="$event.preventDefault(); changeField.emit(change.fieldId)"
                >Change<span class="govuk-visually-hidden"> {{ change.hiddenText }}</span></a>
            </dd>
          }
        </div>
      }
    </dl>
  `,
})
export class SummaryList {
  readonly rows = input.required<SummaryRow[]>();
  readonly changeField = output<string>();
}
