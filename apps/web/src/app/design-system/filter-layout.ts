import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** MoJ "filter a list" layout: a filter panel beside the results. Project `[selected]` (the selected-filter tags), `[filters]` and the results. */
@Component({
  selector: 'cw-filter-layout',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="moj-filter-layout cw-filter-layout">
      <div class="moj-filter-layout__filter">
        <div class="moj-filter">
          <div class="moj-filter__header">
            <div class="moj-filter__header-title"><h2 class="govuk-heading-m">{{ heading() }}</h2></div>
          </div>
          <div class="moj-filter__content">
            <ng-content select="[selected]" />
            <div class="moj-filter__options"><ng-content select="[filters]" /></div>
          </div>
        </div>
      </div>
      <div class="moj-filter-layout__content"><ng-content /></div>
    </div>
  `,
})
export class FilterLayout {
  readonly heading = input('Filter');
}
