import { httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { WorkItem } from '@ehc/contracts';
import { groupWork } from './work-items';

/**
 * A caseworker's day: what needs doing about their own cases today, this week and next, derived from the open
 * statutory deadlines (overdue first, then soonest), each with the case-page action that does it.
 */
@Component({
  selector: 'cw-my-work-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <h1 class="govuk-heading-l">My work</h1>
    <p class="govuk-body" aria-live="polite">
      @if (work.isLoading()) { Loading your work… }
      @else if (work.hasValue()) { {{ summary() }} }
    </p>
    @if (work.error()) { <p class="govuk-body">Your work could not be loaded. Try again.</p> }
    @for (g of groups(); track g.key) {
      <h2 class="govuk-heading-m" [id]="'work-' + g.key">{{ g.heading }} ({{ g.items.length }})</h2>
      <ul class="govuk-list cw-work-list" [attr.aria-labelledby]="'work-' + g.key">
        @for (w of g.items; track w.caseId + w.deadlineId) {
          <li class="govuk-!-margin-bottom-4" data-work-item>
            <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{{ w.task.text }}</p>
            <p class="govuk-body govuk-!-margin-bottom-1">
              <a class="govuk-link" [routerLink]="['/cases', w.caseId]">{{ w.reference }}</a>
              @if (w.childName) { – {{ w.childName }} }
              <span class="govuk-hint govuk-!-display-inline"> · {{ w.stageLabel }}</span>
            </p>
            <a class="govuk-link" [routerLink]="['/cases', w.caseId]" [fragment]="'do-' + w.task.event">{{ w.task.action }}<span class="govuk-visually-hidden"> for {{ w.reference }}</span></a>
          </li>
        }
      </ul>
    }
  `,
})
export class MyWorkPage {
  protected readonly work = httpResource<WorkItem[]>(() => '/api/queues/my-work');
  protected readonly groups = computed(() => (this.work.hasValue() ? groupWork(this.work.value()) : []));
  protected readonly summary = computed(() => {
    const items = this.work.value() ?? [];
    if (!items.length) return 'Nothing on your cases is due in the next two weeks.';
    const overdue = items.filter((i) => i.daysLeft < 0).length;
    return `${items.length} ${items.length === 1 ? 'thing needs' : 'things need'} doing in the next two weeks${overdue ? `, ${overdue} of them overdue` : ''}, soonest first.`;
  });
}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default MyWorkPage;
