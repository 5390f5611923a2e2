import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { PersonMatch, PersonSearchRequest } from '@ehc/contracts';
import { emptyDate, formatDate, isBlankDate, toIsoDate } from '../core/dates';
import type { FieldError } from '../core/problem';
import { DateInput } from '../design-system/date-input';
import { ErrorSummary } from '../design-system/error-summary';
import { TextField } from '../design-system/text-field';
import { PersonsApi } from './persons-api';
import { errorFor, serverErrors } from './server-errors';

/** Find a child by name (close spellings, any order), date of birth, UPN or postcode. The search is a POST. */
@Component({
  selector: 'cw-person-search-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, DateInput, ErrorSummary, TextField],
  template: `
    <div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
      <cw-error-summary [errors]="errors()" />
      <h1 class="govuk-heading-l">Find a child</h1>
      <p class="govuk-body">You see the children your team holds a request for, and records your team created.</p>
      <form novalidate (submit)="find($event)">
        <cw-text-field fieldId="name" label="Name" hint="First and last name, in any order; close spellings are found too" [(value)]="name" [error]="err('name')" />
        <cw-date-input idPrefix="dateOfBirth" legend="Date of birth (optional)" [(value)]="dateOfBirth" [error]="err('dateOfBirth-day')" />
        <cw-text-field fieldId="upn" label="UPN (optional)" width="govuk-input--width-20" [(value)]="upn" [error]="err('upn')" />
        <cw-text-field fieldId="postcode" label="Postcode (optional)" width="govuk-input--width-10" [(value)]="postcode" [error]="err('postcode')" />
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button">Search</button>
          <a class="govuk-link" routerLink="/persons/new">Create a child’s record</a>
        </div>
      </form>
    </div></div>
    @if (results(); as list) {
      <h2 class="govuk-heading-m" id="results-heading" aria-live="polite">{{ list.length === 0 ? 'No children found' : list.length === 1 ? '1 child found' : list.length + ' children found' }}</h2>
      @if (list.length) {
        <table class="govuk-table" aria-labelledby="results-heading">
          <thead class="govuk-table__head"><tr class="govuk-table__row">
            <th class="govuk-table__header" scope="col">Name</th>
            <th class="govuk-table__header" scope="col">Date of birth</th>
            <th class="govuk-table__header" scope="col">UPN</th>
            <th class="govuk-table__header" scope="col">Postcode</th>
            <th class="govuk-table__header govuk-table__header--numeric" scope="col">Requests</th>
          </tr></thead>
          <tbody class="govuk-table__body">
            @for (p of list; track p.id) {
              <tr class="govuk-table__row">
                <th class="govuk-table__header" scope="row"><a class="govuk-link" [routerLink]="['/persons', p.id]">{{ p.givenName }} {{ p.familyName }}</a></th>
                <td class="govuk-table__cell">{{ date(p.dateOfBirth) }}</td>
                <td class="govuk-table__cell">{{ p.upn ?? '' }}</td>
                <td class="govuk-table__cell">{{ p.postcode ?? '' }}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{{ p.caseCount }}</td>
              </tr>
            }
          </tbody>
        </table>
      }
    }
  `,
})
export class PersonSearchPage {
  private readonly api = inject(PersonsApi);
  protected readonly name = signal('');
  protected readonly dateOfBirth = signal(emptyDate());
  protected readonly upn = signal('');
  protected readonly postcode = signal('');
  protected readonly errors = signal<FieldError[]>([]);
  protected readonly results = signal<PersonMatch[] | null>(null);
  protected readonly date = formatDate;
  protected err(id: string): string | null {
    return errorFor(this.errors(), id);
  }

  protected async find(event: Event): Promise<void> {
    event.preventDefault();
    const request: PersonSearchRequest = {};
    if (this.name().trim()) request.name = this.name().trim();
    if (!isBlankDate(this.dateOfBirth())) {
      const dob = toIsoDate(this.dateOfBirth());
      if (!dob) {
        this.errors.set([{ fieldId: 'dateOfBirth-day', message: 'Date of birth must be a real date' }]);
        return;
      }
      request.dateOfBirth = dob;
    }
    if (this.upn().trim()) request.upn = this.upn().trim().toUpperCase();
    if (this.postcode().trim()) request.postcode = this.postcode().trim().toUpperCase();
    if (!Object.keys(request).length) {
      this.errors.set([{ fieldId: 'name', message: 'Enter a name, date of birth, UPN or postcode' }]);
      return;
    }
    try {
      this.errors.set([]);
      this.results.set(await this.api.search(request));
    } catch (e) {
      this.errors.set(serverErrors(e, { dateOfBirth: 'dateOfBirth-day' }));
    }
  }
}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default PersonSearchPage;
