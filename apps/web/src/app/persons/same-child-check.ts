import { ChangeDetectionStrategy, Component, effect, inject, input, model, signal, untracked } from '@angular/core';
import type { PersonMatch } from '@ehc/contracts';
import { formatDate, plural } from '../core/dates';
import { PersonsApi } from './persons-api';

/**
 * On a new request: is this child already known? Asks the api for the same UPN, or a close name with the same date
 * of birth, and lets the caseworker link the request to that record (`chosen` = its id) or start a new one ('new').
 */
@Component({
  selector: 'cw-same-child-check',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (matches().length) {
      <div class="govuk-form-group" [class.govuk-form-group--error]="error()">
        <fieldset class="govuk-fieldset" [attr.aria-describedby]="error() ? 'sameChild-error' : 'sameChild-hint'">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--m"><h2 class="govuk-fieldset__heading">Is this a child we already know?</h2></legend>
          <div class="govuk-hint" id="sameChild-hint">We found {{ matches().length === 1 ? 'a record' : 'records' }} with the same UPN, or a similar name and the same date of birth.</div>
          @if (error()) { <p class="govuk-error-message" id="sameChild-error"><span class="govuk-visually-hidden">Error:</span> {{ error() }}</p> }
          <div class="govuk-radios">
            @for (m of matches(); track m.id; let i = $index) {
              <div class="govuk-radios__item">
                <input class="govuk-radios__input" [id]="i === 0 ? 'sameChild' : 'sameChild-' + i" name="sameChild" type="radio" [value]="m.id"
                       [checked]="chosen() === m.id" (change)="chosen.set(m.id)">
                <label class="govuk-label govuk-radios__label" [for]="i === 0 ? 'sameChild' : 'sameChild-' + i">
                  Yes, link to {{ m.givenName + ' ' + m.familyName }}, born {{ date(m.dateOfBirth) + (m.upn ? ', UPN ' + m.upn : '') + ' (' + requests(m.caseCount) + ')' }}
                </label>
              </div>
            }
            <div class="govuk-radios__divider">or</div>
            <div class="govuk-radios__item">
              <input class="govuk-radios__input" id="sameChild-new" name="sameChild" type="radio" value="new" [checked]="chosen() === 'new'" (change)="chosen.set('new')">
              <label class="govuk-label govuk-radios__label" for="sameChild-new">No, this is a different child: create a new record</label>
            </div>
          </div>
        </fieldset>
      </div>
    }
  `,
})
export class SameChildCheck {
  readonly child = input.required<{ givenName: string; familyName: string; dateOfBirth: string; upn?: string }>();
  /** The person id to link to, 'new' for a new record, '' while undecided. */
  readonly chosen = model('');
  readonly error = input<string | null>(null);
  private readonly api = inject(PersonsApi);
  protected readonly matches = signal<PersonMatch[]>([]);
  protected readonly date = formatDate;
  protected requests(n: number): string {
    return plural(n, 'request');
  }

  constructor() {
    effect(() => {
      const child = this.child();
      untracked(() => {
        this.api.matches(child).then(
          (found) => {
            this.matches.set(found);
            // Nothing known: it is a new child. A record chosen before (from its page) stays chosen if it matched.
            if (!found.length) this.chosen.set('new');
            else if (this.chosen() && this.chosen() !== 'new' && !found.some((m) => m.id === this.chosen()))
              this.chosen.set('');
          },
          () => {
            this.matches.set([]);
            this.chosen.set('new');
          },
        );
      });
    });
  }
}
