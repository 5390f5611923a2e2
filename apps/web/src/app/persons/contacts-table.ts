import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { PersonContact } from '@ehc/contracts';
import { howToContact, relationshipLabel } from './person-labels';

/**
 * The parents, carers and professionals around a child, and how to reach each: one table for the child's record and
 * the case page's "Child and family". `labelledBy` names the heading that titles it on the page.
 */
@Component({
  selector: 'cw-contacts-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <table class="govuk-table" [attr.aria-labelledby]="labelledBy()">
      <thead class="govuk-table__head"><tr class="govuk-table__row">
        <th class="govuk-table__header" scope="col">Who</th>
        <th class="govuk-table__header" scope="col">Relationship</th>
        <th class="govuk-table__header" scope="col">How to contact</th>
      </tr></thead>
      <tbody class="govuk-table__body">
        @for (c of contacts(); track c.id) {
          <tr class="govuk-table__row">
            <th class="govuk-table__header" scope="row">{{ c.name }}@if (c.organisation) {<br><span class="govuk-body-s">{{ c.organisation }}</span>}</th>
            <td class="govuk-table__cell">{{ relationship(c.relationship) }}{{ c.parentalResponsibility ? ', parental responsibility' : '' }}</td>
            <td class="govuk-table__cell">{{ how(c) }}</td>
          </tr>
        } @empty {
          <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="3">{{ emptyText() }}</td></tr>
        }
      </tbody>
    </table>
  `,
})
export class ContactsTable {
  readonly contacts = input.required<readonly PersonContact[]>();
  readonly labelledBy = input.required<string>();
  readonly emptyText = input('None recorded yet.');
  protected readonly relationship = relationshipLabel;
  protected readonly how = howToContact;
}
