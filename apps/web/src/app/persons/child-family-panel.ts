import { httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { PersonDetail } from '@ehc/contracts';
import { formatDate } from '../core/dates';
import { ContactsTable } from './contacts-table';

/** The case page's "Child and family": who the child is, and who to contact about them and how. */
@Component({
  selector: 'cw-child-family-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, ContactsTable],
  template: `
    <h2 class="govuk-heading-m" id="child-and-family">Child and family</h2>
    @if (person.hasValue()) {
      @let p = person.value();
      <dl class="govuk-summary-list govuk-summary-list--no-border">
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Name</dt><dd class="govuk-summary-list__value">{{ p.givenName }} {{ p.familyName }}</dd></div>
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Date of birth</dt><dd class="govuk-summary-list__value">{{ date(p.dateOfBirth) }}</dd></div>
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">School or setting</dt><dd class="govuk-summary-list__value">{{ school() }}</dd></div>
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Home language</dt><dd class="govuk-summary-list__value">{{ p.homeLanguage || 'Not given' }}{{ p.interpreterNeeded ? ' (needs an interpreter)' : '' }}</dd></div>
      </dl>
      <cw-contacts-table [contacts]="p.contacts" labelledBy="child-and-family" emptyText="No parents, carers or professionals recorded yet." />
      <p class="govuk-body"><a class="govuk-link" [routerLink]="['/persons', p.id]">View {{ p.givenName }}’s record, contacts and every request</a></p>
    } @else if (person.error()) {
      <p class="govuk-body">The child’s record could not be loaded.</p>
    } @else {
      <p class="govuk-body">Loading the child’s record…</p>
    }
  `,
})
export class ChildFamilyPanel {
  readonly caseId = input.required<string>();
  protected readonly person = httpResource<PersonDetail>(
    () => `/api/cases/${encodeURIComponent(this.caseId())}/person`,
  );
  protected readonly date = formatDate;
  protected readonly school = computed(() => {
    const p = this.person.hasValue() ? this.person.value() : null;
    if (!p?.schoolName && !p?.schoolUrn) return 'Not given';
    return [p.schoolName, p.schoolUrn ? `URN ${p.schoolUrn}` : null].filter(Boolean).join(', ');
  });
}
