import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** The drill-down fields this needs (the API's case rows carry them). */
export interface ExceptionCoverRow {
  daysLate?: number | null;
  exceptionCoversDays?: number | null;
  reasonLimitImpractical?: string | null;
}

/**
 * For a late plan taken out of the "excluding exceptions" figure: how much of the lateness the exception's period
 * covers, and the caseworker's reason why the 20-week limit was still impractical (reg 10(4), applied by reg 13(3)).
 */
@Component({
  selector: 'cw-exception-cover',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (text(); as t) {
      <span class="govuk-body-s govuk-!-display-block" data-exception-cover>{{ t }}@if (row().reasonLimitImpractical) {. Why the limit was impractical: {{ row().reasonLimitImpractical }}}</span>
    }
  `,
})
export class ExceptionCover {
  readonly row = input.required<ExceptionCoverRow>();
  protected readonly text = computed(() => {
    const r = this.row();
    if (r.daysLate == null || r.exceptionCoversDays == null) return null;
    return `Exception covers ${r.exceptionCoversDays} of ${r.daysLate} ${r.daysLate === 1 ? 'day' : 'days'} late`;
  });
}
