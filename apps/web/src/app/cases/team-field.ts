import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormField, type FieldTree } from '@angular/forms/signals';
import type { TeamView } from '@ehc/contracts';
import { firstError } from '../core/form-errors';

/** "Team": the team a case opened from a form belongs to (id `teamId`, where the error summary links). */
@Component({
  selector: 'cw-team-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormField],
  template: `
    @let f = field();
    <div class="govuk-form-group" [class.govuk-form-group--error]="shown()">
      <label class="govuk-label" for="teamId">Team</label>
      @if (shown(); as m) { <p class="govuk-error-message" id="teamId-error"><span class="govuk-visually-hidden">Error:</span> {{ m }}</p> }
      <select class="govuk-select" [class.govuk-select--error]="shown()" id="teamId" [formField]="f">
        <option value="">Choose a team</option>
        @for (t of teams(); track t.id) { <option [value]="t.id">{{ t.name }}</option> }
      </select>
    </div>
  `,
})
export class TeamField {
  readonly field = input.required<FieldTree<string>>();
  readonly teams = input.required<TeamView[]>();

  protected shown(): string | null {
    const f = this.field();
    return f().touched() ? firstError(f) : null;
  }
}
