import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';

/**
 * A table header that asks the server to re-sort (MoJ sortable table look, but server-side: a caseload
 * can hold 10,000 rows, so the browser never has them all to sort).
 */
@Component({
  selector: 'th[cwSortHeader]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'govuk-table__header', scope: 'col', '[attr.aria-sort]': 'ariaSort()' },
  template: `<button type="button" class="cw-sort-button" (click)="sortBy.emit(key())"><ng-content /></button>`,
})
export class SortHeader {
  readonly key = input.required<string>({ alias: 'cwSortHeader' });
  readonly current = input<string | null | undefined>(null);
  readonly sortBy = output<string>();
  protected readonly ariaSort = computed(() => (this.current() === this.key() ? 'ascending' : 'none'));
}
