import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import type { PersonDetail, PersonMatch } from '@ehc/contracts';
import { formatDate, plural } from '../core/dates';
import { toProblem } from '../core/problem';
import { PersonsApi } from './persons-api';

/**
 * For a team manager on a child's record: other records that may be the same child (same UPN, or a close name with
 * the same date of birth), and merging one into this record (its requests and contacts move here; audited).
 */
@Component({
  selector: 'cw-merge-duplicates',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="govuk-heading-m" id="duplicates-heading">Duplicate records</h2>
    @if (message()) { <div class="govuk-inset-text" role="status">{{ message() }}</div> }
    @if (candidates(); as list) {
      @if (list.length) {
        <table class="govuk-table" aria-labelledby="duplicates-heading">
          <thead class="govuk-table__head"><tr class="govuk-table__row">
            <th class="govuk-table__header" scope="col">Record</th>
            <th class="govuk-table__header" scope="col">Why it may be the same child</th>
            <th class="govuk-table__header" scope="col"><span class="govuk-visually-hidden">Action</span></th>
          </tr></thead>
          <tbody class="govuk-table__body">
            @for (m of list; track m.id) {
              <tr class="govuk-table__row">
                <th class="govuk-table__header" scope="row">{{ m.givenName + ' ' + m.familyName }}, born {{ date(m.dateOfBirth) + ' (' + requests(m.caseCount) + ')' }}</th>
                <td class="govuk-table__cell">{{ m.reason === 'upn' ? 'Same UPN' : 'Similar name, same date of birth' }}</td>
                <td class="govuk-table__cell">
                  @if (confirming() === m.id) {
                    <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" (click)="merge(m)">Confirm merge<span class="govuk-visually-hidden"> of {{ m.givenName }} {{ m.familyName }}</span></button>
                  } @else {
                    <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" (click)="confirming.set(m.id)">Merge into this record<span class="govuk-visually-hidden">: {{ m.givenName }} {{ m.familyName }}</span></button>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      } @else {
        <p class="govuk-body">No other record looks like the same child.</p>
      }
    } @else {
      <button type="button" class="govuk-button govuk-button--secondary" (click)="find()">Find possible duplicates</button>
    }
  `,
})
export class MergeDuplicates {
  readonly person = input.required<PersonDetail>();
  readonly merged = output<void>();
  private readonly api = inject(PersonsApi);
  protected readonly candidates = signal<PersonMatch[] | null>(null);
  protected readonly confirming = signal<string | null>(null);
  protected readonly message = signal<string | null>(null);
  protected readonly date = formatDate;
  protected requests(n: number): string {
    return plural(n, 'request');
  }

  protected async find(): Promise<void> {
    const p = this.person();
    const found = await this.api.matches({
      givenName: p.givenName,
      familyName: p.familyName,
      dateOfBirth: p.dateOfBirth,
      ...(p.upn ? { upn: p.upn } : {}),
    });
    this.candidates.set(found.filter((m) => m.id !== p.id));
  }

  protected async merge(m: PersonMatch): Promise<void> {
    try {
      await this.api.merge(this.person().id, m.id);
      this.message.set(`Merged: ${m.givenName} ${m.familyName}’s record is now part of this one`);
      this.candidates.set(null);
      this.confirming.set(null);
      this.merged.emit();
    } catch (e) {
      this.message.set(toProblem(e).message);
    }
  }
}
