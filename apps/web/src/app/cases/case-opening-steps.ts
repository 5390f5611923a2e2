import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import type { FieldTree } from '@angular/forms/signals';
import { RouterLink } from '@angular/router';
import { ErrorSummary } from '../design-system/error-summary';
import { SummaryList } from '../design-system/summary-list';
import { SameChildCheck } from '../persons/same-child-check';
import { type CaseOpening, CaseOpeningForm } from './case-opening-form';
import { ChildDetailsFields } from './child-details';
import { TeamField } from './team-field';

/**
 * The GOV.UK layout of a page that opens a case (CaseOpeningForm: "Log a request", "Record a plan transferred in"):
 * the form step (back link, error summary, heading, the child's details, the page's own fields, the team, Continue)
 * and the check step (back link, error summary, heading, the answers, "Is this a child we already know?", what
 * recording does, the button). The page gives its headings, its fields (`[fields]`), an introduction (`[intro]`), and
 * what recording does with its button (the rest of its content); the form's state is the page's own, provided as
 * CaseOpeningForm.
 */
@Component({
  selector: 'cw-case-opening-steps',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, ErrorSummary, SummaryList, SameChildCheck, ChildDetailsFields, TeamField],
  template: `
    @if (page.step() === 'form') {
      <a routerLink="/caseload" class="govuk-back-link">Back</a>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <cw-error-summary [errors]="page.errors()" />
          <h1 class="govuk-heading-l" id="form-heading" tabindex="-1">{{ formHeading() }}</h1>
          <ng-content select="[intro]" />
          <form novalidate (submit)="page.checkAnswers($event)">
            <cw-child-details [fields]="fields.child" [serverErrors]="page.serverFieldErrors()" />
            <ng-content select="[fields]" />
            <cw-team-field [field]="fields.teamId" [teams]="page.teamList()" />
            <button type="submit" class="govuk-button">Continue</button>
          </form>
        </div>
      </div>
    } @else {
      <a href="#" class="govuk-back-link" (click)="$event.preventDefault(); page.back()">Back</a>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <cw-error-summary [errors]="page.errors()" />
          <h1 class="govuk-heading-l" id="check-heading" tabindex="-1">{{ checkHeading() }}</h1>
          <cw-summary-list [rows]="page.answers()" (changeField)="page.back($event)" />
          <cw-same-child-check [child]="page.childForCheck()" [(chosen)]="page.linkTo" [error]="page.linkError()" />
          <ng-content />
        </div>
      </div>
    }
  `,
})
export class CaseOpeningSteps {
  protected readonly page = inject(CaseOpeningForm) as CaseOpeningForm<CaseOpening>;
  protected readonly fields = this.page.f as FieldTree<CaseOpening>;
  readonly formHeading = input.required<string>();
  readonly checkHeading = input.required<string>();
}
