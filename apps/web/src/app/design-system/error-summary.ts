import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterRenderEffect,
  effect,
  inject,
  input,
} from '@angular/core';
import { PageTitle } from '../core/page-title';
import type { FieldError } from '../core/problem';

/**
 * GOV.UK error summary. Moves focus to itself whenever a new set of errors appears (as the GOV.UK JS
 * does on page load), and each link moves focus to its field without changing the route.
 */
@Component({
  selector: 'cw-error-summary',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (errors().length) {
      <div class="govuk-error-summary" tabindex="-1" role="alert" #box>
        <h2 class="govuk-error-summary__title">{{ title() }}</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            @for (e of errors(); track $index) {
              <li>
                @if (e.fieldId) {
                  <a [attr.href]="'#' + e.fieldId" (click)="focusField($event, e.fieldId)">{{ e.message }}</a>
                } @else {
                  {{ e.message }}
                }
              </li>
            }
          </ul>
        </div>
      </div>
    }
  `,
})
export class ErrorSummary {
  readonly errors = input.required<FieldError[]>();
  readonly title = input('There is a problem');
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  constructor() {
    // "Error: " at the start of the page title while there are errors (GOV.UK error summary pattern).
    const title = inject(PageTitle);
    effect(() => title.markErrors(this, this.errors().length > 0));
    inject(DestroyRef).onDestroy(() => title.markErrors(this, false));
    afterRenderEffect(() => {
      if (this.errors().length) this.host.nativeElement.querySelector<HTMLElement>('.govuk-error-summary')?.focus();
    });
  }

  protected focusField(event: Event, id: string): void {
    const field = document.getElementById(id);
    if (!field) return;
    event.preventDefault();
    field.scrollIntoView?.({ block: 'center' });
    field.focus();
  }
}
