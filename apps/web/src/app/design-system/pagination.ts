import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';

/**
 * The GOV.UK pagination's items: the first and last pages, the current one and its neighbours, and an ellipsis for
 * each gap of more than one page.
 */
export function pageItems(current: number, count: number): (number | '…')[] {
  const wanted = new Set([1, count, current - 1, current, current + 1].filter((p) => p >= 1 && p <= count));
  const pages = [...wanted].sort((a, b) => a - b);
  const out: (number | '…')[] = [];
  pages.forEach((p, i) => {
    if (i > 0 && p - pages[i - 1]! > 1) out.push(p - pages[i - 1]! === 2 ? p - 1 : '…');
    out.push(p);
  });
  return out;
}

/** GOV.UK pagination with page numbers; each page is the same route with `?page=N` (other query parameters kept). */
@Component({
  selector: 'cw-pagination',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    @if (count() > 1) {
      <nav class="govuk-pagination" [attr.aria-label]="label()">
        @if (current() > 1) {
          <div class="govuk-pagination__prev">
            <a class="govuk-link govuk-pagination__link" [routerLink]="[]" [queryParams]="{ page: current() - 1 }" queryParamsHandling="merge" rel="prev">
              <svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path></svg>
              <span class="govuk-pagination__link-title">Previous<span class="govuk-visually-hidden"> page</span></span>
            </a>
          </div>
        }
        <ul class="govuk-pagination__list">
          @for (item of items(); track $index) {
            @if (item === '…') {
              <li class="govuk-pagination__item govuk-pagination__item--ellipses">&ctdot;</li>
            } @else if (item === current()) {
              <li class="govuk-pagination__item govuk-pagination__item--current">
                <a class="govuk-link govuk-pagination__link" [routerLink]="[]" [queryParams]="{ page: item }" queryParamsHandling="merge" [attr.aria-label]="'Page ' + item" aria-current="page">{{ item }}</a>
              </li>
            } @else {
              <li class="govuk-pagination__item">
                <a class="govuk-link govuk-pagination__link" [routerLink]="[]" [queryParams]="{ page: item }" queryParamsHandling="merge" [attr.aria-label]="'Page ' + item">{{ item }}</a>
              </li>
            }
          }
        </ul>
        @if (current() < count()) {
          <div class="govuk-pagination__next">
            <a class="govuk-link govuk-pagination__link" [routerLink]="[]" [queryParams]="{ page: current() + 1 }" queryParamsHandling="merge" rel="next">
              <span class="govuk-pagination__link-title">Next<span class="govuk-visually-hidden"> page</span></span>
              <svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path></svg>
            </a>
          </div>
        }
      </nav>
    }
  `,
})
export class Pagination {
  readonly current = input.required<number>();
  readonly count = input.required<number>();
  readonly label = input('Pages');
  protected readonly items = computed(() => pageItems(this.current(), this.count()));
}
