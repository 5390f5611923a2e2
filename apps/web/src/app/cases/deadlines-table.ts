import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { DeadlineView } from '@ehc/contracts';
import { formatDate } from '../core/dates';
import { deadlineStatusTag } from '../core/deadline-status';
import { humanLabel, labelIn } from '../core/labels';
import { Tag } from '../design-system/tag';

/** The case's statutory time limits with their status in words and the regulation that sets each. */
@Component({
  selector: 'cw-deadlines-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Tag],
  template: `
    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-table__caption--m">{{ caption() }}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th class="govuk-table__header" scope="col">Time limit</th>
          <th class="govuk-table__header" scope="col">Due</th>
          <th class="govuk-table__header" scope="col">Status</th>
          <th class="govuk-table__header" scope="col">Law</th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        @for (d of deadlines(); track d.id) {
          <tr class="govuk-table__row">
            <th class="govuk-table__header" scope="row">
              {{ d.label }}@if (d.provider) { <span class="govuk-body-s"> ({{ labelIn('provider', d.provider) }})</span> }
              @if (!d.statutory) { <br><span class="govuk-body-s">Guidance, not a statutory limit</span> }
            </th>
            <td class="govuk-table__cell cw-nowrap">{{ date(d.due) }}</td>
            <td class="govuk-table__cell"><cw-tag [text]="status(d).text" [colour]="status(d).colour" /></td>
            <td class="govuk-table__cell">{{ d.regulation }}</td>
          </tr>
        } @empty {
          <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="4">No time limits apply at the moment.</td></tr>
        }
      </tbody>
    </table>
  `,
})
export class DeadlinesTable {
  readonly deadlines = input.required<DeadlineView[]>();
  readonly caption = input('Statutory deadlines');
  protected readonly date = formatDate;
  protected readonly status = deadlineStatusTag;
  protected readonly label = humanLabel;
  protected readonly labelIn = labelIn;
}
